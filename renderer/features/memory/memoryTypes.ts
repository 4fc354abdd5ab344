// The memory plugin's UI shapes (plugins/memory/types.ts, rpc.ts) as the Memory panel checks them; the renderer cannot import plugins.
import { z } from 'zod';

/** What a memory is about. */
export const MemoryKind = z.enum(['fact', 'preference', 'event', 'note']);
/** One of {@link MemoryKind}'s values. */
export type MemoryKind = z.infer<typeof MemoryKind>;

/** Where a memory came from (each field null when unknown, e.g. `/remember` outside a chat); `at` is epoch ms. */
export const MemorySource = z.object({
  sessionId: z.string().nullable(),
  turnId: z.string().nullable(),
  callId: z.string().nullable(),
  at: z.number().nullable(),
});
/** Shape of {@link MemorySource}. */
export type MemorySource = z.infer<typeof MemorySource>;

/** One stored memory; times are epoch milliseconds (`expiresAt` null = never). */
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

/** `list` answer: one page of live memories (most recently updated first) and how many match in all. */
export const MemoryListResult = z.object({ memories: z.array(Memory), total: z.number().int().nonnegative() });
/** Shape of {@link MemoryListResult}. */
export type MemoryListResult = z.infer<typeof MemoryListResult>;

/** How searches run: `fts` = full text (BM25) only, `hybrid` = full text plus embeddings. */
export const SearchMode = z.enum(['fts', 'hybrid']);
/** One of {@link SearchMode}'s values. */
export type SearchMode = z.infer<typeof SearchMode>;

/** `search` answer: hits best first with their rank score, and the mode used. */
export const MemorySearchResult = z.object({
  hits: z.array(z.object({ memory: Memory, score: z.number() })),
  mode: SearchMode,
});
/** Shape of {@link MemorySearchResult}. */
export type MemorySearchResult = z.infer<typeof MemorySearchResult>;

/** `status` answer: re-embedding progress (`done`/`total` memories), search mode, live memory count. */
export const MemoryStatus = z.object({
  state: z.enum(['idle', 'reembedding']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  mode: SearchMode,
  count: z.number().int().nonnegative(),
});
/** Shape of {@link MemoryStatus}. */
export type MemoryStatus = z.infer<typeof MemoryStatus>;

/** `delete` answer: false when no memory had that id. */
export const MemoryDeleteResult = z.object({ deleted: z.boolean() });

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
