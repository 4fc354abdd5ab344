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
    const first = await h.runtime.send({ sessionId: null, text: 'question one about apples' });
    await first.done;
    await (
      await h.runtime.send({ sessionId: first.sessionId, text: 'question two about pears' })
    ).done;
    await (
      await h.runtime.send({ sessionId: first.sessionId, text: 'question three about plums' })
    ).done;
    h.server.enqueue(scripted.text('- The user asked about apples and pears.'));
    const compact = await h.runtime.send({ sessionId: first.sessionId, text: '/compact' });
    expect(compact.commandOutput).toMatch(/Compacted \d+ earlier items?/);
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
});
