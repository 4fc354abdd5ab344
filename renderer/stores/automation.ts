// Running browser/desktop automation (from `automation/state` and `automation/activityChanged`) and the Stop action.
import { create } from 'zustand';
import type { AutomationActivity } from '../../preload/contract';
import { api } from '../api';

interface AutomationStore {
  /** Actions running now, oldest first. */
  running: AutomationActivity[];
  /** True between pressing Stop and the runtime's answer. */
  stopping: boolean;
  refresh(): Promise<void>;
  set(running: AutomationActivity[]): void;
  /** The kill switch: `automation/stop`; resolves to an error message, or null when it worked. */
  stop(): Promise<string | null>;
}

/** Store of the running automation actions; refreshed on connect and pushed by `automation/activityChanged`. */
export const useAutomation = create<AutomationStore>()((set) => ({
  running: [],
  stopping: false,
  async refresh() {
    const r = await api.invoke('automation/state', {});
    if (r.ok) set({ running: r.value.running });
  },
  set: (running) => set({ running }),
  async stop() {
    set({ stopping: true });
    const r = await api.invoke('automation/stop', {});
    set({ stopping: false });
    return r.ok ? null : `Stop automation failed: ${r.error.message}`;
  },
}));
