// Embedder lifecycle: detects embedder changes against the sidecar and re-embeds memories in background batches.
import type { Logger } from '../sdk';
import { embedderKey, type EmbedderIdentity, type Sidecar } from './sidecar';
import type { MemoryStore } from './store';
import type { EmbedderConfig, ReembedStatus } from './types';

/** Embeds `texts` with `embedder`; resolves to one vector per text (ctx.model.embed, or a test double). */
export type EmbedFn = (texts: string[], embedder: EmbedderConfig, signal?: AbortSignal) => Promise<number[][]>;

/** What {@link EmbedderManager.create} needs. */
export interface EmbedderManagerOptions {
  store: MemoryStore;
  /** The embedder identity of the stored vectors (sidecar.ts). */
  sidecar: Sidecar;
  /** The embedder configured right now (read on every check, so settings changes apply without restart). */
  configured: () => EmbedderConfig | null;
  /** null when the plugin may not call the model: vectors are then never computed. */
  embed: EmbedFn | null;
  log: Logger;
  /** Called whenever {@link EmbedderManager.status} changes. */
  onStatus: () => void;
  /** Texts per embedding request (default 32). */
  batchSize?: number;
  /** After a failed job, wait this long (ms) before retrying the same embedder (default 60,000). */
  retryAfterMs?: number;
}

const IDLE: ReembedStatus = { state: 'idle', done: 0, total: 0 };

/**
 * Keeps the table's vectors in step with the configured embedder. Vectors are used for search only when the
 * configured embedder matches the sidecar identity and no job is running; otherwise search falls back to BM25.
 */
export class EmbedderManager {
  private identity: EmbedderIdentity | null;
  private current: ReembedStatus = IDLE;
  private job: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private needsBackfill = true;
  private lastFailure: { key: string; at: number } | null = null;

  private constructor(
    private readonly options: EmbedderManagerOptions,
    identity: EmbedderIdentity | null,
  ) {
    this.identity = identity;
  }

  /** Starts from the sidecar's identity (an invalid sidecar was moved aside and reads as null, which leads to a re-embed). */
  static create(options: EmbedderManagerOptions): EmbedderManager {
    return new EmbedderManager(options, options.sidecar.get());
  }

  /** Re-embedding progress (`done`/`total` in memories). */
  status(): ReembedStatus {
    return { ...this.current };
  }

  private configured(): EmbedderConfig | null {
    return this.options.embed ? this.options.configured() : null;
  }

  private matches(embedder: EmbedderConfig): boolean {
    return (
      this.identity !== null &&
      embedderKey(this.identity) === embedderKey(embedder) &&
      this.options.store.vectorDimension === this.identity.dimension
    );
  }

  /** The embedder whose vectors search may use now, or null (none configured, changed, or re-embedding). */
  ready(): EmbedderConfig | null {
    const embedder = this.configured();
    if (!embedder || this.job || !this.matches(embedder)) return null;
    return embedder;
  }

  /**
   * Starts a background job when the configured embedder differs from the stored vectors' or some memories lack
   * vectors. Returns at once; a failed job is retried for the same embedder only after `retryAfterMs`.
   */
  sync(): void {
    const embedder = this.configured();
    if (!embedder || this.job || this.abort.signal.aborted) return;
    const migrate = !this.matches(embedder);
    if (!migrate && !this.needsBackfill) return;
    const key = embedderKey(embedder);
    const retryAfter = this.options.retryAfterMs ?? 60_000;
    if (this.lastFailure?.key === key && Date.now() - this.lastFailure.at < retryAfter) return;
    this.setStatus({ state: 'reembedding', done: 0, total: 0 });
    this.job = this.run(embedder, migrate).finally(() => {
      this.job = null;
      this.setStatus(IDLE);
      // The embedder changed meanwhile, or a memory was saved without a vector after the job's last look.
      this.sync();
    });
  }

  /** Resolves when the running job (if any) has finished. */
  async idle(): Promise<void> {
    while (this.job) await this.job;
  }

