// Tests for opening a chat from its tail and merging older pages (renderer/stores/chatHistory.ts, chatFromDetail, rows).
import { describe, expect, it } from 'vitest';
import type { SessionDetail, TranscriptEntry, TurnInfo } from '../../../../preload/contract';
import { historyAfterPage, prependHistory } from '../../../../renderer/stores/chatHistory';
import { applyAgentEvents, chatFromDetail, toolResultsOf, type ChatModel } from '../../../../renderer/stores/chatModel';
import { buildTranscriptRows } from '../../../../renderer/stores/transcriptRows';
import { assistantMsg, detail, entry, ev, usage, userMsg } from '../fixtures';

const NOW = '2026-01-01T01:00:00Z';

/** Turn `turnId` at seqs from..from+3: question, tool call `callId`, its output, answer. */
function turnEntries(from: number, turnId: string, callId: string): TranscriptEntry[] {
  return [
    entry(from, turnId, userMsg(`question ${turnId}`)),
    entry(from + 1, turnId, {
      type: 'function_call',
      call_id: callId,
      name: 'files_read',
      arguments: `{"path":"${callId}.txt"}`,
    }),
    entry(from + 2, turnId, { type: 'function_call_output', call_id: callId, output: `contents of ${callId}` }),
    entry(from + 3, turnId, assistantMsg(`answer ${turnId}`)),
  ];
}

const ALL = [...turnEntries(1, 't1', 'a'), ...turnEntries(5, 't2', 'b'), ...turnEntries(9, 't3', 'c')];
/** Turn records (at = when each ended); t0 failed before writing any item. */
const TURNS: TurnInfo[] = [
  { turnId: 't0', at: '2025-12-31T23:59:59Z', stopReason: 'error', usage: usage(1, 0), error: 'model unreachable' },
  { turnId: 't1', at: '2026-01-01T00:00:04Z', stopReason: 'completed', usage: usage() },
  {
    turnId: 't2',
    at: '2026-01-01T00:00:08Z',
    stopReason: 'completed',
    usage: usage(),
    toolResults: [{ callId: 'b', status: 'denied', isError: true, durationMs: 3, risk: 'write' }],
  },
  { turnId: 't3', at: '2026-01-01T00:00:12Z', stopReason: 'completed', usage: usage() },
];
const EXTRA: Partial<SessionDetail> = {
  turns: TURNS,
  compactions: [{ at: NOW, turnId: 't2', upToSeq: 4, summary: 'earlier' }],
};
const RESULTS = toolResultsOf(TURNS);

/** The chat as session/get with `tail` returns it: the last `tail` entries of ALL. */
function openedFromTail(tail: number, extra: Partial<SessionDetail> = {}): ChatModel {
  const entries = ALL.slice(-tail);
  return chatFromDetail(
    detail('s1', entries, { ...EXTRA, firstSeq: entries[0]!.seq, totalEntries: ALL.length, ...extra }),
  );
}

/** Entries with seq below `beforeSeq`, the last `limit` of them (what session/entries answers). */
function pageBefore(beforeSeq: number, limit: number) {
  const older = ALL.filter((e) => e.seq < beforeSeq);
  const entries = older.slice(Math.max(0, older.length - limit));
  return { entries, firstSeq: entries[0]?.seq ?? null };
}

/** Pages back from the model's `historyBefore` until the history is complete. */
function loadAll(model: ChatModel, limit: number): ChatModel {
  let next = model;
  while (next.historyBefore !== null) {
    const page = pageBefore(next.historyBefore, limit);
    next = prependHistory(next, page.entries, RESULTS, historyAfterPage(page, limit));
  }
  return next;
}

const keys = (model: ChatModel) => buildTranscriptRows(model, []).map((r) => r.key);

describe('opening from the tail', () => {
  it('marks older history as missing only when the tail did not hold everything', () => {
    expect(openedFromTail(6).historyBefore).toBe(7);
    expect(openedFromTail(12).historyBefore).toBeNull();
    expect(chatFromDetail(detail('s1', ALL, EXTRA)).historyBefore).toBeNull();
  });

  it('leaves out turns whose items are not loaded yet instead of listing them at the end', () => {
    const rows = buildTranscriptRows(openedFromTail(6), []);
    // Seq 7 is b's output, whose call (seq 6) is not loaded: no card until it is.
    expect(rows.map((r) => r.key)).toEqual(['e8', 'kt2', 'e9', 'tc', 'e12', 'kt3']);
  });
});

