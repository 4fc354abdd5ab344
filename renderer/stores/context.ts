// Context providers for the context panel: `context/list`, re-fetched on `context/updated`; per-provider switch.
import { create } from 'zustand';
import type { ContextProviderInfo } from '../../preload/contract';
import { api } from '../api';
import { reportError } from './notices';

interface ContextStore {
  providers: ContextProviderInfo[];
  loaded: boolean;
  /** Fetches `context/list`; calls while a fetch runs lead to exactly one more fetch after it. */
  refresh(): Promise<void>;
  setEnabled(providerId: string, enabled: boolean): Promise<void>;
}

let inFlight: Promise<void> | null = null;
let again = false;

/** Store of context providers. */
export const useContextProviders = create<ContextStore>()((set, get) => ({
  providers: [],
  loaded: false,
  async refresh() {
    // A turn notifies once per provider: calls during a fetch fold into one more fetch after it.
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        const r = await api.invoke('context/list', {});
        if (r.ok) set({ providers: r.value, loaded: true });
      } while (again);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  },
  async setEnabled(providerId, enabled) {
    const before = get().providers;
    set({ providers: before.map((p) => (p.id === providerId ? { ...p, enabled } : p)) });
    const r = await api.invoke('context/setEnabled', { providerId, enabled });
    if (r.ok) set({ providers: r.value });
    else {
      set({ providers: before });
      reportError('Could not switch the context provider', r.error);
    }
  },
}));
