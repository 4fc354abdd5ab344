// First-byte and idle timeouts and the retry-after cap, for both adapters, against the fake server's stalling scripts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatCompletionsAdapter } from '../../../../main/core/models/chatCompletions';
import { createResponsesAdapter } from '../../../../main/core/models/responses';
import type { ModelAdapter, RequestLimits } from '../../../../main/core/models/types';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';
import { collect, makeRequest, terminalOf, textOf } from './helpers';

const apiKey = 'sk-test-timeouts-0000000000';
let server: FakeModelServer;

beforeEach(async () => {
  server = await startFakeModelServer({ apiKey });
});
afterEach(async () => {
  await server.close();
});

const adapters: Array<[string, (limits: RequestLimits) => ModelAdapter]> = [
  ['responses', (limits) => createResponsesAdapter({ apiKey, baseUrl: server.url, ...limits })],
  ['chat completions', (limits) => createChatCompletionsAdapter({ apiKey, baseUrl: server.url, ...limits })],
];

describe.each(adapters)('%s adapter timeouts', (_name, make) => {
  it('retries a server that never sends headers, then ends with a timeout error', async () => {
    server.enqueue({ kind: 'hang_before_headers' }, { kind: 'hang_before_headers' });
    const events = await collect(make({ maxAttempts: 2, timeouts: { firstByteMs: 150 } }), makeRequest());
    expect(server.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === 'retrying')).toEqual([
      expect.objectContaining({ attempt: 2, reason: 'no response within 150 ms' }),
    ]);
    const end = terminalOf(events);
    expect(end).toMatchObject({ type: 'error', error: { code: 'timeout' } });
    if (end.type === 'error')
      expect(end.error.message).toMatch(/did not start answering within 150 ms.*modelFirstByteTimeoutMs/);
  });

  it('succeeds on the retry after a first-byte timeout', async () => {
    server.enqueue({ kind: 'hang_before_headers' }, scripted.text('second try'));
    const events = await collect(make({ maxAttempts: 2, timeouts: { firstByteMs: 150 } }), makeRequest());
    expect(textOf(events)).toBe('second try');
    expect(terminalOf(events).type).toBe('completed');
  });

  it('ends a stream that stalls after two deltas with an idle timeout, keeps the deltas and does not retry', async () => {
    server.enqueue({
      kind: 'stall',
      outputs: [{ type: 'text', text: 'one two three four', deltas: 4 }],
      afterDeltas: 2,
    });
    const events = await collect(make({ maxAttempts: 3, timeouts: { firstByteMs: 5000, idleMs: 200 } }), makeRequest());
    expect(events.filter((e) => e.type === 'text_delta')).toHaveLength(2);
    expect(textOf(events).length).toBeGreaterThan(0);
    const end = terminalOf(events);
    expect(end).toMatchObject({ type: 'error', error: { code: 'timeout' } });
    if (end.type === 'error') expect(end.error.message).toMatch(/stalled: nothing arrived for 200 ms.*partial answer/);
    expect(server.requests).toHaveLength(1);
  });

  it('applies the idle timeout to a stream that stalls right after the headers', async () => {
    server.enqueue({ kind: 'hang' });
    const events = await collect(make({ maxAttempts: 3, timeouts: { idleMs: 150 } }), makeRequest());
    expect(terminalOf(events)).toMatchObject({ type: 'error', error: { code: 'timeout' } });
    expect(server.requests).toHaveLength(1);
  });

  it('lets a slow but steady stream finish when each gap is under the idle timeout', async () => {
    server.enqueue(scripted.text('slow but steady', { deltas: 3, delayMs: 30 }));
    const events = await collect(
      make({ maxAttempts: 1, timeouts: { firstByteMs: 5000, idleMs: 2000 } }),
      makeRequest(),
    );
    expect(textOf(events)).toBe('slow but steady');
    expect(terminalOf(events).type).toBe('completed');
  });
});

describe.each(adapters)('%s adapter retry-after', (_name, make) => {
  it('does not retry when the provider asks to wait longer than the cap, and says how long', async () => {
    server.enqueue(scripted.httpError(429, { headers: { 'retry-after': '3600' } }), scripted.text('too early'));
    const started = Date.now();
    const events = await collect(make({ maxAttempts: 4, retryAfterMaxMs: 60_000 }), makeRequest());
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
    expect(events.some((e) => e.type === 'retrying')).toBe(false);
    const end = terminalOf(events);
    expect(end).toMatchObject({ type: 'error', error: { code: 'rate_limited', status: 429 } });
    if (end.type === 'error') expect(end.error.message).toMatch(/asks to wait 60 minutes.*retryAfterMaxMs/);
  });

  it('honours a retry-after within the cap (retry-after-ms first)', async () => {
    server.enqueue(scripted.httpError(503, { headers: { 'retry-after-ms': '40', 'retry-after': '3600' } }));
    server.enqueue(scripted.text('after the wait'));
    const events = await collect(make({ maxAttempts: 2, retryAfterMaxMs: 1000 }), makeRequest());
    expect(events.find((e) => e.type === 'retrying')).toMatchObject({ delayMs: 40 });
    expect(textOf(events)).toBe('after the wait');
  });

  it('caps by the configured limit: a 2 s wait over a 1 s cap is not retried', async () => {
    server.enqueue(scripted.httpError(429, { headers: { 'retry-after': '2' } }));
    const events = await collect(make({ maxAttempts: 3, retryAfterMaxMs: 1000 }), makeRequest());
    expect(server.requests).toHaveLength(1);
    const end = terminalOf(events);
    if (end.type === 'error') expect(end.error.message).toMatch(/asks to wait 2 seconds/);
  });
});
