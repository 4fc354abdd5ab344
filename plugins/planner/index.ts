// The planner plugin: shared named todo lists, exposed as planner_* tools, the "plan" context provider, /plan and UI methods.
import { definePlugin } from '../sdk';
import { createPlanCommand } from './commands';
import { systemPlannerEnv } from './env';
import { createPlanProvider } from './provider';
import { createPlannerRpc } from './rpc';
import { PlannerFile, initialPlannerFile } from './schema';
import { sessionPlanner } from './sessionState';
import { createPlannerTools } from './tools';

export { PlanItem, PlanList, PlannerFile, PlannerState, initialPlannerFile, initialPlannerState } from './schema';
export type { PlanDetail } from './provider';
export type { PlannerRpc } from './rpc';

/** Appended to the system prompt: when and how the model should keep a plan. */
export const PLANNER_PROMPT_SECTION =
  'Planning: for a task with several steps, keep a plan the user can follow. Create it with planner_create (one short ' +
  'item per step), mark each step done with planner_check as soon as it is finished, and adjust it with planner_add, ' +
  "planner_update or planner_remove when the work changes. This chat's active plan is shown to you before each reply; the user " +
  'may edit it too, so trust what it shows. Skip plans for one-step requests.';

/**
 * Activation loads `<home>/planner.json` through `ctx.state` (validated with {@link PlannerFile}, a version 1 file
 * migrated; empty when absent)
 * and contributes the planner tools, the `plan` context provider, the `/plan` command, one prompt section and the
 * Plan panel's UI methods (`rpc`, see {@link PlannerRpc}).
 */
export default definePlugin({
  async activate(ctx) {
    const planner = sessionPlanner(await ctx.state(PlannerFile, structuredClone(initialPlannerFile)));
    return {
      tools: createPlannerTools(planner, systemPlannerEnv),
      contextProviders: [createPlanProvider(planner)],
      slashCommands: [createPlanCommand(planner, systemPlannerEnv)],
      promptSections: [PLANNER_PROMPT_SECTION],
      rpc: createPlannerRpc(planner, systemPlannerEnv),
    };
  },
});
