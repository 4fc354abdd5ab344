// Memory panel store: the memory plugin's list, search, status, edit and delete via `plugin/call`, re-fetched live.
import { create } from 'zustand';
import type { ErrorInfo } from '../../preload/contract';
import {
  memoryUi,
  type Memory,
  type MemoryKind,
  type MemorySearchResult,
  type MemoryStatus,
} from '../../plugins/memory/contract';
import { useNotices, reportError } from './notices';
import { callPlugin } from './pluginCall';
import { watchedSlice, type WatchedSlice } from './watched';

/** Memories per page of the list (the plugin allows 1–100). */
export const MEMORY_PAGE_SIZE = 20;
/** Most search hits shown. */
export const MEMORY_SEARCH_LIMIT = 30;

interface MemoryStore extends WatchedSlice {
  status: MemoryStatus | null;
  /** The listed memories (pages loaded so far) and how many match the kind filter in all; null before the first answer. */
  list: { memories: Memory[]; total: number } | null;
  /** Kind filter of the list; null = all kinds. */
  kind: MemoryKind | null;
  /** The active search text ('' = show the list). */
  query: string;
  /** Hits for `query`, or null while none has come back. */
  results: MemorySearchResult | null;
  /** True while a list, search or status request is in flight. */
  loading: boolean;
  /** Why the plugin cannot be used (missing, disabled or failed: `not_found`), or null. */
  unavailable: string | null;
  /** Why the last fetch failed otherwise, or null. */
  loadError: string | null;
  /** Re-fetches status and the list (as many memories as are loaded) or the search. */
  refresh(): Promise<void>;
  setKind(kind: MemoryKind | null): Promise<void>;
  /** Searches for `query` (trimmed); an empty query goes back to the list. */
  search(query: string): Promise<void>;
  /** Loads the next page of the list. */
  loadMore(): Promise<void>;
  /** Saves an edit (`edit` params); resolves true on success. */
  edit(patch: { id: string; text?: string; kind?: MemoryKind; tags?: string[] }): Promise<boolean>;
  /** Deletes a memory; resolves true when it is gone. */
  remove(id: string): Promise<boolean>;
}

let requestToken = 0;

/** Replaces `memory` wherever it is shown (list and search hits). */
function replaceMemory(
  state: Pick<MemoryStore, 'list' | 'results'>,
  memory: Memory,
): Pick<MemoryStore, 'list' | 'results'> {
  return {
    list: state.list && { ...state.list, memories: state.list.memories.map((m) => (m.id === memory.id ? memory : m)) },
    results: state.results && {
      ...state.results,
      hits: state.results.hits.map((h) => (h.memory.id === memory.id ? { ...h, memory } : h)),
    },
  };
}

/** Store of the memory panel. */
export const useMemory = create<MemoryStore>()((set, get) => {
  const fail = (error: ErrorInfo) =>
    error.code === 'not_found'
      ? set({ unavailable: error.message, loadError: null })
      : set({ loadError: error.message });

  /** Fetches status plus the list (first `limit` memories) or the search; answers to superseded requests are dropped. */
  const load = async (limit: number) => {
    const token = ++requestToken;
    const { query, kind } = get();
    set({ loading: true });
    const fetchBody = async (): Promise<ErrorInfo | Partial<MemoryStore>> => {
      if (query) {
        const r = await callPlugin(memoryUi, 'search', { query, limit: MEMORY_SEARCH_LIMIT });
        return r.ok ? { results: r.value } : r.error;
      }
      const r = await callPlugin(memoryUi, 'list', kind ? { limit, offset: 0, kind } : { limit, offset: 0 });
      return r.ok ? { list: r.value } : r.error;
    };
    const [status, body] = await Promise.all([callPlugin(memoryUi, 'status', {}), fetchBody()]);
    if (token !== requestToken) return;
    set({ loading: false });
    if (!status.ok) return fail(status.error);
    if ('code' in body) return fail(body);
    set({ ...body, status: status.value, unavailable: null, loadError: null });
  };
  const loadedCount = () => Math.min(100, Math.max(MEMORY_PAGE_SIZE, get().list?.memories.length ?? 0));

  return {
    status: null,
    list: null,
    kind: null,
    query: '',
    results: null,
    loading: false,
    unavailable: null,
    loadError: null,
    ...watchedSlice(set, get),
    refresh: () => load(loadedCount()),
    async setKind(kind) {
      set({ kind, list: null });
      await load(MEMORY_PAGE_SIZE);
    },
    async search(query) {
      const q = query.trim();
      if (q === get().query) return;
      set({ query: q, results: null });
      await load(MEMORY_PAGE_SIZE);
    },
    async loadMore() {
      const { list, kind } = get();
      if (!list || list.memories.length >= list.total) return;
      const token = ++requestToken;
      const params = { limit: MEMORY_PAGE_SIZE, offset: list.memories.length, ...(kind ? { kind } : {}) };
      const r = await callPlugin(memoryUi, 'list', params);
      if (token !== requestToken) return;
      if (!r.ok) return reportError('Could not load more memories', r.error);
      const seen = new Set(list.memories.map((m) => m.id));
      set({
        list: {
          memories: [...list.memories, ...r.value.memories.filter((m) => !seen.has(m.id))],
          total: r.value.total,
        },
      });
    },
    async edit(patch) {
      const r = await callPlugin(memoryUi, 'edit', patch);
      if (!r.ok) {
        reportError('Could not save the memory', r.error);
        return false;
      }
      set(replaceMemory(get(), r.value));
      return true;
    },
    async remove(id) {
      const r = await callPlugin(memoryUi, 'delete', { id });
      if (!r.ok) {
        reportError('Could not delete the memory', r.error);
        return false;
      }
      if (!r.value.deleted) useNotices.getState().push('That memory was already gone.');
      const { list, results } = get();
      set({
        list: list && {
          memories: list.memories.filter((m) => m.id !== id),
          total: Math.max(0, list.total - (r.value.deleted ? 1 : 0)),
        },
        results: results && { ...results, hits: results.hits.filter((h) => h.memory.id !== id) },
      });
      return true;
    },
  };
});
