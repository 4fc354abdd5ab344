// The planner's UI methods for the Plan panel (`plugin/call` with pluginId 'planner'): get, setDone, setActive, pin,
// add, remove, each on one session's view of the plan.
import type { z } from 'zod';
import {
  AddParams,
  GetParams,
  PinParams,
  RemoveParams,
  SetActiveParams,
  SetDoneParams,
  type plannerUi,
} from './contract';
import { PlannerError, addItems, pinList, removeItems, setActiveList, setItemsDone, type PlannerEnv } from './model';
import type { PlannerState } from './contract';
import type { SessionPlanner } from './sessionState';

/**
 * The planner's `rpc` contribution: exactly the methods of `plannerUi` (contract.ts). Every method takes untrusted
 * JSON params (omitted = `{}`), validates it strictly with the contract's params schema and throws an Error with
 * `code` `invalid_params` naming the problem; a missing list or item, an empty or too long text also throw
 * `invalid_params` with the planner's message (naming what exists). Each method resolves to the whole
 * {@link PlannerState} (lists with items, `activeListId`) after the change, as saved.
 */
export type PlannerRpc = {
  [M in keyof typeof plannerUi.methods]: (params: unknown) => Promise<z.infer<(typeof plannerUi.methods)[M]['result']>>;
};

function invalid(message: string): Error {
  return Object.assign(new Error(message), { code: 'invalid_params' });
}

function parse<S extends z.ZodType>(method: string, schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`)
    .join('; ');
  throw invalid(`Invalid params for planner ${method}: ${problems}.`);
}

/** Applies the pure edit `op` to the session's view (validated, saved atomically); planner errors become `invalid_params`. */
async function apply(
  planner: SessionPlanner,
  sessionId: string | null | undefined,
  op: (current: PlannerState) => PlannerState,
): Promise<PlannerState> {
  try {
    return (await planner.edit(sessionId ?? null, (current) => ({ state: op(current) }))).state;
  } catch (error) {
    if (error instanceof PlannerError) throw invalid(error.message);
    throw error;
  }
}

/** Builds the {@link PlannerRpc} methods over the planner; `env` supplies time and ids. */
export function createPlannerRpc(planner: SessionPlanner, env: PlannerEnv): PlannerRpc {
  return {
    get: async (params) => {
      const { sessionId } = parse('get', GetParams, params);
      return planner.view(sessionId ?? null);
    },
    setDone: async (params) => {
      const { sessionId, list, item, done } = parse('setDone', SetDoneParams, params);
      return apply(planner, sessionId, (current) => setItemsDone(current, { list, items: [item], done }, env).state);
    },
    setActive: async (params) => {
      const { sessionId, list } = parse('setActive', SetActiveParams, params);
      return apply(planner, sessionId, (current) => setActiveList(current, { list }).state);
    },
    pin: async (params) => {
      const { sessionId, list } = parse('pin', PinParams, params);
      return apply(planner, sessionId, (current) => pinList(current, { list }).state);
    },
    add: async (params) => {
      const { sessionId, list, text } = parse('add', AddParams, params);
      return apply(planner, sessionId, (current) => addItems(current, { list, items: [text] }, env).state);
    },
    remove: async (params) => {
      const { sessionId, list, item } = parse('remove', RemoveParams, params);
      return apply(planner, sessionId, (current) => removeItems(current, { list, items: [item] }, env).state);
    },
  };
}
