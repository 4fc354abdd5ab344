// The planner's tools, driven through the plugin's activate() with the SDK's test context.
import { beforeEach, describe, expect, it } from 'vitest';
import { PlannerFile, viewFor, type PlannerState } from '../../../../plugins/planner/schema';
import { PluginManifest } from '../../../../plugins/sdk';
import { createTestPluginContext, type TestPluginContext } from '../../../../plugins/sdk/testing';
import { activatePlanner, idsIn, plannerManifestJson, type PlannerHarness } from './harness';

/** Replaces random item ids so outputs can be compared whole. */
function masked(text: string): string {
  return text.replace(/it_[a-z0-9]{6}/g, 'it_…');
}

let ctx: TestPluginContext;
let planner: PlannerHarness;

beforeEach(async () => {
  ctx = createTestPluginContext({ manifest: PluginManifest.parse(plannerManifestJson) });
  planner = await activatePlanner(ctx);
});

function saved(): PlannerState {
  return viewFor(PlannerFile.parse(ctx.savedState()), 's_test');
}

describe('manifest and contributions', () => {
  it('ships a valid manifest with no permissions, activated at startup', () => {
    expect(PluginManifest.parse(plannerManifestJson)).toMatchObject({
      id: 'planner',
      version: '1.0.0',
      displayName: 'Planner',
      permissions: [],
      activation: 'startup',
    });
  });

  it('contributes seven tools; the write tools never ask for approval, list is read-only', () => {
    const tools = planner.contributions.tools ?? [];
    expect(tools.map((tool) => tool.name)).toEqual(['create', 'add', 'check', 'update', 'remove', 'clear', 'list']);
    for (const tool of tools.filter((candidate) => candidate.name !== 'list')) {
      expect(tool.risk).toBe('write');
      expect(tool.needsApproval?.({})).toBe(false);
    }
    expect(planner.tool('list').risk).toBe('read');
    expect(planner.tool('list').needsApproval).toBeUndefined();
  });

  it('adds one short prompt section naming planner_create and planner_check', () => {
    const sections = planner.contributions.promptSections ?? [];
    expect(sections).toHaveLength(1);
    expect(sections[0]).toContain('planner_create');
    expect(sections[0]).toContain('planner_check');
    expect(sections[0]!.length).toBeLessThan(1000);
  });
});

describe('planner_create', () => {
  it('creates and activates a list and answers with it', async () => {
    const result = await planner.call('create', { name: 'launch', items: ['write spec', 'ship'] });
    expect(result.isError).toBe(false);
    expect(masked(result.output)).toBe(
      'Created list "launch" (now active).\nPlan "launch" (0/2 done)\n 1. [ ] write spec (id it_…)\n 2. [ ] ship (id it_…)',
    );
    const state = saved();
    expect(state.activeListId).toBe(state.lists[0]!.id);
    expect(state.lists[0]!.items.map((item) => item.id)).toEqual(idsIn(result.output));
    expect(state.lists[0]!.id).toMatch(/^pl_[a-z0-9]{6}$/);
  });

  it('leaves the active list alone with activate=false and reports a duplicate name as an error', async () => {
    await planner.call('create', { name: 'launch' });
    const later = await planner.call('create', { name: 'later', activate: false });
    expect(later.output).toBe('Created list "later".\nPlan "later" (0/0 done)\n (no items)');
    expect(saved().activeListId).toBe(saved().lists[0]!.id);
    const duplicate = await planner.call('create', { name: 'Launch' });
    expect(duplicate).toEqual({
      output: 'A list named "launch" already exists; pick another name or add items to it.',
      isError: true,
    });
    expect(saved().lists).toHaveLength(2);
  });
});

describe('planner_add', () => {
  it('appends to the active list or inserts at a position in a named list', async () => {
    await planner.call('create', { name: 'launch', items: ['a'] });
    await planner.call('create', { name: 'groceries', items: ['milk'], activate: false });
    const appended = await planner.call('add', { items: ['b', 'c'] });
    expect(masked(appended.output)).toBe(
      'Added 2 items.\nPlan "launch" (0/3 done)\n 1. [ ] a (id it_…)\n 2. [ ] b (id it_…)\n 3. [ ] c (id it_…)',
    );
    const inserted = await planner.call('add', { list: 'GROCERIES', items: ['eggs'], position: 1 });
    expect(masked(inserted.output)).toBe(
      'Added 1 item.\nPlan "groceries" (0/2 done)\n 1. [ ] eggs (id it_…)\n 2. [ ] milk (id it_…)',
    );
  });

  it('names the missing list and the existing ones', async () => {
    await planner.call('create', { name: 'launch' });
    expect(await planner.call('add', { list: 'trip', items: ['x'] })).toEqual({
      output: 'No list named "trip"; lists: launch.',
      isError: true,
    });
    expect(await planner.call('add', { items: ['x'], position: 3 })).toEqual({
      output: 'Position 3 is out of range for list "launch"; use 1–1 (1 appends).',
      isError: true,
    });
  });

  it('explains that a list must be created first when none exists', async () => {
    expect(await planner.call('add', { items: ['x'] })).toEqual({
      output: 'No active list and no lists yet; create a list first.',
      isError: true,
    });
  });
});

