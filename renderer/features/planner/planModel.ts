// Pure Plan panel logic: which list is active, progress, optimistic check-offs, and which agent events concern the plan.
import type { AgentEvent } from '../../../preload/contract';
import type { PlanList, PlannerState } from '../../../plugins/planner/contract';

/** Provider id of the planner's context provider; its `context/updated` means the plan changed. */
export const PLAN_PROVIDER_ID = 'plan';

/**
 * The panel's view of the planner: the chat's active list (null when none), whether that list is the pinned one shown
 * in every chat, and the others, most recently updated first.
 */
export interface PlanView {
  active: PlanList | null;
  pinned: boolean;
  others: PlanList[];
}

/** Splits `state` into the active list and the rest (newest `updatedAt` first). */
export function planView(state: PlannerState): PlanView {
  const active = state.lists.find((l) => l.id === state.activeListId) ?? null;
  const others = state.lists
    .filter((l) => l !== active)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  return { active, pinned: active !== null && active.id === state.pinnedListId, others };
}

/** Done and total item counts of `list`, and the done share as a whole percentage (0 for an empty list). */
export function planProgress(list: PlanList): { done: number; total: number; percent: number } {
  const done = list.items.filter((i) => i.done).length;
  const total = list.items.length;
  return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
}

/**
 * Marks item `itemId` of list `listId` done or open in a copy of `state` (shown at once while `setDone` runs;
 * the runtime's answer replaces it). `doneAt` is `now` (ISO 8601) when checked, null when unchecked. An unknown
 * list or item returns `state` unchanged.
 */
export function withItemDone(
  state: PlannerState,
  listId: string,
  itemId: string,
  done: boolean,
  now: string,
): PlannerState {
  const list = state.lists.find((l) => l.id === listId);
  const item = list?.items.find((i) => i.id === itemId);
  if (!list || !item || item.done === done) return state;
  const items = list.items.map((i) => (i.id === itemId ? { ...i, done, doneAt: done ? now : null } : i));
  return { ...state, lists: state.lists.map((l) => (l.id === listId ? { ...l, items } : l)) };
}

/** True for the output of any planner tool (`planner_*`): the plan may have changed. */
export function isPlannerToolOutput(event: AgentEvent): boolean {
  return event.type === 'tool_output' && event.name.startsWith('planner_');
}

/** True when the agent successfully created a plan (`planner_create` finished with status ok). */
export function isPlanCreated(event: AgentEvent): event is Extract<AgentEvent, { type: 'tool_output' }> {
  return event.type === 'tool_output' && event.name === 'planner_create' && event.status === 'ok';
}

/**
 * True when `event` creates the first plan of the chat on screen (`openSessionId`) since this window loaded:
 * `opened` holds the sessions whose plan already opened the panel once.
 */
export function shouldAutoOpenPlan(
  event: AgentEvent,
  openSessionId: string | null,
  opened: ReadonlySet<string>,
): boolean {
  return isPlanCreated(event) && event.sessionId === openSessionId && !opened.has(event.sessionId);
}
