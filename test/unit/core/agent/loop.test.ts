// The agent loop end to end against the fake model server: text, tools, errors, retries, interrupts, limits.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../support/runtimeHarness';
import { scripted } from '../../../support/fakeModelServer';

let h: Harness;
afterEach(async () => h?.close());

async function send(text: string, sessionId: string | null = null) {
  const result = await h.runtime.send({ sessionId, text });
  const outcome = await result.done!;
  return { ...result, outcome };
}

function outputsOf(body: unknown): Array<{ call_id: string; output: string }> {
  return ((body as { input: Array<{ type: string; call_id: string; output: string }> }).input ?? []).filter(
    (i) => i.type === 'function_call_output',
  );
}

describe('agent loop', () => {
  it('streams a text turn, records it in the session and reports usage', async () => {
    h = await createHarness();
    h.server.enqueue(scripted.text('Hello there, friend.', { deltas: 4, usage: { inputTokens: 30, outputTokens: 7 } }));
    const { sessionId, outcome } = await send('hi');
    expect(outcome.stopReason).toBe('completed');
    expect(outcome.text).toBe('Hello there, friend.');
    const deltas = h.events.filter((e) => e.type === 'text_delta').map((e) => (e as { delta: string }).delta);
    expect(deltas.length).toBe(4);
    expect(deltas.join('')).toBe('Hello there, friend.');
    const completed = h.events.find((e) => e.type === 'turn_completed');
    expect(completed).toMatchObject({ usage: { inputTokens: 30, outputTokens: 7 }, sessionUsage: { inputTokens: 30 } });
    const loaded = await h.runtime.sessions.load(sessionId);
    expect(loaded.entries.map((e) => e.item.type)).toEqual(['message', 'message']);
    expect(loaded.summary.title).toBe('hi');
    const body = h.server.requests[0].body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'gpt-test', stream: true, store: false });
    expect(JSON.stringify(body.input)).toContain('Live context');
  });

  it('runs several tool calls from one response in order and sends outputs with the same call_id', async () => {
    h = await createHarness();
    await writeFile(path.join(h.home, 'a.txt'), 'alpha\n');
    await writeFile(path.join(h.home, 'b.txt'), 'beta\n');
    h.server.enqueue(
      scripted.toolCalls(
        { name: 'read_file', arguments: { path: path.join(h.home, 'a.txt') }, callId: 'call_a' },
        { name: 'read_file', arguments: { path: path.join(h.home, 'b.txt') }, callId: 'call_b' },
      ),
      scripted.text('Both read.'),
    );
    const { outcome } = await send('read both');
    expect(outcome).toMatchObject({ stopReason: 'completed', toolRounds: 1, text: 'Both read.' });
    const outputs = outputsOf(h.server.requests[1].body);
    expect(outputs.map((o) => o.call_id)).toEqual(['call_a', 'call_b']);
    expect(outputs[0].output).toContain('alpha');
    expect(outputs[1].output).toContain('beta');
    const order = h.events.filter((e) => e.type === 'tool_output').map((e) => (e as { callId: string }).callId);
    expect(order).toEqual(['call_a', 'call_b']);
  });

  it('returns tool errors, invalid arguments and unknown tools to the model without crashing the turn', async () => {
    h = await createHarness();
    h.server.enqueue(
      scripted.toolCalls(
        { name: 'read_file', arguments: { path: path.join(h.home, 'missing.txt') }, callId: 'c1' },
        { name: 'read_file', arguments: '{"path": ', callId: 'c2' },
        { name: 'read_file', arguments: { path: 42 }, callId: 'c3' },
        { name: 'no_such_tool', arguments: {}, callId: 'c4' },
      ),
      scripted.text('I could not do that.'),
    );
    const { outcome } = await send('try things');
    expect(outcome.stopReason).toBe('completed');
    const outputs = outputsOf(h.server.requests[1].body);
    expect(outputs).toHaveLength(4);
    expect(outputs[0].output).toMatch(/not found|no such file|does not exist/i);
    expect(outputs[1].output).toMatch(/JSON/);
    expect(outputs[2].output).toMatch(/path/);
    expect(outputs[3].output).toMatch(/no_such_tool/);
    expect(outputs[3].output).toMatch(/read_file/);
  });

  it('stops after maxToolRounds and answers the pending calls', async () => {
    h = await createHarness({ settings: { maxToolRounds: 2 } });
    h.server.setHandler(() => scripted.toolCalls({ name: 'list_dir', arguments: { path: h.home } }));
    const { outcome, sessionId } = await send('loop forever');
    expect(outcome.stopReason).toBe('max_tool_rounds');
    expect(outcome.toolRounds).toBe(2);
    expect(h.server.requests).toHaveLength(3);
    const loaded = await h.runtime.sessions.load(sessionId);
    const calls = loaded.entries.filter((e) => e.item.type === 'function_call').length;
    const outs = loaded.entries.filter((e) => e.item.type === 'function_call_output').length;
    expect(outs).toBe(calls);
  });

  it('retries a 429 honouring retry-after-ms, then succeeds', async () => {
    h = await createHarness();
    h.server.enqueue(scripted.httpError(429, { headers: { 'retry-after-ms': '20' } }), scripted.text('ok now'));
    const { outcome } = await send('hello');
    expect(outcome.stopReason).toBe('completed');
    expect(h.server.requests).toHaveLength(2);
    expect(h.events.find((e) => e.type === 'retrying')).toMatchObject({ delayMs: 20 });
  });

  it('fails with a clear error when 500s exhaust the attempts', async () => {
    h = await createHarness({ settings: { retryMaxAttempts: 3 } });
    for (let i = 0; i < 3; i++) h.server.enqueue(scripted.httpError(500, { headers: { 'retry-after-ms': '5' } }));
    const { outcome } = await send('hello');
    expect(outcome.stopReason).toBe('error');
    expect(outcome.error?.code).toBe('server_error');
    expect(h.server.requests).toHaveLength(3);
    expect(h.events.find((e) => e.type === 'error')).toBeTruthy();
  });

  it('keeps the partial answer when the stream is cut', async () => {
    h = await createHarness();
    h.server.enqueue({
      kind: 'cut',
      outputs: [{ type: 'text', text: 'The first part and the rest', deltas: 6 }],
      afterEvents: 7,
    });
    const { outcome, sessionId } = await send('tell me');
    expect(outcome.stopReason).toBe('error');
    expect(outcome.error?.code).toBe('stream_cut');
    const loaded = await h.runtime.sessions.load(sessionId);
    const last = loaded.entries.at(-1)!.item;
    expect(last).toMatchObject({ type: 'message', role: 'assistant' });
    expect(JSON.stringify(last)).toContain('The first');
  });

  it('does not re-run a tool when a later request is retried', async () => {
    h = await createHarness();
    const marker = path.join(h.home, 'count.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'bash', arguments: { command: `echo x >> '${marker}'` } }),
      scripted.httpError(503, { headers: { 'retry-after-ms': '5' } }),
      scripted.text('done'),
    );
    await h.runtime.settings.update({ approvalPolicy: 'on-request' });
    h.runtime.bus.on('approval/requested', (a) => void h.runtime.approvals.decide(a.callId, { type: 'allow_once' }));
    const { outcome } = await send('append');
    expect(outcome.stopReason).toBe('completed');
    expect((await readFile(marker, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('interrupts mid-stream and keeps the session consistent', async () => {
    h = await createHarness();
    h.server.enqueue({
      kind: 'response',
      outputs: [{ type: 'text', text: 'a slow answer that goes on and on', deltas: 30 }],
      delayMs: 50,
    });
    const started = await h.runtime.send({ sessionId: null, text: 'go slowly' });
    await h.waitFor((e) => e.type === 'text_delta');
    expect(await h.runtime.loop.interrupt(started.sessionId)).toBe(true);
    const outcome = await started.done!;
    expect(outcome.stopReason).toBe('interrupted');
    const loaded = await h.runtime.sessions.load(started.sessionId);
    expect(loaded.entries.at(-1)!.item).toMatchObject({ type: 'message', role: 'assistant' });
    expect(h.runtime.loop.isRunning(started.sessionId)).toBe(false);
  });

  it('interrupts a running tool: the tool is aborted and every call gets an output', async () => {
    h = await createHarness({ settings: { approvalPolicy: 'never' } });
    await h.runtime.grants.addRule({ tool: 'bash', match: {} });
    h.server.enqueue(
      scripted.toolCalls(
        { name: 'bash', arguments: { command: 'sleep 30' }, callId: 'slow' },
        { name: 'list_dir', arguments: { path: h.home }, callId: 'next' },
      ),
    );
    const started = await h.runtime.send({ sessionId: null, text: 'sleep' });
    await h.waitFor((e) => e.type === 'tool_call_requested');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await h.runtime.loop.interrupt(started.sessionId);
    const outcome = await started.done!;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(outcome.stopReason).toBe('interrupted');
    const loaded = await h.runtime.sessions.load(started.sessionId);
    const outputs = loaded.entries
      .filter((e) => e.item.type === 'function_call_output')
      .map((e) => e.item as { call_id: string; output: string });
    expect(outputs.map((o) => o.call_id)).toEqual(['slow', 'next']);
    expect(outputs[1].output).toMatch(/not run/);
  });

  it('continues a session: the second turn replays the first turn in full', async () => {
    h = await createHarness();
    h.server.enqueue(scripted.text('first answer'), scripted.text('second answer'));
    const first = await send('one');
    await send('two', first.sessionId);
    const input = (h.server.requests[1].body as { input: Array<{ type: string; role?: string }> }).input;
    const roles = input.filter((i) => i.type === 'message').map((i) => i.role);
    expect(roles).toEqual(['user', 'assistant', 'developer', 'user']);
  });

  it('says how to configure a model when none is configured', async () => {
    h = await createHarness();
    await h.runtime.close();
    const env = { ...h.env, OPENAI_API_KEY: '' };
    const { createRuntime } = await import('../../../../main/core/runtime');
    h.runtime = await createRuntime({ home: h.home, env });
    const result = await h.runtime.send({ sessionId: null, text: 'hi' });
    const outcome = await result.done!;
    expect(outcome.stopReason).toBe('error');
    expect(outcome.error?.message).toMatch(/deskpilot config set-key openai/);
  });
});

describe('call ids', () => {
  it('repeated call ids from a server are made unique within the session', async () => {
    h = await createHarness();
    h.server.enqueue(
      scripted.toolCalls({ name: 'list_dir', arguments: { path: h.home }, callId: 'call_1' }),
      scripted.toolCalls({ name: 'list_dir', arguments: { path: h.home }, callId: 'call_1' }),
      scripted.text('done'),
    );
    const { sessionId, outcome } = await send('list twice');
    expect(outcome.stopReason).toBe('completed');
    const loaded = await h.runtime.sessions.load(sessionId);
    const ids = loaded.entries
      .filter((e) => e.item.type === 'function_call')
      .map((e) => (e.item as { call_id: string }).call_id);
    expect(ids).toEqual(['call_1', 'call_1_2']);
    const outputs = loaded.entries
      .filter((e) => e.item.type === 'function_call_output')
      .map((e) => (e.item as { call_id: string }).call_id);
    expect(outputs).toEqual(['call_1', 'call_1_2']);
  });
});
