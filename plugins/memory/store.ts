// MemoryStore: every read and write of the LanceDB memories table (CRUD, BM25 / vector / hybrid search, vectors).
import { Index, rerankers, type Table } from '@lancedb/lancedb';
import { SerialQueue } from '../sdk';
import { openDataset, type OpenDataset } from './dataset';
import { fromRow, MEMORY_COLUMNS, notExpiredSql, nullVectorSql, timestampSql, toRow, VECTOR_COLUMN } from './schema';
import { MEMORY_ID_PATTERN } from './contract';
import { InvalidMemoryIdError } from './errors';
import { textKey } from './text';
import type { Memory, MemoryHit, MemoryKind } from './types';

export { InvalidMemoryIdError } from './errors';

/**
 * Rows with vectors at which {@link MemoryStore.optimize} builds an IVF_FLAT cosine index (flat search below).
 * IVF_FLAT keeps exact vectors: on the 100k benchmark it halved hybrid latency with 99% of flat-search results,
 * where IVF_PQ (even with refineFactor) kept only ~60–75%, and HNSW took minutes to build.
 */
export const VECTOR_INDEX_MIN_ROWS = 50_000;
/** Write operations (each adds a fragment or deletion file) after which the store compacts and re-indexes in the background. */
const OPTIMIZE_EVERY_WRITES = 50;

/** Filters shared by list and search: `now` (epoch ms) hides expired memories; `kind` narrows the result. */
export interface QueryFilter {
  now: number;
  kind?: MemoryKind;
}

/** A memory to write together with its vector (`undefined` = leave the stored vector as it is). */
export interface MemoryWrite {
  memory: Memory;
  vector?: number[] | null;
}

/** A memory lacking a vector, as the re-embedding job reads it. */
export interface PendingVector {
  id: string;
  text: string;
  updatedAt: number;
}

function idSql(id: string): string {
  if (!MEMORY_ID_PATTERN.test(id)) throw new InvalidMemoryIdError(id);
  return `id = '${id}'`;
}

function filterSql(filter: QueryFilter): string {
  const parts = [notExpiredSql(filter.now)];
  if (filter.kind) parts.push(`kind = '${filter.kind}'`);
  return parts.join(' AND ');
}

/**
 * The memories table. Reads run concurrently (LanceDB snapshots); writes are serialized through one queue.
 * Listeners registered with {@link onChange} run after every write that changed memories.
 */
export class MemoryStore {
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<() => void>();
  private writesSinceOptimize = 0;
  private dimension: number | null;
  private hasVectorIndex: boolean;

  private constructor(
    private readonly dataset: OpenDataset,
    private readonly reranker: rerankers.RRFReranker,
    dimension: number | null,
    hasVectorIndex: boolean,
    /** Receives failures of background maintenance (compaction); they never reach callers. */
    private readonly onBackgroundError: (error: unknown) => void,
  ) {
    this.dimension = dimension;
    this.hasVectorIndex = hasVectorIndex;
  }

  /**
   * Opens (or creates) `<dataDir>/memories.lance`. Throws `MemoryDatasetError` (dataset.ts) when existing
   * data cannot be read; nothing on disk is changed then.
   */
  static async open(dataDir: string, onBackgroundError: (error: unknown) => void = () => {}): Promise<MemoryStore> {
    const dataset = await openDataset(dataDir);
    try {
      const table = dataset.table;
      const indices = await table.listIndices();
      if (!indices.some((index) => index.columns.includes('text'))) {
        await table.createIndex('text', { config: Index.fts(), replace: true });
      }
      const dimension = await readDimension(table);
      const hasVectorIndex = indices.some((index) => index.columns.includes(VECTOR_COLUMN));
      const reranker = await rerankers.RRFReranker.create();
      return new MemoryStore(dataset, reranker, dimension, hasVectorIndex, onBackgroundError);
    } catch (error) {
      dataset.close();
      throw error;
    }
  }

  private get table(): Table {
    return this.dataset.table;
  }

  /** Dimension of the vector column, or null when the table has none. */
  get vectorDimension(): number | null {
    return this.dimension;
  }

  /** Subscribes to changes of stored memories; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
    this.countWrite();
  }

  private countWrite(): void {
    this.writesSinceOptimize += 1;
    if (this.writesSinceOptimize >= OPTIMIZE_EVERY_WRITES) {
      this.writesSinceOptimize = 0;
      this.optimize().catch(this.onBackgroundError);
    }
  }

  private rowFor(write: MemoryWrite) {
    let vector = this.dimension === null ? undefined : write.vector;
    // A vector from an embedder replaced while it was computed: store none; the re-embedding job fills it in.
    if (vector && vector.length !== this.dimension) vector = null;
    return toRow(write.memory, textKey(write.memory.text), vector);
  }

  /** Appends new memories in one write (ids must be new). */
  async insert(writes: MemoryWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.exclusive(async () => {
      await this.table.add(writes.map((write) => this.rowFor(write)));
      this.changed();
    });
  }

