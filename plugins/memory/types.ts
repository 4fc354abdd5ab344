// The memory plugin's data shapes and its config schema (settings.json → plugins.memory).
import { z } from 'zod';

// The data shapes shared with the UI live in contract.ts (zod only, importable by the renderer).
export { Memory, MemoryHit, MemoryKind, MemorySource, ReembedStatus, SearchMode } from './contract';

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
