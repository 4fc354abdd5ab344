// The "plan" context provider: injects the active list into each model call and notifies the UI on every change.
import { defineContextProvider, type ContextProviderDefinition, type StateHandle } from '../sdk';
import { activeList, progress } from './model';
import { renderList } from './render';
import type { PlanList, PlannerState } from './schema';

/** Most item lines injected into the prompt; longer lists hide done items first (see renderList). */
export const PROMPT_MAX_ITEMS = 50;

/** The provider's receipt detail: which list was injected and its progress. */
export interface PlanDetail {
  listId: string;
  name: string;
  done: number;
  total: number;
}

/**
 * Provider `plan` ("Plan"): snapshot = the active list (null when none); prompt = a one-line header plus the list
 * with progress and item ids ('' when no list is active); detail = {@link PlanDetail} or null; `subscribe` fires on
 * every saved state change.
 */
export function createPlanProvider(state: StateHandle<PlannerState>): ContextProviderDefinition {
  return defineContextProvider<PlanList | null>({
    id: 'plan',
    title: 'Plan',
    snapshot: () => activeList(state.get()),
    toPrompt: (list) =>
      list === null
        ? ''
        : 'Active plan, shared with the user (mark steps done with planner_check as you finish them):\n' +
          renderList(list, { maxItems: PROMPT_MAX_ITEMS, moreHint: '; planner_list shows all' }),
    detail: (list): PlanDetail | null =>
      list === null ? null : { listId: list.id, name: list.name, ...progress(list) },
    subscribe: (notify) => state.onChange(() => notify()),
  });
}
