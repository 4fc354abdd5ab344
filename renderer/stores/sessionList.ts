// Pure helpers for the session list: newest-first order, title search, upsert.
import type { SessionSummary } from '../../preload/contract';

/** Sessions whose title contains `query` (case-insensitive, trimmed), newest `updatedAt` first. */
export function visibleSessions(items: readonly SessionSummary[], query: string): SessionSummary[] {
  const q = query.trim().toLocaleLowerCase();
  const matches = q ? items.filter((s) => s.title.toLocaleLowerCase().includes(q)) : [...items];
  return matches.sort((a, b) =>
    a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : -1,
  );
}

/** Replaces the session with the same id, or adds it. */
export function upsertSession(items: readonly SessionSummary[], summary: SessionSummary): SessionSummary[] {
  const index = items.findIndex((s) => s.id === summary.id);
  if (index === -1) return [...items, summary];
  const next = [...items];
  next[index] = summary;
  return next;
}
