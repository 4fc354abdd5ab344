// Compaction: automatic near the context budget, forced by /compact; the file keeps every item; the model sees the summary.
import { afterEach, describe, expect, it } from 'vitest';
import { chooseCompactionPoint } from '../../../../main/core/agent/compaction';
import { createHarness, type Harness } from '../../../support/runtimeHarness';
import { scripted } from '../../../support/fakeModelServer';

let h: Harness;
afterEach(async () => h?.close());

const user = (text: string) => ({
  type: 'message' as const,
  role: 'user' as const,
  content: [{ type: 'input_text' as const, text }],
});
const assistant = (text: string) => ({
  type: 'message' as const,
  role: 'assistant' as const,
  content: [{ type: 'output_text' as const, text }],
});
type Body = {
  instructions: string;
  input: Array<{ type: string; role?: string; content?: Array<{ text?: string }> }>;
  tools?: unknown[];
};

describe('compaction', () => {
  it('cuts only right before a user message, keeping the newest turns', () => {
    const items = [
      user('a'),
      assistant('b'),
      { type: 'function_call' as const, call_id: 'c', name: 'x', arguments: '{}' },
      { type: 'function_call_output' as const, call_id: 'c', output: 'o' },
      user('d'),
      assistant('e'),
      user('f'),
      assistant('g'),
    ].map((item, i) => ({ seq: i + 1, item }));
    expect(chooseCompactionPoint(items, 1)).toBe(6);
    expect(chooseCompactionPoint(items, 10_000)).toBe(4);
    expect(chooseCompactionPoint(items.slice(0, 2), 1)).toBeNull();
  });

  it('/compact summarizes older items; later requests send the summary instead, the session file keeps everything', async () => {
    h = await createHarness();
    h.server.enqueue(scripted.text('answer one'), scripted.text('answer two'), scripted.text('answer three'));
    // Long enough that a summary is shorter (a /compact with nothing to gain says so instead, see below).
    const detail = ' with all the details'.repeat(120);
    const first = await h.runtime.send({ sessionId: null, text: `question one about apples${detail}` });
    await first.done;
    await (
      await h.runtime.send({ sessionId: first.sessionId, text: `question two about pears${detail}` })
    ).done;
    await (
      await h.runtime.send({ sessionId: first.sessionId, text: 'question three about plums' })
    ).done;
    h.server.enqueue(scripted.text('- The user asked about apples and pears.'));
    const compact = await h.runtime.send({ sessionId: first.sessionId, text: '/compact' });
    expect(compact.commandOutput).toMatch(/Compacted 4 earlier items/);
    const summaryRequest = h.server.requests.at(-1)!.body as Body;
    expect(summaryRequest.tools ?? []).toEqual([]);
    expect(JSON.stringify(summaryRequest.input)).toContain('apples');
    h.server.enqueue(scripted.text('after compaction'));
    await (
      await h.runtime.send({ sessionId: first.sessionId, text: 'question four' })
    ).done;
    const after = h.server.requests.at(-1)!.body as Body;
    const text = JSON.stringify(after.input);
    expect(text).toContain('The user asked about apples and pears.');
    expect(text).not.toContain('question one about apples');
    expect(text).toContain('question four');
    const loaded = await h.runtime.sessions.load(first.sessionId);
    expect(JSON.stringify(loaded.entries)).toContain('question one about apples');
    expect(loaded.compactions).toHaveLength(1);
    expect(h.events.some((e) => e.type === 'compacted')).toBe(true);
  });

  it('compacts by itself when the input nears the context budget', async () => {
    h = await createHarness({ settings: { contextBudgetTokens: 3000, compactionThreshold: 0.5 } });
    const big = 'lorem ipsum dolor sit amet '.repeat(60);
    h.server.setHandler((req) => {
      const body = req.body as Body;
      if (body.instructions.startsWith('You are compacting')) return scripted.text('- summary of the long talk');
      return scripted.text(`reply ${big}`);
    });
    const first = await h.runtime.send({ sessionId: null, text: `first ${big}` });
    await first.done;
    for (let i = 0; i < 4; i++)
      await (
        await h.runtime.send({ sessionId: first.sessionId, text: `more ${i} ${big}` })
      ).done;
    const compactions = h.server.requests.filter((r) => (r.body as Body).instructions.startsWith('You are compacting'));
    expect(compactions.length).toBeGreaterThan(0);
    const last = h.server.requests.at(-1)!.body as Body;
    expect(JSON.stringify(last.input)).toContain('summary of the long talk');
    expect((await h.runtime.sessions.load(first.sessionId)).compactions.length).toBeGreaterThan(0);
  });

  it('/compact with nothing to gain says so and sends nothing', async () => {
    h = await createHarness();
    h.server.enqueue(scripted.text('one'), scripted.text('two'));
    const first = await h.runtime.send({ sessionId: null, text: 'hi' });
    await first.done;
    await (
      await h.runtime.send({ sessionId: first.sessionId, text: 'and again' })
    ).done;
    const before = h.server.requests.length;
    const compact = await h.runtime.send({ sessionId: first.sessionId, text: '/compact' });
    expect(compact.commandOutput).toMatch(
      /^Nothing to gain from compacting: the earlier part of this chat is only about \d+ tokens/,
    );
    expect(h.server.requests.length).toBe(before);
    expect((await h.runtime.sessions.load(first.sessionId)).compactions).toEqual([]);
  });

  it('summarizes a 20,000-item session in chunks: no request exceeds the context budget', async () => {
    const budget = 200_000;
    h = await createHarness({ settings: { contextBudgetTokens: budget } });
    const session = await h.runtime.sessions.create();
    const items = Array.from({ length: 20_000 }, (_, i) =>
      i % 2 === 0
        ? user(`question ${i} about the quarterly report, page ${i}`)
        : assistant(`answer ${i}: see section ${i}`),
    );
    await h.runtime.sessions.appendItems(session.id, 'turn_seed', items);
    let chunk = 0;
    h.server.setHandler(() => scripted.text(`- summary after chunk ${++chunk}`));
    const compact = await h.runtime.send({ sessionId: session.id, text: '/compact' });
    expect(compact.commandOutput).toMatch(/Compacted 19998 earlier items/);
    const summaries = h.server.requests.filter((r) => (r.body as Body).instructions.startsWith('You are compacting'));
    // ~1.7 MB of transcript: several requests, each within the budget (~4 bytes per token) and its JSON framing.
    expect(summaries.length).toBeGreaterThan(2);
    const largest = Math.max(...summaries.map((r) => r.bodyBytes));
    expect(largest).toBeLessThanOrEqual(budget * 4);
    // Each request after the first carries the rolling summary so far.
    expect(JSON.stringify((summaries[1].body as Body).input)).toContain('summary after chunk 1');
    const loaded = await h.runtime.sessions.load(session.id);
    expect(loaded.compactions.at(-1)?.summary).toBe(`- summary after chunk ${summaries.length}`);
  }, 120_000);
});