  /** Overwrites an existing memory (matched by id). Returns false when no memory has that id. */
  replace(write: MemoryWrite): Promise<boolean> {
    return this.exclusive(async () => {
      idSql(write.memory.id);
      const result = await this.table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .execute([this.rowFor(write)]);
      if (result.numUpdatedRows > 0) this.changed();
      return result.numUpdatedRows > 0;
    });
  }

  /** Deletes one memory. Returns false when no memory has that id. Throws InvalidMemoryIdError for a malformed id. */
  delete(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const result = await this.table.delete(idSql(id));
      if (result.numDeletedRows > 0) this.changed();
      return result.numDeletedRows > 0;
    });
  }

  /** Deletes memories whose `expiresAt` is at or before `now` (epoch ms); returns how many. */
  purgeExpired(now: number): Promise<number> {
    return this.exclusive(async () => {
      const result = await this.table.delete(`expiresAt IS NOT NULL AND expiresAt <= ${timestampSql(now)}`);
      if (result.numDeletedRows > 0) this.changed();
      return result.numDeletedRows;
    });
  }

  /** The memory with this id, expired or not; null when absent. Throws InvalidMemoryIdError for a malformed id. */
  async get(id: string): Promise<Memory | null> {
    const rows = await this.table.query().where(idSql(id)).select(MEMORY_COLUMNS).limit(1).toArray();
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /** Unexpired memories, most recently updated first, and how many match in total. */
  async list(filter: QueryFilter & { limit: number; offset: number }): Promise<{ memories: Memory[]; total: number }> {
    const where = filterSql(filter);
    const rows = await this.table
      .query()
      .where(where)
      .select(MEMORY_COLUMNS)
      .orderBy({ columnName: 'updatedAt', ascending: false })
      .offset(filter.offset)
      .limit(filter.limit)
      .toArray();
    return { memories: rows.map(fromRow), total: await this.table.countRows(where) };
  }

  /** An unexpired memory whose normalized text equals `text`'s (text.ts `textKey`), or null. */
  async findSameText(text: string, now: number): Promise<Memory | null> {
    const rows = await this.table
      .query()
      .where(`textKey = '${textKey(text)}' AND ${notExpiredSql(now)}`)
      .select(MEMORY_COLUMNS)
      .limit(1)
      .toArray();
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /** BM25 full-text search over `text` (stemmed, stop words removed); best first, score = BM25 `_score`. */
  async searchText(query: string, filter: QueryFilter & { limit: number }): Promise<MemoryHit[]> {
    const rows = await this.table
      .query()
      .fullTextSearch(query, { columns: 'text' })
      .where(filterSql(filter))
      .select([...MEMORY_COLUMNS, '_score'])
      .limit(filter.limit)
      .toArray();
    return rows.map((row) => ({ memory: fromRow(row), score: Number(row._score) }));
  }

  /**
   * Hybrid search: BM25 on `text` plus cosine nearest neighbours of `vector` within `maxDistance`
   * (cosine distance = 1 − similarity), fused with reciprocal rank fusion; score = RRF `_relevance_score`.
   */
  async searchHybrid(
    query: string,
    vector: number[],
    filter: QueryFilter & { limit: number; maxDistance: number },
  ): Promise<MemoryHit[]> {
    const search = this.table
      .query()
      .fullTextSearch(query, { columns: 'text' })
      .nearestTo(vector)
      .column(VECTOR_COLUMN)
      .distanceType('cosine')
      .distanceRange(undefined, filter.maxDistance)
      .where(filterSql(filter));
    try {
      // Hybrid queries reject an explicit projection of the score columns, so rows come back whole (vector included).
      const rows = await search.rerank(this.reranker).limit(filter.limit).toArray();
      return rows.map((row) => ({ memory: fromRow(row), score: Number(row._relevance_score) }));
    } catch (error) {
      // LanceDB 0.39 fails the fusion when the vector side finds nothing ("expected column _distance not found in
      // rank"); the answer is then exactly the BM25 side.
      if (error instanceof Error && /_distance/.test(error.message)) return this.searchText(query, filter);
      throw error;
    }
  }

  /** The unexpired memory nearest to `vector` if its cosine distance is ≤ `maxDistance`, with its similarity. */
  async nearest(
    vector: number[],
    maxDistance: number,
    now: number,
  ): Promise<{ memory: Memory; similarity: number } | null> {
    if (this.dimension === null) return null;
    const rows = await this.table
      .vectorSearch(vector)
      .column(VECTOR_COLUMN)
      .distanceType('cosine')
      .distanceRange(undefined, maxDistance)
      .where(notExpiredSql(now))
      .select([...MEMORY_COLUMNS, '_distance'])
      .limit(1)
      .toArray();
    return rows.length > 0 ? { memory: fromRow(rows[0]), similarity: 1 - Number(rows[0]._distance) } : null;
  }

  /** Number of memories (all, including not yet purged expired ones) matching an optional SQL filter. */
  count(filter?: string): Promise<number> {
    return this.table.countRows(filter);
  }

  /** Memories with no vector yet (up to `limit`), for the re-embedding job; 0 rows when the table has no vector column. */
  async pendingVectors(limit: number): Promise<PendingVector[]> {
    if (this.dimension === null) return [];
    const rows = await this.table
      .query()
      .where(`${VECTOR_COLUMN} IS NULL`)
      .select(['id', 'text', 'updatedAt'])
      .limit(limit)
      .toArray();
    return rows.map((row) => ({ id: String(row.id), text: String(row.text), updatedAt: Number(row.updatedAt) }));
  }

  /** How many memories have no vector (all of them when the table has no vector column). */
  countPendingVectors(): Promise<number> {
    return this.dimension === null ? this.table.countRows() : this.table.countRows(`${VECTOR_COLUMN} IS NULL`);
  }

  /**
   * Stores vectors for memories that were not edited since they were read (matched on id and `updatedAt`, so a
   * concurrent edit is never overwritten). Returns how many rows were updated. Does not notify listeners:
   * vectors do not change what a memory says.
   */
  async setVectors(items: Array<PendingVector & { vector: number[] }>): Promise<number> {
    if (items.length === 0) return 0;
    return this.exclusive(async () => {
      for (const item of items) {
        if (item.vector.length !== this.dimension) {
          throw new Error(
            `Embedding for ${item.id} has ${item.vector.length} dimensions; the memory table stores ${this.dimension}.`,
          );
        }
      }
      const rows = items.map((item) => ({ id: item.id, updatedAt: item.updatedAt, [VECTOR_COLUMN]: item.vector }));
      const result = await this.table
        .mergeInsert('id')
        .whenMatchedUpdateAll({ where: 'target.updatedAt = source.updatedAt' })
        .execute(rows);
      this.countWrite();
      return result.numUpdatedRows;
    });
  }

  /** Replaces the vector column with an all-null one of `dimension` floats (dropping its index), for a new embedder. */
  resetVectors(dimension: number): Promise<void> {
    return this.exclusive(async () => {
      if (this.dimension !== null) {
        for (const index of await this.table.listIndices()) {
          if (index.columns.includes(VECTOR_COLUMN)) await this.table.dropIndex(index.name);
        }
        await this.table.dropColumns([VECTOR_COLUMN]);
      }
      this.hasVectorIndex = false;
      await this.table.addColumns([{ name: VECTOR_COLUMN, valueSql: nullVectorSql(dimension) }]);
      this.dimension = dimension;
    });
  }

  /**
   * Compacts small fragments, prunes versions older than LanceDB's default (7 days) and folds new rows into the
   * indexes; builds an IVF_FLAT cosine index once {@link VECTOR_INDEX_MIN_ROWS} memories have vectors.
   */
  optimize(): Promise<void> {
    return this.exclusive(async () => {
      await this.table.optimize();
      if (this.dimension !== null && !this.hasVectorIndex) {
        const withVectors = await this.table.countRows(`${VECTOR_COLUMN} IS NOT NULL`);
        if (withVectors >= VECTOR_INDEX_MIN_ROWS) {
          await this.table.createIndex(VECTOR_COLUMN, {
            config: Index.ivfFlat({ distanceType: 'cosine' }),
            replace: true,
          });
          this.hasVectorIndex = true;
        }
      }
    });
  }

  /** Waits for queued writes, then closes the table and its connection. */
  async close(): Promise<void> {
    await this.queue.idle();
    this.listeners.clear();
    this.dataset.close();
  }
}

async function readDimension(table: Table): Promise<number | null> {
  const schema = await table.schema();
  const field = schema.fields.find((candidate) => candidate.name === VECTOR_COLUMN);
  if (!field) return null;
  const size = (field.type as { listSize?: number }).listSize;
  return typeof size === 'number' ? size : null;
}
