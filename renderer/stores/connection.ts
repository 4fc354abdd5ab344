// Link state to the runtime (connecting / connected / disconnected), mirrored from the transport.
import { create } from 'zustand';
import type { ConnectionState } from '../transport/types';

interface ConnectionStore {
  state: ConnectionState;
  set(state: ConnectionState): void;
}

/** Store of the transport's link state; sync.ts keeps it current. */
export const useConnection = create<ConnectionStore>()((set) => ({
  state: 'connecting',
  set: (state) => set({ state }),
}));
