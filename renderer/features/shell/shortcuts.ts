// The app's keyboard shortcuts as data (pure): what each does, its keys, and matching a KeyboardEvent against them.

/** What a shortcut does (handled in ShortcutHelp.tsx). */
export type ShortcutAction = 'newChat' | 'search' | 'settings' | 'stop' | 'focusComposer' | 'help';

/** One shortcut: `mod` is Ctrl (Cmd on macOS); `key` is compared with `KeyboardEvent.key`, case-insensitively. */
export interface Shortcut {
  action: ShortcutAction;
  label: string;
  key: string;
  mod?: boolean;
  shift?: boolean;
  /** Works only when the focus is not in a text field (single keys such as `?`). */
  outsideText?: boolean;
}

/** Every shortcut, in the order the help lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'newChat', label: 'New chat', key: 'o', mod: true, shift: true },
  { action: 'search', label: 'Search chats', key: 'k', mod: true },
  { action: 'settings', label: 'Settings', key: ',', mod: true },
  { action: 'stop', label: 'Stop the answer', key: 'Escape', outsideText: true },
  { action: 'stop', label: 'Stop the answer (anywhere)', key: 'x', mod: true, shift: true },
  { action: 'focusComposer', label: 'Focus the message box', key: 'Escape', shift: true },
  { action: 'help', label: 'Keyboard shortcuts', key: '?', outsideText: true },
  { action: 'help', label: 'Keyboard shortcuts (anywhere)', key: '/', mod: true },
];

/** The key event fields {@link matchShortcut} reads (a KeyboardEvent has them all). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The shortcut `e` triggers, or null. `inText` = the focus is in a text field; `mac` makes Cmd the modifier. */
export function matchShortcut(e: KeyPress, inText: boolean, mac: boolean): Shortcut | null {
  if (e.altKey) return null;
  const mod = mac ? e.metaKey : e.ctrlKey;
  for (const s of SHORTCUTS) {
    if (e.key.toLowerCase() !== s.key.toLowerCase()) continue;
    if (!!s.mod !== mod || (mac ? e.ctrlKey : e.metaKey)) continue;
    // `?` is Shift+/ on most layouts: a single-character key carries its own shift state.
    if (s.key.length > 1 || /[a-z]/i.test(s.key) ? !!s.shift !== e.shiftKey : false) continue;
    if (s.outsideText && inText) continue;
    return s;
  }
  return null;
}

/** How a shortcut's keys read in the help, e.g. `Ctrl + Shift + O` (`⌘` on macOS). */
export function shortcutKeys(s: Shortcut, mac: boolean): string[] {
  const keys: string[] = [];
  if (s.mod) keys.push(mac ? '⌘' : 'Ctrl');
  if (s.shift) keys.push('Shift');
  keys.push(s.key === 'Escape' ? 'Esc' : s.key.length === 1 ? s.key.toUpperCase() : s.key);
  return keys;
}
