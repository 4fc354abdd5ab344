// Replays every recorded real-world stream in ../shared/fixtures/recorded-streams byte for byte through the right adapter.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatCompletionsAdapter } from '../../../../main/core/models/chatCompletions';
import { createResponsesAdapter } from '../../../../main/core/models/responses';
import type { ModelStreamEvent } from '../../../../main/core/models/types';
import type { ReasoningItem } from '../../../../preload/contract/items';
import { startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';
import { collect, makeRequest, reasoningOf, terminalOf, textOf, toolCallsOf } from './helpers';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtureDir = resolve(repoRoot, '..', 'shared', 'fixtures', 'recorded-streams');
const fixtures = existsSync(fixtureDir)
  ? readdirSync(fixtureDir)
      .filter((f) => f.endsWith('.sse'))
      .sort()
  : [];

type Events = ModelStreamEvent[];

function reasoningItems(events: Events): ReasoningItem[] {
  return events.flatMap((e) => (e.type === 'item_done' && e.item.type === 'reasoning' ? [e.item] : []));
}
function completedUsage(events: Events) {
  const done = terminalOf(events);
  if (done.type !== 'completed') throw new Error(`expected completed, got ${JSON.stringify(done)}`);
  return done.usage;
}
function errorOf(events: Events) {
  const done = terminalOf(events);
  if (done.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(done)}`);
  return done.error;
}

/** What each recording must produce; a new .sse file without an entry here fails the suite. */
const expectations: Record<string, (events: Events) => void> = {
  'gpustack-llamabox-chat-qwen3-reasoning-text.sse': (events) => {
    // No [DONE] at the end: the finish chunk and usage chunk make it a normal end.
    expect(textOf(events)).toBe('\n\n1, 2, 3.');
    expect(reasoningOf(events)).toContain('count from 1 to 3');
    expect(completedUsage(events)).toMatchObject({ inputTokens: 15, outputTokens: 171, totalTokens: 186 });
  },
  'groq-chat-gpt-oss-120b-midstream-error-event.sse': (events) => {
    expect(reasoningOf(events)).toContain('We need to call the tool');
    const error = errorOf(events);
    expect(error.code).toBe('stream_failed');
    expect(error.message).toContain('Tool call validation failed');
    expect(toolCallsOf(events)).toEqual([]);
  },
  'llamacpp-chat-gpt-oss-20b-reasoning-text.sse': (events) => {
    expect(textOf(events)).toBe('Olá!');
    expect(reasoningItems(events)[0].content?.[0].text).toContain('Say hi in Portuguese');
    expect(completedUsage(events)).toMatchObject({ inputTokens: 84, outputTokens: 57 });
  },
  'llamacpp-chat-gpt-oss-20b-reasoning-tool-call.sse': (events) => {
    expect(toolCallsOf(events)).toEqual([
      {
        type: 'function_call',
        call_id: 'g2KOIWzn722hzEaZQmNVP4roUPEiYafL',
        name: 'weather',
        arguments: '{"location":"Florence, Italy"}',
      },
    ]);
    expect(reasoningOf(events)).toContain('weather in Florence');
    expect(completedUsage(events)).toMatchObject({ inputTokens: 139, outputTokens: 41 });
  },
  'lmstudio-chat-gpt-oss-20b-reasoning-text.sse': (events) => {
    expect(textOf(events)).toBe('1, 2, 3');
    expect(reasoningOf(events)).toBe('User wants count 1 to 3. Provide sequence.');
    expect(completedUsage(events)).toMatchObject({ reasoningTokens: 12, totalTokens: 103 });
  },
  'lmstudio-responses-reasoning-tool-call-glm-4.7-flash.sse': (events) => {
    // reasoning_text deltas (no summary) and a call with arguments.done but no argument deltas.
    expect(reasoningItems(events)[0]).toMatchObject({ summary: [], content: [{ type: 'reasoning_text' }] });
    expect(reasoningOf(events)).toContain('weather in San Francisco');
    expect(textOf(events)).toBe("I'll get the current weather information for San Francisco for you.");
    expect(toolCallsOf(events)).toEqual([
      {
        type: 'function_call',
        call_id: 'call_2025306790300011',
        name: 'weather',
        arguments: '{"location":"San Francisco"}',
      },
    ]);
    expect(completedUsage(events)).toMatchObject({ cachedInputTokens: 2, reasoningTokens: 48 });
  },
  'ollama-chat-qwen3-reasoning-tool-call-no-args.sse': (events) => {
    expect(toolCallsOf(events)).toEqual([
      { type: 'function_call', call_id: 'call_y0i1h5bo', name: 'best_language_to_learn', arguments: '{}' },
    ]);
    expect(reasoningOf(events).length).toBeGreaterThan(500);
  },
  'ollama-chat-qwen3-reasoning-tool-call.sse': (events) => {
    expect(toolCallsOf(events)).toEqual([
      {
        type: 'function_call',
        call_id: 'call_blqyt530',
        name: 'weather',
        arguments: '{"latitude":"52.5200","longitude":"13.4050"}',
      },
    ]);
    expect(textOf(events)).toBe('');
    expect(completedUsage(events)).toMatchObject({ inputTokens: 195, outputTokens: 140 });
  },
  'openai-chat-parallel-tool-calls-gpt-4o.sse': (events) => {
    expect(toolCallsOf(events)).toEqual([
      { type: 'function_call', call_id: 'call_ehIWdjL1abZk1h8FWGLQ0Hie', name: 'add', arguments: '{"a": 2, "b": 3}' },
      {
        type: 'function_call',
        call_id: 'call_fBSgA47J5VeONggizTIvl7AH',
        name: 'multiply',
        arguments: '{"a": 2, "b": 3}',
      },
    ]);
    expect(completedUsage(events)).toEqual({
      inputTokens: 106,
      cachedInputTokens: 0,
      outputTokens: 50,
      reasoningTokens: 0,
      totalTokens: 156,
    });
  },
  'openai-responses-background-queued-gpt-4o.sse': (events) => {
    expect(textOf(events)).toBe('2 + 2 equals 4.');
    expect(terminalOf(events)).toMatchObject({
      type: 'completed',
      responseId: 'resp_0850765c843cca5300699cc47d93c0819089a181f5feeff8eb',
    });
  },
  'openai-responses-background-resume-starting-after-gpt-4o.sse': (events) => {
    // Resumed stream: starts at sequence_number 1 with no response.created.
    expect(textOf(events)).toBe('2 + 2 equals 4.');
    expect(completedUsage(events)).toMatchObject({ inputTokens: 15, outputTokens: 9 });
  },
  'openai-responses-error-insufficient-quota-gpt-5-nano.sse': (events) => {
    expect(errorOf(events).code).toBe('quota_exceeded');
    expect(errorOf(events).message).toContain('billing');
  },
  'openai-responses-function-call-gpt-4o.sse': (events) => {
    // Older wire format without sequence_number.
    expect(toolCallsOf(events)).toEqual([
      {
        type: 'function_call',
        call_id: 'call_kL0PCQV7M2WMoVX8V8OtYSAL',
        name: 'get_capital',
        arguments: '{"country":"France"}',
      },
    ]);
    expect(completedUsage(events)).toMatchObject({ inputTokens: 255, outputTokens: 16, totalTokens: 271 });
  },
  'openai-responses-parallel-function-calls-gpt-4o.sse': (events) => {
    expect(toolCallsOf(events)).toEqual([
      { type: 'function_call', call_id: 'call_NnEvpiwdL8XrZ6F3T9VJyVw7', name: 'add', arguments: '{"a":2,"b":3}' },
      { type: 'function_call', call_id: 'call_TQ8336oa6YnuT2leYzRDBBLz', name: 'multiply', arguments: '{"a":2,"b":3}' },
    ]);
  },
  'openai-responses-reasoning-code-interpreter-gpt-5.sse': (events) => {
    // Hosted code_interpreter_call items are not ours to run: no tool calls, only reasoning and the answer.
    expect(toolCallsOf(events)).toEqual([]);
    expect(
      events.filter((e) => e.type === 'item_done').map((e) => (e.type === 'item_done' ? e.item.type : '')),
    ).toEqual(['reasoning', 'message']);
    expect(reasoningItems(events)[0].encrypted_content).toMatch(/^gAAAA/);
    expect(textOf(events)).toMatch(/^123456\^123 equals:/);
    expect(completedUsage(events)).toMatchObject({ cachedInputTokens: 3200, reasoningTokens: 128 });
  },
  'openai-responses-reasoning-multi-summary-text-o3-mini.sse': (events) => {
    const [reasoning] = reasoningItems(events);
    expect(reasoning.summary).toHaveLength(4);
    expect(reasoning.summary.every((s) => s.text.length > 0)).toBe(true);
    expect(reasoning.encrypted_content).toMatch(/^gAAAA/);
    expect(reasoningOf(events)).toBe(reasoning.summary.map((s) => s.text).join('\n\n'));
    expect(textOf(events)).toContain('cross the street');
    expect(completedUsage(events)).toMatchObject({ outputTokens: 1680, reasoningTokens: 1408 });
  },
  'openai-responses-reasoning-summary-function-call-gpt-5.sse': (events) => {
    const [reasoning] = reasoningItems(events);
    expect(reasoning.summary[0].text).toContain('Getting weather info');
    expect(reasoning.encrypted_content).toMatch(/^gAAAA/);
    expect(toolCallsOf(events)).toEqual([
      {
        type: 'function_call',
        call_id: 'call_zgUaIBRPTwxxOusyyKw5NVMH',
        name: 'weather',
        arguments: '{"location":"Florence, Italy"}',
      },
    ]);
  },
  'openai-responses-web-search-annotations-gpt-5.2.sse': (events) => {
    expect(textOf(events)).toContain('Mount Columbia');
    expect(toolCallsOf(events)).toEqual([]);
    expect(events.filter((e) => e.type === 'item_done')).toHaveLength(1);
    expect(completedUsage(events)).toMatchObject({ inputTokens: 12243 });
  },
  'openrouter-chat-claude-haiku-tool-call-keepalive-comments.sse': (events) => {
    // `: OPENROUTER PROCESSING` comments are skipped; a repeated call header after the finish chunk changes nothing.
    expect(toolCallsOf(events)).toEqual([
      {
        type: 'function_call',
        call_id: 'toolu_bdrk_01RiGtttFSGiqX2bR4Uoz434',
        name: 'weather',
        arguments: '{"location": "Florence, Italy"}',
      },
    ]);
    expect(completedUsage(events)).toMatchObject({ inputTokens: 577, outputTokens: 54 });
  },
};

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ requireAuth: false });
});
afterAll(async () => {
  await server.close();
});

describe('recorded streams', () => {
  it('finds the shared fixture folder and an expectation for every recording', () => {
    if (!existsSync(fixtureDir)) {
      throw new Error(
        `Recorded streams not found at ${fixtureDir}: the shared/ folder must sit next to the repository (../shared from ${repoRoot}).`,
      );
    }
    expect(fixtures.length).toBeGreaterThan(0);
    expect(fixtures).toEqual(Object.keys(expectations).sort());
  });

  const cases = fixtures.flatMap((file) => [
    { file, chunkBytes: undefined, how: 'in one write' },
    { file, chunkBytes: 61, how: 'in 61-byte pieces' },
  ]);
  it.each(cases)('$file ($how)', async ({ file, chunkBytes }) => {
    const bytes = readFileSync(resolve(fixtureDir, file));
    server.enqueue({ kind: 'raw', body: bytes, chunkBytes });
    const isResponses = file.includes('-responses-');
    expect(isResponses || file.includes('-chat-')).toBe(true);
    const adapter = isResponses
      ? createResponsesAdapter({ apiKey: 'sk-replay-key-000000', baseUrl: server.url, maxAttempts: 1 })
      : createChatCompletionsAdapter({ baseUrl: server.url, maxAttempts: 1 });
    const events = await collect(adapter, makeRequest());
    terminalOf(events);
    const check = expectations[file];
    if (!check) throw new Error(`No expectation for ${file}: add one to recordedStreams.test.ts`);
    check(events);
  });
});
