// The /plan slash command: show the active list (or all lists), activate a list, or create one.
import { defineSlashCommand, type SlashCommandDefinition, type StateHandle } from '../sdk';
import { PlannerError, activeList, createList, setActiveList, type PlannerEnv } from './model';
import { renderList, renderOverview } from './render';
import type { PlanList, PlannerState } from './schema';

/** /plan output when there are no lists at all. */
export const NO_PLANS_COMMAND_TEXT =
  'No plans yet. Create one with /plan new <name>, or ask the assistant to plan a task.';

/**
 * `/plan` shows the active list followed by the other lists' progress (or all lists when none is active);
 * `/plan <name>` makes that list active and shows it; `/plan new <name>` creates an empty list and makes it active.
 * Planner errors (unknown or duplicate name) are returned as the command's text.
 */
export function createPlanCommand(state: StateHandle<PlannerState>, env: PlannerEnv): SlashCommandDefinition {
  return defineSlashCommand({
    name: 'plan',
    description: 'Show the active plan or all plans, switch plans, or create one.',
    usage: '/plan [<name> | new <name>]',
    run: async ({ args }) => {
      try {
        return { text: await runPlan(state, env, args.trim()) };
      } catch (error) {
        if (error instanceof PlannerError) return { text: error.message };
        throw error;
      }
    },
  });
}

async function runPlan(state: StateHandle<PlannerState>, env: PlannerEnv, args: string): Promise<string> {
  if (args === '') return show(state.get());
  const create = /^new(?:\s+([\s\S]*))?$/i.exec(args);
  if (create) {
    const name = create[1]?.trim() ?? '';
    if (name === '') throw new PlannerError('Usage: /plan new <name>, e.g. /plan new launch.');
    let created: PlanList | undefined;
    await state.update((current) => {
      const change = createList(current, { name, activate: true }, env);
      created = change.list;
      return change.state;
    });
    return `Created plan "${created!.name}" and made it active.\n${renderList(created!)}`;
  }
  const after = await state.update((current) => setActiveList(current, { list: args }).state);
  const active = activeList(after);
  return active ? `Active plan is now "${active.name}".\n${renderList(active)}` : show(after);
}

function show(current: PlannerState): string {
  const active = activeList(current);
  if (active === null) return renderOverview(current, NO_PLANS_COMMAND_TEXT);
  const others = current.lists.filter((list) => list.id !== active.id);
  if (others.length === 0) return renderList(active);
  return `${renderList(active)}\n\n${renderOverview(current, NO_PLANS_COMMAND_TEXT)}`;
}
