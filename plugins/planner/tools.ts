// The planner's model-facing tools (exposed as planner_<name>): create, add, check, update, remove, clear, list.
import { z } from 'zod';
import { defineTool, type ToolDefinition, type ToolResult } from '../sdk';
import {
  PlannerError,
  addItems,
  clearItems,
  createList,
  deleteList,
  findList,
  moveItem,
  pinList,
  removeItems,
  renameList,
  setActiveList,
  setItemsDone,
  updateItem,
  type PlannerEnv,
} from './model';
import { renderList, renderOverview } from './render';
import type { SessionPlanner } from './sessionState';

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
 * Builds the planner tools over `planner`, each working on the calling session's view (its own active list, else the
 * pinned one). Every write tool applies one pure model operation inside one saved update (validated, atomic) and
 * answers with the affected list rendered as text; planner errors (missing list/item, bad position, duplicate name)
 * come back as `isError` outputs.
 */
export function createPlannerTools(planner: SessionPlanner, env: PlannerEnv): ToolDefinition[] {
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
    execute: (args, ctx) =>
      guard(async () => {
        const { list } = await planner.edit(ctx.sessionId, (current) => createList(current, args, env));
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
    execute: (args, ctx) =>
      guard(async () => {
        const { list, added } = await planner.edit(ctx.sessionId, (current) => addItems(current, args, env));
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
    execute: (args, ctx) =>
      guard(async () => {
        const { list } = await planner.edit(ctx.sessionId, (current) => setItemsDone(current, args, env));
        return `Marked ${args.items.length === 1 ? 'item' : 'items'} ${args.done ? 'done' : 'open'}.\n${renderList(list)}`;
      }),
  });

  const update = defineTool({
    name: 'update',
    description:
      "Edit a list (default: the active list). With item: change its text, its note (empty note removes it) and/or move it to a 1-based position (moveTo). Without item: rename the list (rename), make it this chat's active list (activate), or pin it so every chat shows it (pin, only when the user asks for a plan shared by all chats; pin=false unpins).",
    parameters: z.object({
      list: ListRef,
      item: ItemRef.optional(),
      text: z.string().optional().describe('New item text.'),
      note: z.string().optional().describe('New item note; "" removes it.'),
      moveTo: z.number().int().min(1).optional().describe('New 1-based position of the item.'),
      rename: z.string().optional().describe('New name for the list.'),
      activate: z.boolean().optional().describe("true = make this list this chat's active one."),
      pin: z.boolean().optional().describe('true = pin as the global plan shown in every chat; false = unpin.'),
    }),
    risk: 'write',
    needsApproval: noApproval,
    execute: (args, ctx) =>
      guard(async () => {
        const itemEdit = args.text !== undefined || args.note !== undefined || args.moveTo !== undefined;
        if (itemEdit && args.item === undefined) {
          throw new PlannerError('text, note and moveTo change an item; pass item (its id or 1-based position) too.');
        }
        if (!itemEdit && args.rename === undefined && args.activate !== true && args.pin === undefined) {
          throw new PlannerError(
            'Nothing to update; pass item with text/note/moveTo, or rename, or activate=true, or pin=true/false.',
          );
        }
        const { list } = await planner.edit(ctx.sessionId, (current) => {
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
          if (args.pin === true) change = { ...pinList(change.state, { list: at() }), list: change.list };
          if (args.pin === false && change.state.pinnedListId === at())
            change = { ...pinList(change.state, { list: null }), list: change.list };
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
    execute: (args, ctx) =>
      guard(async () => {
        const { list, removed } = await planner.edit(ctx.sessionId, (current) => removeItems(current, args, env));
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
    execute: (args, ctx) =>
      guard(async () => {
        const scope = args.scope;
        if (scope === 'list') {
          const { state: after, deleted } = await planner.edit(ctx.sessionId, (current) => deleteList(current, args));
          return `Deleted list "${deleted.name}" (${count(deleted.items.length, 'item')}).\n${renderOverview(after, NO_PLANS_TOOL_TEXT)}`;
        }
        const { list, removed } = await planner.edit(ctx.sessionId, (current) =>
          clearItems(current, { list: args.list, scope }, env),
        );
        return `Removed ${count(removed, scope === 'done' ? 'done item' : 'item')}.\n${renderList(list)}`;
      }),
  });

  const list = defineTool({
    name: 'list',
    description: 'Show all lists with their progress, or, given a list name, that list with its items and ids.',
    parameters: z.object({ list: z.string().optional().describe('List name or id; omit to see all lists.') }),
    risk: 'read',
    execute: (args, ctx) =>
      guard(async () => {
        const current = planner.view(ctx.sessionId);
        if (args.list === undefined || args.list.trim() === '') return renderOverview(current, NO_PLANS_TOOL_TEXT);
        return renderList(findList(current, args.list));
      }),
  });

  return [create, add, check, update, remove, clear, list];
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
