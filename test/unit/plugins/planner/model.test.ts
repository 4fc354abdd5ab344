// Unit tests for the pure planner operations in plugins/planner/model.ts, errors included.
import { describe, expect, it } from 'vitest';
import {
  PlannerError,
  activeList,
  addItems,
  clearItems,
  createList,
  deleteList,
  findItemIndex,
  findList,
  moveItem,
  progress,
  removeItems,
  renameList,
  setActiveList,
  setItemsDone,
  updateItem,
  type PlannerEnv,
} from '../../../../plugins/planner/model';
import { PlannerState, initialPlannerState, type PlanList } from '../../../../plugins/planner/schema';
import { testEnv } from './env';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T00:01:00.000Z';

/** A state with "launch" (active; items a, b, c) and "groceries" (milk), built through the model itself. */
function twoLists(env = testEnv()) {
  let state = createList(initialPlannerState, { name: 'groceries', items: ['milk'] }, env).state;
  state = createList(state, { name: 'launch', items: ['a', 'b', 'c'] }, env).state;
  return { state, env, launch: findList(state, 'launch'), groceries: findList(state, 'groceries') };
}

function texts(list: PlanList): string[] {
  return list.items.map((item) => item.text);
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlannerError);
    return (error as Error).message;
  }
  throw new Error('expected a PlannerError, nothing was thrown');
}

describe('createList', () => {
  it('creates a list with items, activates it by default and leaves the input state untouched', () => {
    const env = testEnv();
    const before = structuredClone(initialPlannerState);
    const { state, list } = createList(before, { name: '  my   launch ', items: ['write spec', ' ship '] }, env);
    expect(before).toEqual(initialPlannerState);
    expect(list).toEqual({
      id: 'pl_1',
      name: 'my launch',
      createdAt: T0,
      updatedAt: T0,
      items: [
        { id: 'it_2', text: 'write spec', done: false, createdAt: T0, doneAt: null },
        { id: 'it_3', text: 'ship', done: false, createdAt: T0, doneAt: null },
      ],
    });
    expect(state.activeListId).toBe('pl_1');
    expect(PlannerState.parse(state)).toEqual(state);
  });

  it('keeps the previous active list when activate is false', () => {
    const { state, launch } = twoLists();
    const next = createList(state, { name: 'later', activate: false }, testEnv());
    expect(next.state.activeListId).toBe(launch.id);
    expect(next.list.items).toEqual([]);
    expect(next.state.lists.map((list) => list.name)).toEqual(['groceries', 'launch', 'later']);
  });

  it('rejects a duplicate name ignoring case, an empty name and a too long name', () => {
    const { state, env } = twoLists();
    expect(errorOf(() => createList(state, { name: 'LAUNCH' }, env))).toBe(
      'A list named "launch" already exists; pick another name or add items to it.',
    );
    expect(errorOf(() => createList(state, { name: '   ' }, env))).toMatch(/list name is empty/);
    expect(errorOf(() => createList(state, { name: 'x'.repeat(81) }, env))).toMatch(
      /81 characters long; use at most 80/,
    );
  });

  it('rejects an empty item text', () => {
    expect(errorOf(() => createList(initialPlannerState, { name: 'x', items: ['ok', ' '] }, testEnv()))).toBe(
      'Item text is empty; give it some text.',
    );
  });

  it('retries ids that collide with existing ones and gives up on a source that only repeats', () => {
    const repeating: PlannerEnv = { now: () => 0, randomId: () => 'same' };
    const { state } = createList(initialPlannerState, { name: 'one' }, repeating);
    expect(errorOf(() => createList(state, { name: 'two' }, repeating))).toMatch(
      /Could not pick a unique pl_… id after 100/,
    );
    const sequence = ['same', 'same', 'other', 'x'];
    const flaky: PlannerEnv = { now: () => 0, randomId: () => sequence.shift() ?? 'y' };
    const created = createList(state, { name: 'two', items: ['t'] }, flaky).list;
    expect(created.id).toBe('pl_other');
    expect(created.items[0]!.id).toBe('it_x');
  });
});

