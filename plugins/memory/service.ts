// MemoryService: the memory operations tools, commands, the context provider and the UI call (validation included).
import type { Logger } from '../sdk';
import { describeReason, findDuplicate } from './dedupe';
import { EmbedderManager, type EmbedFn } from './embedder';
import type { Sidecar } from './sidecar';
import { InvalidMemoryIdError } from './errors';
import type { MemoryStore } from './store';
import { MAX_LIMIT, MEMORY_ID_PATTERN, type AddOutcome } from './contract';
import { newMemoryId } from './text';
import type { Memory, MemoryConfig, MemoryHit, MemoryKind, MemorySource, ReembedStatus, SearchMode } from './types';

/** Longest search query used (characters); longer text (e.g. a pasted document as the user message) is cut. */
export const QUERY_MAX_CHARS = 1000;
/** Most tags per memory, and most characters per tag. */
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 50;

/** Input the user or model must fix (empty or too long text, bad date, bad id, unknown memory). Message says how. */
export class MemoryInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryInputError';
  }
}

/** What {@link MemoryService.open} needs. */
export interface MemoryServiceOptions {
  dataDir: string;
  /** The embedder identity of the stored vectors (`openSidecar(ctx.state)`, sidecar.ts). */
  sidecar: Sidecar;
  /** The plugin config, read on each operation (settings changes apply at once). */
  config: () => MemoryConfig;
  /** null when the plugin has no `model` permission. */
  embed: EmbedFn | null;
  log: Logger;
  /** Clock in epoch ms (default Date.now). */
  now?: () => number;
  /** Re-embedding batch size (default 32). */
  batchSize?: number;
}

/** A new memory: `expiresAt` is ISO 8601 (must be in the future); `source` records provenance. */
export interface AddInput {
  text: string;
  kind?: MemoryKind;
  tags?: string[];
  expiresAt?: string | null;
  source: MemorySource | null;
}

/** Fields to change on one memory; `expiresAt: null` removes the expiry. */
export interface EditInput {
  id: string;
  text?: string;
  kind?: MemoryKind;
  tags?: string[];
  expiresAt?: string | null;
}

/** Search hits, best first, and whether vectors took part. */
export interface SearchResult {
  hits: MemoryHit[];
  mode: SearchMode;
}

function clampLimit(limit: number | undefined, fallback: number): number {
  return Math.max(1, Math.min(MAX_LIMIT, Math.trunc(limit ?? fallback)));
}

/** The open table and the embedder lifecycle that works on it. */
interface OpenStore {
  store: MemoryStore;
  embedder: EmbedderManager;
}

const IDLE_STATUS: ReembedStatus = { state: 'idle', done: 0, total: 0 };

/**
 * The memory operations over one data directory. Create with {@link MemoryService.open}; dispose with close().
 * The LanceDB table (and the LanceDB and Arrow libraries) load on the first operation that needs it, not at open:
 * commands that never touch memory do not pay for them.
 */
export class MemoryService {
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private opening: Promise<OpenStore> | null = null;
  private opened: OpenStore | null = null;
  private closed = false;

