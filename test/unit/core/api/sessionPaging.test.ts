// session/get with `tail` and session/entries: the UI opens a session from its last entries and pages back through the rest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionItem } from '../../../../preload/contract/items';
import type { TranscriptEntry } from '../../../../preload/contract/sessions';
import { ClientError, inProcessClient, type RuntimeClient } from '../../../../main/core/api/client';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness;
let client: RuntimeClient;
beforeEach(async () => {
  h = await createHarness();
  client = inProcessClient(h.runtime);
});
afterEach(async () => h?.close());

const usage = { inputTokens: 3, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0, totalTokens: 5 };

function item(i: number): SessionItem {
  if (i % 2 === 0) return { type: 'message', role: 'user', content: [{ type: 'input_text', text: `question ${i}` }] };
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `answer ${i}` }] };
}

/** A session of `count` items (one turn per 5 items, each with a turn record) and a compaction up to seq 4. */
async function seedSession(count: number): Promise<string> {
  const { id } = await h.runtime.sessions.create({ title: 'Paged' });
  for (let start = 0; start < count; start += 5) {
    const turn = `t_${start / 5}`;
    await h.runtime.sessions.appendItems(
      id,
      turn,
      Array.from({ length: Math.min(5, count - start) }, (_, k) => item(start + k)),
    );
    await h.runtime.sessions.appendTurn(id, { turn, stopReason: 'completed', usage });
  }
  if (count >= 4)
    await h.runtime.sessions.appendCompaction(id, { turn: 't_0', upToSeq: 4, summary: 'The first questions.' });
  return id;
}

const seqs = (entries: readonly TranscriptEntry[]) => entries.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof ClientError) return error.code;
    throw error;
  }
}

describe('session/get', () => {
  it('without tail returns every entry and no paging fields, as before', async () => {
    const id = await seedSession(25);
    const detail = await client.invoke('session/get', { sessionId: id });
    expect(seqs(detail.entries)).toEqual(range(1, 25));
    expect(detail).not.toHaveProperty('firstSeq');
    expect(detail).not.toHaveProperty('totalEntries');
  });

  it('with tail returns the last entries, their first seq and the total, and every turn and compaction', async () => {
    const id = await seedSession(25);
    const detail = await client.invoke('session/get', { sessionId: id, tail: 10 });
    expect(seqs(detail.entries)).toEqual(range(16, 25));
    expect(detail.firstSeq).toBe(16);
    expect(detail.totalEntries).toBe(25);
    expect(detail.turns.map((t) => t.turnId)).toEqual(['t_0', 't_1', 't_2', 't_3', 't_4']);
    expect(detail.compactions).toEqual([expect.objectContaining({ upToSeq: 4, summary: 'The first questions.' })]);
    expect(detail.summary.itemCount).toBe(25);
    expect(detail.running).toBe(false);
  });

  it('with a tail longer than the session returns it whole; an empty session has firstSeq null', async () => {
    const id = await seedSession(7);
    const whole = await client.invoke('session/get', { sessionId: id, tail: 200 });
    expect(seqs(whole.entries)).toEqual(range(1, 7));
    expect(whole).toMatchObject({ firstSeq: 1, totalEntries: 7 });
    const { id: emptyId } = await h.runtime.sessions.create();
    expect(await client.invoke('session/get', { sessionId: emptyId, tail: 5 })).toMatchObject({
      entries: [],
      firstSeq: null,
      totalEntries: 0,
    });
  });
});

describe('session/entries', () => {
  it('returns the last `limit` entries before `beforeSeq`, in order, and pages back to the first entry', async () => {
    const id = await seedSession(25);
    expect(await client.invoke('session/entries', { sessionId: id, beforeSeq: 16, limit: 10 })).toMatchObject({
      firstSeq: 6,
    });
    expect(seqs((await client.invoke('session/entries', { sessionId: id, beforeSeq: 16, limit: 10 })).entries)).toEqual(
      range(6, 15),
    );
    expect(seqs((await client.invoke('session/entries', { sessionId: id, beforeSeq: 6, limit: 10 })).entries)).toEqual(
      range(1, 5),
    );
    expect(await client.invoke('session/entries', { sessionId: id, beforeSeq: 1, limit: 10 })).toEqual({
      entries: [],
      firstSeq: null,
    });
  });

  it('tail plus pages rebuild exactly what session/get returns without tail', async () => {
    const id = await seedSession(53);
    const whole = await client.invoke('session/get', { sessionId: id });
    const first = await client.invoke('session/get', { sessionId: id, tail: 8 });
    let entries = first.entries;
    expect(first.firstSeq).toBe(46);
    let before = first.firstSeq ?? null;
    let requests = 0;
    while (before !== null) {
      const page = await client.invoke('session/entries', { sessionId: id, beforeSeq: before, limit: 7 });
      requests++;
      entries = [...page.entries, ...entries];
      before = page.entries.length < 7 ? null : page.firstSeq;
    }
    expect(entries).toEqual(whole.entries);
    expect(requests).toBe(7); // 45 older entries: six full pages of 7, then 3
  });

  it('sees entries appended after the session was opened (nothing stale is served)', async () => {
    const id = await seedSession(25);
    await client.invoke('session/get', { sessionId: id, tail: 10 });
    await h.runtime.sessions.appendItems(id, 't_new', [item(100), item(101), item(102)]);
    const page = await client.invoke('session/entries', { sessionId: id, beforeSeq: 29, limit: 4 });
    expect(seqs(page.entries)).toEqual([25, 26, 27, 28]);
    expect(page.entries.at(-1)?.item).toEqual(item(102));
  });

  it('answers not_found for a missing or deleted session', async () => {
    const id = await seedSession(25);
    await client.invoke('session/get', { sessionId: id, tail: 10 });
    await client.invoke('session/delete', { sessionId: id });
    expect(await codeOf(client.invoke('session/entries', { sessionId: id, beforeSeq: 16, limit: 10 }))).toBe(
      'not_found',
    );
    expect(await codeOf(client.invoke('session/entries', { sessionId: 's_missing', beforeSeq: 5, limit: 10 }))).toBe(
      'not_found',
    );
  });

  it('rejects out-of-range tail, limit and beforeSeq with invalid_params', async () => {
    const id = await seedSession(5);
    for (const tail of [0, 5001, 2.5])
      expect(await codeOf(client.invoke('session/get', { sessionId: id, tail }))).toBe('invalid_params');
    for (const limit of [0, 5001, 1.5])
      expect(await codeOf(client.invoke('session/entries', { sessionId: id, beforeSeq: 3, limit }))).toBe(
        'invalid_params',
      );
    for (const beforeSeq of [0, 2.5])
      expect(await codeOf(client.invoke('session/entries', { sessionId: id, beforeSeq, limit: 3 }))).toBe(
        'invalid_params',
      );
  });
});
