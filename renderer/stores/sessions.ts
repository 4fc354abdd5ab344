// Session list store: load, live upserts from `session/updated`, rename, delete, fork.
import { create } from 'zustand';
import type { SessionSummary } from '../../preload/contract';
import { api } from '../api';
import { reportError } from './notices';
import { upsertSession } from './sessionList';

interface SessionsStore {
  items: SessionSummary[];
  loaded: boolean;
  query: string;
  setQuery(query: string): void;
  refresh(): Promise<void>;
  /** Applies a `session/updated` event: `summary: null` means the session is gone. */
  applyUpdate(sessionId: string, summary: SessionSummary | null): void;
  /** Renames; resolves true on success (failures show a toast). */
  rename(sessionId: string, title: string): Promise<boolean>;
  /** Deletes; resolves true on success. */
  remove(sessionId: string): Promise<boolean>;
  /** Forks the session (up to and including `uptoSeq`, default all); resolves with the new session, or null. */
  fork(sessionId: string, uptoSeq?: number): Promise<SessionSummary | null>;
}

/** Store of session summaries (unsorted; views sort with visibleSessions). */
export const useSessions = create<SessionsStore>()((set, get) => ({
  items: [],
  loaded: false,
  query: '',
  setQuery: (query) => set({ query }),
  async refresh() {
    const r = await api.invoke('session/list', {});
    if (r.ok) set({ items: r.value, loaded: true });
    else reportError('Could not load chats', r.error);
  },
  applyUpdate(sessionId, summary) {
    const items = get().items;
    set({ items: summary ? upsertSession(items, summary) : items.filter((s) => s.id !== sessionId) });
  },
  async rename(sessionId, title) {
    const r = await api.invoke('session/rename', { sessionId, title });
    if (!r.ok) {
      reportError('Could not rename the chat', r.error);
      return false;
    }
    get().applyUpdate(sessionId, r.value);
    return true;
  },
  async remove(sessionId) {
    const r = await api.invoke('session/delete', { sessionId });
    if (!r.ok) {
      reportError('Could not delete the chat', r.error);
      return false;
    }
    get().applyUpdate(sessionId, null);
    return true;
  },
  async fork(sessionId, uptoSeq) {
    const r = await api.invoke('session/fork', uptoSeq === undefined ? { sessionId } : { sessionId, uptoSeq });
    if (!r.ok) {
      reportError('Could not fork the chat', r.error);
      return null;
    }
    get().applyUpdate(r.value.id, r.value);
    return r.value;
  },
}));
