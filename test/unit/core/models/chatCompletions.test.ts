// Chat Completions adapter against the fake server: each local-server quirk, failures, and message conversion.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatCompletionsAdapter, toChatMessages } from '../../../../main/core/models/chatCompletions';
import type { ModelRequest } from '../../../../main/core/models/types';
import {
  startFakeModelServer,
  type ChatQuirks,
  type FakeModelServer,
  type ScriptedOutput,
} from '../../../support/fakeModelServer';
import { collect, makeRequest, reasoningOf, terminalOf, textOf, toolCallsOf } from './helpers';

let server: FakeModelServer;

beforeEach(async () => {
  server = await startFakeModelServer();
});
afterEach(async () => {
  await server.close();
});

function adapter(apiKey?: string) {
  return createChatCompletionsAdapter({ baseUrl: server.url, apiKey, maxAttempts: 2 });
}

const twoCalls: ScriptedOutput[] = [
  { type: 'function_call', name: 'read_file', arguments: '{"path":"notes/a.md"}', callId: 'call_a', deltas: 3 },
  { type: 'function_call', name: 'list_dir', arguments: '{"dir":"notes"}', callId: 'call_b', deltas: 3 },
];
const expectedTwoCalls = [
  { type: 'function_call', call_id: 'call_a', name: 'read_file', arguments: '{"path":"notes/a.md"}' },
  { type: 'function_call', call_id: 'call_b', name: 'list_dir', arguments: '{"dir":"notes"}' },
];

async function runWith(outputs: ScriptedOutput[], chat: ChatQuirks = {}) {
  server.enqueue({
    kind: 'response',
    outputs,
    chat,
    usage: { inputTokens: 40, cachedTokens: 8, outputTokens: 12, reasoningTokens: 5 },
  });
  return collect(adapter(), makeRequest());
}

describe('chat completions adapter', () => {
  it('streams reasoning_content and text, then items and completed with usage from the choices:[] chunk', async () => {
    const events = await runWith([
      { type: 'reasoning', summary: ['Think first.'] },
      { type: 'text', text: 'The answer is 4.', deltas: 4 },
    ]);
    expect(reasoningOf(events)).toBe('Think first.');
    expect(textOf(events)).toBe('The answer is 4.');
    const tail = events.filter((e) => e.type !== 'text_delta' && e.type !== 'reasoning_delta');
    expect(tail).toEqual([
      {
        type: 'item_done',
        item: { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Think first.' }] },
      },
      {
        type: 'item_done',
        item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The answer is 4.' }] },
      },
      {
        type: 'completed',
        usage: { inputTokens: 40, cachedInputTokens: 8, outputTokens: 12, reasoningTokens: 5, totalTokens: 52 },
      },
    ]);
  });

  it('reads reasoning from delta.reasoning (Ollama, LM Studio, Groq)', async () => {
    const events = await runWith(
      [
        { type: 'reasoning', summary: ['Hmm, let me see.'] },
        { type: 'text', text: 'Yes.' },
      ],
      { reasoningField: 'reasoning' },
    );
    expect(reasoningOf(events)).toBe('Hmm, let me see.');
  });

  it('accumulates streamed tool calls by index', async () => {
    expect(toolCallsOf(await runWith(twoCalls))).toEqual(expectedTwoCalls);
  });

  it('takes a whole tool call from one chunk (Ollama)', async () => {
    expect(toolCallsOf(await runWith(twoCalls, { wholeToolCall: true }))).toEqual(expectedTwoCalls);
  });

  it('falls back to array position when index is missing, splitting calls by id', async () => {
    expect(toolCallsOf(await runWith(twoCalls, { missingIndex: true }))).toEqual(expectedTwoCalls);
  });

  it('keeps the first name when later fragments repeat it or send it empty', async () => {
    expect(toolCallsOf(await runWith(twoCalls, { repeatName: true }))).toEqual(expectedTwoCalls);
    expect(toolCallsOf(await runWith(twoCalls, { emptyLaterName: true }))).toEqual(expectedTwoCalls);
  });

  it('stringifies arguments sent as a JSON object', async () => {
    const calls = toolCallsOf(await runWith(twoCalls, { argumentsAsObject: true }));
    expect(calls.map((c) => JSON.parse(c.arguments))).toEqual([{ path: 'notes/a.md' }, { dir: 'notes' }]);
  });

  it('treats finish_reason "stop" with tool calls as a tool turn', async () => {
    const events = await runWith(twoCalls, { finishReason: 'stop' });
    expect(toolCallsOf(events)).toEqual(expectedTwoCalls);
    expect(terminalOf(events).type).toBe('completed');
  });

  it('ignores chunks after the finish chunk and ends normally without [DONE]', async () => {
    const events = await runWith(twoCalls, { chunksAfterFinish: true, omitDone: true });
    expect(toolCallsOf(events)).toEqual(expectedTwoCalls);
    expect(terminalOf(events)).toMatchObject({ type: 'completed', usage: { inputTokens: 40 } });
  });

  it('generates a call id when the server sends none', async () => {
    const [call] = toolCallsOf(await runWith([twoCalls[0]], { omitCallId: true }));
    expect(call.call_id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(call.name).toBe('read_file');
  });

  it('reports stream_cut when the stream ends with neither finish_reason nor usage', async () => {
    const events = await runWith([{ type: 'text', text: 'half an ans' }], {
      finishReason: null,
      omitUsage: true,
      omitDone: true,
    });
    expect(textOf(events)).toBe('half an ans');
    expect(terminalOf(events)).toMatchObject({ type: 'error', error: { code: 'stream_cut' } });
    expect(events.some((e) => e.type === 'item_done')).toBe(false);
  });

  it('reports stream_cut when the socket drops mid-stream', async () => {
    server.enqueue({ kind: 'cut', outputs: [{ type: 'text', text: 'abcdef', deltas: 3 }], afterEvents: 3 });
    const events = await collect(adapter(), makeRequest());
    expect(textOf(events)).toBe('abcd');
    expect(terminalOf(events)).toMatchObject({ type: 'error', error: { code: 'stream_cut' } });
  });

  it('maps a Groq-style event: error to stream_failed with the server message', async () => {
    server.enqueue({
      kind: 'failed',
      code: 'tool_use_failed',
      message: 'Tool call validation failed: missing properties',
      outputs: [{ type: 'text', text: 'Let me' }],
    });
    const events = await collect(adapter(), makeRequest());
    expect(textOf(events)).toBe('Let me');
    const done = terminalOf(events);
    expect(done).toMatchObject({ type: 'error', error: { code: 'stream_failed' } });
    expect(done.type === 'error' && done.error.message).toContain('Tool call validation failed: missing properties');
  });

  it('maps finish_reason length to an incomplete completion', async () => {
    const events = await runWith([{ type: 'text', text: 'Long' }], { finishReason: 'length' });
    expect(terminalOf(events)).toMatchObject({ type: 'completed', incomplete: 'max_output_tokens' });
  });

  it('maps a 404 to not_found without retrying', async () => {
    server.enqueue({ kind: 'http_error', status: 404 });
    const events = await collect(adapter(), makeRequest({ model: 'qwen9' }));
    expect(terminalOf(events)).toMatchObject({ type: 'error', error: { code: 'not_found', status: 404 } });
    expect((terminalOf(events) as { error: { message: string } }).error.message).toContain('qwen9');
    expect(server.requests).toHaveLength(1);
  });

  it('ends with aborted when the signal aborts during a silent stream', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const events = await collect(adapter(), makeRequest({ signal: controller.signal }));
    expect(events).toEqual([{ type: 'error', error: { code: 'aborted', message: expect.any(String) } }]);
  });

  it('sends stream options, nested tools and reasoning_effort; Authorization only when a key is set', async () => {
    server.enqueue(
      { kind: 'response', outputs: [{ type: 'text', text: 'a' }] },
      { kind: 'response', outputs: [{ type: 'text', text: 'b' }] },
    );
    const tools = [{ name: 'read_file', description: 'Reads a file.', parameters: { type: 'object', properties: {} } }];
    await collect(adapter(), makeRequest({ tools, reasoningEffort: 'low' }));
    await collect(adapter('sk-local-key-123456789'), makeRequest());
    const [first, second] = server.requests;
    expect(first.path).toBe('/v1/chat/completions');
    expect(first.headers.authorization).toBeUndefined();
    expect(second.headers.authorization).toBe('Bearer sk-local-key-123456789');
    expect(first.body).toMatchObject({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'low',
      tools: [
        {
          type: 'function',
          function: { name: 'read_file', description: 'Reads a file.', parameters: { type: 'object', properties: {} } },
        },
      ],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello?' },
      ],
    });
    expect(second.body).not.toHaveProperty('tools');
    expect(second.body).not.toHaveProperty('reasoning_effort');
  });
});