  private constructor(private readonly options: MemoryServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * A service over `dataDir` that reads nothing yet: the first operation opens the store, purges expired memories,
   * compacts in the background and starts re-embedding if the configured embedder changed. That operation (and
   * every later one) rejects with `MemoryDatasetError` when the existing dataset is damaged (left untouched).
   */
  static create(options: MemoryServiceOptions): MemoryService {
    return new MemoryService(options);
  }

  /**
   * A service with its store open now (see {@link create}). Throws `MemoryDatasetError` when the existing dataset is
   * damaged (left untouched).
   */
  static async open(options: MemoryServiceOptions): Promise<MemoryService> {
    const service = new MemoryService(options);
    await service.use();
    return service;
  }

  /** The open store, opening it on first use; a failed open fails every later call the same way. */
  private use(): Promise<OpenStore> {
    if (this.closed) return Promise.reject(new Error('The memory store is closed.'));
    this.opening ??= this.openStore();
    return this.opening;
  }

  private async store(): Promise<MemoryStore> {
    return (await this.use()).store;
  }

  private async embedder(): Promise<EmbedderManager> {
    return (await this.use()).embedder;
  }

  private async openStore(): Promise<OpenStore> {
    const { log } = this.options;
    const onMaintenanceError = (error: unknown) =>
      log.warn('Compacting the memory table failed; it is retried after later writes', { error: String(error) });
    const { MemoryStore } = await import('./store');
    const store = await MemoryStore.open(this.options.dataDir, onMaintenanceError);
    try {
      const embedder = EmbedderManager.create({
        store,
        sidecar: this.options.sidecar,
        configured: () => this.options.config().embedder,
        embed: this.options.embed,
        log,
        onStatus: () => this.emit(),
        batchSize: this.options.batchSize,
      });
      store.onChange(() => this.emit());
      const purged = await store.purgeExpired(this.now());
      if (purged > 0) log.info('Purged expired memories', { count: purged });
      // Small fragments from earlier sessions' writes are merged in the background (writes queue behind it).
      store.optimize().catch(onMaintenanceError);
      embedder.sync();
      this.opened = { store, embedder };
      return this.opened;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  private emit(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.log.warn('A memory change listener threw; the change itself was saved', { error: String(error) });
      }
    }
  }

  /** Subscribes to any change: memories added/edited/deleted/purged, or re-embedding progress. Returns unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-embedding progress: `{state: 'idle'|'reembedding', done, total}` (memories). */
  status(): ReembedStatus {
    return this.opened?.embedder.status() ?? IDLE_STATUS;
  }

  /** How a search would run right now: `hybrid` when an embedder is configured, its vectors match and no job runs; else `fts`. */
  searchMode(): SearchMode {
    return this.opened?.embedder.ready() ? 'hybrid' : 'fts';
  }

  /** Resolves when background re-embedding (if any) has finished. */
  async idle(): Promise<void> {
    await (await this.embedder()).idle();
  }

  private checkText(raw: string): string {
    const text = raw.trim();
    const max = this.options.config().maxTextChars;
    if (text === '')
      throw new MemoryInputError(
        'The memory text is empty: give the fact, preference or event to remember in one or two sentences.',
      );
    if (text.length > max) {
      throw new MemoryInputError(
        `The memory text is ${text.length} characters; the limit is ${max} (plugins.memory.maxTextChars). ` +
          'Keep only the durable fact, or split it into several shorter memories.',
      );
    }
    return text;
  }

  private checkExpiry(value: string | null | undefined): number | null | undefined {
    if (value === undefined || value === null) return value;
    const at = Date.parse(value);
    if (Number.isNaN(at))
      throw new MemoryInputError(`expiresAt "${value}" is not an ISO 8601 date-time; use e.g. 2026-12-31T18:00:00Z.`);
    if (at <= this.now())
      throw new MemoryInputError(`expiresAt ${value} is in the past; give a future date-time or leave it out.`);
    return at;
  }

  private checkTags(tags: string[] | undefined): string[] | undefined {
    if (tags === undefined) return undefined;
    const clean = [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
    if (clean.length > MAX_TAGS)
      throw new MemoryInputError(`A memory takes at most ${MAX_TAGS} tags; ${clean.length} were given.`);
    const long = clean.find((tag) => tag.length > MAX_TAG_CHARS);
    if (long)
      throw new MemoryInputError(
        `Tag "${long.slice(0, 20)}…" is longer than ${MAX_TAG_CHARS} characters; use a short keyword.`,
      );
    return clean;
  }

  private checkId(id: string): string {
    const trimmed = id.trim();
    if (!MEMORY_ID_PATTERN.test(trimmed)) throw new MemoryInputError(new InvalidMemoryIdError(trimmed).message);
    return trimmed;
  }

  /** A live (unexpired) memory by id; throws MemoryInputError when the id is malformed or unknown. */
  async get(id: string): Promise<Memory> {
    const memory = await (await this.store()).get(this.checkId(id));
    if (!memory || (memory.expiresAt !== null && memory.expiresAt <= this.now())) {
      throw new MemoryInputError(`No memory has id ${id.trim()}; list or search the memories to see the current ids.`);
    }
    return memory;
  }

  /**
   * Stores a memory, or updates the existing one it near-duplicates (see dedupe.ts): the newer text, kind and expiry
   * win, tags are merged, the source becomes the latest. Throws MemoryInputError for invalid input.
   */
  async add(input: AddInput, signal?: AbortSignal): Promise<AddOutcome> {
    const text = this.checkText(input.text);
    const tags = this.checkTags(input.tags) ?? [];
    const expiresAt = this.checkExpiry(input.expiresAt);
    const { store, embedder } = await this.use();
    embedder.sync();
    const now = this.now();
    const vector = await embedder.vectorForStorage(text, signal);
    const duplicate = await findDuplicate(store, text, vector, now);
    if (duplicate) {
      const existing = duplicate.memory;
      const memory: Memory = {
        ...existing,
        text,
        kind: input.kind ?? existing.kind,
        tags: [...new Set([...existing.tags, ...tags])].slice(0, MAX_TAGS),
        expiresAt: expiresAt === undefined ? existing.expiresAt : expiresAt,
        source: input.source ?? existing.source,
        updatedAt: Math.max(now, existing.updatedAt + 1),
      };
      const stored = text === existing.text ? undefined : vector;
      await store.replace({ memory, vector: stored });
      embedder.noteStored(stored);
      return { action: 'updated', memory, reason: describeReason(duplicate.reason) };
    }
    const memory: Memory = {
      id: newMemoryId(now),
      text,
      kind: input.kind ?? 'note',
      tags,
      source: input.source,
      createdAt: now,
      updatedAt: now,
      expiresAt: expiresAt ?? null,
    };
    await store.insert([{ memory, vector }]);
    embedder.noteStored(vector);
    return { action: 'added', memory };
  }

  /** Changes the given fields of one memory; returns it as saved. Throws MemoryInputError for bad input or unknown id. */
  async edit(input: EditInput, signal?: AbortSignal): Promise<Memory> {
    const existing = await this.get(input.id);
    const text = input.text === undefined ? existing.text : this.checkText(input.text);
    const tags = this.checkTags(input.tags) ?? existing.tags;
    const expiresAt = this.checkExpiry(input.expiresAt);
    const { store, embedder } = await this.use();
    embedder.sync();
    const textChanged = text !== existing.text;
    const vector = textChanged ? await embedder.vectorForStorage(text, signal) : undefined;
    const memory: Memory = {
      ...existing,
      text,
      kind: input.kind ?? existing.kind,
      tags,
      expiresAt: expiresAt === undefined ? existing.expiresAt : expiresAt,
      updatedAt: Math.max(this.now(), existing.updatedAt + 1),
    };
    if (!(await store.replace({ memory, vector }))) {
      throw new MemoryInputError(`Memory ${existing.id} was deleted meanwhile; nothing was changed.`);
    }
    embedder.noteStored(vector);
    return memory;
  }

  /** Deletes one memory and returns what it was. Throws MemoryInputError for a malformed or unknown id. */
  async delete(id: string): Promise<Memory> {
    const memory = await this.get(id);
    if (!(await (await this.store()).delete(memory.id)))
      throw new MemoryInputError(`Memory ${memory.id} was already deleted.`);
    return memory;
  }

  /** Live memories, most recently updated first (`limit` default 20, max 100), and the total count. */
  async list(
    options: { kind?: MemoryKind; limit?: number; offset?: number } = {},
  ): Promise<{ memories: Memory[]; total: number }> {
    return (await this.store()).list({
      now: this.now(),
      kind: options.kind,
      limit: clampLimit(options.limit, 20),
      offset: Math.max(0, Math.trunc(options.offset ?? 0)),
    });
  }

  /**
   * Searches live memories: hybrid (vectors within `minSimilarity` + BM25, fused with RRF) when an embedder is
   * configured and idle, otherwise BM25 full text. An empty query returns no hits. `limit` default 10, max 100.
   */
  async search(
    query: string,
    options: { kind?: MemoryKind; limit?: number } = {},
    signal?: AbortSignal,
  ): Promise<SearchResult> {
    const text = query.trim().slice(0, QUERY_MAX_CHARS);
    if (text === '') return { hits: [], mode: 'fts' };
    const { store, embedder } = await this.use();
    embedder.sync();
    const filter = { now: this.now(), kind: options.kind, limit: clampLimit(options.limit, 10) };
    const vector = await embedder.vectorForQuery(text, signal);
    if (vector) {
      const maxDistance = 1 - this.options.config().minSimilarity;
      return { hits: await store.searchHybrid(text, vector, { ...filter, maxDistance }), mode: 'hybrid' };
    }
    return { hits: await store.searchText(text, filter), mode: 'fts' };
  }

  /** Stops background work and closes the table. */
  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const open = await this.opening?.catch(() => null);
    if (!open) return;
    await open.embedder.dispose();
    await open.store.close();
  }
}
