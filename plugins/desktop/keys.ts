// Keyboard mapping for desktop_type and desktop_key: characters and combos to nut-js Key names (US layout).
// nut-js types shifted symbols unshifted (`@` → `2`), so every printable ASCII character is pressed as its key
// with Shift held explicitly when the US layout needs it.

/** One key press: the nut-js `Key` enum member name and whether Shift is held. */
export interface KeyStroke {
  key: string;
  shift: boolean;
}

const UNSHIFTED: Record<string, string> = {
  '`': 'Grave',
  '-': 'Minus',
  '=': 'Equal',
  '[': 'LeftBracket',
  ']': 'RightBracket',
  '\\': 'Backslash',
  ';': 'Semicolon',
  "'": 'Quote',
  ',': 'Comma',
  '.': 'Period',
  '/': 'Slash',
  ' ': 'Space',
  '\n': 'Enter',
  '\t': 'Tab',
};
const DIGITS = ['Num0', 'Num1', 'Num2', 'Num3', 'Num4', 'Num5', 'Num6', 'Num7', 'Num8', 'Num9'];
/** Shifted US-layout symbols and the key they sit on. */
const SHIFTED: Record<string, string> = {
  '~': 'Grave',
  '!': 'Num1',
  '@': 'Num2',
  '#': 'Num3',
  $: 'Num4',
  '%': 'Num5',
  '^': 'Num6',
  '&': 'Num7',
  '*': 'Num8',
  '(': 'Num9',
  ')': 'Num0',
  _: 'Minus',
  '+': 'Equal',
  '{': 'LeftBracket',
  '}': 'RightBracket',
  '|': 'Backslash',
  ':': 'Semicolon',
  '"': 'Quote',
  '<': 'Comma',
  '>': 'Period',
  '?': 'Slash',
};

/**
 * The key stroke for one character on a US layout, or null for characters without a key there (non-ASCII: those
 * are typed as text by the native layer).
 */
export function strokeFor(char: string): KeyStroke | null {
  if (/^[a-z]$/.test(char)) return { key: char.toUpperCase(), shift: false };
  if (/^[A-Z]$/.test(char)) return { key: char, shift: true };
  if (/^[0-9]$/.test(char)) return { key: DIGITS[Number(char)], shift: false };
  if (char in UNSHIFTED) return { key: UNSHIFTED[char], shift: false };
  if (char in SHIFTED) return { key: SHIFTED[char], shift: true };
  return null;
}

const NAMED: Record<string, string> = {
  ctrl: 'LeftControl',
  control: 'LeftControl',
  alt: 'LeftAlt',
  option: 'LeftAlt',
  shift: 'LeftShift',
  super: 'LeftSuper',
  win: 'LeftSuper',
  meta: 'LeftMeta',
  cmd: 'LeftCmd',
  command: 'LeftCmd',
  enter: 'Enter',
  return: 'Enter',
  esc: 'Escape',
  escape: 'Escape',
  tab: 'Tab',
  space: 'Space',
  backspace: 'Backspace',
  delete: 'Delete',
  del: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  menu: 'Menu',
  capslock: 'CapsLock',
  print: 'Print',
  printscreen: 'Print',
};

/**
 * Parses a key combination such as `ctrl+c`, `ctrl+shift+t`, `alt+f4`, `enter` or `ctrl++` into nut-js Key names,
 * modifiers first in the order given. Names are case-insensitive. Throws an Error naming the unknown key and the
 * accepted names.
 */
export function parseCombo(combo: string): string[] {
  const text = combo.trim();
  if (!text) throw new Error('Give a key or combination, e.g. "ctrl+c", "enter" or "alt+f4".');
  const parts = text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  return parts.map((raw) => {
    const part = raw.trim();
    const lower = part.toLowerCase();
    if (lower in NAMED) return NAMED[lower];
    if (/^f([1-9]|1[0-9]|2[0-4])$/.test(lower)) return lower.toUpperCase();
    if (part.length === 1) {
      const stroke = strokeFor(part.toLowerCase());
      if (stroke) return stroke.key;
    }
    throw new Error(
      `Unknown key "${part}" in "${combo}". Use letters, digits, symbols, f1-f24 or: ${Object.keys(NAMED).join(', ')}.`,
    );
  });
}