describe('findList and activeList', () => {
  it('finds by name ignoring case and spacing, by id, and the active list by default', () => {
    const { state, launch, groceries } = twoLists();
    expect(findList(state, ' GROCERIES ')).toBe(groceries);
    expect(findList(state, launch.id)).toBe(launch);
    expect(findList(state)).toBe(launch);
    expect(activeList(state)).toBe(launch);
  });

  it('names the missing list and the existing ones', () => {
    const { state } = twoLists();
    expect(errorOf(() => findList(state, 'trip'))).toBe('No list named "trip"; lists: groceries, launch.');
    expect(errorOf(() => findList(initialPlannerState, 'trip'))).toBe(
      'No list named "trip"; there are no lists yet, create one first.',
    );
  });

  it('explains when no list is active', () => {
    const { state } = twoLists();
    const none = { ...state, activeListId: null };
    expect(activeList(none)).toBeNull();
    expect(activeList({ ...state, activeListId: 'pl_gone' })).toBeNull();
    expect(errorOf(() => findList(none))).toBe(
      'No active list; lists: groceries, launch. Name one of them or make it active.',
    );
    expect(errorOf(() => findList(initialPlannerState))).toBe('No active list and no lists yet; create a list first.');
  });
});

describe('findItemIndex', () => {
  it('resolves 1-based positions (number or digits) and ids', () => {
    const { launch } = twoLists();
    expect(findItemIndex(launch, 1)).toBe(0);
    expect(findItemIndex(launch, ' 3 ')).toBe(2);
    expect(findItemIndex(launch, launch.items[1]!.id)).toBe(1);
  });

  it('names the valid positions or ids when an item is missing', () => {
    const { launch } = twoLists();
    expect(errorOf(() => findItemIndex(launch, 7))).toBe('No item 7 in list "launch"; it has 3 items (1–3).');
    expect(errorOf(() => findItemIndex(launch, 0))).toBe('No item 0 in list "launch"; it has 3 items (1–3).');
    expect(errorOf(() => findItemIndex(launch, 'it_zz'))).toBe(
      `No item with id "it_zz" in list "launch"; ids: ${launch.items.map((item, i) => `${item.id} (${i + 1})`).join(', ')}.`,
    );
    const empty = { ...launch, items: [] };
    expect(errorOf(() => findItemIndex(empty, 1))).toBe('No item 1 in list "launch"; the list is empty.');
    expect(errorOf(() => findItemIndex(empty, 'it_zz'))).toBe(
      'No item with id "it_zz" in list "launch"; the list is empty.',
    );
  });

  it('elides ids past the first 20', () => {
    const env = testEnv();
    const items = Array.from({ length: 23 }, (_, i) => `step ${i + 1}`);
    const { list } = createList(initialPlannerState, { name: 'long', items }, env);
    const message = errorOf(() => findItemIndex(list, 'it_nope'));
    expect(message).toContain(`${list.items[19]!.id} (20), … 3 more.`);
    expect(message).not.toContain(list.items[20]!.id);
  });
});

