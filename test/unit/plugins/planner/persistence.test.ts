// Planner state survives a restart: two activations over the runtime's real state file in the same temp home.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPluginContext } from '../../../../main/core/plugins/pluginContext';
import { PlannerFile } from '../../../../plugins/planner/schema';
import { PluginManifest, type Logger } from '../../../../plugins/sdk';
import { activatePlanner, plannerManifestJson } from './harness';

let home: string;
const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function start() {
  const { ctx } = await createPluginContext({
    manifest: PluginManifest.parse(plannerManifestJson),
    home,
    getSettings: () => {
      throw new Error('the planner reads no settings');
    },
    capabilities: {},
    log: silent,
  });
  return activatePlanner(ctx);
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'planner-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('planner persistence', () => {
  it('a second activation on the same home sees the lists, items and active list of the first', async () => {
    const first = await start();
    await first.call('create', { name: 'groceries', items: ['milk'] });
    await first.call('create', { name: 'launch', items: ['spec', 'ship'] });
    await first.call('check', { items: [1] });
    await first.call('update', { item: 2, note: 'Friday' });
    const before = (await first.call('list', { list: 'launch' })).output;

    const onDisk = PlannerFile.parse(JSON.parse(await readFile(join(home, 'planner.json'), 'utf8')));
    expect(onDisk.lists.map((list) => list.name)).toEqual(['groceries', 'launch']);

    const second = await start();
    expect((await second.call('list', { list: 'launch' })).output).toBe(before);
    expect((await second.call('list', {})).output).toBe(
      'Plans (2):\n - groceries — 0/1 done\n * launch — 1/2 done (active)',
    );
    expect((await second.providerView()).detail).toMatchObject({ name: 'launch', done: 1, total: 2 });
    expect(await second.plan('groceries')).toContain('Active plan is now "groceries".');

    const third = await start();
    expect((await third.providerView()).detail).toMatchObject({ name: 'groceries', done: 0, total: 1 });
  });

  it('keeps each chat its own plan; a pinned plan shows in chats without one', async () => {
    const planner = await start();
    await planner.call('create', { name: 'launch', items: ['spec'] }, 's_a');
    await planner.call('create', { name: 'groceries', items: ['milk'] }, 's_b');
    expect((await planner.providerView('s_a')).detail).toMatchObject({ name: 'launch' });
    expect((await planner.providerView('s_b')).detail).toMatchObject({ name: 'groceries' });
    expect((await planner.providerView('s_c')).text).toBe('');
    expect((await planner.call('check', { items: [1] }, 's_c')).output).toMatch(
      /No active list; lists: launch, groceries/,
    );

    expect(await planner.plan('pin launch', 's_b')).toBe(
      'Pinned plan "launch": every chat without a plan of its own shows it.',
    );
    expect((await planner.providerView('s_c')).detail).toMatchObject({ name: 'launch' });
    expect((await planner.providerView('s_b')).detail).toMatchObject({ name: 'groceries' });
    expect((await planner.call('list', {}, 's_b')).output).toBe(
      'Plans (2):\n - launch — 0/1 done (pinned)\n * groceries — 0/1 done (active)',
    );
    const restarted = await start();
    expect((await restarted.providerView('s_c')).detail).toMatchObject({ name: 'launch' });
    expect(await restarted.plan('unpin', 's_c')).toMatch(/No plan is pinned now/);
    expect((await restarted.providerView('s_c')).text).toBe('');

    await restarted.call('clear', { scope: 'list' }, 's_b');
    const file = PlannerFile.parse(JSON.parse(await readFile(join(home, 'planner.json'), 'utf8')));
    expect(file.activeBySession).toEqual({ s_a: file.lists[0]!.id });
  });

  it('migrates a version 1 file: its lists are kept and no plan shows in every chat any more', async () => {
    const list = { id: 'pl_old', name: 'old', createdAt: 't', updatedAt: 't', items: [] };
    await writeFile(join(home, 'planner.json'), JSON.stringify({ version: 1, activeListId: 'pl_old', lists: [list] }));
    const planner = await start();
    expect((await planner.providerView('s_any')).text).toBe('');
    expect(await planner.plan('old', 's_any')).toContain('Active plan is now "old".');
    const file = PlannerFile.parse(JSON.parse(await readFile(join(home, 'planner.json'), 'utf8')));
    expect(file).toEqual({ version: 2, lists: [list], pinnedListId: null, activeBySession: { s_any: 'pl_old' } });
  });

  it('starts with no lists on a fresh home and writes nothing until the first change', async () => {
    const planner = await start();
    expect((await planner.call('list', {})).output).toBe('No plans yet; create one with planner_create.');
    await expect(readFile(join(home, 'planner.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