describe('historyAfterPage', () => {
  it('keeps paging after a full page and stops after a short one', () => {
    expect(historyAfterPage({ entries: ALL.slice(2, 6), firstSeq: 3 }, 4)).toBe(3);
    expect(historyAfterPage({ entries: ALL.slice(0, 2), firstSeq: 1 }, 4)).toBeNull();
    expect(historyAfterPage({ entries: [], firstSeq: null }, 4)).toBeNull();
  });
});

describe('prependHistory', () => {
  it.each([1, 2, 5, 100])('pages of %i rebuild exactly the chat a whole-session load builds', (limit) => {
    const whole = chatFromDetail(detail('s1', ALL, EXTRA));
    const paged = loadAll(openedFromTail(3), limit);
    expect(paged.entries).toEqual(whole.entries);
    expect(paged.tools).toEqual(whole.tools);
    expect(paged.historyBefore).toBeNull();
    expect(keys(paged)).toEqual(keys(whole));
  });

  it('pairs an older call with its output loaded earlier, and applies the recorded result', () => {
    const model = openedFromTail(6);
    expect(model.tools.b).toBeUndefined();
    const page = pageBefore(7, 2);
    const merged = prependHistory(model, page.entries, RESULTS, historyAfterPage(page, 2));
    expect(merged.tools.b).toEqual({
      callId: 'b',
      turnId: 't2',
      name: 'files_read',
      arguments: '{"path":"b.txt"}',
      status: 'denied',
      output: 'contents of b',
      durationMs: 3,
      risk: 'write',
    });
    expect(merged.historyBefore).toBe(5);
    expect(merged.entries.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('shows the compaction marker once the entry it follows arrives', () => {
    const model = openedFromTail(6);
    expect(buildTranscriptRows(model, []).some((r) => r.kind === 'compaction')).toBe(false);
    const complete = loadAll(model, 100);
    const rows = buildTranscriptRows(complete, []);
    const at = rows.findIndex((r) => r.kind === 'compaction');
    expect(rows[at - 1]?.key).toBe('kt1');
  });

  it('ignores entries already loaded, so a page applied twice adds nothing and returns the same model', () => {
    const page = pageBefore(7, 4);
    const once = prependHistory(openedFromTail(6), page.entries, RESULTS, 3);
    const twice = prependHistory(once, page.entries, RESULTS, 3);
    expect(twice).toBe(once);
    expect(prependHistory(once, [...ALL.slice(6), ...page.entries], RESULTS, 3)).toBe(once);
  });

  it('keeps live items that arrived while paging, once each, after the older ones', () => {
    const live = applyAgentEvents(
      openedFromTail(4),
      [
        ev('turn_started', { turnId: 't4', at: NOW, input: 'more' }),
        ev('item_added', { turnId: 't4', seq: 13, at: NOW, item: userMsg('more') }),
        ev('item_added', { turnId: 't3', seq: 12, at: NOW, item: assistantMsg('replayed') }),
      ],
      NOW,
    );
    const complete = loadAll(live, 3);
    expect(complete.entries.map((e) => e.seq)).toEqual([...ALL.map((e) => e.seq), 13]);
    expect(complete.entries.at(-2)?.item).toEqual(assistantMsg('answer t3'));
    expect(keys(complete).filter((k) => k === 'e13')).toHaveLength(1);
  });

  it('keeps the live state of a card made by events before its call arrived, taking name and arguments from the entry', () => {
    const live = applyAgentEvents(
      openedFromTail(6),
      [
        ev('tool_output', {
          turnId: 't2',
          callId: 'b',
          name: 'tool',
          status: 'ok',
          isError: false,
          output: 'live output',
          durationMs: 9,
        }),
      ],
      NOW,
    );
    const merged = prependHistory(live, pageBefore(7, 4).entries, RESULTS, 3);
    expect(merged.tools.b).toMatchObject({
      name: 'files_read',
      arguments: '{"path":"b.txt"}',
      status: 'ok',
      output: 'live output',
      durationMs: 9,
    });
  });

  it('marks an older call without output as running while the session runs', () => {
    const entries = [...turnEntries(1, 't1', 'a').slice(0, 2), entry(3, 't1', assistantMsg('still working'))];
    const model = chatFromDetail(detail('s1', entries.slice(2), { running: true, firstSeq: 3, totalEntries: 3 }));
    const merged = prependHistory(model, entries.slice(0, 2), new Map(), null);
    expect(merged.tools.a?.status).toBe('running');
    expect(prependHistory({ ...model, running: false }, entries.slice(0, 2), new Map(), null).tools.a?.status).toBe(
      'interrupted',
    );
  });
});
