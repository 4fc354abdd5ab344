// Inline stroke icons (24×24 viewBox); decorative, so hidden from assistive technology.

const paths = {
  plus: 'M12 5v14M5 12h14',
  search: 'M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14ZM20 20l-4-4',
  pencil: 'M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z',
  trash: 'M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v5M14 11v5',
  fork: 'M6 3a2 2 0 1 0 0 4a2 2 0 1 0 0-4ZM18 3a2 2 0 1 0 0 4a2 2 0 1 0 0-4ZM12 17a2 2 0 1 0 0 4a2 2 0 1 0 0-4ZM6 7v1a3 3 0 0 0 3 3h6a3 3 0 0 0 3-3V7M12 11v6',
  sliders: 'M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3ZM9 12l2 2 4-4',
  panel: 'M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2ZM15 4v16',
  send: 'M12 19V5M5 12l7-7 7 7',
  stop: 'M8 7h8a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Z',
  clip: 'M21 11.5l-8.6 8.6a5 5 0 0 1-7-7l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9',
  x: 'M6 6l12 12M18 6L6 18',
  chevron: 'M9 6l6 6-6 6',
  copy: 'M9 9h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V10a1 1 0 0 1 1-1ZM5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1',
  check: 'M5 12l5 5 9-10',
  alert: 'M12 3l10 18H2L12 3ZM12 10v4M12 17.5v.5',
  retry: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  menu: 'M4 6h16M4 12h16M4 18h16',
  tool: 'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.6 2.6-2.4-.6-.6-2.4 2.6-2.6Z',
  sparkle:
    'M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8L12 3ZM19 16l.7 2 2 .7-2 .7-.7 2-.7-2-2-.7 2-.7.7-2Z',
  layers: 'M12 3l9 5-9 5-9-5 9-5ZM3 13l9 5 9-5',
  chat: 'M4 5h16v11H9l-5 4V5Z',
  file: 'M14 3H6v18h12V7l-4-4ZM14 3v4h4',
  pin: 'M9 4h6l-1 6 3 3H7l3-3-1-6ZM12 13v8',
  info: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18ZM12 11v6M12 7.5v.5',
  clock: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18ZM12 7v5l3 2',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  keyboard: 'M3 6h18v12H3ZM7 10h.01M11 10h.01M15 10h.01M7 14h10',
} as const;

/** Name of an available icon. */
export type IconName = keyof typeof paths;

/** One icon at `size` px (default 16), drawn with the current text color. */
export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}
