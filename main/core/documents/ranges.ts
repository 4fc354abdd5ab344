// Parsing of the `pages` and `range` arguments: "3", "2-5", "1,4-6", "10-" (to the end).

/** A parsed selection: inclusive 1-based intervals; `end` Infinity means "to the end". */
export type Selection = { start: number; end: number }[];

/**
 * Parses `spec` ("3", "2-5", "1,4-6", "10-") into intervals.
 * @throws an Error naming `what` and the expected form when `spec` is malformed or has a zero or reversed bound.
 */
export function parseSelection(spec: string, what: 'pages' | 'range'): Selection {
  const out: Selection = [];
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    const match = /^(\d+)\s*(?:-\s*(\d*))?$/.exec(part);
    const start = match ? Number(match[1]) : NaN;
    const end = !match ? NaN : match[2] === undefined ? start : match[2] === '' ? Infinity : Number(match[2]);
    if (!match || start < 1 || end < start) {
      throw new Error(
        `${what}=${JSON.stringify(spec)} is not understood: use 1-based numbers like "3", "2-5", "1,4-6" or "10-" (to the end).`,
      );
    }
    out.push({ start, end });
  }
  return out;
}

/** True when `n` falls in one of the intervals. */
export function selects(selection: Selection, n: number): boolean {
  return selection.some((r) => n >= r.start && n <= r.end);
}
