// Issue 8 (Low): model servers that never answer, stall mid-answer, or ask to wait an hour must not hold a turn open.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/runtimeHarness';

let h: Harness;
afterEach(async () => h?.close());

async function send(text: string) {
  const result = await h.runtime.send({ sessionId: null, text });
  const outcome = await result.done!;
  return { ...result, outcome };
}

describe('model faults end the turn with a clear error', () => {
  it('a server that accepts the request and never answers: retried, then a timeout error', async () => {
    h = await createHarness({ settings: { modelFirstByteTimeoutMs: 300, retryMaxAttempts: 2 } });
    h.server.enqueue({ kind: 'hang_before_headers' }, { kind: 'hang_before_headers' });
    const { outcome } = await send('hello?');
    expect(outcome.stopReason).toBe('error');
    expect(outcome.error?.code).toBe('timeout');
    expect(outcome.error?.message).toMatch(/did not start answering within 300 ms/);
    expect(h.server.requests).toHaveLength(2);
    expect(h.events.find((e) => e.type === 'retrying')).toBeTruthy();
  });

  it('a server that stalls after a few deltas: the turn ends, the partial answer is kept, nothing is replayed', async () => {
    h = await createHarness({ settings: { modelIdleTimeoutMs: 300 } });
    h.server.enqueue({
      kind: 'stall',
      outputs: [{ type: 'text', text: 'The first part and then the rest of it', deltas: 6 }],
      afterDeltas: 2,
    });
    const { outcome, sessionId } = await send('tell me');
    expect(outcome.stopReason).toBe('error');
    expect(outcome.error?.code).toBe('timeout');
    expect(outcome.error?.message).toMatch(/stalled.*partial answer was kept/);
    expect(h.server.requests).toHaveLength(1);
    const loaded = await h.runtime.sessions.load(sessionId);
    const last = loaded.entries.at(-1)!.item;
    expect(last).toMatchObject({ type: 'message', role: 'assistant' });
    expect(JSON.stringify(last)).toContain('The first');
  });

  it('retry-after: 3600 is not retried after 0.5 s: the turn ends saying the provider asks to wait 60 minutes', async () => {
    h = await createHarness({ settings: { retryMaxAttempts: 4 } });
    h.server.enqueue({ kind: 'http_error', status: 429, headers: { 'retry-after': '3600' } });
    const { outcome } = await send('hi');
    expect(outcome.stopReason).toBe('error');
    expect(outcome.error?.code).toBe('rate_limited');
    expect(outcome.error?.message).toMatch(/asks to wait 60 minutes/);
    expect(h.server.requests).toHaveLength(1);
    expect(h.events.some((e) => e.type === 'retrying')).toBe(false);
  });
});