describe('addItems', () => {
  it('appends to the active list by default and stamps updatedAt', () => {
    const { state, env } = twoLists();
    env.time += 60_000;
    const { list, added, state: next } = addItems(state, { items: ['d', 'e'] }, env);
    expect(texts(list)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(added.map((item) => item.text)).toEqual(['d', 'e']);
    expect(added[0]!.createdAt).toBe(T1);
    expect(list.updatedAt).toBe(T1);
    expect(findList(next, 'launch')).toEqual(list);
    expect(texts(findList(state, 'launch'))).toEqual(['a', 'b', 'c']);
  });

  it('inserts at a 1-based position, including length+1, into a named list', () => {
    const { state, env } = twoLists();
    expect(texts(addItems(state, { items: ['x', 'y'], position: 1 }, env).list)).toEqual(['x', 'y', 'a', 'b', 'c']);
    expect(texts(addItems(state, { items: ['x'], position: 3 }, env).list)).toEqual(['a', 'b', 'x', 'c']);
    expect(texts(addItems(state, { items: ['x'], position: 4 }, env).list)).toEqual(['a', 'b', 'c', 'x']);
    expect(texts(addItems(state, { list: 'Groceries', items: ['eggs'] }, env).list)).toEqual(['milk', 'eggs']);
  });

  it('rejects out-of-range positions, no items, empty text and unknown lists', () => {
    const { state, env } = twoLists();
    expect(errorOf(() => addItems(state, { items: ['x'], position: 5 }, env))).toBe(
      'Position 5 is out of range for list "launch"; use 1–4 (4 appends).',
    );
    expect(errorOf(() => addItems(state, { items: ['x'], position: 0 }, env))).toMatch(/Position 0 is out of range/);
    expect(errorOf(() => addItems(state, { items: [] }, env))).toBe(
      'No items to add to list "launch"; pass at least one item text.',
    );
    expect(errorOf(() => addItems(state, { items: [''] }, env))).toBe('Item text is empty; give it some text.');
    expect(errorOf(() => addItems(state, { list: 'trip', items: ['x'] }, env))).toBe(
      'No list named "trip"; lists: groceries, launch.',
    );
  });
});

describe('setItemsDone', () => {
  it('checks by id and position, keeps doneAt of already done items, and unchecks', () => {
    const { state, env, launch } = twoLists();
    env.time += 60_000;
    const first = setItemsDone(state, { items: [launch.items[0]!.id, 2] }, env);
    expect(first.list.items.map((item) => [item.done, item.doneAt])).toEqual([
      [true, T1],
      [true, T1],
      [false, null],
    ]);
    expect(progress(first.list)).toEqual({ done: 2, total: 3 });
    env.time += 60_000;
    const again = setItemsDone(first.state, { items: ['1', 3] }, env);
    expect(again.list.items.map((item) => item.doneAt)).toEqual([T1, T1, '2025-01-01T00:02:00.000Z']);
    const open = setItemsDone(again.state, { items: [1], done: false }, env);
    expect(open.list.items[0]).toMatchObject({ done: false, doneAt: null });
    expect(progress(open.list)).toEqual({ done: 2, total: 3 });
  });

  it('changes nothing when any reference is missing, and needs at least one', () => {
    const { state, env } = twoLists();
    expect(errorOf(() => setItemsDone(state, { items: [1, 9] }, env))).toBe(
      'No item 9 in list "launch"; it has 3 items (1–3).',
    );
    expect(progress(findList(state, 'launch')).done).toBe(0);
    expect(errorOf(() => setItemsDone(state, { items: [] }, env))).toMatch(/^No items given for list "launch"/);
  });
});

describe('updateItem', () => {
  it('changes text, sets a note and removes it with an empty note', () => {
    const { state, env } = twoLists();
    const edited = updateItem(state, { item: 2, text: ' B! ', note: 'see doc' }, env);
    expect(edited.list.items[1]).toMatchObject({ text: 'B!', note: 'see doc' });
    const cleared = updateItem(edited.state, { item: 2, note: '' }, env);
    expect(cleared.list.items[1]).not.toHaveProperty('note');
    expect(cleared.list.items[1]!.text).toBe('B!');
  });

  it('rejects no change, empty text and a missing item', () => {
    const { state, env } = twoLists();
    expect(errorOf(() => updateItem(state, { item: 1 }, env))).toBe(
      'Nothing to change for item 1 in list "launch"; pass text or note.',
    );
    expect(errorOf(() => updateItem(state, { item: 1, text: ' ' }, env))).toBe(
      'Item text is empty; give it some text.',
    );
    expect(errorOf(() => updateItem(state, { item: 4, text: 'x' }, env))).toMatch(/^No item 4 in list "launch"/);
  });
});

describe('moveItem', () => {
  it('moves an item down and up', () => {
    const { state, env, launch } = twoLists();
    expect(texts(moveItem(state, { item: 1, to: 3 }, env).list)).toEqual(['b', 'c', 'a']);
    expect(texts(moveItem(state, { item: launch.items[2]!.id, to: 1 }, env).list)).toEqual(['c', 'a', 'b']);
    expect(texts(moveItem(state, { item: 2, to: 2 }, env).list)).toEqual(['a', 'b', 'c']);
  });

  it('rejects a position outside 1–length', () => {
    const { state, env } = twoLists();
    expect(errorOf(() => moveItem(state, { item: 1, to: 4 }, env))).toBe(
      'Position 4 is out of range for list "launch"; use 1–3.',
    );
  });
});

describe('removeItems', () => {
  it('removes the referenced items and returns them', () => {
    const { state, env } = twoLists();
    const { list, removed } = removeItems(state, { items: [3, 1, '1'] }, env);
    expect(texts(list)).toEqual(['b']);
    expect(removed.map((item) => item.text)).toEqual(['a', 'c']);
  });

  it('removes nothing when a reference is missing', () => {
    const { state, env } = twoLists();
    expect(errorOf(() => removeItems(state, { items: [1, 'it_x'] }, env))).toMatch(
      /^No item with id "it_x" in list "launch"; ids: /,
    );
    expect(errorOf(() => removeItems(state, { items: [] }, env))).toMatch(/^No items given/);
  });
});

describe('clearItems', () => {
  it('removes only done items, or all items, keeping the list', () => {
    const { state, env } = twoLists();
    const checked = setItemsDone(state, { items: [1, 3] }, env).state;
    const done = clearItems(checked, { scope: 'done' }, env);
    expect(texts(done.list)).toEqual(['b']);
    expect(done.removed).toBe(2);
    const all = clearItems(checked, { list: 'launch', scope: 'all' }, env);
    expect(all.list.items).toEqual([]);
    expect(all.removed).toBe(3);
    expect(all.state.lists).toHaveLength(2);
  });
});

describe('deleteList', () => {
  it('deletes the active list and leaves none active', () => {
    const { state, launch } = twoLists();
    const { state: next, deleted } = deleteList(state, {});
    expect(deleted.id).toBe(launch.id);
    expect(next.activeListId).toBeNull();
    expect(next.lists.map((list) => list.name)).toEqual(['groceries']);
  });

  it('keeps the active list when another is deleted, and names missing lists', () => {
    const { state, launch } = twoLists();
    const next = deleteList(state, { list: 'groceries' }).state;
    expect(next.activeListId).toBe(launch.id);
    expect(errorOf(() => deleteList(next, { list: 'groceries' }))).toBe('No list named "groceries"; lists: launch.');
  });
});

describe('setActiveList and renameList', () => {
  it('activates a list by name', () => {
    const { state, groceries } = twoLists();
    const next = setActiveList(state, { list: 'Groceries' });
    expect(next.state.activeListId).toBe(groceries.id);
    expect(next.list).toBe(groceries);
    expect(errorOf(() => setActiveList(state, { list: 'trip' }))).toBe(
      'No list named "trip"; lists: groceries, launch.',
    );
  });

  it('renames a list, allowing a change of case but no clash with another list', () => {
    const { state, env } = twoLists();
    env.time += 60_000;
    const renamed = renameList(state, { name: 'Launch v2' }, env);
    expect(renamed.list).toMatchObject({ name: 'Launch v2', updatedAt: T1 });
    expect(findList(renamed.state, 'launch v2').id).toBe(renamed.list.id);
    expect(renameList(state, { list: 'launch', name: 'LAUNCH' }, env).list.name).toBe('LAUNCH');
    expect(errorOf(() => renameList(state, { name: 'Groceries' }, env))).toBe(
      'A list named "groceries" already exists; pick another name for "launch".',
    );
    expect(errorOf(() => renameList(state, { name: '' }, env))).toMatch(/list name is empty/);
  });
});
