// The planner's model-facing tools (exposed as planner_<name>): create, add, check, update, remove, clear, list.
import { z } from 'zod';
import { defineTool, type StateHandle, type ToolDefinition, type ToolResult } from '../sdk';
import {
  PlannerError,
  addItems,
  clearItems,
  createList,
  deleteList,
  findList,
  moveItem,
  removeItems,
  renameList,
  setActiveList,
  setItemsDone,
  updateItem,
  type PlannerEnv,
} from './model';
import { renderList, renderOverview } from './render';
import type { PlannerState } from './schema';

/** Tool output when there are no lists at all. */
export const NO_PLANS_TOOL_TEXT = 'No plans yet; create one with planner_create.';

const ListRef = z.string().optional().describe('List name (case-insensitive) or id; default: the active list.');
const ItemRef = z
  .union([z.string(), z.number().int()])
  .describe('Item id (e.g. "it_k3x9q2") or 1-based position in the list.');
const ItemTexts = z.array(z.string()).min(1).describe('Item texts, one step each, in order.');

// The write tools below only edit the planner's own state file (`<home>/planner.json`): no files, network or other
// apps are touched and every change is visible and reversible in the Plan panel. So `needsApproval` returns false:
// under the default `on-request` policy the agent keeps its plan current without prompting the user on every step.
const noApproval = (): boolean => false;

/**
 * Builds the planner tools over `state`. Every write tool applies one pure model operation inside
 * `state.update` (so the change is validated and saved atomically) and answers with the affected list rendered
 * as text; planner errors (missing list/item, bad position, duplicate name) come back as `isError` outputs.
 */
