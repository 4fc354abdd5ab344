// The planner's UI methods for the Plan panel (`plugin/call` with pluginId 'planner'): get, setDone, setActive, add, remove.
import type { z } from 'zod';
import type { StateHandle } from '../sdk';
import { AddParams, GetParams, RemoveParams, SetActiveParams, SetDoneParams, type plannerUi } from './contract';
import { PlannerError, addItems, removeItems, setActiveList, setItemsDone, type PlannerEnv } from './model';
import type { PlannerState } from './contract';

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

/** Applies the pure edit `op` through `state.update` (validated, saved atomically); planner errors become `invalid_params`. */
async function apply(
  state: StateHandle<PlannerState>,
  op: (current: PlannerState) => PlannerState,
): Promise<PlannerState> {
  try {
    return await state.update(op);
  } catch (error) {
    if (error instanceof PlannerError) throw invalid(error.message);
    throw error;
  }
}

/** Builds the {@link PlannerRpc} methods over the planner's state handle; `env` supplies time and ids. */
export function createPlannerRpc(state: StateHandle<PlannerState>, env: PlannerEnv): PlannerRpc {
  return {
    get: async (params) => {
      parse('get', GetParams, params);
      return state.get();
    },
    setDone: async (params) => {
      const { list, item, done } = parse('setDone', SetDoneParams, params);
      return apply(state, (current) => setItemsDone(current, { list, items: [item], done }, env).state);
    },
    setActive: async (params) => {
      const { list } = parse('setActive', SetActiveParams, params);
      return apply(state, (current) => setActiveList(current, { list }).state);
    },
    add: async (params) => {
      const { list, text } = parse('add', AddParams, params);
      return apply(state, (current) => addItems(current, { list, items: [text] }, env).state);
    },
    remove: async (params) => {
      const { list, item } = parse('remove', RemoveParams, params);
      return apply(state, (current) => removeItems(current, { list, items: [item] }, env).state);
    },
  };
}
