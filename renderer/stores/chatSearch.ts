// Search in the content of every chat (`session/search`) for the sidebar: the latest answer for the latest query.
import { create } from 'zustand';
import type { SessionSearchHit } from '../../preload/contract';
import { api } from '../api';

/** Shortest query (characters, trimmed) searched in message content; shorter ones only filter titles. */
export const MIN_CONTENT_QUERY = 2;

interface ChatSearchStore {
  /** The query `hits` answer ('' = none). */
  query: string;
  hits: SessionSearchHit[];
  truncated: boolean;
  loading: boolean;
  error: string | null;
  /** Searches message content for `query`; a shorter query than {@link MIN_CONTENT_QUERY} clears the hits. */
  search(query: string): Promise<void>;
}

let token = 0;

/** Store of the content search. Answers to superseded queries are dropped. */
export const useChatSearch = create<ChatSearchStore>()((set) => ({
  query: '',
  hits: [],
  truncated: false,
  loading: false,
  error: null,
  async search(query) {
    const q = query.trim();
    const mine = ++token;
    if (q.length < MIN_CONTENT_QUERY) {
      set({ query: '', hits: [], truncated: false, loading: false, error: null });
      return;
    }
    set({ loading: true });
    const r = await api.invoke('session/search', { query: q, limit: 50 });
    if (mine !== token) return;
    if (r.ok) set({ query: q, hits: r.value.hits, truncated: r.value.truncated, loading: false, error: null });
    else set({ query: q, hits: [], truncated: false, loading: false, error: r.error.message });
  },
}));