  private async embedReady(text: string, signal?: AbortSignal): Promise<number[] | null> {
    const embedder = this.ready();
    if (!embedder || !this.options.embed || !this.identity) return null;
    const [vector] = await this.options.embed([text], embedder, signal);
    if (!vector || vector.length !== this.identity.dimension) {
      throw new Error(
        `Embedding model ${embedder.model} returned ${vector?.length ?? 0} dimensions, expected ${this.identity.dimension}.`,
      );
    }
    return vector;
  }

  /**
   * The vector to store with a new or edited memory text, or null (no embedder, a job is running, or the model call
   * failed: that is logged). Never throws. Report the write with {@link noteStored} once it is saved.
   */
  async vectorForStorage(text: string, signal?: AbortSignal): Promise<number[] | null> {
    if (!this.configured()) return null;
    try {
      return await this.embedReady(text, signal);
    } catch (error) {
      this.options.log.warn('Embedding a memory failed; it is stored without a vector and embedded later', {
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  /**
   * Call after saving a memory text with `vector` (undefined = vector left as it was). A text saved without a vector
   * while an embedder is configured is backfilled by a background job started here (or by the running one).
   */
  noteStored(vector: number[] | null | undefined): void {
    if (vector !== null || !this.configured()) return;
    this.needsBackfill = true;
    this.sync();
  }

  /** The query vector for hybrid search, or null (no ready embedder, or the model call failed: logged). Never throws. */
  async vectorForQuery(text: string, signal?: AbortSignal): Promise<number[] | null> {
    try {
      return await this.embedReady(text, signal);
    } catch (error) {
      this.options.log.warn('Embedding the search query failed; using full-text search', {
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  /** Stops the running job at its next batch boundary and waits for it. */
  async dispose(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private setStatus(status: ReembedStatus): void {
    this.current = status;
    this.options.onStatus();
  }

  private async embedBatch(texts: string[], embedder: EmbedderConfig): Promise<number[][]> {
    const embed = this.options.embed;
    if (!embed) throw new Error('The memory plugin has no model permission, so it cannot compute embeddings.');
    const vectors = await embed(texts, embedder, this.abort.signal);
    if (vectors.length !== texts.length) {
      throw new Error(
        `Embedding model ${embedder.model} returned ${vectors.length} vectors for ${texts.length} texts.`,
      );
    }
    return vectors;
  }

  private async run(embedder: EmbedderConfig, migrate: boolean): Promise<void> {
    const { store, log } = this.options;
    const key = embedderKey(embedder);
    const batchSize = this.options.batchSize ?? 32;
    try {
      this.setStatus({
        state: 'reembedding',
        done: 0,
        total: migrate ? await store.count() : await store.countPendingVectors(),
      });
      if (migrate) {
        const [probe] = await this.embedBatch(['dimension probe'], embedder);
        const dimension = probe?.length ?? 0;
        if (dimension < 1) throw new Error(`Embedding model ${embedder.model} returned an empty vector.`);
        await store.resetVectors(dimension);
        this.identity = { model: embedder.model, baseUrl: embedder.baseUrl ?? null, dimension };
        const identity = this.identity;
        await this.options.sidecar.update(() => identity);
        log.info('Re-embedding memories for a new embedder', { model: embedder.model, dimension });
      }
      let done = 0;
      while (!this.abort.signal.aborted && embedderKey(this.configured() ?? { model: '' }) === key) {
        // Cleared before looking, so a memory saved without a vector from now on sets it again (see noteStored).
        this.needsBackfill = false;
        const batch = await store.pendingVectors(batchSize);
        if (batch.length === 0) break;
        const vectors = await this.embedBatch(
          batch.map((item) => item.text),
          embedder,
        );
        const updated = await store.setVectors(batch.map((item, i) => ({ ...item, vector: vectors[i] })));
        done += batch.length;
        this.setStatus({ state: 'reembedding', done, total: done + (await store.countPendingVectors()) });
        // Every row of the batch was edited meanwhile: the next sync picks them up instead of spinning here.
        if (updated === 0) break;
      }
      this.lastFailure = null;
    } catch (error) {
      this.needsBackfill = true;
      if (this.abort.signal.aborted) return;
      this.lastFailure = { key, at: Date.now() };
      log.warn('Embedding memories failed; search uses full text until it succeeds (retried later)', {
        model: embedder.model,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