export function createPlannerTools(state: StateHandle<PlannerState>, env: PlannerEnv): ToolDefinition[] {
  const create = defineTool({
    name: 'create',
    description:
      'Create a named todo list (a plan) shared with the user, optionally with its first items; it becomes the active list unless activate is false.',
    parameters: z.object({
      name: z.string().describe('Unique list name, e.g. "launch".'),
      items: z.array(z.string()).optional().describe('Initial item texts, one step each, in order.'),
      activate: z.boolean().default(true).describe('Make it the active list (default true).'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args) =>
      guard(async () => {
        const { list } = await edit(state, (current) => createList(current, args, env));
        return `Created list "${list.name}"${args.activate ? ' (now active)' : ''}.\n${renderList(list)}`;
      }),
  });

  const add = defineTool({
    name: 'add',
    description: 'Add items to a list (default: the active list), at the end or at a 1-based position.',
    parameters: z.object({
      list: ListRef,
      items: ItemTexts,
      position: z.number().int().min(1).optional().describe('1-based position of the first new item; default: append.'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args) =>
      guard(async () => {
        const { list, added } = await edit(state, (current) => addItems(current, args, env));
        return `Added ${count(added.length, 'item')}.\n${renderList(list)}`;
      }),
  });

  const check = defineTool({
    name: 'check',
    description: 'Mark items done (or open again with done=false) in a list (default: the active list).',
    parameters: z.object({
      list: ListRef,
      items: z.array(ItemRef).min(1).describe('Items to mark: ids or 1-based positions.'),
      done: z.boolean().default(true).describe('true = done (default), false = open again.'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args) =>
      guard(async () => {
        const { list } = await edit(state, (current) => setItemsDone(current, args, env));
        return `Marked ${args.items.length === 1 ? 'item' : 'items'} ${args.done ? 'done' : 'open'}.\n${renderList(list)}`;
      }),
  });

  const update = defineTool({
    name: 'update',
    description:
      'Edit a list (default: the active list). With item: change its text, its note (empty note removes it) and/or move it to a 1-based position (moveTo). Without item: rename the list (rename) and/or make it the active list (activate).',
    parameters: z.object({
      list: ListRef,
      item: ItemRef.optional(),
      text: z.string().optional().describe('New item text.'),
      note: z.string().optional().describe('New item note; "" removes it.'),
      moveTo: z.number().int().min(1).optional().describe('New 1-based position of the item.'),
      rename: z.string().optional().describe('New name for the list.'),
      activate: z.boolean().optional().describe('true = make this list the active one.'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args) =>
      guard(async () => {
        const itemEdit = args.text !== undefined || args.note !== undefined || args.moveTo !== undefined;
        if (itemEdit && args.item === undefined) {
          throw new PlannerError('text, note and moveTo change an item; pass item (its id or 1-based position) too.');
        }
        if (!itemEdit && args.rename === undefined && args.activate !== true) {
          throw new PlannerError('Nothing to update; pass item with text/note/moveTo, or rename, or activate=true.');
        }
        const { list } = await edit(state, (current) => {
          let change = { state: current, list: findList(current, args.list) };
          const at = () => change.list.id;
          if (args.item !== undefined && (args.text !== undefined || args.note !== undefined)) {
            change = updateItem(change.state, { list: at(), item: args.item, text: args.text, note: args.note }, env);
          }
          if (args.item !== undefined && args.moveTo !== undefined) {
            change = moveItem(change.state, { list: at(), item: args.item, to: args.moveTo }, env);
          }
          if (args.rename !== undefined) change = renameList(change.state, { list: at(), name: args.rename }, env);
          if (args.activate === true) change = setActiveList(change.state, { list: at() });
          return change;
        });
        return `Updated.\n${renderList(list)}`;
      }),
  });

  const remove = defineTool({
    name: 'remove',
    description: 'Remove items from a list (default: the active list).',
    parameters: z.object({
      list: ListRef,
      items: z.array(ItemRef).min(1).describe('Items to remove: ids or 1-based positions.'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args) =>
      guard(async () => {
        const { list, removed } = await edit(state, (current) => removeItems(current, args, env));
        return `Removed ${count(removed.length, 'item')}.\n${renderList(list)}`;
      }),
  });

  const clear = defineTool({
    name: 'clear',
    description:
      'Clean up a list (default: the active list): scope "done" removes done items, "all" removes every item, "list" deletes the list itself.',
    parameters: z.object({
      list: ListRef,
      scope: z.enum(['done', 'all', 'list']).describe('"done", "all" or "list" (delete the list).'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args) =>
      guard(async () => {
        const scope = args.scope;
        if (scope === 'list') {
          const { state: after, deleted } = await edit(state, (current) => deleteList(current, args));
          return `Deleted list "${deleted.name}" (${count(deleted.items.length, 'item')}).\n${renderOverview(after, NO_PLANS_TOOL_TEXT)}`;
        }
        const { list, removed } = await edit(state, (current) => clearItems(current, { list: args.list, scope }, env));
        return `Removed ${count(removed, scope === 'done' ? 'done item' : 'item')}.\n${renderList(list)}`;
      }),
  });

  const list = defineTool({
    name: 'list',
    description: 'Show all lists with their progress, or, given a list name, that list with its items and ids.',
    parameters: z.object({ list: z.string().optional().describe('List name or id; omit to see all lists.') }),
    risk: 'read',
    execute: (args) =>
      guard(async () => {
        const current = state.get();
        if (args.list === undefined || args.list.trim() === '') return renderOverview(current, NO_PLANS_TOOL_TEXT);
        return renderList(findList(current, args.list));
      }),
  });

  return [create, add, check, update, remove, clear, list];
}

/** Runs `op` inside `state.update`, saving its new state, and returns its whole result. Rethrows what `op` throws. */
async function edit<R extends { state: PlannerState }>(
  state: StateHandle<PlannerState>,
  op: (current: PlannerState) => R,
): Promise<R> {
  let result: R | undefined;
  await state.update((current) => {
    result = op(current);
    return result.state;
  });
  if (result === undefined)
    throw new Error('The planner state update finished without running the edit; retry the call.');
  return result;
}

/** Turns a PlannerError into an error output the model can act on; other failures propagate to the host. */
async function guard(run: () => Promise<string>): Promise<ToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PlannerError) return { output: error.message, isError: true };
    throw error;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