describe('planner_check', () => {
  it('checks by id and by position, and unchecks with done=false', async () => {
    const created = await planner.call('create', { name: 'launch', items: ['a', 'b', 'c'] });
    const [first] = idsIn(created.output);
    const checked = await planner.call('check', { items: [first, '3'] });
    expect(masked(checked.output)).toBe(
      'Marked items done.\nPlan "launch" (2/3 done)\n 1. [x] a (id it_…)\n 2. [ ] b (id it_…)\n 3. [x] c (id it_…)',
    );
    expect(saved().lists[0]!.items[0]!.doneAt).toEqual(expect.any(String));
    const reopened = await planner.call('check', { list: 'launch', items: [1], done: false });
    expect(reopened.output).toMatch(/^Marked item open\.\nPlan "launch" \(1\/3 done\)\n 1\. \[ \] a/);
    expect(saved().lists[0]!.items[0]!.doneAt).toBeNull();
  });

  it('reports a missing item without changing anything', async () => {
    await planner.call('create', { name: 'launch', items: ['a'] });
    expect(await planner.call('check', { items: [1, 2] })).toEqual({
      output: 'No item 2 in list "launch"; it has 1 item (1–1).',
      isError: true,
    });
    expect(saved().lists[0]!.items[0]!.done).toBe(false);
  });

  it('rejects an empty items array at the schema', () => {
    expect(() => planner.tool('check').parameters.parse({ items: [] })).toThrow();
  });
});

describe('planner_update', () => {
  it('changes text and note and moves the item in one call', async () => {
    await planner.call('create', { name: 'launch', items: ['a', 'b', 'c'] });
    const result = await planner.call('update', { item: 1, text: 'A!', note: 'first line\nsecond line', moveTo: 3 });
    expect(masked(result.output)).toBe(
      'Updated.\nPlan "launch" (0/3 done)\n 1. [ ] b (id it_…)\n 2. [ ] c (id it_…)\n 3. [ ] A! (id it_…)\n' +
        '     note: first line\n           second line',
    );
    const cleared = await planner.call('update', { item: 3, note: '' });
    expect(cleared.output).not.toContain('note:');
  });

  it('renames and activates a list', async () => {
    await planner.call('create', { name: 'launch' });
    await planner.call('create', { name: 'groceries' });
    const result = await planner.call('update', { list: 'launch', rename: 'Launch v2', activate: true });
    expect(result).toEqual({ output: 'Updated.\nPlan "Launch v2" (0/0 done)\n (no items)', isError: false });
    const state = saved();
    expect(state.lists.find((list) => list.id === state.activeListId)?.name).toBe('Launch v2');
  });

  it('explains missing or meaningless arguments and leaves the list unchanged on any error', async () => {
    await planner.call('create', { name: 'launch', items: ['a', 'b'] });
    expect(await planner.call('update', { text: 'x' })).toEqual({
      output: 'text, note and moveTo change an item; pass item (its id or 1-based position) too.',
      isError: true,
    });
    expect(await planner.call('update', { list: 'launch' })).toEqual({
      output: 'Nothing to update; pass item with text/note/moveTo, or rename, or activate=true, or pin=true/false.',
      isError: true,
    });
    const failed = await planner.call('update', { item: 1, text: 'changed', moveTo: 5 });
    expect(failed).toEqual({ output: 'Position 5 is out of range for list "launch"; use 1–2.', isError: true });
    expect(saved().lists[0]!.items.map((item) => item.text)).toEqual(['a', 'b']);
  });
});

describe('planner_remove', () => {
  it('removes items by id or position', async () => {
    const created = await planner.call('create', { name: 'launch', items: ['a', 'b', 'c'] });
    const result = await planner.call('remove', { items: [idsIn(created.output)[1], 3] });
    expect(masked(result.output)).toBe('Removed 2 items.\nPlan "launch" (0/1 done)\n 1. [ ] a (id it_…)');
    expect((await planner.call('remove', { items: ['it_nothere'] })).isError).toBe(true);
  });
});

describe('planner_clear', () => {
  beforeEach(async () => {
    await planner.call('create', { name: 'groceries', items: ['milk'] });
    await planner.call('create', { name: 'launch', items: ['a', 'b', 'c'] });
    await planner.call('check', { items: [1, 2] });
  });

  it('removes done items, then all items', async () => {
    expect(masked((await planner.call('clear', { scope: 'done' })).output)).toBe(
      'Removed 2 done items.\nPlan "launch" (0/1 done)\n 1. [ ] c (id it_…)',
    );
    expect((await planner.call('clear', { list: 'groceries', scope: 'all' })).output).toBe(
      'Removed 1 item.\nPlan "groceries" (0/0 done)\n (no items)',
    );
  });

  it('deletes a list and shows what is left', async () => {
    expect((await planner.call('clear', { scope: 'list' })).output).toBe(
      'Deleted list "launch" (3 items).\nPlans (1):\n - groceries — 0/1 done',
    );
    expect(saved().activeListId).toBeNull();
    expect((await planner.call('clear', { list: 'groceries', scope: 'list' })).output).toBe(
      'Deleted list "groceries" (1 item).\nNo plans yet; create one with planner_create.',
    );
    expect(await planner.call('clear', { scope: 'done' })).toEqual({
      output: 'No active list and no lists yet; create a list first.',
      isError: true,
    });
  });
});

describe('planner_list', () => {
  it('shows all lists with progress, or one list with its items', async () => {
    expect(await planner.call('list', {})).toEqual({
      output: 'No plans yet; create one with planner_create.',
      isError: false,
    });
    await planner.call('create', { name: 'groceries', items: ['milk'] });
    await planner.call('create', { name: 'launch', items: ['a', 'b'] });
    await planner.call('check', { items: [2] });
    expect((await planner.call('list', {})).output).toBe(
      'Plans (2):\n - groceries — 0/1 done\n * launch — 1/2 done (active)',
    );
    expect(masked((await planner.call('list', { list: 'Groceries' })).output)).toBe(
      'Plan "groceries" (0/1 done)\n 1. [ ] milk (id it_…)',
    );
    expect(await planner.call('list', { list: 'trip' })).toEqual({
      output: 'No list named "trip"; lists: groceries, launch.',
      isError: true,
    });
  });
});
