// The /plan slash command: show, activate and create variants, with their error texts.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestPluginContext } from '../../../../plugins/sdk/testing';
import { activatePlanner, type PlannerHarness } from './harness';

let planner: PlannerHarness;

beforeEach(async () => {
  planner = await activatePlanner(createTestPluginContext({ manifest: { id: 'planner' } }));
});

function masked(text: string): string {
  return text.replace(/it_[a-z0-9]{6}/g, 'it_…');
}

describe('/plan', () => {
  it('declares its usage', () => {
    const command = planner.contributions.slashCommands?.[0];
    expect(command).toMatchObject({ name: 'plan', usage: '/plan [<name> | new <name> | pin [<name>] | unpin]' });
  });

  it('says how to start when there are no lists', async () => {
    expect(await planner.plan('')).toBe(
      'No plans yet. Create one with /plan new <name>, or ask the assistant to plan a task.',
    );
  });

  it('creates and activates a list with /plan new <name>', async () => {
    await planner.call('create', { name: 'launch' });
    expect(await planner.plan('new  Weekend trip ')).toBe(
      'Created plan "Weekend trip" and made it active in this chat.\nPlan "Weekend trip" (0/0 done)\n (no items)',
    );
    expect((await planner.providerView()).detail).toMatchObject({ name: 'Weekend trip' });
  });

  it('explains /plan new without a name and a duplicate name', async () => {
    expect(await planner.plan('new')).toBe('Usage: /plan new <name>, e.g. /plan new launch.');
    await planner.plan('new launch');
    expect(await planner.plan('NEW Launch')).toBe(
      'A list named "launch" already exists; pick another name or add items to it.',
    );
  });

  it('shows the active list and the other lists', async () => {
    await planner.call('create', { name: 'groceries', items: ['milk'] });
    expect(masked(await planner.plan(''))).toBe('Plan "groceries" (0/1 done)\n 1. [ ] milk (id it_…)');
    await planner.call('create', { name: 'launch', items: ['a'] });
    expect(masked(await planner.plan(''))).toBe(
      'Plan "launch" (0/1 done)\n 1. [ ] a (id it_…)\n\nPlans (2):\n - groceries — 0/1 done\n * launch — 0/1 done (active)',
    );
  });

  it('shows all lists when none is active', async () => {
    await planner.call('create', { name: 'launch', items: ['a'] });
    await planner.call('create', { name: 'groceries', activate: false });
    await planner.call('clear', { list: 'launch', scope: 'list' });
    expect(await planner.plan('')).toBe('Plans (1):\n - groceries — 0/0 done');
  });

  it('activates a list by name, or names the lists that exist', async () => {
    await planner.call('create', { name: 'groceries', items: ['milk'] });
    await planner.call('create', { name: 'launch' });
    expect(masked(await planner.plan('Groceries'))).toBe(
      'Active plan is now "groceries".\nPlan "groceries" (0/1 done)\n 1. [ ] milk (id it_…)',
    );
    expect((await planner.providerView()).detail).toMatchObject({ name: 'groceries' });
    expect(await planner.plan('trip')).toBe('No list named "trip"; lists: groceries, launch.');
  });
});
