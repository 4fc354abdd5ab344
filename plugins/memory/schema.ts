// The Arrow schema of the memories table and the conversion between table rows and Memory objects.
import { Field, List, Schema, Struct, TimestampMillisecond, Utf8 } from 'apache-arrow';
import { MemoryKind, type Memory, type MemorySource } from './types';

/** Table name inside the LanceDB database directory (the dataset lives in `<dataDir>/memories.lance`). */
export const TABLE_NAME = 'memories';

/** Name of the optional vector column: FixedSizeList<Float32>[dimension], added when an embedder is configured. */
export const VECTOR_COLUMN = 'vector';

/** Columns read for a Memory (never the vector: it is large and only LanceDB needs it). */
export const MEMORY_COLUMNS = ['id', 'text', 'kind', 'tags', 'source', 'createdAt', 'updatedAt', 'expiresAt'];

/**
 * The memories table without its vector column. Timestamps are `Timestamp(Millisecond)` without a zone (UTC epoch ms).
 * `textKey` is the normalized-text digest used to find exact duplicates (see text.ts `textKey`).
 */
export function memorySchema(): Schema {
  const sourceType = new Struct([
    new Field('sessionId', new Utf8(), true),
    new Field('turnId', new Utf8(), true),
    new Field('callId', new Utf8(), true),
    new Field('at', new TimestampMillisecond(), true),
  ]);
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('textKey', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    new Field('tags', new List(new Field('item', new Utf8(), true)), false),
    new Field('source', sourceType, true),
    new Field('createdAt', new TimestampMillisecond(), false),
    new Field('updatedAt', new TimestampMillisecond(), false),
    new Field('expiresAt', new TimestampMillisecond(), true),
  ]);
}

/** Names every column {@link memorySchema} declares; an opened table missing one is treated as damaged. */
export const REQUIRED_COLUMNS = memorySchema().fields.map((field) => field.name);

/** SQL expression (DataFusion `arrow_cast`) that adds an all-null vector column of `dimension` floats. */
export function nullVectorSql(dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1)
    throw new Error(`Vector dimension must be a positive integer, got ${dimension}`);
  return `arrow_cast(NULL, 'FixedSizeList(${dimension}, Float32)')`;
}

/** SQL literal for an epoch-ms instant, comparable with the timestamp columns. */
export function timestampSql(epochMs: number): string {
  return `arrow_cast(${Math.trunc(epochMs)}, 'Timestamp(Millisecond, None)')`;
}

/** SQL predicate: the memory has not expired at `now` (epoch ms). */
export function notExpiredSql(now: number): string {
  return `(expiresAt IS NULL OR expiresAt > ${timestampSql(now)})`;
}

/** A row as written to LanceDB (plain values; LanceDB converts them with the table schema). */
export type MemoryRow = {
  id: string;
  text: string;
  textKey: string;
  kind: string;
  tags: string[];
  source: MemorySource | null;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  vector?: number[] | null;
};

/** Builds the row for `memory`; `vector` is included only when given (undefined = column absent or unknown). */
export function toRow(memory: Memory, textKey: string, vector?: number[] | null): MemoryRow {
  const row: MemoryRow = { ...memory, tags: [...memory.tags], textKey };
  if (vector !== undefined) row.vector = vector;
  return row;
}

/** Arrow values as LanceDB's toArray() returns them: nested lists/structs are Arrow objects, timestamps numbers. */
type ArrowValue = { toArray?: () => unknown; toJSON?: () => unknown } | null | undefined;

function toStringArray(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const iterable = value as Iterable<unknown>;
  return typeof iterable[Symbol.iterator] === 'function' ? Array.from(iterable, String) : [];
}

function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  return typeof value === 'number' ? value : Number(value);
}

function toSource(value: unknown): MemorySource | null {
  if (value === null || value === undefined) return null;
  const plain = ((value as ArrowValue)?.toJSON?.() ?? value) as Record<string, unknown>;
  const text = (key: string): string | null => (typeof plain[key] === 'string' ? (plain[key] as string) : null);
  return { sessionId: text('sessionId'), turnId: text('turnId'), callId: text('callId'), at: toNumberOrNull(plain.at) };
}

/** Converts a row returned by a LanceDB query into a Memory. Throws when `kind` is not a known kind. */
export function fromRow(row: Record<string, unknown>): Memory {
  return {
    id: String(row.id),
    text: String(row.text),
    kind: MemoryKind.parse(row.kind),
    tags: toStringArray(row.tags),
    source: toSource(row.source),
    createdAt: toNumberOrNull(row.createdAt) ?? 0,
    updatedAt: toNumberOrNull(row.updatedAt) ?? 0,
    expiresAt: toNumberOrNull(row.expiresAt),
  };
}
