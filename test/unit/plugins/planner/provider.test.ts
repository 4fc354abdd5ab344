// The "plan" context provider: prompt text for active list / no list, receipt detail and live change notifications.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestPluginContext } from '../../../../plugins/sdk/testing';
import { activatePlanner, type PlannerHarness } from './harness';

let planner: PlannerHarness;

beforeEach(async () => {
  planner = await activatePlanner(createTestPluginContext({ manifest: { id: 'planner' } }));
});

describe('plan provider', () => {
  it('is registered as "plan" titled "Plan"', () => {
    const provider = planner.contributions.contextProviders?.[0];
    expect(provider?.id).toBe('plan');
    expect(provider?.title).toBe('Plan');
  });

  it('injects nothing while no list is active', async () => {
    expect(await planner.providerView()).toEqual({ text: '', detail: null });
    await planner.call('create', { name: 'later', items: ['x'], activate: false });
    expect(await planner.providerView()).toEqual({ text: '', detail: null });
  });

  it('injects the active list with progress and items, and details it for the receipt', async () => {
    const created = await planner.call('create', { name: 'launch', items: ['write spec', 'ship'] });
    await planner.call('check', { items: [1] });
    const { text, detail } = await planner.providerView();
    const [first, second] = [...created.output.matchAll(/it_[a-z0-9]{6}/g)].map((match) => match[0]);
    expect(text).toBe(
      'Active plan, shared with the user (mark steps done with planner_check as you finish them):\n' +
        `Plan "launch" (1/2 done)\n 1. [x] write spec (id ${first})\n 2. [ ] ship (id ${second})`,
    );
    expect(detail).toEqual({ listId: expect.stringMatching(/^pl_/), name: 'launch', done: 1, total: 2 });
  });

  it('bounds a long list by hiding done items first', async () => {
    await planner.call('create', { name: 'big', items: Array.from({ length: 60 }, (_, i) => `step ${i + 1}`) });
    await planner.call('check', { items: Array.from({ length: 20 }, (_, i) => i + 1) });
    const { text } = await planner.providerView();
    expect(text).not.toContain('step 20 ');
    expect(text).toContain('21. [ ] step 21 ');
    expect(text).toContain('60. [ ] step 60 ');
    expect(text.split('\n').at(-1)).toBe(' … 20 done items not shown; planner_list shows all');
  });

  it('notifies subscribers on every state change until unsubscribed', async () => {
    let calls = 0;
    const unsubscribe = planner.contributions.contextProviders![0]!.subscribe!(() => (calls += 1));
    await planner.call('create', { name: 'launch', items: ['a'] });
    await planner.call('check', { items: [1] });
    await planner.plan('new other');
    expect(calls).toBe(3);
    await planner.call('list', {});
    expect(calls).toBe(3);
    unsubscribe();
    await planner.call('add', { items: ['b'] });
    expect(calls).toBe(3);
  });
});
