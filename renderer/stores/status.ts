// Runtime status (provider, model, whether a model is configured, running sessions) from `runtime/status`.
import { create } from 'zustand';
import type { RuntimeStatus } from '../../preload/contract';
import { api } from '../api';

interface StatusStore {
  status: RuntimeStatus | null;
  refresh(): Promise<void>;
  set(status: RuntimeStatus): void;
}

/** Store of the latest runtime status; refreshed on connect and pushed by the `runtime/status` event. */
export const useStatus = create<StatusStore>()((set) => ({
  status: null,
  async refresh() {
    const r = await api.invoke('runtime/status', {});
    if (r.ok) set({ status: r.value });
  },
  set: (status) => set({ status }),
}));
