// Plan panel store: the planner plugin's state via `plugin/call` (get, setDone, setActive, add, remove), re-fetched live.
import { create } from 'zustand';
import type { ErrorInfo, Result } from '../../preload/contract';
import { withItemDone } from '../features/planner/planModel';
import { plannerUi, type PlannerState } from '../../plugins/planner/contract';
import { reportError } from './notices';
import { callPlugin } from './pluginCall';
import { watchedSlice, type WatchedSlice } from './watched';

interface PlannerStore extends WatchedSlice {
  /** The planner's state as last fetched or returned by an edit; null before the first answer. */
  state: PlannerState | null;
  /** Why the planner cannot be used (plugin missing, disabled or failed: `not_found`), or null. */
  unavailable: string | null;
  /** Why the last fetch failed otherwise (shown with a retry), or null. */
  loadError: string | null;
  /** Fetches the state (`get`). */
  refresh(): Promise<void>;
  setDone(listId: string, itemId: string, done: boolean): Promise<void>;
  setActive(listId: string): Promise<void>;
  /** Appends an item to `listId` (default: the active list); resolves true when it was added. */
  add(text: string, listId?: string): Promise<boolean>;
  remove(itemId: string, listId?: string): Promise<void>;
}

/** Store of the shared plan. */
export const usePlanner = create<PlannerStore>()((set, get) => {
  /** Applies an edit's answer: the new state, or a toast and a re-fetch (the plan may have changed meanwhile). */
  const settle = async (action: string, r: Result<PlannerState>): Promise<boolean> => {
    if (r.ok) {
      set({ state: r.value, unavailable: null, loadError: null });
      return true;
    }
    reportError(action, r.error);
    await get().refresh();
    return false;
  };
  const fail = (error: ErrorInfo) =>
    error.code === 'not_found'
      ? set({ unavailable: error.message, loadError: null })
      : set({ loadError: error.message });

  return {
    state: null,
    unavailable: null,
    loadError: null,
    ...watchedSlice(set, get),
    async refresh() {
      const r = await callPlugin(plannerUi, 'get', {});
      if (r.ok) set({ state: r.value, unavailable: null, loadError: null });
      else fail(r.error);
    },
    async setDone(listId, itemId, done) {
      const current = get().state;
      if (current) set({ state: withItemDone(current, listId, itemId, done, new Date().toISOString()) });
      await settle(
        done ? 'Could not check the item' : 'Could not uncheck the item',
        await callPlugin(plannerUi, 'setDone', { list: listId, item: itemId, done }),
      );
    },
    async setActive(listId) {
      await settle('Could not make the list active', await callPlugin(plannerUi, 'setActive', { list: listId }));
    },
    async add(text, listId) {
      return settle(
        'Could not add the item',
        await callPlugin(plannerUi, 'add', listId === undefined ? { text } : { list: listId, text }),
      );
    },
    async remove(itemId, listId) {
      await settle(
        'Could not remove the item',
        await callPlugin(plannerUi, 'remove', listId === undefined ? { item: itemId } : { list: listId, item: itemId }),
      );
    },
  };
});
