// The glob dialect of approval rules: `*` any run, `?` one character, `\` escapes; plus escaping and arg stringification.

type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'lit'; ch: string };

function tokenize(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\') {
      // A trailing lone backslash stands for itself.
      const next = chars[i + 1];
      tokens.push({ kind: 'lit', ch: next ?? '\\' });
      i += next === undefined ? 0 : 1;
    } else if (ch === '*') {
      tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'lit', ch });
    }
  }
  return tokens;
}

/**
 * Characters a wildcard never stands for: shell control characters and line breaks. A rule `git *` must not cover
 * `git status; rm -rf ~`; a pattern that wants to allow one writes it literally.
 */
export const WILDCARD_EXCLUDED = new Set([';', '&', '|', '`', '$', '<', '>', '\n', '\r']);

/**
 * True when `text` matches `pattern` as a whole. Dialect: `*` matches any run of characters (including none), `?`
 * exactly one character (a Unicode code point), `\x` the literal `x`; everything else, including `[` and `]`, is
 * literal. Neither `*` nor `?` matches a character in `excluded` (default {@link WILDCARD_EXCLUDED}; the shell matcher
 * passes an empty set because it matches one parsed simple command at a time). O(pattern × text) time and space
 * (dynamic programming; no backtracking blow-up).
 */
export function globMatch(pattern: string, text: string, excluded: ReadonlySet<string> = WILDCARD_EXCLUDED): boolean {
  const p = tokenize(pattern);
  const t = Array.from(text);
  // row[j]: does p[i..] match t[j..]? Computed from the last token backwards.
  let next: boolean[] = new Array(t.length + 1).fill(false);
  next[t.length] = true;
  for (let i = p.length - 1; i >= 0; i--) {
    const tok = p[i];
    const row: boolean[] = new Array(t.length + 1).fill(false);
    for (let j = t.length; j >= 0; j--) {
      if (tok.kind === 'star') {
        row[j] = next[j] || (j < t.length && !excluded.has(t[j]) && row[j + 1]);
      } else if (j < t.length) {
        const fits = tok.kind === 'one' ? !excluded.has(t[j]) : tok.ch === t[j];
        row[j] = fits && next[j + 1];
      }
    }
    next = row;
  }
  return next[0];
}

/** True when `pattern` has an unescaped `*` or `?`, i.e. it can match more than one text. */
export function hasWildcard(pattern: string): boolean {
  return tokenize(pattern).some((t) => t.kind !== 'lit');
}

/** Escapes the glob metacharacters `*`, `?`, `[`, `]` and `\` with a backslash so the result matches `text` exactly. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (ch) => `\\${ch}`);
}

/**
 * The string form of one argument value that rule patterns are matched against: strings as is, other primitives
 * via `String()`, objects and arrays via `JSON.stringify`, and a missing (`undefined`) argument as `''`.
 */
export function argToMatchText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
