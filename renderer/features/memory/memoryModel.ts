// Pure Memory panel logic: tag parsing, edit patches, labels, and the memories a turn's context receipt used.
import type { ContextReceiptEntry } from '../../../preload/contract';
import { InjectedMemory, type Memory, type MemoryKind, type SearchMode } from '../../../plugins/memory/contract';

/** Every memory kind in the order the panel offers them. */
export const MEMORY_KINDS: readonly MemoryKind[] = ['fact', 'preference', 'event', 'note'];

/** Provider id of the memory plugin's context provider (its receipts carry `detail.memories`). */
export const MEMORY_PROVIDER_ID = 'memory';

/** What the user typed in the inline editor. `tags` is the raw comma-separated text. */
export interface MemoryDraft {
  text: string;
  kind: MemoryKind;
  tags: string;
}

/** Splits comma-separated tags: trimmed, lower-cased (as the plugin stores them), empty ones and repeats dropped. */
export function parseTags(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
}

/** The editor's starting values for `memory`. */
export function draftFromMemory(memory: Memory): MemoryDraft {
  return { text: memory.text, kind: memory.kind, tags: memory.tags.join(', ') };
}

/**
 * The `edit` params for what changed between `memory` and `draft`: `{id}` plus only the changed fields (`text`
 * trimmed; `tags` compared as parsed lists), or null when nothing changed. Throws nothing; an empty text is
 * returned as is so the plugin's validation message reaches the user.
 */
export function editPatch(
  memory: Memory,
  draft: MemoryDraft,
): { id: string; text?: string; kind?: MemoryKind; tags?: string[] } | null {
  const patch: { id: string; text?: string; kind?: MemoryKind; tags?: string[] } = { id: memory.id };
  const text = draft.text.trim();
  if (text !== memory.text) patch.text = text;
  if (draft.kind !== memory.kind) patch.kind = draft.kind;
  const tags = parseTags(draft.tags);
  if (tags.length !== memory.tags.length || tags.some((t, i) => t !== memory.tags[i])) patch.tags = tags;
  return Object.keys(patch).length > 1 ? patch : null;
}

/** How searches run, for the status line. */
export function searchModeLabel(mode: SearchMode): string {
  return mode === 'hybrid' ? 'hybrid search (text + embeddings)' : 'full-text search';
}

/** A search score for display: 3 significant digits (BM25 scores run to tens, RRF scores are below 0.1). */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? String(Number(score.toPrecision(3))) : '–';
}

/**
 * The memories a context receipt entry says were injected: `detail.memories` of the `memory` provider, checked
 * item by item (malformed ones are skipped). Any other provider, or an entry without detail, gives [].
 */
export function receiptMemories(entry: ContextReceiptEntry): InjectedMemory[] {
  if (entry.providerId !== MEMORY_PROVIDER_ID) return [];
  const detail = entry.detail;
  if (typeof detail !== 'object' || detail === null) return [];
  const list = (detail as { memories?: unknown }).memories;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m) => {
    const parsed = InjectedMemory.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });
}
