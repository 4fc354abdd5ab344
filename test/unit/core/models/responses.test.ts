// Responses adapter against the fake server: streaming, reasoning, tool calls, retries, failures, aborts, request body.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesAdapter } from '../../../../main/core/models/responses';
import type { ModelRequest } from '../../../../main/core/models/types';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';
import { frameResponsesEvents } from '../../../support/responsesWire';
import { collect, makeRequest, reasoningOf, terminalOf, textOf, toolCallsOf } from './helpers';

const apiKey = 'sk-test-abcdefghijklmnop1234';
let server: FakeModelServer;

beforeEach(async () => {
  server = await startFakeModelServer({ apiKey });
});
afterEach(async () => {
  await server.close();
});

function adapter(maxAttempts = 3) {
  return createResponsesAdapter({ apiKey, baseUrl: server.url, maxAttempts });
}

describe('responses adapter', () => {
  it('streams a text turn as deltas, the final message item and usage', async () => {
    server.enqueue(
      scripted.text('Hello there, friend.', {
        deltas: 4,
        usage: { inputTokens: 21, cachedTokens: 7, outputTokens: 9 },
      }),
    );
    const events = await collect(adapter(), makeRequest());
    expect(events.filter((e) => e.type === 'text_delta')).toHaveLength(4);
    expect(textOf(events)).toBe('Hello there, friend.');
    expect(events).toContainEqual({
      type: 'item_done',
      item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there, friend.' }] },
    });
    const done = terminalOf(events);
    expect(done.type).toBe('completed');
    if (done.type !== 'completed') return;
    expect(done.usage).toEqual({
      inputTokens: 21,
      cachedInputTokens: 7,
      outputTokens: 9,
      reasoningTokens: 0,
      totalTokens: 30,
    });
    expect(done.responseId).toMatch(/^resp_/);
  });

  it('streams reasoning summaries and keeps encrypted_content on the reasoning item', async () => {
    server.enqueue({
      kind: 'response',
      outputs: [
        { type: 'reasoning', summary: ['First I look.', 'Then I answer.'], encryptedContent: 'gAAAAABblob' },
        { type: 'text', text: 'Done.' },
      ],
      usage: { reasoningTokens: 64, outputTokens: 80 },
    });
    const events = await collect(adapter(), makeRequest({ reasoningEffort: 'high' }));
    expect(reasoningOf(events)).toBe('First I look.\n\nThen I answer.');
    const items = events.flatMap((e) => (e.type === 'item_done' ? [e.item] : []));
    expect(items[0]).toEqual({
      type: 'reasoning',
      summary: [
        { type: 'summary_text', text: 'First I look.' },
        { type: 'summary_text', text: 'Then I answer.' },
      ],
      encrypted_content: 'gAAAAABblob',
    });
    expect(items[1]).toMatchObject({ type: 'message' });
    const done = terminalOf(events);
    expect(done.type === 'completed' && done.usage.reasoningTokens).toBe(64);
  });

  it('yields two parallel function calls from one response, in order', async () => {
    server.enqueue(
      scripted.toolCalls(
        { name: 'add', arguments: { a: 2, b: 3 }, callId: 'call_add' },
        { name: 'multiply', arguments: { a: 4, b: 5 }, callId: 'call_mul' },
      ),
    );
    const events = await collect(adapter(), makeRequest());
    expect(toolCallsOf(events)).toEqual([
      { type: 'function_call', call_id: 'call_add', name: 'add', arguments: '{"a":2,"b":3}' },
      { type: 'function_call', call_id: 'call_mul', name: 'multiply', arguments: '{"a":4,"b":5}' },
    ]);
    expect(terminalOf(events).type).toBe('completed');
  });

  it('still yields a call whose output_item.done never came, from function_call_arguments.done', async () => {
    const item = {
      id: 'fc_1',
      type: 'function_call',
      status: 'in_progress',
      arguments: '',
      call_id: 'call_lm',
      name: 'weather',
    };
    const body = frameResponsesEvents([
      { type: 'response.created', response: { id: 'resp_lm', status: 'in_progress', output: [] } },
      { type: 'response.output_item.added', output_index: 0, item },
      {
        type: 'response.function_call_arguments.done',
        item_id: 'fc_1',
        output_index: 0,
        arguments: '{"location":"Oslo"}',
      },
      { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 1 },
      {
        type: 'response.completed',
        response: { id: 'resp_lm', status: 'completed', output: [], usage: { input_tokens: 3, output_tokens: 4 } },
      },
    ]).join('');
    server.enqueue({ kind: 'raw', body });
    const events = await collect(adapter(), makeRequest());
    expect(toolCallsOf(events)).toEqual([
      { type: 'function_call', call_id: 'call_lm', name: 'weather', arguments: '{"location":"Oslo"}' },
    ]);
    expect(terminalOf(events)).toEqual({
      type: 'completed',
      responseId: 'resp_lm',
      usage: { inputTokens: 3, cachedInputTokens: 0, outputTokens: 4, reasoningTokens: 0, totalTokens: 7 },
    });
  });

  it('retries a 429 after retry-after-ms and reports the retry', async () => {
    server.enqueue(scripted.httpError(429, { headers: { 'retry-after-ms': '30' } }), scripted.text('ok'));
    const started = Date.now();
    const events = await collect(adapter(), makeRequest());
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(events[0]).toEqual({ type: 'retrying', attempt: 2, delayMs: 30, reason: 'HTTP 429 rate_limit_exceeded' });
    expect(textOf(events)).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on 500s after maxAttempts and reports a server error', async () => {
    const busy = scripted.httpError(500, { headers: { 'retry-after-ms': '1' } });
    server.enqueue(busy, busy, busy, scripted.text('never reached'));
    const events = await collect(adapter(3), makeRequest());
    expect(server.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retrying')).toHaveLength(2);
    const done = terminalOf(events);
    expect(done).toMatchObject({ type: 'error', error: { code: 'server_error', status: 500 } });
    expect(server.pendingTurns()).toBe(1);
  });

  it('does not retry 400 or insufficient_quota, even when x-should-retry says so', async () => {
    server.enqueue(
      scripted.httpError(400, { headers: { 'x-should-retry': 'true' }, error: { message: 'Unknown parameter: foo.' } }),
    );
    const bad = await collect(adapter(), makeRequest());
    expect(terminalOf(bad)).toMatchObject({ type: 'error', error: { code: 'bad_request', status: 400 } });
    expect(
      terminalOf(bad).type === 'error' && (terminalOf(bad) as { error: { message: string } }).error.message,
    ).toContain('Unknown parameter: foo');

    server.enqueue(scripted.insufficientQuota(), scripted.text('never reached'));
    const quota = await collect(adapter(), makeRequest());
    expect(terminalOf(quota)).toMatchObject({ type: 'error', error: { code: 'quota_exceeded', status: 429 } });
    expect(server.requests).toHaveLength(2);
    expect(quota.some((e) => e.type === 'retrying')).toBe(false);
  });

  it('surfaces a non-OpenAI error body ({"detail": …}) verbatim', async () => {
    server.enqueue({ kind: 'http_error', status: 400, body: { detail: 'Store must be set to false' } });
    const done = terminalOf(await collect(adapter(), makeRequest()));
    expect(done).toMatchObject({
      type: 'error',
      error: { code: 'bad_request', message: expect.stringContaining('Store must be set to false') },
    });
  });

  it('maps a rejected key to an auth error without leaking the key', async () => {
    const wrong = createResponsesAdapter({
      apiKey: 'sk-wrong-key-0123456789abcdef',
      baseUrl: server.url,
      maxAttempts: 3,
    });
    const events = await collect(wrong, makeRequest());
    const done = terminalOf(events);
    expect(done).toMatchObject({ type: 'error', error: { code: 'auth', status: 401 } });
    expect(JSON.stringify(done)).not.toContain('sk-wrong');
    expect(server.requests).toHaveLength(1);
  });

  it('reports stream_cut after the text deltas when the socket drops mid-text', async () => {
    // created, in_progress, item added, part added, then 2 of 4 deltas.
    server.enqueue({ kind: 'cut', outputs: [{ type: 'text', text: 'abcdefgh', deltas: 4 }], afterEvents: 6 });
    const events = await collect(adapter(), makeRequest());
    expect(textOf(events)).toBe('abcd');
    const done = terminalOf(events);
    expect(done).toMatchObject({ type: 'error', error: { code: 'stream_cut' } });
    expect(done.type === 'error' && done.error.message).toContain('gpt-test ended before the response completed');
    expect(server.requests).toHaveLength(1);
  });

  it('maps response.failed and error events to error codes', async () => {
    server.enqueue({
      kind: 'failed',
      code: 'server_error',
      message: 'The model crashed.',
      outputs: [{ type: 'text', text: 'partial' }],
    });
    const failed = await collect(adapter(), makeRequest());
    expect(textOf(failed)).toBe('partial');
    expect(terminalOf(failed)).toMatchObject({ type: 'error', error: { code: 'stream_failed' } });
    expect((terminalOf(failed) as { error: { message: string } }).error.message).toContain('The model crashed');

    server.enqueue({
      kind: 'failed',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached. Please try again in 1.5s.',
      via: 'response.failed',
    });
    expect(terminalOf(await collect(adapter(), makeRequest()))).toMatchObject({
      type: 'error',
      error: { code: 'rate_limited' },
    });

    server.enqueue({
      kind: 'failed',
      code: 'context_length_exceeded',
      message: 'Your input exceeds the context window.',
      via: 'error',
    });
    const ctx = terminalOf(await collect(adapter(), makeRequest()));
    expect(ctx).toMatchObject({ type: 'error', error: { code: 'context_length_exceeded' } });
    expect((ctx as { error: { message: string } }).error.message).toContain('/compact');

    server.enqueue({
      kind: 'failed',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota.',
      via: 'both',
    });
    expect(terminalOf(await collect(adapter(), makeRequest()))).toMatchObject({
      type: 'error',
      error: { code: 'quota_exceeded' },
    });
  });

  it('maps response.incomplete to completed with the reason', async () => {
    server.enqueue({
      kind: 'response',
      outputs: [{ type: 'text', text: 'cut short' }],
      incomplete: 'max_output_tokens',
    });
    const done = terminalOf(await collect(adapter(), makeRequest()));
    expect(done).toMatchObject({ type: 'completed', incomplete: 'max_output_tokens' });
  });

  it('ends with aborted promptly when the signal aborts mid-stream', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const seen: string[] = [];
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    for await (const event of adapter().stream(makeRequest({ signal: controller.signal })))
      seen.push(event.type === 'error' ? event.error.code : event.type);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toEqual(['aborted']);
  });

  it('stops a flowing stream with aborted right after the abort', async () => {
    server.enqueue({
      kind: 'response',
      outputs: [{ type: 'text', text: 'one two three four five six', deltas: 6 }],
      delayMs: 60,
    });
    const controller = new AbortController();
    const events = [];
    for await (const event of adapter().stream(makeRequest({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'text_delta') controller.abort();
    }
    expect(events.map((e) => e.type)).toEqual(['text_delta', 'error']);
    expect(terminalOf(events)).toMatchObject({ type: 'error', error: { code: 'aborted' } });
  });

  it('ends with aborted while waiting to retry, without another request', async () => {
    server.enqueue(scripted.httpError(503, { headers: { 'retry-after': '30' } }), scripted.text('never reached'));
    const controller = new AbortController();
    const events = [];
    const started = Date.now();
    for await (const event of adapter().stream(makeRequest({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'retrying') controller.abort();
    }
    expect(Date.now() - started).toBeLessThan(2000);
    expect(events.map((e) => e.type)).toEqual(['retrying', 'error']);
    expect(terminalOf(events)).toMatchObject({ type: 'error', error: { code: 'aborted' } });
    expect(server.requests).toHaveLength(1);
  });

  it('sends a stateless request: store false, stream true, include with reasoning, no item ids, flat tools', async () => {
    server.enqueue(scripted.text('ok'), scripted.text('ok'));
    // Cast: wire items with ids, which the request type (rightly) does not allow: the test checks they are stripped.
    const withIds = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Read a' }], id: 'msg_1' },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 's' }], encrypted_content: 'gAAAblob', id: 'rs_1' },
      { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'local thoughts' }] },
      { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"a"}', id: 'fc_1' },
      { type: 'function_call_output', call_id: 'call_1', output: 'contents', id: 'fco_1' },
      {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'It says contents.' }],
        id: 'msg_2',
      },
    ] as unknown as ModelRequest['input'];
    const tools = [
      {
        name: 'read_file',
        description: 'Reads a file.',
        parameters: { type: 'object', properties: { path: { type: 'string' } } },
      },
    ];
    await collect(adapter(), makeRequest({ input: withIds, tools, reasoningEffort: 'medium', sessionId: 'sess_42' }));
    await collect(adapter(), makeRequest());

    const [first, second] = server.requests.map((r) => r.body as Record<string, unknown>);
    expect(server.requests[0].path).toBe('/v1/responses');
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(first).toMatchObject({
      model: 'gpt-test',
      instructions: 'Be brief.',
      store: false,
      stream: true,
      tool_choice: 'auto',
      parallel_tool_calls: true,
      prompt_cache_key: 'sess_42',
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      tools: [
        {
          type: 'function',
          name: 'read_file',
          description: 'Reads a file.',
          parameters: tools[0].parameters,
          strict: false,
        },
      ],
    });
    expect(JSON.stringify(first.input)).not.toMatch(/"id"/);
    expect(first.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Read a' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 's' }], encrypted_content: 'gAAAblob' },
      { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"a"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'contents' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It says contents.' }] },
    ]);
    expect(second).not.toHaveProperty('include');
    expect(second).not.toHaveProperty('reasoning');
    expect(second).toMatchObject({ store: false, stream: true });
  });

  it('reports a connection error naming the base URL when nothing listens', async () => {
    const url = server.url;
    await server.close();
    const events = await collect(createResponsesAdapter({ apiKey, baseUrl: url, maxAttempts: 1 }), makeRequest());
    const done = terminalOf(events);
    expect(done).toMatchObject({ type: 'error', error: { code: 'connection' } });
    expect(done.type === 'error' && done.error.message).toContain(`Could not reach ${url}: is the server running?`);
    server = await startFakeModelServer();
  });
});
