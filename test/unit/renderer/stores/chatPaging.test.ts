// Tests for the chat store opening a session from its tail and fetching older pages (renderer/stores/chat.ts), over a fake api.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result, SessionDetail, TranscriptEntry } from '../../../../preload/contract';
import { assistantMsg, detail, entry, ev, userMsg } from '../fixtures';

/** The fake transport: every `api.invoke` goes to `fake.invoke`. */
const fake = vi.hoisted(() => ({
  invoke: (_channel: string, _params: unknown): Promise<unknown> => Promise.reject(new Error('no fake api')),
}));
vi.mock('../../../../renderer/api', () => ({
  api: { invoke: (channel: string, params: unknown) => fake.invoke(channel, params) },
}));

const { useChat } = await import('../../../../renderer/stores/chat');

/** An in-memory runtime side: sessions as entry lists, answering session/get (with tail) and session/entries. */
class FakeSessions {
  readonly sessions = new Map<string, TranscriptEntry[]>();
  readonly calls: Array<{ channel: string; params: Record<string, unknown> }> = [];
  /** When set, session/entries waits for this before answering (or answers its error). */
  gate: Promise<void> | null = null;
  failEntries: Result<never> | null = null;

  add(id: string, count: number): void {
    const list = this.sessions.get(id) ?? [];
    const start = list.length;
    for (let i = start; i < start + count; i++)
      list.push(entry(i + 1, `t${Math.floor(i / 2)}`, i % 2 ? assistantMsg(`a${i}`) : userMsg(`q${i}`)));
    this.sessions.set(id, list);
  }

  invoke = async (channel: string, params: unknown): Promise<unknown> => {
    const p = params as Record<string, unknown>;
    this.calls.push({ channel, params: p });
    const all = this.sessions.get(p.sessionId as string);
    if (!all) return { ok: false, error: { code: 'not_found', message: 'gone' } };
    if (channel === 'session/get') {
      const tail = p.tail as number | undefined;
      const entries = tail === undefined ? all : all.slice(-tail);
      const value: SessionDetail = detail(
        p.sessionId as string,
        entries,
        tail === undefined ? {} : { firstSeq: entries[0]?.seq ?? null, totalEntries: all.length },
      );
      return { ok: true, value };
    }
    if (channel === 'session/entries') {
      await this.gate;
      if (this.failEntries) return this.failEntries;
      const older = all.filter((e) => e.seq < (p.beforeSeq as number));
      const entries = older.slice(Math.max(0, older.length - (p.limit as number)));
      return { ok: true, value: { entries, firstSeq: entries[0]?.seq ?? null } };
    }
    throw new Error(`unexpected channel ${channel}`);
  };

  /** The `session/entries` calls made so far, as [sessionId, beforeSeq, limit]. */
  pages(): unknown[][] {
    return this.calls
      .filter((c) => c.channel === 'session/entries')
      .map((c) => [c.params.sessionId, c.params.beforeSeq, c.params.limit]);
  }
}

let server: FakeSessions;
const model = () => useChat.getState().model;
const seqs = () => model().entries.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/**
 * Lets every pending promise chain of the in-memory fake run to its end (macrotask turns, not wall-clock time), so a
 * negative assertion after it holds on a loaded machine too.
 */
const drain = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
const complete = () => vi.waitFor(() => expect(model().historyBefore).toBeNull(), { timeout: 5000 });

beforeEach(() => {
  vi.stubGlobal('location', { hash: '', pathname: '/', search: '' });
  vi.stubGlobal('history', { replaceState: () => undefined });
  server = new FakeSessions();
  fake.invoke = server.invoke;
  useChat.getState().newChat();
});
afterEach(() => {
  useChat.getState().newChat();
  vi.unstubAllGlobals();
});

describe('chat store: opening from the tail', () => {
  it('shows the last 200 entries at once, then fetches older pages of 2000 until the transcript is complete', async () => {
    server.add('s1', 4500);
    await useChat.getState().open('s1');
    expect(server.calls[0]).toEqual({ channel: 'session/get', params: { sessionId: 's1', tail: 200 } });
    expect(seqs()).toEqual(range(4301, 4500));
    expect(model().historyBefore).toBe(4301);
    await complete();
    expect(seqs()).toEqual(range(1, 4500));
    expect(server.pages()).toEqual([
      ['s1', 4301, 2000],
      ['s1', 2301, 2000],
      ['s1', 301, 2000],
    ]);
  });

  it('fetches nothing more for a chat that fits in the tail', async () => {
    server.add('s1', 30);
    await useChat.getState().open('s1');
    expect(seqs()).toEqual(range(1, 30));
    expect(model().historyBefore).toBeNull();
    await drain();
    expect(server.pages()).toEqual([]);
  });

  it('applies live items that arrive while older pages load exactly once, after the history', async () => {
    server.add('s1', 2500);
    let release!: () => void;
    server.gate = new Promise((r) => (release = r));
    await useChat.getState().open('s1');
    await vi.waitFor(() => expect(server.pages()).toHaveLength(1));
    useChat.getState().applyEvents([
      ev('item_added', {
        sessionId: 's1',
        turnId: 'tx',
        seq: 2501,
        at: '2026-01-01T00:00:59Z',
        item: userMsg('live'),
      }),
      ev('item_added', {
        sessionId: 's1',
        turnId: 't1249',
        seq: 2500,
        at: '2026-01-01T00:00:59Z',
        item: assistantMsg('replayed'),
      }),
    ]);
    release();
    await complete();
    expect(seqs()).toEqual(range(1, 2501));
    expect(model().entries.at(-1)?.item).toEqual(userMsg('live'));
  });

  it('stops fetching the old chat when another one opens, and drops its late page', async () => {
    server.add('s1', 4500);
    server.add('s2', 10);
    let release!: () => void;
    server.gate = new Promise((r) => (release = r));
    await useChat.getState().open('s1');
    await vi.waitFor(() => expect(server.pages()).toHaveLength(1));
    await useChat.getState().open('s2');
    release();
    await drain();
    expect(model().sessionId).toBe('s2');
    expect(seqs()).toEqual(range(1, 10));
    expect(server.pages()).toEqual([['s1', 4301, 2000]]);
  });

  it('reports a failed page and resumes on retryHistory', async () => {
    server.add('s1', 2500);
    server.failEntries = { ok: false, error: { code: 'unavailable', message: 'The connection closed.' } };
    await useChat.getState().open('s1');
    await vi.waitFor(() => expect(useChat.getState().historyError).toBe('The connection closed.'));
    expect(model().historyBefore).toBe(2301);
    server.failEntries = null;
    useChat.getState().retryHistory();
    expect(useChat.getState().historyError).toBeNull();
    await complete();
    expect(seqs()).toEqual(range(1, 2500));
  });

  it('on reload keeps the older entries already loaded when they reach the new tail, and refetches across a gap', async () => {
    server.add('s1', 2500);
    await useChat.getState().open('s1');
    await complete();
    server.add('s1', 50);
    const before = server.pages().length;
    await useChat.getState().reload();
    expect(seqs()).toEqual(range(1, 2550));
    expect(model().historyBefore).toBeNull();
    expect(server.pages()).toHaveLength(before);

    server.add('s1', 400); // more than the tail: the entries on screen no longer meet the new tail
    await useChat.getState().reload();
    expect(seqs()).toEqual(range(2751, 2950));
    await complete();
    expect(seqs()).toEqual(range(1, 2950));
  });
});
