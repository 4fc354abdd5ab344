// The memory plugin's UI contract: the shapes its `plugin/call` methods take and return. Zod only: the renderer imports it.
import { z } from 'zod';
import { MEMORY_KINDS } from './constants';

/** The plugin id the UI calls (`plugin/call` pluginId). */
export const MEMORY_PLUGIN_ID = 'memory';

/** A memory id: `mem_` + a time-sortable base36 string. */
export const MEMORY_ID_PATTERN = /^mem_[a-z0-9]{4,40}$/;

/** Most memories one `list` or `search` returns. */
export const MAX_LIMIT = 100;

/** What a memory is about. */
export const MemoryKind = z.enum(MEMORY_KINDS);
/** One of {@link MemoryKind}'s values. */
export type MemoryKind = z.infer<typeof MemoryKind>;

/**
 * Where a memory came from. Every field is nullable: `/remember` typed outside a session has no session. `turnId`:
 * the turn that produced it (auto-archive); `callId`: the model's tool call (memory_add); `at`: when, epoch ms.
 */
export const MemorySource = z.object({
  sessionId: z.string().nullable(),
  turnId: z.string().nullable(),
  callId: z.string().nullable(),
  at: z.number().nullable(),
});
/** Shape of {@link MemorySource}. */
export type MemorySource = z.infer<typeof MemorySource>;

/**
 * One stored memory. `id` is `mem_` + a time-sortable base36 string; times are epoch milliseconds (UTC); after
 * `expiresAt` the memory is never returned and is purged on the next activation (null = never).
 */
export const Memory = z.object({
  id: z.string(),
  text: z.string(),
  kind: MemoryKind,
  tags: z.array(z.string()),
  source: MemorySource.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number().nullable(),
});
/** Shape of {@link Memory}. */
export type Memory = z.infer<typeof Memory>;

/** How a search ran: `fts` = BM25 only; `hybrid` = vector + BM25 fused with reciprocal rank fusion. */
export const SearchMode = z.enum(['fts', 'hybrid']);
/** One of {@link SearchMode}'s values. */
export type SearchMode = z.infer<typeof SearchMode>;

/** A search result: the memory and its rank score (BM25 `_score` for full text, RRF relevance for hybrid). */
export const MemoryHit = z.object({ memory: Memory, score: z.number() });
/** Shape of {@link MemoryHit}. */
export type MemoryHit = z.infer<typeof MemoryHit>;

/** One memory a turn's recall injected, as the memory provider's receipt `detail.memories` lists it. */
export const InjectedMemory = z.object({
  id: z.string(),
  text: z.string(),
  kind: MemoryKind,
  score: z.number(),
  source: MemorySource.nullable(),
});
/** Shape of {@link InjectedMemory}. */
export type InjectedMemory = z.infer<typeof InjectedMemory>;

const Id = z
  .string()
  .trim()
  .regex(MEMORY_ID_PATTERN, 'is not a memory id; ids look like mem_0abc123xyz4567 (see memory list)');
const Limit = z.number().int().min(1).max(MAX_LIMIT);
/** An ISO 8601 date-time in the future (checked by the service); null removes an expiry. */
const ExpiresAt = z.string().nullable();

/** `list` params: filter by kind; page with `limit` (1–100, default 20) and `offset` (default 0). */
export const ListParams = z.strictObject({
  kind: MemoryKind.optional(),
  limit: Limit.optional(),
  offset: z.number().int().min(0).optional(),
});
/** `search` params: `query` (non-empty; longer than 1,000 characters is cut), `limit` (1–100, default 10), `kind`. */
export const SearchParams = z.strictObject({
  query: z.string().trim().min(1, 'is empty; give words to look for'),
  limit: Limit.optional(),
  kind: MemoryKind.optional(),
});
/** `get` and `delete` params. */
export const IdParams = z.strictObject({ id: Id });
/** `add` params: `kind` defaults to note; `expiresAt` is ISO 8601 and must be in the future. */
export const AddParams = z.strictObject({
  text: z.string(),
  kind: MemoryKind.optional(),
  tags: z.array(z.string()).optional(),
  expiresAt: ExpiresAt.optional(),
});
/** `edit` params: the fields to change (`tags` replaces all tags; `expiresAt: null` removes the expiry). */
export const EditParams = z.strictObject({
  id: Id,
  text: z.string().optional(),
  kind: MemoryKind.optional(),
  tags: z.array(z.string()).optional(),
  expiresAt: ExpiresAt.optional(),
});
/** `status` takes no params (`{}` or nothing). */
export const StatusParams = z.strictObject({});

/** `list` answer: one page of live memories (most recently updated first) and how many match in all. */
export const MemoryListResult = z.object({ memories: z.array(Memory), total: z.number().int().nonnegative() });
/** Shape of {@link MemoryListResult}. */
export type MemoryListResult = z.infer<typeof MemoryListResult>;

/** `search` answer: hits best first with their rank score, and the mode used. */
export const MemorySearchResult = z.object({ hits: z.array(MemoryHit), mode: SearchMode });
/** Shape of {@link MemorySearchResult}. */
export type MemorySearchResult = z.infer<typeof MemorySearchResult>;

/** `add` answer: the memory added, or the near-duplicate it updated (with why). */
export const AddOutcome = z.discriminatedUnion('action', [
  z.object({ action: z.literal('added'), memory: Memory }),
  z.object({ action: z.literal('updated'), memory: Memory, reason: z.string() }),
]);
/** Shape of {@link AddOutcome}. */
export type AddOutcome = z.infer<typeof AddOutcome>;

/** Background re-embedding progress (`done`/`total` in memories). */
export const ReembedStatus = z.object({
  state: z.enum(['idle', 'reembedding']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
/** Shape of {@link ReembedStatus}. */
export type ReembedStatus = z.infer<typeof ReembedStatus>;

/** `status` answer: re-embedding progress, how searches run now, and how many live memories exist. */
export const MemoryStatus = ReembedStatus.extend({ mode: SearchMode, count: z.number().int().nonnegative() });
/** Shape of {@link MemoryStatus}. */
export type MemoryStatus = z.infer<typeof MemoryStatus>;

/** `delete` answer: false when no memory had that id. */
export const MemoryDeleteResult = z.object({ deleted: z.boolean() });
/** Shape of {@link MemoryDeleteResult}. */
export type MemoryDeleteResult = z.infer<typeof MemoryDeleteResult>;

/**
 * The UI methods (`plugin/call` with pluginId {@link MEMORY_PLUGIN_ID}): each method's params and result schema.
 * The plugin's rpc.ts implements exactly these; the renderer's typed `plugin/call` helper checks answers against them.
 */
export const memoryUi = {
  pluginId: MEMORY_PLUGIN_ID,
  methods: {
    list: { params: ListParams, result: MemoryListResult },
    search: { params: SearchParams, result: MemorySearchResult },
    get: { params: IdParams, result: Memory },
    add: { params: AddParams, result: AddOutcome },
    edit: { params: EditParams, result: Memory },
    delete: { params: IdParams, result: MemoryDeleteResult },
    status: { params: StatusParams, result: MemoryStatus },
  },
} as const;
