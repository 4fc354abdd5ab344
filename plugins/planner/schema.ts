// The planner's persisted state (`<home>/planner.json`): the schema (shared with the UI in contract.ts) and the initial value.
import type { PlannerState } from './contract';

export { PlanItem, PlanList, PlannerState } from './contract';

/** The state of a fresh install: no lists, nothing active. */
export const initialPlannerState: PlannerState = { version: 1, activeListId: null, lists: [] };
