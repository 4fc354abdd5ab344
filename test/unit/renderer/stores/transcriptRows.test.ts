// Tests for the transcript row projection (renderer/stores/transcriptRows.ts).
import { describe, expect, it } from 'vitest';
import { addNote, applyAgentEvents, chatFromDetail, emptyChat } from '../../../../renderer/stores/chatModel';
import { buildTranscriptRows, transcriptRowsFor } from '../../../../renderer/stores/transcriptRows';
import { approval, assistantMsg, detail, entry, ev, usage, userMsg } from '../fixtures';

const NOW = '2026-01-01T01:00:00Z';
/** The runtime's time on live items (differs from NOW, the browser clock). */
const AT = '2026-01-01T00:30:00Z';
const kinds = (rows: { kind: string }[]) => rows.map((r) => r.kind);

describe('buildTranscriptRows', () => {
  it('folds outputs into tool cards and ends a turn with usage, then the compaction marker', () => {
    const model = chatFromDetail(
      detail(
        's1',
        [
          entry(1, 't1', userMsg('hi')),
          entry(2, 't1', { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thinking' }] }),
          entry(3, 't1', { type: 'function_call', call_id: 'a', name: 'x', arguments: '{}' }),
          entry(4, 't1', { type: 'function_call_output', call_id: 'a', output: 'ok' }),
          entry(5, 't1', assistantMsg('answer')),
          entry(6, 't2', userMsg('again')),
        ],
        {
          turns: [{ turnId: 't1', at: NOW, stopReason: 'completed', usage: usage() }],
          compactions: [{ at: NOW, turnId: 't2', upToSeq: 5, summary: 's' }],
        },
      ),
    );
    expect(kinds(buildTranscriptRows(model, []))).toEqual([
      'user',
      'reasoning',
      'tool',
      'assistant',
      'usage',
      'compaction',
      'user',
    ]);
  });

  it('shows the turn input until the user item arrives, then the live stream', () => {
    const live = applyAgentEvents(
      emptyChat('s1'),
      [ev('turn_started', { at: NOW, input: 'question' }), ev('text_delta', { delta: 'ans' })],
      NOW,
    );
    const rows = buildTranscriptRows(live, []);
    expect(kinds(rows)).toEqual(['pendingUser', 'stream']);
    expect(rows[1]).toMatchObject({ text: 'ans', live: true });
    const withItem = applyAgentEvents(live, [ev('item_added', { seq: 1, at: AT, item: userMsg('question') })], NOW);
    expect(kinds(buildTranscriptRows(withItem, []))).toEqual(['user', 'stream']);
  });

  it('hides the thinking row while the turn waits for an approval, and embeds the approval in the tool card', () => {
    const m = applyAgentEvents(
      emptyChat('s1'),
      [
        ev('turn_started', { at: NOW, input: 'q' }),
        ev('tool_call_requested', { callId: 'c', name: 'shell_run', arguments: '{}' }),
      ],
      NOW,
    );
    const pending = [approval('c')];
    const rows = buildTranscriptRows(m, pending);
    expect(kinds(rows)).toEqual(['pendingUser', 'tool']);
    expect(rows[1]).toMatchObject({ kind: 'tool', approval: pending[0] });
    expect(kinds(buildTranscriptRows(m, []))).toEqual(['pendingUser', 'tool', 'stream']);
  });

  it('lists approvals of this session without a tool card at the end and ignores other sessions', () => {
    const m = chatFromDetail(detail('s1', [entry(1, 't1', userMsg('hi'))]));
    const rows = buildTranscriptRows(m, [approval('x', 's1'), approval('y', 's2')]);
    expect(kinds(rows)).toEqual(['user', 'approval']);
    expect(rows[1]).toMatchObject({ key: 'ax' });
  });

  it('offers Retry only on the latest turn and not while running', () => {
    const base = chatFromDetail(
      detail('s1', [entry(1, 't1', userMsg('a')), entry(2, 't2', userMsg('b'))], {
        turns: [
          { turnId: 't1', at: NOW, stopReason: 'error', usage: usage(), error: 'first' },
          { turnId: 't2', at: NOW, stopReason: 'error', usage: usage(), error: 'second' },
        ],
      }),
    );
    const errors = buildTranscriptRows(base, []).filter((r) => r.kind === 'error');
    expect(errors.map((r) => (r.kind === 'error' ? r.canRetry : null))).toEqual([false, true]);
    const running = buildTranscriptRows({ ...base, running: true }, []).filter((r) => r.kind === 'error');
    expect(running.every((r) => r.kind === 'error' && !r.canRetry)).toBe(true);
  });

  it('keeps turns that failed before any item where they started: retries after 429 and 500 stay in order (issue 9 #3)', () => {
    const failed = (turnId: string, code: string) => [
      ev('turn_started', { turnId, at: NOW, input: '' }),
      ev('error', { turnId, code, message: `${code} exhausted` }),
      ev('turn_completed', {
        turnId,
        stopReason: 'error',
        usage: usage(0, 0),
        sessionUsage: usage(0, 0),
        toolRounds: 0,
      }),
    ];
    const live = applyAgentEvents(
      emptyChat('s1'),
      [
        ev('turn_started', { turnId: 't1', at: NOW, input: 'hello' }),
        ev('item_added', { turnId: 't1', seq: 1, at: AT, item: userMsg('hello') }),
        ev('error', { turnId: 't1', code: 'rate_limited', message: '429 exhausted' }),
        ev('turn_completed', {
          turnId: 't1',
          stopReason: 'error',
          usage: usage(0, 0),
          sessionUsage: usage(0, 0),
          toolRounds: 0,
        }),
        ...failed('t2', 'server_error'),
        ev('turn_started', { turnId: 't3', at: NOW, input: '' }),
        ev('item_added', { turnId: 't3', seq: 2, at: AT, item: assistantMsg('finally') }),
        ev('turn_completed', {
          turnId: 't3',
          stopReason: 'completed',
          usage: usage(),
          sessionUsage: usage(),
          toolRounds: 0,
        }),
      ],
      NOW,
    );
    const expected = ['user', 'error', 'error', 'assistant', 'usage'];
    const rows = buildTranscriptRows(live, []);
    expect(kinds(rows)).toEqual(expected);
    expect(rows.filter((r) => r.kind === 'error').map((r) => r.kind === 'error' && r.turn.error?.message)).toEqual([
      '429 exhausted',
      'server_error exhausted',
    ]);
    // After a reload: the same order from the session file (turn records in the order they ran).
    const reloaded = chatFromDetail(
      detail('s1', [entry(1, 't1', userMsg('hello')), entry(2, 't3', assistantMsg('finally'))], {
        turns: [
          { turnId: 't1', at: NOW, stopReason: 'error', usage: usage(0, 0), error: '429 exhausted' },
          { turnId: 't2', at: NOW, stopReason: 'error', usage: usage(0, 0), error: '500 exhausted' },
          { turnId: 't3', at: NOW, stopReason: 'completed', usage: usage() },
        ],
      }),
    );
    expect(kinds(buildTranscriptRows(reloaded, []))).toEqual(expected);
    // A later turn follows the answer, not the old error card.
    const later = applyAgentEvents(
      reloaded,
      [
        ev('turn_started', { turnId: 't4', at: NOW, input: 'next' }),
        ev('item_added', { turnId: 't4', seq: 3, at: AT, item: userMsg('next') }),
      ],
      NOW,
    );
    expect(kinds(buildTranscriptRows(later, []))).toEqual([...expected, 'user', 'stream']);
  });

  it('shows a usage row only when the server reported token counts', () => {
    const m = chatFromDetail(
      detail('s1', [entry(1, 't1', userMsg('a')), entry(2, 't1', assistantMsg('b'))], {
        turns: [{ turnId: 't1', at: NOW, stopReason: 'completed', usage: usage(0, 0) }],
      }),
    );
    expect(kinds(buildTranscriptRows(m, []))).toEqual(['user', 'assistant']);
  });

  it('places notes after the turn they followed', () => {
    let m = chatFromDetail(
      detail('s1', [entry(1, 't1', userMsg('a')), entry(2, 't1', assistantMsg('b'))], {
        turns: [{ turnId: 't1', at: NOW, stopReason: 'completed', usage: usage() }],
      }),
    );
    m = addNote(m, { id: 'n1', at: NOW, text: 'help', tone: 'info' });
    m = applyAgentEvents(m, [ev('item_added', { seq: 3, at: AT, turnId: 't2', item: userMsg('c') })], NOW);
    expect(kinds(buildTranscriptRows(m, []))).toEqual(['user', 'assistant', 'usage', 'note', 'user']);
    const blank = addNote(emptyChat(null), { id: 'n0', at: NOW, text: 'x', tone: 'info' });
    expect(kinds(buildTranscriptRows(blank, []))).toEqual(['note']);
  });

  it('keeps row payloads identical across rebuilds so memoized rows skip work', () => {
    const m = chatFromDetail(detail('s1', [entry(1, 't1', userMsg('a'))]));
    const [a] = buildTranscriptRows(m, []);
    const [b] = buildTranscriptRows({ ...m }, []);
    expect(a?.kind === 'user' && b?.kind === 'user' && a.entry === b.entry).toBe(true);
  });
});

describe('transcriptRowsFor', () => {
  const history = chatFromDetail(
    detail('s1', [entry(1, 't1', userMsg('hi')), entry(2, 't1', assistantMsg('hello'))], {
      turns: [{ turnId: 't1', at: NOW, stopReason: 'completed', usage: usage() }],
    }),
  );
  const started = applyAgentEvents(
    history,
    [ev('turn_started', { turnId: 't2', at: NOW, input: 'more' }), ev('text_delta', { turnId: 't2', delta: 'Par' })],
    NOW,
  );

  it('on a frame of deltas keeps every other row object and gives the same rows as buildTranscriptRows', () => {
    const pending: never[] = [];
    const before = transcriptRowsFor(started, pending);
    const grown = applyAgentEvents(
      started,
      [ev('text_delta', { turnId: 't2', delta: 'tial' }), ev('reasoning_delta', { turnId: 't2', delta: 'hm' })],
      NOW,
    );
    const after = transcriptRowsFor(grown, pending);
    expect(after).toEqual(buildTranscriptRows(grown, pending));
    expect(after.find((r) => r.kind === 'stream')).toMatchObject({ text: 'Partial', reasoning: 'hm', live: true });
    after.forEach((row, i) => {
      if (row.kind !== 'stream') expect(row).toBe(before[i]);
    });
  });

  it('builds afresh when anything besides the draft changes (an item, approvals, the end of the turn)', () => {
    const pending: never[] = [];
    transcriptRowsFor(started, pending);
    const withItem = applyAgentEvents(
      started,
      [ev('item_added', { turnId: 't2', seq: 3, at: AT, item: userMsg('more') })],
      NOW,
    );
    expect(transcriptRowsFor(withItem, pending)).toEqual(buildTranscriptRows(withItem, pending));
    const waiting = [approval('c1', 's1', 't2')];
    expect(transcriptRowsFor(withItem, waiting)).toEqual(buildTranscriptRows(withItem, waiting));
    const done = applyAgentEvents(
      withItem,
      [
        ev('turn_completed', {
          turnId: 't2',
          stopReason: 'completed',
          usage: usage(),
          sessionUsage: usage(),
          toolRounds: 0,
        }),
      ],
      NOW,
    );
    expect(transcriptRowsFor(done, waiting)).toEqual(buildTranscriptRows(done, waiting));
  });
});
