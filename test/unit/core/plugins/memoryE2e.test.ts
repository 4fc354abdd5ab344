// End to end with the built-in plugins: a memory saved in one session is recalled in the next; a plan's progress reaches the model.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent, ContextReceiptEntry } from '../../../../preload/contract/events';
import { builtinPlugins } from '../../../../plugins/index';
import { scripted } from '../../../support/fakeModelServer';
import { allowEveryApproval, createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Gathered = Extract<AgentEvent, { type: 'context_gathered' }>;

/** The `context_gathered` events of one session, in order. */
function gathered(harness: Harness, sessionId: string): Gathered[] {
  return harness.events.filter((e): e is Gathered => e.type === 'context_gathered' && e.sessionId === sessionId);
}

function entry(event: Gathered, providerId: string): ContextReceiptEntry {
  const found = event.receipt.find((candidate) => candidate.providerId === providerId);
  if (!found) throw new Error(`no ${providerId} entry in the receipt: ${JSON.stringify(event.receipt)}`);
  return found;
}

/** The text of the developer "Live context" message in a Responses request body, or undefined. */
function liveContext(body: unknown): string | undefined {
  const input = (body as { input: Array<{ type: string; role?: string; content?: Array<{ text?: string }> }> }).input;
  const message = input.find(
    (item) =>
      item.type === 'message' && item.role === 'developer' && item.content?.[0]?.text?.startsWith('# Live context'),
  );
  return message?.content?.map((part) => part.text ?? '').join('');
}

describe('memory across sessions', () => {
  it('saves a memory with approval in session 1 and recalls it with its provenance in a new session', async () => {
    h = await createHarness({ plugins: builtinPlugins });
    const harness = h;
    const approvals = allowEveryApproval(harness);
    const fact = "The user's cat is named Miso";
    // The store opens on first use (LanceDB loads then). On a loaded 2-core machine that can take longer than a context
    // provider's 3 s limit, which would leave this turn's memory entry with a timeout: this test is about saving and
    // recalling, so the store is opened before the first turn.
    await harness.runtime.plugins.call('memory', 'list', {});

    harness.server.enqueue(
      scripted.toolCalls({ name: 'memory_add', arguments: { text: fact, kind: 'fact' }, callId: 'call_mem' }),
      scripted.text('Noted: your cat is Miso.'),
    );
    const first = await harness.runtime.send({ sessionId: null, text: 'Remember that my cat is called Miso.' });
    expect((await first.done!).stopReason).toBe('completed');
    expect(approvals.map(({ tool, risk, callId }) => ({ tool, risk, callId }))).toEqual([
      { tool: 'memory_add', risk: 'write', callId: 'call_mem' },
    ]);
    const output = harness.events.find((e) => e.type === 'tool_output' && e.callId === 'call_mem');
    expect(output).toMatchObject({ isError: false, output: expect.stringMatching(/^Saved memory \[mem_/) });
    expect(entry(gathered(harness, first.sessionId)[0], 'memory').detail).toMatchObject({ memories: [] });

    const { memories } = (await harness.runtime.plugins.call('memory', 'list', {})) as {
      memories: Array<{ id: string; text: string; source: unknown }>;
    };
    expect(memories).toHaveLength(1);
    const saved = memories[0];
    expect(saved).toMatchObject({
      text: fact,
      kind: 'fact',
      source: { sessionId: first.sessionId, callId: 'call_mem' },
    });

    harness.server.enqueue(scripted.text('Your cat is called Miso.'));
    const second = await harness.runtime.send({ sessionId: null, text: 'what is my cat called?' });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect((await second.done!).stopReason).toBe('completed');

    const context = liveContext(harness.server.requests.at(-1)!.body);
    expect(context).toBeDefined();
    expect(context).toContain('## Memory');
    expect(context).toContain(saved.id);
    expect(context).toContain(fact);
    const recalled = entry(gathered(harness, second.sessionId)[0], 'memory');
    expect(recalled.text).toContain(fact);
    expect((recalled.detail as { memories: unknown[] }).memories).toEqual([
      expect.objectContaining({
        id: saved.id,
        text: fact,
        kind: 'fact',
        score: expect.any(Number),
        source: expect.objectContaining({ sessionId: first.sessionId, callId: 'call_mem' }),
      }),
    ]);
    expect(approvals).toHaveLength(1);
  });
});

describe('planner in the loop', () => {
  it('creates and checks a plan without approval; the next model call sees progress 1/3', async () => {
    h = await createHarness({ plugins: builtinPlugins });
    h.server.enqueue(
      scripted.toolCalls({
        name: 'planner_create',
        arguments: { name: 'move house', items: ['pack books', 'book a van', 'clean the flat'] },
        callId: 'call_plan',
      }),
      scripted.toolCalls({ name: 'planner_check', arguments: { items: [1] }, callId: 'call_check' }),
      scripted.text('Books are packed; two steps left.'),
    );
    const started = await h.runtime.send({ sessionId: null, text: 'Help me move house; I already packed the books.' });
    expect((await started.done!).stopReason).toBe('completed');
    expect(h.events.some((e) => e.type === 'approval_requested')).toBe(false);
    expect(h.events.filter((e) => e.type === 'tool_output').map((e) => (e as { isError: boolean }).isError)).toEqual([
      false,
      false,
    ]);

    const rounds = gathered(h, started.sessionId);
    expect(rounds).toHaveLength(3);
    expect(entry(rounds[0], 'plan')).toMatchObject({ text: '', detail: null });
    expect(entry(rounds[1], 'plan').detail).toMatchObject({ name: 'move house', done: 0, total: 3 });
    const plan = entry(rounds[2], 'plan');
    expect(plan.detail).toMatchObject({ name: 'move house', done: 1, total: 3 });
    expect(plan.text).toContain('Plan "move house" (1/3 done)');
    expect(plan.text).toMatch(/1\. \[x\] pack books/);
    expect(liveContext(h.server.requests.at(-1)!.body)).toContain('Plan "move house" (1/3 done)');

    const state = (await h.runtime.plugins.call('planner', 'get', { sessionId: started.sessionId })) as {
      activeListId: string;
      lists: Array<{ id: string; items: Array<{ done: boolean }> }>;
    };
    expect(state.activeListId).toBe(state.lists[0].id);
    expect(state.lists[0].items.map((item) => item.done)).toEqual([true, false, false]);

    // The plan belongs to that chat: a new chat's model call does not see it, until the user pins it.
    h.server.enqueue(scripted.text('Hello.'), scripted.text('Hello again.'));
    const other = await h.runtime.send({ sessionId: null, text: 'Something else.' });
    await other.done;
    expect(liveContext(h.server.requests.at(-1)!.body)).not.toContain('move house');
    await h.runtime.plugins.call('planner', 'pin', { sessionId: started.sessionId, list: 'move house' });
    const again = await h.runtime.send({ sessionId: other.sessionId, text: 'And now?' });
    await again.done;
    expect(liveContext(h.server.requests.at(-1)!.body)).toContain('Plan "move house" (1/3 done)');
  });
});
