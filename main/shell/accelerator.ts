// Checks a global-shortcut setting against Electron's accelerator syntax before it is registered.
// Syntax: https://www.electronjs.org/docs/latest/api/accelerator

const modifiers = new Map<string, string>([
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Super'],
]);

const namedKeys = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'PrintScreen',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
/** Keys that may be a global shortcut on their own: function keys and media/volume keys never type text. */
const standaloneKeys = [
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
];
const punctuation = new Set([...')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\'']);
const keysByLower = new Map([...namedKeys, ...standaloneKeys].map((k) => [k.toLowerCase(), k]));

/** Outcome of {@link validateAccelerator}: `disabled` for an empty setting, the normalized accelerator, or why it is invalid. */
export type AcceleratorCheck =
  { kind: 'disabled' } | { kind: 'valid'; accelerator: string } | { kind: 'invalid'; message: string };

function keyName(part: string): { key: string; standalone: boolean } | null {
  if (/^[a-z0-9]$/i.test(part)) return { key: part.toUpperCase(), standalone: false };
  if (punctuation.has(part)) return { key: part, standalone: false };
  const fn = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(part);
  if (fn) return { key: `F${fn[1]}`, standalone: true };
  const named = keysByLower.get(part.toLowerCase());
  return named ? { key: named, standalone: standaloneKeys.includes(named) } : null;
}

/**
 * Validates `text` as an Electron accelerator for a global shortcut: `Modifier+…+Key`, case-insensitive, one key,
 * last. Modifiers: Command/Cmd, Control/Ctrl, CommandOrControl/CmdOrCtrl, Alt/Option, AltGr, Shift, Super/Meta.
 * Keys: A–Z, 0–9, F1–F24, punctuation, named keys (Space, Tab, Up, …, `Plus` for "+"), numpad and media keys. A key
 * that types text needs a modifier other than Shift (it would otherwise be swallowed in every app); F-keys and media
 * keys may stand alone. An empty or blank string means "no shortcut". Returns the accelerator normalized
 * (canonical spelling, modifiers in the given order).
 */
export function validateAccelerator(text: string): AcceleratorCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'disabled' };
  const parts = trimmed.split('+').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    return {
      kind: 'invalid',
      message: `"${trimmed}" has an empty part; write "Plus" for the + key (e.g. CommandOrControl+Shift+Plus).`,
    };
  const last = parts[parts.length - 1];
  const key = keyName(last);
  if (!key) {
    return modifiers.has(last.toLowerCase())
      ? { kind: 'invalid', message: `"${trimmed}" has no key after its modifiers; add one, e.g. ${trimmed}+Space.` }
      : {
          kind: 'invalid',
          message: `"${last}" is not a key Electron knows; use a letter, digit, F1–F24 or a named key such as Space.`,
        };
  }
  const seen: string[] = [];
  for (const part of parts.slice(0, -1)) {
    const modifier = modifiers.get(part.toLowerCase());
    if (!modifier)
      return {
        kind: 'invalid',
        message: `"${part}" in "${trimmed}" is not a modifier; use CommandOrControl, Alt, Shift or Super before the key.`,
      };
    if (seen.includes(modifier))
      return { kind: 'invalid', message: `"${trimmed}" repeats the modifier ${modifier}; list each modifier once.` };
    seen.push(modifier);
  }
  if (!key.standalone && seen.filter((m) => m !== 'Shift').length === 0) {
    return {
      kind: 'invalid',
      message: `"${trimmed}" would capture typing in every app; add CommandOrControl, Alt or Super (e.g. CommandOrControl+Shift+Space).`,
    };
  }
  return { kind: 'valid', accelerator: [...seen, key.key].join('+') };
}
