// Pure text helpers for memories: normalization, token sets, Jaccard overlap, token estimates and ids.
import { createHash, randomBytes } from 'node:crypto';

/** Lowercased NFKC text with every run of non-letters/digits collapsed to one space, trimmed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The set of words in {@link normalizeText}(text). */
export function tokenSet(text: string): Set<string> {
  const normalized = normalizeText(text);
  return new Set(normalized === '' ? [] : normalized.split(' '));
}

/** Jaccard similarity |A∩B| / |A∪B| of two texts' word sets, in 0..1 (0 when both are empty). */
export function jaccard(a: string, b: string): number {
  const setA = tokenSet(a);
  const setB = tokenSet(b);
  if (setA.size === 0 && setB.size === 0) return 0;
  let shared = 0;
  for (const token of setA) if (setB.has(token)) shared += 1;
  return shared / (setA.size + setB.size - shared);
}

/** Hex digest (32 chars) identifying a text up to {@link normalizeText}: equal digests = duplicate text. */
export function textKey(text: string): string {
  return createHash('sha256').update(normalizeText(text)).digest('hex').slice(0, 32);
}

/** Token estimate for prompt budgeting: ≈4 characters per token, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A new memory id: `mem_` + 9 base36 digits of epoch ms (sorts by time) + 8 random base36 characters. */
export function newMemoryId(now: number = Date.now()): string {
  const random = BigInt(`0x${randomBytes(6).toString('hex')}`)
    .toString(36)
    .padStart(8, '0')
    .slice(-8);
  return `mem_${now.toString(36).padStart(9, '0')}${random}`;
}

/** Cosine similarity of two equal-length vectors, in -1..1 (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