describe('toChatMessages', () => {
  it('converts session items to chat messages', () => {
    const items: ModelRequest['input'] = [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Extra rules.' }] },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is in this picture?' },
          { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
        ],
      },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'hidden' }], encrypted_content: 'gAAA' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.' }] },
      { type: 'function_call', call_id: 'c1', name: 'zoom', arguments: '{"x":1}' },
      { type: 'function_call', call_id: 'c2', name: 'crop', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'zoomed' },
      { type: 'function_call_output', call_id: 'c2', output: 'cropped' },
      { type: 'function_call', call_id: 'c3', name: 'save', arguments: '{"name":"x"}' },
      { type: 'function_call_output', call_id: 'c3', output: 'saved' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'A cat.' }] },
    ];
    expect(toChatMessages('System prompt.', items)).toEqual([
      { role: 'system', content: 'System prompt.' },
      { role: 'system', content: 'Extra rules.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'zoom', arguments: '{"x":1}' } },
          { id: 'c2', type: 'function', function: { name: 'crop', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'zoomed' },
      { role: 'tool', tool_call_id: 'c2', content: 'cropped' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c3', type: 'function', function: { name: 'save', arguments: '{"name":"x"}' } }],
      },
      { role: 'tool', tool_call_id: 'c3', content: 'saved' },
      { role: 'assistant', content: 'A cat.' },
    ]);
  });
});

describe('toChatMessages with tool images', () => {
  it('puts the image messages after the run of tool messages of parallel calls, in call order', () => {
    const img = (n: number) => ({ type: 'input_image' as const, image_url: `data:image/png;base64,${n}` });
    const messages = toChatMessages('sys', [
      { type: 'function_call', call_id: 'a', name: 'shot', arguments: '{}' },
      { type: 'function_call', call_id: 'b', name: 'shot', arguments: '{}' },
      { type: 'function_call_output', call_id: 'a', output: [{ type: 'input_text', text: 'one' }, img(1)] },
      { type: 'function_call_output', call_id: 'b', output: [{ type: 'input_text', text: 'two' }, img(2)] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'seen' }] },
    ]);
    expect(messages.map((m) => m.role)).toEqual(['system', 'assistant', 'tool', 'tool', 'user', 'user', 'assistant']);
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'a', content: 'one' });
    expect(messages[4]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Image output of tool call a:' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,1' } },
      ],
    });
    expect(JSON.stringify(messages[5])).toContain('base64,2');
  });
});
