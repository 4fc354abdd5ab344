// Compact text renderings of memories for the model, slash commands and the context provider.
import type { Memory } from './types';

/** `YYYY-MM-DD` (UTC) of an epoch-ms instant. */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Provenance tag, e.g. `[mem_… · fact · from session s_… on 2026-11-20]` or `[mem_… · note · added 2026-11-20]`. */
export function provenance(memory: Memory): string {
  const at = formatDate(memory.source?.at ?? memory.createdAt);
  const origin = memory.source?.sessionId ? `from session ${memory.source.sessionId} on ${at}` : `added ${at}`;
  return `[${memory.id} · ${memory.kind} · ${origin}]`;
}

/** One line: provenance, text (newlines folded to spaces), then `#tags` and the expiry date when present. */
export function formatMemory(memory: Memory): string {
  const parts = [provenance(memory), memory.text.replace(/\s*\n\s*/g, ' ')];
  if (memory.tags.length > 0) parts.push(memory.tags.map((tag) => `#${tag}`).join(' '));
  if (memory.expiresAt !== null) parts.push(`(expires ${new Date(memory.expiresAt).toISOString()})`);
  return parts.join(' ');
}

/** `- ` bulleted lines of {@link formatMemory}, or `empty` when there are none. */
export function formatMemories(memories: Memory[], empty: string): string {
  return memories.length === 0 ? empty : memories.map((memory) => `- ${formatMemory(memory)}`).join('\n');
}
