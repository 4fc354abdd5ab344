// Runtime status (provider, model, whether a model is configured, running sessions) from `runtime/status`.
import { create } from 'zustand';
import type { RuntimeStatus } from '../../preload/contract';
import { api } from '../api';

interface StatusStore {
  status: RuntimeStatus | null;
  /** "limit reached, resets at HH:MM" after a turn hit the ChatGPT plan's usage limit; null once a turn completes. */
  usageLimit: string | null;
  refresh(): Promise<void>;
  set(status: RuntimeStatus): void;
  /** Follows turn outcomes: a `usage_limit` error sets {@link StatusStore.usageLimit}, a completed turn clears it. */
  noteTurn(event: { type: string; code?: string; message?: string; stopReason?: string }): void;
}

/**
 * The status-bar text of a usage-limit error message ("ChatGPT usage limit reached (plus plan), resets at 14:05. …"):
 * `limit reached, resets at 14:05`, or `limit reached` when the message names no time.
 */
export function usageLimitText(message: string): string {
  const at = /resets at ([^.]+)/.exec(message)?.[1]?.trim();
  return at ? `limit reached, resets at ${at}` : 'limit reached';
}

/** Store of the latest runtime status; refreshed on connect and pushed by the `runtime/status` event. */
export const useStatus = create<StatusStore>()((set) => ({
  status: null,
  usageLimit: null,
  async refresh() {
    const r = await api.invoke('runtime/status', {});
    if (r.ok) set({ status: r.value });
  },
  set: (status) => set({ status }),
  noteTurn(event) {
    if (event.type === 'error' && event.code === 'usage_limit')
      set({ usageLimit: usageLimitText(event.message ?? '') });
    else if (event.type === 'turn_completed' && event.stopReason === 'completed') set({ usageLimit: null });
  },
}));
