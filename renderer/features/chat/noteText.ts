// Pure reading of a command's output for display: JSON objects as setting lines, session ids as links.

/** Session ids as the runtime makes them (`s_` + 22 lower-case Crockford base32 characters). */
const SESSION_ID = /\bs_[0-9a-hjkmnp-tv-z]{22}\b/g;

/** A piece of a note line: plain text, or a session id to open. */
export type NotePart = { text: string } | { sessionId: string };

/** A `key = value` line of the runtime's settings listing (`/config`, main/core/settings/display.ts). */
const SETTING_LINE = /^([A-Za-z][\w.]*) = (.*)$/;

/**
 * The `key: value` lines of settings text: the `key = value` lines that open the runtime's `/config` output (its
 * closing hint is not part of them), or a JSON object (nested objects flattened to dotted keys, arrays and scalars as
 * JSON); null for any other text.
 */
export function settingLines(text: string): Array<{ key: string; value: string }> | null {
  const trimmed = text.trim();
  const block = trimmed.split('\n\n')[0]!.split('\n');
  if (block.length >= 2 && block.every((line) => SETTING_LINE.test(line)))
    return block.map((line) => {
      const [, key, value] = SETTING_LINE.exec(line)!;
      return { key: key!, value: value! };
    });
  if (!trimmed.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const lines: Array<{ key: string; value: string }> = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0)
        walk(v as Record<string, unknown>, path);
      else lines.push({ key: path, value: typeof v === 'string' ? v : JSON.stringify(v) });
    }
  };
  walk(value as Record<string, unknown>, '');
  return lines;
}

/** Splits one line of a note into text and session ids (in order). */
export function noteParts(line: string): NotePart[] {
  const parts: NotePart[] = [];
  let last = 0;
  for (const match of line.matchAll(SESSION_ID)) {
    if (match.index > last) parts.push({ text: line.slice(last, match.index) });
    parts.push({ sessionId: match[0] });
    last = match.index + match[0].length;
  }
  if (last < line.length || parts.length === 0) parts.push({ text: line.slice(last) });
  return parts;
}
