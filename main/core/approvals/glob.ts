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
 * True when `text` matches `pattern` as a whole. Dialect: `*` matches any run of characters (including none and
 * newlines), `?` exactly one character (a Unicode code point), `\x` the literal `x`; everything else, including
 * `[` and `]`, is literal. Runs in O(pattern × text) time (no regex backtracking blow-up).
 */
export function globMatch(pattern: string, text: string): boolean {
  const p = tokenize(pattern);
  const t = Array.from(text);
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let starText = 0;
  while (ti < t.length) {
    const tok = p[pi];
    if (tok && (tok.kind === 'one' || (tok.kind === 'lit' && tok.ch === t[ti]))) {
      pi++;
      ti++;
    } else if (tok && tok.kind === 'star') {
      starAt = pi++;
      starText = ti;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      ti = ++starText;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi].kind === 'star') pi++;
  return pi === p.length;
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
