// Durations as people type them (`20m`, `1h30m`, `2d`, `90s`, ISO `PT20M`) to milliseconds, with clear errors.

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** An input that is not a valid duration; the message shows the accepted forms. */
export class DurationError extends Error {
  constructor(input: string, what = 'duration') {
    super(
      `"${input}" is not a valid ${what}. Use a number with a unit, e.g. 90s, 20m, 1h30m, 2d or 1w (ISO 8601 PT20M works too).`,
    );
    this.name = 'DurationError';
  }
}

/**
 * Parses a duration into milliseconds: one or more `<number><unit>` parts (units ms, s, m/min, h, d, w; spaces
 * allowed between parts), or ISO 8601 `P[nD]T[nH][nM][nS]`. Throws {@link DurationError} for anything else or a
 * zero/negative total.
 */
export function parseDuration(input: string, what?: string): number {
  const text = input.trim().toLowerCase();
  const iso = /^p(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?$/.exec(text);
  if (iso && text !== 'p' && text !== 'pt') {
    const [, d, h, m, s] = iso;
    const ms =
      Number(d ?? 0) * UNITS.d + Number(h ?? 0) * UNITS.h + Number(m ?? 0) * UNITS.m + Number(s ?? 0) * UNITS.s;
    if (ms > 0) return Math.round(ms);
    throw new DurationError(input, what);
  }
  const part = /(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h|d|w)\s*/gy;
  let total = 0;
  let matched = 0;
  let found: RegExpExecArray | null;
  while ((found = part.exec(text)) !== null) {
    total += Number(found[1]) * UNITS[found[2]];
    matched = part.lastIndex;
  }
  if (text === '' || matched !== text.length || !(total > 0) || !Number.isFinite(total))
    throw new DurationError(input, what);
  return Math.round(total);
}

/** Milliseconds as a short human duration: `45s`, `20m`, `1h30m`, `2d3h` (largest two units). */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000));
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join('') || '0s';
}
