// The "plan" context provider: injects the session's active list (or the pinned one) into each model call and
// notifies the UI on every change.
import { defineContextProvider, type ContextProviderDefinition } from '../sdk';
import { activeList, progress } from './model';
import { renderList } from './render';
import type { PlanList } from './schema';
import type { SessionPlanner } from './sessionState';

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
 * Provider `plan` ("Plan"): snapshot = the session's active list, else the list pinned as global (null when none);
 * prompt = a one-line header plus the list with progress and item ids ('' when none); detail = {@link PlanDetail} or
 * null; `subscribe` fires on every saved state change.
 */
export function createPlanProvider(planner: SessionPlanner): ContextProviderDefinition {
  return defineContextProvider<PlanList | null>({
    id: 'plan',
    title: 'Plan',
    snapshot: (ctx) => activeList(planner.view(ctx.sessionId)),
    toPrompt: (list) =>
      list === null
        ? ''
        : 'Active plan, shared with the user (mark steps done with planner_check as you finish them):\n' +
          renderList(list, { maxItems: PROMPT_MAX_ITEMS, moreHint: '; planner_list shows all' }),
    detail: (list): PlanDetail | null =>
      list === null ? null : { listId: list.id, name: list.name, ...progress(list) },
    subscribe: (notify) => planner.onChange(notify),
  });
}
