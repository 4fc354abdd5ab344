// Settings keys by dotted path: lookup in the schema, CLI string coercion, readable "expected …, got …" messages.
import { z } from 'zod';
import { Settings } from './schema';

/** `T` with every property optional, recursively; arrays are replaced whole, never merged. `undefined` clears a key. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A bad setting key or value. `key` is the dotted path (`''` for the whole file); `code` maps to the contract's `invalid_params`. */
export class SettingsError extends Error {
  readonly code = 'invalid_params';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** A schema with its `.default()`/`.optional()` wrappers removed, and whether `undefined` is allowed (optional). */
interface Unwrapped {
  schema: z.ZodType;
  optional: boolean;
}

function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  for (;;) {
    if (current instanceof z.ZodDefault) current = current.def.innerType as z.ZodType;
    else if (current instanceof z.ZodOptional) {
      optional = true;
      current = current.def.innerType as z.ZodType;
    } else return { schema: current, optional };
  }
}

/** Every leaf setting's dotted path (`model`, `openai.baseUrl`, …), in schema order. */
export function settingKeys(): string[] {
  const out: string[] = [];
  const walk = (shape: Record<string, z.ZodType>, prefix: string) => {
    for (const [key, child] of Object.entries(shape)) {
      const { schema } = unwrap(child);
      if (schema instanceof z.ZodObject) walk(schema.shape as Record<string, z.ZodType>, `${prefix}${key}.`);
      else out.push(`${prefix}${key}`);
    }
  };
  walk(Settings.shape, '');
  return out;
}

/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Up to 3 known keys close to `key` (case-insensitive), best first: the same key or last segment, a key containing it
 * (or contained in it), then keys within an edit distance of max(2, length / 3) of the key or of its last segment.
 */
export function closeMatches(key: string, candidates: string[] = settingKeys()): string[] {
  const k = key.toLowerCase();
  const limit = Math.max(2, Math.floor(k.length / 3));
  const scored = candidates.map((candidate) => {
    const c = candidate.toLowerCase();
    const last = c.split('.').pop() ?? c;
    if (c === k || last === k) return { candidate, score: 0 };
    if (c.includes(k) || k.includes(last)) return { candidate, score: 1 };
    return { candidate, score: 2 + Math.min(distance(k, c), distance(k, last)) };
  });
  return scored
    .filter((s) => s.score < 2 + limit + 1)
    .sort((a, b) => a.score - b.score)
    .slice(0, 3)
    .map((s) => s.candidate);
}

function unknownKeyError(path: string): SettingsError {
  const matches = closeMatches(path);
  const hint =
    matches.length > 0
      ? `Did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?`
      : `Known settings: ${settingKeys().join(', ')}.`;
  return new SettingsError(path, `Unknown setting "${path}". ${hint}`);
}

/** The schema one level below `node` at `segment`: an object's key, or any key of a record (its entries are optional). */
function childOf(node: Unwrapped, segment: string): Unwrapped | undefined {
  if (node.schema instanceof z.ZodRecord)
    return { schema: unwrap(node.schema.valueType as z.ZodType).schema, optional: true };
  if (!(node.schema instanceof z.ZodObject) || !Object.hasOwn(node.schema.shape, segment)) return undefined;
  return unwrap((node.schema.shape as Record<string, z.ZodType>)[segment]);
}

/** The schema at a dotted path (a leaf, a group, or inside a record such as `plugins.memory.topK`), or `undefined`. */
export function schemaAt(path: string): Unwrapped | undefined {
  let node: Unwrapped | undefined = { schema: Settings, optional: false };
  for (const segment of path.split('.')) {
    node = childOf(node, segment);
    if (!node) return undefined;
  }
  return node;
}

