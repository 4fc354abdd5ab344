// The /plan slash command: show the active list (or all lists), activate a list, or create one.
import { defineSlashCommand, type SlashCommandDefinition } from '../sdk';
import { PlannerError, activeList, createList, pinList, setActiveList, type PlannerEnv } from './model';
import { renderList, renderOverview } from './render';
import type { PlannerState } from './schema';
import type { SessionPlanner } from './sessionState';

/** /plan output when there are no lists at all. */
export const NO_PLANS_COMMAND_TEXT =
  'No plans yet. Create one with /plan new <name>, or ask the assistant to plan a task.';

/**
 * `/plan` shows this chat's active list followed by the other lists' progress (or all lists when none is active);
 * `/plan <name>` makes that list this chat's active one and shows it; `/plan new <name>` creates an empty list and
 * makes it active here; `/plan pin [<name>]` pins a list (default: this chat's) as global, shown in every chat;
 * `/plan unpin` unpins. Planner errors (unknown or duplicate name) are returned as the command's text.
 */
export function createPlanCommand(planner: SessionPlanner, env: PlannerEnv): SlashCommandDefinition {
  return defineSlashCommand({
    name: 'plan',
    description: "Show this chat's plan or all plans, switch or create one, or pin one for every chat.",
    usage: '/plan [<name> | new <name> | pin [<name>] | unpin]',
    run: async ({ args, sessionId }) => {
      try {
        return { text: await runPlan(planner, sessionId, env, args.trim()) };
      } catch (error) {
        if (error instanceof PlannerError) return { text: error.message };
        throw error;
      }
    },
  });
}

async function runPlan(
  planner: SessionPlanner,
  sessionId: string | null,
  env: PlannerEnv,
  args: string,
): Promise<string> {
  if (args === '') return show(planner.view(sessionId));
  const create = /^new(?:\s+([\s\S]*))?$/i.exec(args);
  if (create) {
    const name = create[1]?.trim() ?? '';
    if (name === '') throw new PlannerError('Usage: /plan new <name>, e.g. /plan new launch.');
    const { list } = await planner.edit(sessionId, (current) => createList(current, { name, activate: true }, env));
    return `Created plan "${list.name}" and made it active${sessionId === null ? '' : ' in this chat'}.\n${renderList(list)}`;
  }
  if (/^unpin$/i.test(args)) {
    await planner.edit(sessionId, (current) => pinList(current, { list: null }));
    return 'No plan is pinned now; each chat shows only its own plan.';
  }
  const pin = /^pin(?:\s+([\s\S]*))?$/i.exec(args);
  if (pin) {
    const name = pin[1]?.trim() ?? '';
    const { list } = await planner.edit(sessionId, (current) =>
      pinList(current, { list: name === '' ? (current.activeListId ?? '') : name }),
    );
    return `Pinned plan "${list!.name}": every chat without a plan of its own shows it.`;
  }
  const { state: after } = await planner.edit(sessionId, (current) => setActiveList(current, { list: args }));
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
