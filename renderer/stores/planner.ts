// Plan panel store: the open chat's view of the planner via `plugin/call` (get, setDone, setActive, pin, add, remove),
// re-fetched live and when the chat changes.
import { create } from 'zustand';
import type { ErrorInfo, Result } from '../../preload/contract';
import { withItemDone } from '../features/planner/planModel';
import { plannerUi, type PlannerState } from '../../plugins/planner/contract';
import { reportError } from './notices';
import { callPlugin } from './pluginCall';
import { watchedSlice, type WatchedSlice } from './watched';

interface PlannerStore extends WatchedSlice {
  /** The chat whose plan is shown (its own active plan, else the pinned one); null for a new chat. */
  sessionId: string | null;
  /** The planner's state as last fetched or returned by an edit; null before the first answer. */
  state: PlannerState | null;
  /** Why the planner cannot be used (plugin missing, disabled or failed: `not_found`), or null. */
  unavailable: string | null;
  /** Why the last fetch failed otherwise (shown with a retry), or null. */
  loadError: string | null;
  /** Fetches the state (`get`). */
  refresh(): Promise<void>;
  /** Shows the plan of chat `sessionId` (re-fetching while a panel shows it). */
  setSession(sessionId: string | null): void;
  setDone(listId: string, itemId: string, done: boolean): Promise<void>;
  /** Makes `listId` the chat's active plan (without a chat: pins it). */
  setActive(listId: string): Promise<void>;
  /** Pins `listId` as the plan every chat without its own shows; null unpins. */
  pin(listId: string | null): Promise<void>;
  /** Appends an item to `listId` (default: the active list); resolves true when it was added. */
  add(text: string, listId?: string): Promise<boolean>;
  remove(itemId: string, listId?: string): Promise<void>;
}

/** Store of the Plan panel: the open chat's plan. */
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

  const sessionId = () => get().sessionId;
  return {
    sessionId: null,
    state: null,
    unavailable: null,
    loadError: null,
    ...watchedSlice(set, get),
    async refresh() {
      const asked = sessionId();
      const r = await callPlugin(plannerUi, 'get', { sessionId: asked });
      if (asked !== sessionId()) return; // the chat changed meanwhile; its own fetch answers
      if (r.ok) set({ state: r.value, unavailable: null, loadError: null });
      else fail(r.error);
    },
    setSession(id) {
      if (id === get().sessionId) return;
      set({ sessionId: id });
      void get().refreshIfWatched();
    },
    async setDone(listId, itemId, done) {
      const current = get().state;
      if (current) set({ state: withItemDone(current, listId, itemId, done, new Date().toISOString()) });
      await settle(
        done ? 'Could not check the item' : 'Could not uncheck the item',
        await callPlugin(plannerUi, 'setDone', { sessionId: sessionId(), list: listId, item: itemId, done }),
      );
    },
    async setActive(listId) {
      await settle(
        'Could not make the list active',
        await callPlugin(plannerUi, 'setActive', { sessionId: sessionId(), list: listId }),
      );
    },
    async pin(listId) {
      await settle(
        listId === null ? 'Could not unpin the plan' : 'Could not pin the plan',
        await callPlugin(plannerUi, 'pin', { sessionId: sessionId(), list: listId }),
      );
    },
    async add(text, listId) {
      return settle(
        'Could not add the item',
        await callPlugin(
          plannerUi,
          'add',
          listId === undefined ? { sessionId: sessionId(), text } : { sessionId: sessionId(), list: listId, text },
        ),
      );
    },
    async remove(itemId, listId) {
      await settle(
        'Could not remove the item',
        await callPlugin(
          plannerUi,
          'remove',
          listId === undefined
            ? { sessionId: sessionId(), item: itemId }
            : { sessionId: sessionId(), list: listId, item: itemId },
        ),
      );
    },
  };
});
