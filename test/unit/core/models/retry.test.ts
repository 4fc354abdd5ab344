// Retry policy: which SDK errors are retried, the wait before each retry, and the loop's attempts and abort handling.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { ModelTimeoutError, RetryAfterTooLongError } from '../../../../main/core/models/errors';
import {
  isRetryableError,
  openWithRetries,
  requestedWaitMs,
  retryDelayMs,
  sleepWithSignal,
  withRetry,
  type RetryInfo,
} from '../../../../main/core/models/retry';

function httpError(
  status: number,
  headers: Record<string, string> = {},
  error: Record<string, unknown> = { message: 'boom', type: 'x', code: null },
): APIError {
  return APIError.generate(status, { error }, undefined, new Headers(headers));
}

const noSleep = async () => {};

describe('isRetryableError', () => {
  it('retries 408, 409, 429, 5xx and connection failures', () => {
    for (const status of [408, 409, 429, 500, 502, 503]) expect(isRetryableError(httpError(status))).toBe(true);
    expect(isRetryableError(new APIConnectionError({ message: 'Connection error.' }))).toBe(true);
    expect(isRetryableError(new APIConnectionTimeoutError())).toBe(true);
  });

  it('never retries 400/401/403/404 or quota, usage and context-length codes, whatever x-should-retry says', () => {
    for (const status of [400, 401, 403, 404])
      expect(isRetryableError(httpError(status, { 'x-should-retry': 'true' }))).toBe(false);
    for (const code of ['insufficient_quota', 'usage_limit_reached', 'usage_not_included', 'context_length_exceeded']) {
      expect(isRetryableError(httpError(429, { 'x-should-retry': 'true' }, { message: 'no', type: code, code }))).toBe(
        false,
      );
    }
    expect(
      isRetryableError(httpError(429, {}, { message: 'over limit', type: 'usage_limit_reached', plan_type: 'plus' })),
    ).toBe(false);
  });

  it('obeys x-should-retry before the status', () => {
    expect(isRetryableError(httpError(503, { 'x-should-retry': 'false' }))).toBe(false);
    expect(isRetryableError(httpError(422, { 'x-should-retry': 'true' }))).toBe(true);
    expect(isRetryableError(httpError(422))).toBe(false);
  });

  it('retries a first-byte timeout but not an idle timeout', () => {
    expect(isRetryableError(new ModelTimeoutError('first_byte', 1000))).toBe(true);
    expect(isRetryableError(new ModelTimeoutError('idle', 1000))).toBe(false);
  });

  it('does not retry in-stream errors or unknown throwables', () => {
    expect(isRetryableError(new APIError(undefined, { code: 'server_error' }, undefined, undefined))).toBe(false);
    expect(isRetryableError(new TypeError('terminated'))).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('prefers retry-after-ms, then retry-after seconds or HTTP date', () => {
    expect(retryDelayMs(httpError(429, { 'retry-after-ms': '250', 'retry-after': '9' }), 0)).toBe(250);
    expect(retryDelayMs(httpError(429, { 'retry-after': '2' }), 0)).toBe(2000);
    const date = new Date(Date.now() + 5000).toUTCString();
    const fromDate = retryDelayMs(httpError(503, { 'retry-after': date }), 0);
    expect(fromDate).toBeGreaterThan(3000);
    expect(fromDate).toBeLessThanOrEqual(5000);
    expect(retryDelayMs(httpError(429, { 'retry-after': '0' }), 3)).toBe(0);
  });

  it('reads the requested wait: ms header first, seconds, HTTP dates; nothing for junk or past dates', () => {
    expect(requestedWaitMs(httpError(429, { 'retry-after': '3600' }))).toBe(3_600_000);
    expect(requestedWaitMs(httpError(429, { 'retry-after-ms': '12.4' }))).toBe(12);
    expect(requestedWaitMs(httpError(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(requestedWaitMs(httpError(429, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() }))).toBe(
      undefined,
    );
    expect(requestedWaitMs(httpError(429))).toBeUndefined();
    expect(requestedWaitMs(new Error('x'))).toBeUndefined();
  });

  it('honours a requested wait up to the given cap', () => {
    expect(retryDelayMs(httpError(429, { 'retry-after': '90' }), 0, () => 0, 120_000)).toBe(90_000);
  });

  it('falls back to capped exponential backoff with 0..25% jitter when headers are missing or out of range', () => {
    expect(retryDelayMs(httpError(500), 0, () => 0)).toBe(500);
    expect(retryDelayMs(httpError(500), 1, () => 0)).toBe(1000);
    expect(retryDelayMs(httpError(500), 2, () => 0.999999)).toBe(1500);
    expect(retryDelayMs(httpError(500), 10, () => 0)).toBe(8000);
    expect(retryDelayMs(httpError(429, { 'retry-after': '120' }), 0, () => 0)).toBe(500);
    expect(retryDelayMs(httpError(429, { 'retry-after-ms': '-5' }), 1, () => 0)).toBe(1000);
    expect(retryDelayMs(new APIConnectionError({}), 1, () => 0.5)).toBe(875);
  });
});

describe('withRetry', () => {
  it('retries until success and reports each retry with the next attempt number', async () => {
    const infos: RetryInfo[] = [];
    const waits: number[] = [];
    const attempts: number[] = [];
    const value = await withRetry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw httpError(503, { 'retry-after-ms': String(attempt * 10) });
        return 'opened';
      },
      {
        maxAttempts: 4,
        signal: new AbortController().signal,
        onRetry: (i) => infos.push(i),
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(value).toBe('opened');
    expect(attempts).toEqual([1, 2, 3]);
    expect(infos).toEqual([
      { attempt: 2, delayMs: 10, reason: 'HTTP 503' },
      { attempt: 3, delayMs: 20, reason: 'HTTP 503' },
    ]);
    expect(waits).toEqual([10, 20]);
  });

  it('throws the last error once maxAttempts is used up', async () => {
    let calls = 0;
    const failure = withRetry(
      async () => {
        calls++;
        throw httpError(500);
      },
      { maxAttempts: 3, signal: new AbortController().signal, sleep: noSleep },
    );
    await expect(failure).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(3);
  });

  it('gives up at once when the provider asks to wait longer than retryAfterMaxMs (retry-after: 3600 was retried after 0.5 s)', async () => {
    let calls = 0;
    const waits: number[] = [];
    const failure = withRetry(
      async () => {
        calls++;
        throw httpError(429, { 'retry-after': '3600' });
      },
      { maxAttempts: 4, signal: new AbortController().signal, sleep: async (ms) => void waits.push(ms) },
    );
    await expect(failure).rejects.toBeInstanceOf(RetryAfterTooLongError);
    await expect(failure).rejects.toMatchObject({ waitMs: 3_600_000, capMs: 60_000, message: /wait 60 minutes/ });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('throws a non-retryable error at once', async () => {
    let calls = 0;
    const failure = withRetry(
      async () => {
        calls++;
        throw httpError(401);
      },
      { maxAttempts: 5, signal: new AbortController().signal, sleep: noSleep },
    );
    await expect(failure).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(1);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    const failure = withRetry(
      async () => {
        calls++;
        throw httpError(429, { 'retry-after': '30' });
      },
      { maxAttempts: 3, signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 20) },
    );
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toBe(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      withRetry(async () => void calls++, { maxAttempts: 3, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(0);
  });
});

describe('openWithRetries', () => {
  it('yields a retrying event per retry and returns the opened value', async () => {
    async function* run() {
      const value = yield* openWithRetries(
        async (attempt) => {
          if (attempt === 1) throw httpError(429, { 'retry-after-ms': '5' });
          return `attempt ${attempt}`;
        },
        { maxAttempts: 2, signal: new AbortController().signal },
      );
      yield { type: 'value' as const, value };
    }
    const seen = [];
    for await (const event of run()) seen.push(event);
    expect(seen).toEqual([
      { type: 'retrying', attempt: 2, delayMs: 5, reason: 'HTTP 429' },
      { type: 'value', value: 'attempt 2' },
    ]);
  });
});

describe('sleepWithSignal', () => {
  it('resolves after the delay and rejects on abort', async () => {
    const started = Date.now();
    await sleepWithSignal(20, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const waiting = sleepWithSignal(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