/** Keys in `value` (a settings object or patch) that the schema does not know, as dotted paths. */
export function unknownKeys(value: unknown, schema: z.ZodType = Settings, prefix = ''): string[] {
  const { schema: inner } = unwrap(schema);
  if (!(inner instanceof z.ZodObject) || typeof value !== 'object' || value === null || Array.isArray(value)) return []; // records take any key
  const shape = inner.shape as Record<string, z.ZodType>;
  return Object.entries(value).flatMap(([key, child]) =>
    Object.hasOwn(shape, key) ? unknownKeys(child, shape[key], `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

interface Bounds {
  min?: number;
  max?: number;
}

function numberBounds(schema: z.ZodNumber, isInt: boolean): Bounds {
  const bounds: Bounds = {};
  for (const check of schema.def.checks ?? []) {
    // zod 4 exposes a check's definition only on its internal `_zod.def`; these fields are stable across 4.x.
    const def = check._zod.def as { check: string; value?: number; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    const step = isInt && !def.inclusive ? 1 : 0;
    if (def.check === 'greater_than') bounds.min = def.value + step;
    if (def.check === 'less_than') bounds.max = def.value - step;
  }
  return bounds;
}

/** A readable description of what a schema accepts, e.g. `a positive integer`, `one of "low", "high"`, `a URL`. */
export function describeExpected(input: z.ZodType): string {
  const { schema } = unwrap(input);
  if (schema instanceof z.ZodNumber) {
    const isInt = schema.isInt;
    const { min, max } = numberBounds(schema, isInt);
    const noun = isInt ? 'integer' : 'number';
    if (isInt && min === 1 && max === undefined) return 'a positive integer';
    if (min !== undefined && max !== undefined) return `${isInt ? 'an' : 'a'} ${noun} from ${min} to ${max}`;
    if (min !== undefined) return `${isInt ? 'an' : 'a'} ${noun} of at least ${min}`;
    if (max !== undefined) return `${isInt ? 'an' : 'a'} ${noun} of at most ${max}`;
    return isInt ? 'an integer' : 'a number';
  }
  if (schema instanceof z.ZodBoolean) return 'true or false';
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.map((o) => JSON.stringify(o)).join(', ')}`;
  if (schema instanceof z.ZodLiteral) return [...schema.values].map((v) => JSON.stringify(v)).join(' or ');
  if (schema instanceof z.ZodString) {
    if (schema.format === 'url') return 'a URL (e.g. http://127.0.0.1:11434/v1)';
    return (schema.minLength ?? 0) > 0 ? 'a non-empty string' : 'a string';
  }
  if (schema instanceof z.ZodArray)
    return unwrap(schema.element as z.ZodType).schema instanceof z.ZodString ? 'a list of strings' : 'a list';
  if (schema instanceof z.ZodObject) return 'a group of settings (an object)';
  if (schema instanceof z.ZodRecord) return 'a JSON object';
  return 'any JSON value';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Turns a schema issue for `input` into `"key": expected <description>, got <value>`. The key is the deepest known
 * setting on the issue's path (so an element of a list is reported as the list).
 */
export function formatIssue(issue: z.core.$ZodIssue, input: unknown): { key: string; message: string } {
  const segments: string[] = [];
  let value: unknown = input;
  let node: Unwrapped = { schema: Settings, optional: false };
  for (const segment of issue.path.map(String)) {
    const child = childOf(node, segment);
    if (!child) break;
    node = child;
    segments.push(segment);
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  }
  const key = segments.join('.');
  if (key === '') return { key, message: `${issue.message}` };
  const detail =
    issue.code === 'invalid_format' || issue.code === 'too_small' || issue.code === 'too_big'
      ? ` (${issue.message})`
      : '';
  return { key, message: `"${key}": expected ${describeExpected(node.schema)}, got ${show(value)}${detail}` };
}

const booleans: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  on: true,
  off: false,
  '1': true,
  '0': false,
};

/**
 * Converts a raw CLI string to the type of the setting at `path`: numbers, booleans (true/false/yes/no/on/off/1/0),
 * enum values (case-insensitive), strings as given, string lists as JSON (`["a","b"]`) or comma lists (`a, b`),
 * objects as JSON, free-form values (inside `plugins.<id>`) as JSON when they parse, else as the string.
 * `''` clears an optional setting or record entry (it returns `undefined`). Range and format checks are left to the schema.
 * Throws {@link SettingsError} for an unknown key (listing close matches), a group key, or an unconvertible value.
 */
export function coerceSetting(path: string, raw: string): unknown {
  const node = schemaAt(path);
  if (!node) throw unknownKeyError(path);
  const { schema, optional } = node;
  const bad = () => new SettingsError(path, `"${path}": expected ${describeExpected(schema)}, got ${show(raw)}.`);
  const text = raw.trim();
  if (optional && text === '') return undefined;
  if (schema instanceof z.ZodObject) {
    const keys = settingKeys().filter((k) => k.startsWith(`${path}.`));
    throw new SettingsError(path, `"${path}" is a group of settings; set one of its keys: ${keys.join(', ')}.`);
  }
  if (schema instanceof z.ZodNumber || (schema instanceof z.ZodLiteral && typeof [...schema.values][0] === 'number')) {
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) throw bad();
    return n;
  }
  if (schema instanceof z.ZodBoolean) {
    const b = booleans[text.toLowerCase()];
    if (b === undefined) throw bad();
    return b;
  }
  if (schema instanceof z.ZodEnum) {
    const match = schema.options.find((o) => String(o).toLowerCase() === text.toLowerCase());
    if (match === undefined) throw bad();
    return match;
  }
  if (schema instanceof z.ZodArray && !text.startsWith('[')) {
    return text === ''
      ? []
      : text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  }
  if (schema instanceof z.ZodArray || schema instanceof z.ZodRecord || schema instanceof z.ZodUnknown) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (schema instanceof z.ZodUnknown) return raw;
      throw bad();
    }
  }
  return raw;
}

/** Throws {@link SettingsError} (with close matches) unless `path` names a setting or a group of settings. */
export function assertKnownKey(path: string): void {
  if (!schemaAt(path)) throw unknownKeyError(path);
}
