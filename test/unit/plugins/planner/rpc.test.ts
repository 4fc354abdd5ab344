// The planner's UI methods (rpc) through activate() with the SDK's test context: get, setDone, setActive, pin, add,
// remove, each on one session's view.
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlannerRpc } from '../../../../plugins/planner/index';
import { PlannerFile, viewFor, type PlannerState } from '../../../../plugins/planner/schema';
import { PluginManifest } from '../../../../plugins/sdk';
import { createTestPluginContext, type TestPluginContext } from '../../../../plugins/sdk/testing';
import { activatePlanner, plannerManifestJson, type PlannerHarness } from './harness';

let ctx: TestPluginContext;
let planner: PlannerHarness;
let rpc: PlannerRpc;

beforeEach(async () => {
  ctx = createTestPluginContext({ manifest: PluginManifest.parse(plannerManifestJson) });
  planner = await activatePlanner(ctx);
  // Cast: contributions.rpc is untyped at the SDK boundary; the plugin's own RPC type describes it.
  rpc = planner.contributions.rpc as unknown as PlannerRpc;
});

/** The rejection of `promise` (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to reject');
}

/** The saved file as session `s_test` (the harness's tools' session) sees it. */
function saved(): PlannerState {
  return viewFor(PlannerFile.parse(ctx.savedState()), S);
}
const S = 's_test';

describe('planner rpc', () => {
  it('offers get, setDone, setActive, pin, add and remove', () => {
    expect(Object.keys(planner.contributions.rpc ?? {})).toEqual([
      'get',
      'setDone',
      'setActive',
      'pin',
      'add',
      'remove',
    ]);
  });

  it('get returns the whole state: lists with items and the active list id', async () => {
    expect(await rpc.get({ sessionId: S })).toEqual({ version: 1, activeListId: null, pinnedListId: null, lists: [] });
    await planner.call('create', { name: 'launch', items: ['write notes', 'ship it'] });
    await planner.call('create', { name: 'groceries', items: ['milk'], activate: false });
    const state = await rpc.get({ sessionId: S });
    expect(state.lists.map((list) => [list.name, list.items.map((item) => item.text)])).toEqual([
      ['launch', ['write notes', 'ship it']],
      ['groceries', ['milk']],
    ]);
    expect(state.activeListId).toBe(state.lists[0].id);
  });

  it('edits through the state handle, saving each change and returning the new state', async () => {
    await planner.call('create', { name: 'launch', items: ['write notes', 'ship it'] });
    await planner.call('create', { name: 'groceries', items: ['milk', 'eggs'], activate: false });
    const [launch, groceries] = (await rpc.get({ sessionId: S })).lists;

    const checked = await rpc.setDone({ sessionId: S, list: 'Launch', item: 1, done: true });
    expect(checked.lists[0].items[0]).toMatchObject({ text: 'write notes', done: true, doneAt: expect.any(String) });
    expect(saved()).toEqual(checked);
    const reopened = await rpc.setDone({ sessionId: S, list: launch.id, item: launch.items[0].id, done: false });
    expect(reopened.lists[0].items[0]).toMatchObject({ done: false, doneAt: null });

    const switched = await rpc.setActive({ sessionId: S, list: 'groceries' });
    expect(switched.activeListId).toBe(groceries.id);
    expect((await planner.providerView()).detail).toMatchObject({ name: 'groceries', done: 0, total: 2 });

    const added = await rpc.add({ sessionId: S, text: '  bread  ' });
    expect(added.lists[1].items.map((item) => item.text)).toEqual(['milk', 'eggs', 'bread']);
    const toLaunch = await rpc.add({ sessionId: S, list: 'launch', text: 'celebrate' });
    expect(toLaunch.lists[0].items.map((item) => item.text)).toEqual(['write notes', 'ship it', 'celebrate']);

    const removed = await rpc.remove({ sessionId: S, item: '2' });
    expect(removed.lists[1].items.map((item) => item.text)).toEqual(['milk', 'bread']);
    const removedById = await rpc.remove({ sessionId: S, list: 'launch', item: launch.items[1].id });
    expect(removedById.lists[0].items.map((item) => item.text)).toEqual(['write notes', 'celebrate']);
    expect(saved()).toEqual(removedById);
    expect(await rpc.get({ sessionId: S })).toEqual(removedById);
  });

  it('rejects invalid params and planner errors with messages naming the problem, changing nothing', async () => {
    expect((await rejection(rpc.add({ sessionId: S, text: 'orphan' }))).message).toMatch(
      /No active list and no lists yet/,
    );
    await planner.call('create', { name: 'launch', items: ['write notes'] });
    const before = await rpc.get({ sessionId: S });
    const cases: [Promise<unknown>, RegExp][] = [
      [rpc.setDone({ sessionId: S, list: 'launch', item: 1 }), /Invalid params for planner setDone: done: /],
      [rpc.setDone({ sessionId: S, list: 'launch', item: 0, done: true }), /item: /],
      [
        rpc.setDone({ sessionId: S, list: 'launch', item: 5, done: true }),
        /No item 5 in list "launch"; it has 1 item \(1–1\)/,
      ],
      [rpc.setDone({ sessionId: S, list: 'nope', item: 1, done: true }), /No list named "nope"; lists: launch/],
      [rpc.setActive({ sessionId: S }), /Invalid params for planner setActive: list: /],
      [rpc.setActive({ sessionId: S, list: '  ' }), /list: is empty/],
      [rpc.add({ sessionId: S, text: '   ' }), /Item text is empty/],
      [rpc.add({ sessionId: S, text: 'x', position: 1 }), /Unrecognized key.*"position"/],
      [rpc.remove({ sessionId: S, item: 'it_missing' }), /No item with id "it_missing" in list "launch"; ids: it_/],
      [rpc.remove({ sessionId: S, items: [1] }), /Invalid params for planner remove: /],
      [rpc.get({ all: true }), /Unrecognized key.*"all"/],
      [rpc.get([]), /Invalid params for planner get: params: /],
    ];
    for (const [call, message] of cases) {
      const error = await rejection(call);
      expect(error.message).toMatch(message);
      expect(error.code).toBe('invalid_params');
    }
    expect(await rpc.get({ sessionId: S })).toEqual(before);
  });
});
