// Tests for the quick prompt's view of one turn (renderer/features/quick/quickTurn.ts).
import { describe, expect, it } from 'vitest';
import { quickTurnView } from '../../../../../renderer/features/quick/quickTurn';
import { applyAgentEvents, emptyChat } from '../../../../../renderer/stores/chatModel';
import { approval, assistantMsg, ev, usage, userMsg } from '../../fixtures';

const NOW = '2026-01-01T00:00:00Z';

describe('quickTurnView', () => {
  it('is null without a turn', () => {
    expect(quickTurnView(emptyChat('s1'), null, [])).toBeNull();
  });

  it('shows the input, then streamed text while live', () => {
    const m = applyAgentEvents(emptyChat('s1'), [ev('turn_started', { at: NOW, input: 'hi?' })], NOW);
    expect(quickTurnView(m, 't1', [])).toMatchObject({
      prompt: 'hi?',
      text: '',
      live: true,
      thinking: true,
      error: null,
    });
    const streaming = applyAgentEvents(m, [ev('text_delta', { delta: 'Hel' }), ev('text_delta', { delta: 'lo' })], NOW);
    expect(quickTurnView(streaming, 't1', [])).toMatchObject({ text: 'Hello', live: true, thinking: false });
  });

  it('joins the turn’s assistant messages and ignores other turns', () => {
    const m = applyAgentEvents(
      emptyChat('s1'),
      [
        ev('item_added', { seq: 1, at: NOW, turnId: 't0', item: assistantMsg('old answer') }),
        ev('turn_started', { at: NOW, input: 'q' }),
        ev('item_added', { seq: 2, at: NOW, item: userMsg('q (stored)') }),
        ev('item_added', { seq: 3, at: NOW, item: assistantMsg('First.') }),
        ev('tool_call_requested', { callId: 'c', name: 'planner_add', arguments: '{}' }),
        ev('tool_output', {
          callId: 'c',
          name: 'planner_add',
          output: 'ok',
          isError: false,
          durationMs: 3,
          status: 'ok',
        }),
        ev('item_added', { seq: 4, at: NOW, item: assistantMsg('Second.') }),
        ev('turn_completed', { stopReason: 'completed', usage: usage(), sessionUsage: usage(), toolRounds: 1 }),
      ],
      NOW,
    );
    const view = quickTurnView(m, 't1', []);
    expect(view).toMatchObject({ prompt: 'q (stored)', text: 'First.\n\nSecond.', live: false, cutShort: false });
    expect(view?.tools.map((t) => [t.name, t.status])).toEqual([['planner_add', 'ok']]);
  });

  it('picks the approval of this session and turn, and reports errors and cut-short turns', () => {
    const m = applyAgentEvents(
      emptyChat('s1'),
      [ev('turn_started', { at: NOW, input: 'x' }), ev('text_delta', { delta: 'part' })],
      NOW,
    );
    const pending = [approval('other', 's2', 't1'), approval('mine', 's1', 't1')];
    expect(quickTurnView(m, 't1', pending)?.approval?.callId).toBe('mine');
    const stopped = applyAgentEvents(
      m,
      [ev('turn_completed', { stopReason: 'interrupted', usage: usage(), sessionUsage: usage(), toolRounds: 0 })],
      NOW,
    );
    expect(quickTurnView(stopped, 't1', [])).toMatchObject({ text: 'part', live: false, cutShort: true });
    const failed = applyAgentEvents(m, [ev('error', { code: 'rate_limited', message: 'Too many requests' })], NOW);
    expect(quickTurnView(failed, 't1', [])?.error).toBe('Too many requests');
  });
});
