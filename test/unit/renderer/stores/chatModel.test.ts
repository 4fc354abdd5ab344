// Tests for the open chat's event reducer (renderer/stores/chatModel.ts).
import { describeAllowedBy } from '../../../../preload/contract/approvals';
import { describe, expect, it } from 'vitest';
import {
  addNote,
  applyAgentEvent,
  applyAgentEvents,
  chatFromDetail,
  emptyChat,
} from '../../../../renderer/stores/chatModel';
import { approval, assistantMsg, detail, entry, ev, usage, userMsg } from '../fixtures';

const NOW = '2026-01-01T01:00:00Z';
/** The runtime's time on live items (differs from NOW, the browser clock). */
const AT = '2026-01-01T00:30:00Z';

describe('chatFromDetail', () => {
  it('pairs tool calls with outputs and marks unanswered calls by running state', () => {
    const entries = [
      entry(1, 't1', userMsg('hi')),
      entry(2, 't1', { type: 'function_call', call_id: 'a', name: 'files_list', arguments: '{}' }),
      entry(3, 't1', { type: 'function_call_output', call_id: 'a', output: 'done' }),
      entry(4, 't1', { type: 'function_call', call_id: 'b', name: 'shell_run', arguments: '{"command":"ls"}' }),
    ];
    const idle = chatFromDetail(detail('s1', entries));
    expect(idle.tools.a).toMatchObject({ status: 'ok', output: 'done', name: 'files_list' });
    expect(idle.tools.b?.status).toBe('interrupted');
    const running = chatFromDetail(detail('s1', entries, { running: true }));
    expect(running.tools.b?.status).toBe('running');
    expect(running.running).toBe(true);
  });

  it('gives reloaded tool cards the status, duration and risk recorded in the turn', () => {
    const entries = [
      entry(1, 't1', userMsg('hi')),
      entry(2, 't1', { type: 'function_call', call_id: 'a', name: 'shell_run', arguments: '{}' }),
      entry(3, 't1', { type: 'function_call_output', call_id: 'a', output: 'Denied by the user' }),
      entry(4, 't1', { type: 'function_call', call_id: 'b', name: 'files_read', arguments: '{}' }),
      entry(5, 't1', { type: 'function_call_output', call_id: 'b', output: 'text' }),
    ];
    const model = chatFromDetail(
      detail('s1', entries, {
        turns: [
          {
            turnId: 't1',
            at: NOW,
            stopReason: 'completed',
            usage: usage(),
            toolResults: [
              { callId: 'a', status: 'denied', isError: true, durationMs: 0, risk: 'destructive' },
              { callId: 'b', status: 'ok', isError: false, durationMs: 12 },
            ],
          },
        ],
      }),
    );
    expect(model.tools.a).toMatchObject({
      status: 'denied',
      durationMs: 0,
      risk: 'destructive',
      output: 'Denied by the user',
    });
    expect(model.tools.b).toMatchObject({ status: 'ok', durationMs: 12 });
    expect(model.tools.b?.risk).toBeUndefined();
  });

  it('sorts entries by seq and keeps turn errors and receipts', () => {
    const model = chatFromDetail(
      detail('s1', [entry(2, 't1', assistantMsg('b')), entry(1, 't1', userMsg('a'))], {
        turns: [{ turnId: 't1', at: NOW, stopReason: 'error', usage: usage(), error: 'boom', receipt: [] }],
      }),
    );
    expect(model.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(model.turns.t1?.error).toEqual({ code: 'error', message: 'boom' });
    expect(model.turnOrder).toEqual(['t1']);
  });
});

describe('applyAgentEvent', () => {
  it('streams text into a draft that the assistant item replaces', () => {
    let m = emptyChat('s1');
    m = applyAgentEvents(
      m,
      [
        ev('turn_started', { at: NOW, input: 'hello' }),
        ev('text_delta', { delta: 'Hel' }),
        ev('text_delta', { delta: 'lo' }),
      ],
      NOW,
    );
    expect(m.running).toBe(true);
    expect(m.activeTurnId).toBe('t1');
    expect(m.draft?.text).toBe('Hello');
    expect(m.turns.t1?.input).toBe('hello');
    m = applyAgentEvent(m, ev('item_added', { seq: 1, at: AT, item: assistantMsg('Hello') }), NOW);
    expect(m.draft?.text).toBe('');
    expect(m.entries).toHaveLength(1);
    expect(m.entries[0]).toMatchObject({ seq: 1, at: AT, turnId: 't1' });
  });

  it('ignores events of other sessions and replayed items', () => {
    const m = applyAgentEvent(emptyChat('s1'), ev('item_added', { seq: 1, at: AT, item: userMsg('x') }), NOW);
    expect(applyAgentEvent(m, ev('text_delta', { delta: 'x', sessionId: 's2' }), NOW)).toBe(m);
    const again = applyAgentEvent(m, ev('item_added', { seq: 1, at: AT, item: userMsg('x') }), NOW);
    expect(again.entries).toHaveLength(1);
  });

  it('inserts a late item in seq order', () => {
    let m = emptyChat('s1');
    m = applyAgentEvent(m, ev('item_added', { seq: 3, at: AT, item: assistantMsg('c') }), NOW);
    m = applyAgentEvent(m, ev('item_added', { seq: 1, at: AT, item: userMsg('a') }), NOW);
    expect(m.entries.map((e) => e.seq)).toEqual([1, 3]);
  });

  it('tracks a tool through approval, denial and output', () => {
    let m = emptyChat('s1');
    m = applyAgentEvent(
      m,
      ev('tool_call_requested', { callId: 'c', name: 'shell_run', arguments: '{"command":"rm"}', risk: 'destructive' }),
      NOW,
    );
    expect(m.tools.c).toMatchObject({ status: 'running', risk: 'destructive' });
    m = applyAgentEvent(m, ev('approval_requested', { approval: approval('c') }), NOW);
    expect(m.tools.c?.status).toBe('approval');
    m = applyAgentEvent(
      m,
      ev('approval_decided', { callId: 'c', decision: { type: 'deny', reason: 'no' }, decidedBy: 'user' }),
      NOW,
    );
    expect(m.tools.c?.status).toBe('denied');
    m = applyAgentEvent(
      m,
      ev('tool_output', {
        callId: 'c',
        name: 'shell_run',
        output: 'Denied',
        isError: true,
        durationMs: 0,
        status: 'denied',
      }),
      NOW,
    );
    expect(m.tools.c).toMatchObject({ status: 'denied', output: 'Denied', durationMs: 0 });
  });

  it('marks allowed tools running, then takes the status the output reports', () => {
    let m = emptyChat('s1');
    m = applyAgentEvent(m, ev('approval_requested', { approval: approval('c') }), NOW);
    expect(m.tools.c).toMatchObject({ name: 'shell_run', arguments: '{"command":"ls"}', status: 'approval' });
    m = applyAgentEvent(
      m,
      ev('approval_decided', { callId: 'c', decision: { type: 'allow_once' }, decidedBy: 'user' }),
      NOW,
    );
    expect(m.tools.c?.status).toBe('running');
    m = applyAgentEvent(
      m,
      ev('tool_output', {
        callId: 'c',
        name: 'shell_run',
        output: 'exit 1',
        isError: true,
        durationMs: 42,
        status: 'error',
      }),
      NOW,
    );
    expect(m.tools.c).toMatchObject({ status: 'error', durationMs: 42 });
    m = applyAgentEvent(
      m,
      ev('tool_output', {
        callId: 'd',
        name: 'web_fetch',
        output: 'Timed out after 30 s',
        isError: true,
        durationMs: 30_000,
        status: 'timeout',
      }),
      NOW,
    );
    expect(m.tools.d).toMatchObject({ status: 'timeout', name: 'web_fetch', durationMs: 30_000 });
  });

  it('records which rule let a call run without asking (issue 9 #1)', () => {
    const allowedBy = {
      type: 'rule' as const,
      ruleId: 'rule_1',
      rule: { tool: 'bash', match: { command: 'git status *' } },
    };
    const m = applyAgentEvent(
      emptyChat('s1'),
      ev('tool_output', {
        callId: 'g',
        name: 'bash',
        output: 'ok',
        isError: false,
        durationMs: 5,
        status: 'ok',
        allowedBy,
      }),
      NOW,
    );
    expect(m.tools.g.allowedBy).toEqual(allowedBy);
    expect(describeAllowedBy(allowedBy)).toBe('rule bash: command `git status *`');
  });

  it('keeps the reported status when the output item arrives after tool_output', () => {
    let m = applyAgentEvent(
      emptyChat('s1'),
      ev('tool_call_requested', { callId: 'c', name: 'x', arguments: '{"a":' }),
      NOW,
    );
    m = applyAgentEvent(
      m,
      ev('tool_output', {
        callId: 'c',
        name: 'x',
        output: 'bad JSON',
        isError: true,
        durationMs: 1,
        status: 'invalid',
      }),
      NOW,
    );
    m = applyAgentEvent(
      m,
      ev('item_added', { seq: 2, at: AT, item: { type: 'function_call_output', call_id: 'c', output: 'bad JSON' } }),
      NOW,
    );
    expect(m.tools.c?.status).toBe('invalid');
  });

  it('completes a turn: usage, interrupted tools, leftover stream kept as partial text', () => {
    let m = applyAgentEvents(
      emptyChat('s1'),
      [
        ev('turn_started', { at: NOW, input: 'go' }),
        ev('tool_call_requested', { callId: 'c', name: 'x', arguments: '{}' }),
        ev('text_delta', { delta: 'partial answer' }),
      ],
      NOW,
    );
    m = applyAgentEvent(
      m,
      ev('turn_completed', {
        stopReason: 'interrupted',
        usage: usage(7, 3),
        sessionUsage: usage(70, 30),
        toolRounds: 1,
      }),
      NOW,
    );
    expect(m.running).toBe(false);
    expect(m.activeTurnId).toBeNull();
    expect(m.draft).toBeNull();
    expect(m.turns.t1).toMatchObject({ stopReason: 'interrupted', usage: usage(7, 3), partialText: 'partial answer' });
    expect(m.tools.c?.status).toBe('interrupted');
    expect(m.sessionUsage).toEqual(usage(70, 30));
  });

  it('records errors on the turn and stops the running state', () => {
    let m = applyAgentEvent(emptyChat('s1'), ev('turn_started', { at: NOW, input: 'go' }), NOW);
    m = applyAgentEvent(m, ev('error', { code: 'rate_limited', message: 'Too many requests' }), NOW);
    expect(m.turns.t1?.error).toEqual({ code: 'rate_limited', message: 'Too many requests' });
    expect(m.running).toBe(false);
  });

  it('places a compaction marker at the seq the runtime reports, once', () => {
    let m = emptyChat('s1');
    for (let seq = 1; seq <= 6; seq++)
      m = applyAgentEvent(m, ev('item_added', { seq, at: AT, item: userMsg(`m${seq}`) }), NOW);
    m = applyAgentEvent(m, ev('compacted', { upToSeq: 3, summarizedItems: 2, summaryTokens: 100 }), NOW);
    expect(m.compactions).toEqual([{ at: NOW, turnId: 't1', upToSeq: 3, summary: '' }]);
    m = applyAgentEvent(m, ev('compacted', { upToSeq: 5, summarizedItems: 4, summaryTokens: 100 }), NOW);
    expect(m.compactions.map((c) => c.upToSeq)).toEqual([3, 5]);
    expect(applyAgentEvent(m, ev('compacted', { upToSeq: 5, summarizedItems: 4, summaryTokens: 100 }), NOW)).toBe(m);
  });

  it('keeps the context receipt and retry notice on the turn', () => {
    let m = applyAgentEvent(
      emptyChat('s1'),
      ev('context_gathered', { receipt: [{ providerId: 'p', title: 'P', text: 'x', tokens: 1 }] }),
      NOW,
    );
    m = applyAgentEvent(m, ev('retrying', { attempt: 2, delayMs: 500, reason: '503' }), NOW);
    expect(m.turns.t1?.receipt?.[0]?.providerId).toBe('p');
    expect(m.turns.t1?.retrying).toEqual({ attempt: 2, delayMs: 500, reason: '503' });
  });
});

describe('addNote', () => {
  it('anchors the note after the last transcript item', () => {
    const m = applyAgentEvent(emptyChat('s1'), ev('item_added', { seq: 5, at: AT, item: userMsg('x') }), NOW);
    const withNote = addNote(m, { id: 'n', at: NOW, text: 'out', tone: 'info' });
    expect(withNote.notes).toEqual([{ id: 'n', at: NOW, text: 'out', tone: 'info', afterSeq: 5 }]);
  });
});
