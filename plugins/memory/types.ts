// The memory plugin's data shapes and its config schema (settings.json → plugins.memory).
import { z } from 'zod';

/** What a memory is about. */
export const MemoryKind = z.enum(['fact', 'preference', 'event', 'note']);
/** One of {@link MemoryKind}'s values. */
export type MemoryKind = z.infer<typeof MemoryKind>;

/** Where a memory came from. Every field is nullable: `/remember` typed outside a session has no session. */
export interface MemorySource {
  sessionId: string | null;
  /** Turn that produced it (auto-archive). */
  turnId: string | null;
  /** The model's tool `call_id` (memory_add). */
  callId: string | null;
  /** When it was recorded, epoch ms. */
  at: number | null;
}

/** One stored memory. Times are epoch milliseconds (UTC). */
export interface Memory {
  /** `mem_` + time-sortable base36 id. */
  id: string;
  text: string;
  kind: MemoryKind;
  tags: string[];
  source: MemorySource | null;
  createdAt: number;
  updatedAt: number;
  /** After this instant the memory is never returned and is purged on the next activation; null = never. */
  expiresAt: number | null;
}

/** A search result: the memory and its rank score (BM25 `_score` for full text, RRF relevance for hybrid). */
export interface MemoryHit {
  memory: Memory;
  score: number;
}

/** How a search ran: `fts` = BM25 only; `hybrid` = vector + BM25 fused with reciprocal rank fusion. */
export type SearchMode = 'fts' | 'hybrid';

/** Background re-embedding progress (`done`/`total` in memories). */
export interface ReembedStatus {
  state: 'idle' | 'reembedding';
  done: number;
  total: number;
}

/** The embedding model used for hybrid search: an OpenAI-compatible `/embeddings` endpoint. */
export const EmbedderConfig = z.object({
  model: z.string().min(1),
  /** Defaults to the configured OpenAI account. */
  baseUrl: z.string().url().optional(),
});
/** Shape of {@link EmbedderConfig}. */
export type EmbedderConfig = z.infer<typeof EmbedderConfig>;

/**
 * The plugin's settings. `tokenBudget` is in tokens (≈4 characters each), `maxTextChars` in characters.
 * `minSimilarity` is the cosine similarity (0..1) a memory needs to count as a semantic match in hybrid search.
 */
export const MemoryConfig = z.object({
  embedder: EmbedderConfig.nullable().default(null),
  tokenBudget: z.number().int().min(0).default(800),
  autoArchive: z.boolean().default(false),
  maxTextChars: z.number().int().min(1).default(4000),
  minSimilarity: z.number().min(0).max(1).default(0.3),
});
/** Shape of {@link MemoryConfig} after defaults. */
export type MemoryConfig = z.infer<typeof MemoryConfig>;
