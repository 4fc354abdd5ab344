// Tests for per-frame agent event batching (renderer/stores/eventBatcher.ts).
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../../preload/contract';
import { coalesceDeltas, createEventBatcher } from '../../../../renderer/stores/eventBatcher';
import { ev } from '../fixtures';

const AT = '2026-01-01T00:30:00Z';

describe('coalesceDeltas', () => {
  it('merges adjacent deltas of the same kind, session and turn, keeping order', () => {
    const out = coalesceDeltas([
      ev('text_delta', { delta: 'a' }),
      ev('text_delta', { delta: 'b' }),
      ev('reasoning_delta', { delta: 'r' }),
      ev('text_delta', { delta: 'c' }),
      ev('text_delta', { delta: 'x', turnId: 't2' }),
      ev('item_added', { seq: 1, at: AT, item: { type: 'message', role: 'assistant', content: [] } }),
      ev('text_delta', { delta: 'd' }),
    ]);
    expect(
      out.map((e) =>
        e.type === 'text_delta' || e.type === 'reasoning_delta' ? `${e.type}:${e.turnId}:${e.delta}` : e.type,
      ),
    ).toEqual([
      'text_delta:t1:ab',
      'reasoning_delta:t1:r',
      'text_delta:t1:c',
      'text_delta:t2:x',
      'item_added',
      'text_delta:t1:d',
    ]);
  });
});

describe('createEventBatcher', () => {
  it('delivers 200 deltas as one batch per frame', () => {
    const frames: (() => void)[] = [];
    const batches: AgentEvent[][] = [];
    const batcher = createEventBatcher(
      (events) => batches.push(events),
      (run) => {
        frames.push(run);
        return () => undefined;
      },
    );
    for (let i = 0; i < 200; i++) batcher.push(ev('text_delta', { delta: 'x' }));
    expect(frames).toHaveLength(1);
    expect(batches).toHaveLength(0);
    frames[0]!();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1);
    expect(batches[0]![0]).toMatchObject({ type: 'text_delta', delta: 'x'.repeat(200) });
    batcher.push(ev('text_delta', { delta: 'y' }));
    expect(frames).toHaveLength(2);
  });

  it('flushNow delivers at once and cancels the pending frame', () => {
    let cancelled = 0;
    const batches: AgentEvent[][] = [];
    const batcher = createEventBatcher(
      (events) => batches.push(events),
      () => () => {
        cancelled++;
      },
    );
    batcher.push(ev('turn_started', { at: 'x', input: 'y' }));
    batcher.flushNow();
    expect(cancelled).toBe(1);
    expect(batches).toHaveLength(1);
    batcher.flushNow();
    expect(batches).toHaveLength(1);
  });
});
