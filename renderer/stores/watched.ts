// The "refresh only while a panel shows it" part shared by plugin panel stores (Memory, Plan).

/** State and actions of a store whose data is re-fetched on live events only while a panel is mounted. */
export interface WatchedSlice {
  /** Number of mounted panels; live updates re-fetch only while one is shown. */
  watchers: number;
  /** Re-fetches only while a panel is shown (for live events). */
  refreshIfWatched(): Promise<void>;
  /** Registers a shown panel (fetching at once); returns the function that unregisters it. */
  watch(): () => void;
}

/** Builds the {@link WatchedSlice} for a zustand store whose `refresh()` fetches its data. */
export function watchedSlice(
  set: (partial: { watchers: number }) => void,
  get: () => { watchers: number; refresh(): Promise<void> },
): WatchedSlice {
  return {
    watchers: 0,
    async refreshIfWatched() {
      if (get().watchers > 0) await get().refresh();
    },
    watch() {
      set({ watchers: get().watchers + 1 });
      void get().refresh();
      return () => set({ watchers: Math.max(0, get().watchers - 1) });
    },
  };
}
