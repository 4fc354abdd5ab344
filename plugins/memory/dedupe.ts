// Near-duplicate detection for new memories: same normalized text, high word overlap, or near-identical vectors.
import type { MemoryStore } from './store';
import { jaccard } from './text';
import type { Memory } from './types';

/** Word-set Jaccard similarity at or above which a full-text hit counts as the same memory. */
export const JACCARD_MIN = 0.8;
/** Cosine similarity at or above which the nearest vector counts as the same memory. */
export const COSINE_MIN = 0.95;
/** Full-text hits whose word overlap is checked. */
const FTS_CANDIDATES = 3;

/** Why a new text was judged a duplicate of an existing memory. */
export type DuplicateReason =
  { type: 'same-text' } | { type: 'word-overlap'; jaccard: number } | { type: 'embedding'; similarity: number };

/** An existing memory the new text duplicates. */
export interface Duplicate {
  memory: Memory;
  reason: DuplicateReason;
}

/** Human-readable reason, e.g. `90% word overlap`. */
export function describeReason(reason: DuplicateReason): string {
  switch (reason.type) {
    case 'same-text':
      return 'same text';
    case 'word-overlap':
      return `${Math.round(reason.jaccard * 100)}% word overlap`;
    case 'embedding':
      return `cosine similarity ${reason.similarity.toFixed(2)}`;
  }
}

/**
 * Finds an unexpired memory that `text` duplicates, checking in order: equal normalized text; the best BM25 hits
 * with word-set Jaccard ≥ {@link JACCARD_MIN}; the nearest vector with cosine ≥ {@link COSINE_MIN} (when `vector`
 * is given). Resolves to null when none matches.
 */
export async function findDuplicate(
  store: MemoryStore,
  text: string,
  vector: number[] | null,
  now: number,
): Promise<Duplicate | null> {
  const same = await store.findSameText(text, now);
  if (same) return { memory: same, reason: { type: 'same-text' } };
  const hits = await store.searchText(text, { now, limit: FTS_CANDIDATES });
  let best: Duplicate | null = null;
  let bestOverlap = 0;
  for (const hit of hits) {
    const overlap = jaccard(text, hit.memory.text);
    if (overlap >= JACCARD_MIN && overlap > bestOverlap) {
      best = { memory: hit.memory, reason: { type: 'word-overlap', jaccard: overlap } };
      bestOverlap = overlap;
    }
  }
  if (best) return best;
  if (vector) {
    const near = await store.nearest(vector, 1 - COSINE_MIN, now);
    if (near) return { memory: near.memory, reason: { type: 'embedding', similarity: near.similarity } };
  }
  return null;
}
