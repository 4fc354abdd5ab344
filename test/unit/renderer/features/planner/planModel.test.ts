// Tests for the Plan panel's pure logic (renderer/features/planner/planModel.ts) and its result schema.
import { describe, expect, it } from 'vitest';
import {
  isPlanCreated,
  isPlannerToolOutput,
  planProgress,
  planView,
  shouldAutoOpenPlan,
  withItemDone,
} from '../../../../../renderer/features/planner/planModel';
import { PlannerState, type PlanList } from '../../../../../plugins/planner/contract';
import { ev } from '../../fixtures';

const T0 = '2026-01-01T00:00:00.000Z';

function list(id: string, updatedAt: string, done: boolean[]): PlanList {
  return {
    id,
    name: `List ${id}`,
    createdAt: T0,
    updatedAt,
    items: done.map((d, i) => ({
      id: `it_${id}${i}`,
      text: `Step ${i + 1}`,
      done: d,
      createdAt: T0,
      doneAt: d ? T0 : null,
    })),
  };
}

const state: PlannerState = {
  version: 1,
  activeListId: 'b',
  pinnedListId: null,
  lists: [
    list('a', '2026-01-02T00:00:00.000Z', [true]),
    list('b', '2026-01-01T00:00:00.000Z', [true, false, false]),
    list('c', '2026-01-03T00:00:00.000Z', []),
  ],
};

describe('planView', () => {
  it('puts the active list apart and orders the others newest first', () => {
    const view = planView(state);
    expect(view.active?.id).toBe('b');
    expect(view.others.map((l) => l.id)).toEqual(['c', 'a']);
  });

  it('has no active list when the id is null or unknown', () => {
    expect(planView({ ...state, activeListId: null }).active).toBeNull();
    expect(planView({ ...state, activeListId: 'gone' }).others).toHaveLength(3);
  });
});

describe('planProgress', () => {
  it('counts done items and rounds the percentage', () => {
    expect(planProgress(state.lists[1]!)).toEqual({ done: 1, total: 3, percent: 33 });
    expect(planProgress(state.lists[2]!)).toEqual({ done: 0, total: 0, percent: 0 });
  });
});

describe('withItemDone', () => {
  it('checks one item in a copy, stamping doneAt, and unchecks clearing it', () => {
    const now = '2026-02-01T00:00:00.000Z';
    const checked = withItemDone(state, 'b', 'it_b1', true, now);
    expect(checked.lists[1]!.items[1]).toMatchObject({ done: true, doneAt: now });
    expect(state.lists[1]!.items[1]!.done).toBe(false);
    expect(checked.lists[0]).toBe(state.lists[0]);
    const unchecked = withItemDone(checked, 'b', 'it_b0', false, now);
    expect(unchecked.lists[1]!.items[0]).toMatchObject({ done: false, doneAt: null });
  });

  it('returns the same state for unknown ids or no change', () => {
    expect(withItemDone(state, 'zz', 'it_b1', true, T0)).toBe(state);
    expect(withItemDone(state, 'b', 'nope', true, T0)).toBe(state);
    expect(withItemDone(state, 'b', 'it_b0', true, T0)).toBe(state);
  });
});

describe('plan events', () => {
  const output = (name: string, status: 'ok' | 'error' = 'ok', sessionId = 's1') =>
    ev('tool_output', { callId: 'c', name, output: '', isError: status !== 'ok', durationMs: 1, status, sessionId });

  it('recognizes planner tool outputs and a successful planner_create', () => {
    expect(isPlannerToolOutput(output('planner_check'))).toBe(true);
    expect(isPlannerToolOutput(output('memory_add'))).toBe(false);
    expect(
      isPlannerToolOutput(ev('tool_call_requested', { callId: 'c', name: 'planner_check', arguments: '{}' })),
    ).toBe(false);
    expect(isPlanCreated(output('planner_create'))).toBe(true);
    expect(isPlanCreated(output('planner_create', 'error'))).toBe(false);
  });

  it('auto-opens once per session, only for the chat on screen', () => {
    const opened = new Set<string>();
    expect(shouldAutoOpenPlan(output('planner_create'), 's1', opened)).toBe(true);
    expect(shouldAutoOpenPlan(output('planner_create', 'ok', 's2'), 's1', opened)).toBe(false);
    expect(shouldAutoOpenPlan(output('planner_add'), 's1', opened)).toBe(false);
    opened.add('s1');
    expect(shouldAutoOpenPlan(output('planner_create'), 's1', opened)).toBe(false);
  });
});

describe('PlannerState schema', () => {
  it('accepts the planner state shape and rejects a wrong version', () => {
    expect(PlannerState.safeParse(state).success).toBe(true);
    expect(PlannerState.safeParse({ ...state, version: 2 }).success).toBe(false);
    expect(PlannerState.safeParse({ version: 1, activeListId: null, lists: [{ id: 'x' }] }).success).toBe(false);
  });
});

describe('planView pinned', () => {
  it('marks the active list as pinned only when it is the pinned one', () => {
    expect(planView({ ...state, pinnedListId: 'b' }).pinned).toBe(true);
    expect(planView({ ...state, pinnedListId: 'a' }).pinned).toBe(false);
    expect(planView({ ...state, activeListId: null, pinnedListId: 'a' }).pinned).toBe(false);
  });
});
