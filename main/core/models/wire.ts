// Defensive readers for untyped JSON from model servers (stream events and chunks vary between providers).

/** A JSON object as parsed from the wire. */
export type Wire = Record<string, unknown>;

/** True for a plain (non-array) object. */
export function isObject(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is an object, else `{}`. */
export function obj(value: unknown): Wire {
  return isObject(value) ? value : {};
}

/** `value` when it is an array, else `[]`. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a non-empty string, else undefined. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `value` when it is a finite number, else `fallback` (default 0). */
export function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
