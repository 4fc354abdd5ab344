// Text renderings of planner lists: item lines, notes, bounding long lists, and the overview.
import { describe, expect, it } from 'vitest';
import { createList, setItemsDone, updateItem } from '../../../../plugins/planner/model';
import { renderList, renderOverview } from '../../../../plugins/planner/render';
import { initialPlannerState } from '../../../../plugins/planner/schema';
import { testEnv } from './env';

describe('renderList', () => {
  it('renders progress, checkboxes, ids, one-line texts and indented notes', () => {
    const env = testEnv();
    let change = createList(initialPlannerState, { name: 'launch', items: ['write\n spec', 'ship'] }, env);
    change = setItemsDone(change.state, { items: [2] }, env);
    change = updateItem(change.state, { item: 1, note: 'line one\nline two' }, env);
    expect(renderList(change.list)).toBe(
      'Plan "launch" (1/2 done)\n 1. [ ] write spec (id it_2)\n     note: line one\n           line two\n 2. [x] ship (id it_3)',
    );
  });

  it('cuts the tail when open items alone exceed maxItems', () => {
    const { list } = createList(initialPlannerState, { name: 'big', items: ['a', 'b', 'c', 'd'] }, testEnv());
    const done = setItemsDone(
      { version: 1, activeListId: list.id, pinnedListId: null, lists: [list] },
      { items: [1] },
      testEnv(),
    ).list;
    expect(renderList(done, { maxItems: 2 })).toBe(
      'Plan "big" (1/4 done)\n 2. [ ] b (id it_3)\n 3. [ ] c (id it_4)\n … 1 done and 1 open items not shown',
    );
    expect(renderList(done, { maxItems: 3, moreHint: '!' })).toBe(
      'Plan "big" (1/4 done)\n 2. [ ] b (id it_3)\n 3. [ ] c (id it_4)\n 4. [ ] d (id it_5)\n … 1 done item not shown!',
    );
    expect(renderList(done, { maxItems: 4 })).not.toContain('not shown');
  });
});

describe('renderOverview', () => {
  it('marks the active list and falls back to the empty text', () => {
    const env = testEnv();
    let state = createList(initialPlannerState, { name: 'a', items: ['x'] }, env).state;
    state = createList(state, { name: 'b', activate: false }, env).state;
    expect(renderOverview(state, 'none')).toBe('Plans (2):\n * a — 0/1 done (active)\n - b — 0/0 done');
    expect(renderOverview(initialPlannerState, 'none')).toBe('none');
  });
});
