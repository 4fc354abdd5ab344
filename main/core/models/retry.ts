// Retry policy for opening a model stream: which failures to retry, how long to wait, and the retry loop itself.
// Mirrors openai-node's policy (x-should-retry, 408/409/429/5xx, retry-after-ms / retry-after, capped backoff):
// https://github.com/openai/openai-node/blob/master/src/client.ts (shouldRetry, retryRequest).
import { APIConnectionError, APIError } from 'openai/error';
import { hasNeverRetryCode, ModelTimeoutError, RetryAfterTooLongError } from './errors';

/** What `onRetry` is told before each wait: `attempt` is the 1-based attempt about to start, `delayMs` the wait in ms. */
export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Total attempts including the first (1 = never retry). */
  maxAttempts: number;
  /** Aborting stops the current wait at once and rejects with the abort reason. */
  signal: AbortSignal;
  /** Called before each wait. */
  onRetry?: (info: RetryInfo) => void;
  /** Waits `ms` milliseconds; must reject promptly when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Uniform random in [0, 1) used for jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * Longest wait (ms) a provider may ask for with `retry-after-ms` / `retry-after` (default
   * {@link DEFAULT_RETRY_AFTER_MAX_MS}); asking for longer ends the retries with {@link RetryAfterTooLongError}.
   */
  retryAfterMaxMs?: number;
}

/** Default of {@link RetryOptions.retryAfterMaxMs} (and of the `retryAfterMaxMs` setting): one minute. */
export const DEFAULT_RETRY_AFTER_MAX_MS = 60_000;

/**
 * Calls `open(attempt)` (attempt is 1-based) until it resolves, retrying failures that {@link isRetryableError}
 * accepts, at most `maxAttempts` times in total, waiting {@link retryDelayMs} between attempts.
 * Use it only around the part of a request that ends at the first streamed byte.
 * @throws {RetryAfterTooLongError} when a retryable failure asks for a wait over `retryAfterMaxMs` (checked before
 *   the attempt count, so the caller learns how long the provider wants); otherwise the last error of `open` when it
 *   is not retryable or attempts are used up; the abort reason (an `AbortError`) when `signal` aborts before or
 *   between attempts.
 */
export async function withRetry<T>(open: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? sleepWithSignal;
  const random = opts.random ?? Math.random;
  const maxWaitMs = opts.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(opts.signal);
    try {
      return await open(attempt);
    } catch (err) {
      if (opts.signal.aborted || !isRetryableError(err)) throw err;
      const asked = requestedWaitMs(err);
      if (asked !== undefined && asked > maxWaitMs) throw new RetryAfterTooLongError(asked, maxWaitMs, err);
      if (attempt >= opts.maxAttempts) throw err;
      const delayMs = retryDelayMs(err, attempt - 1, random, maxWaitMs);
      opts.onRetry?.({ attempt: attempt + 1, delayMs, reason: retryReason(err) });
      await sleep(delayMs, opts.signal);
    }
  }
}

/**
 * Like {@link withRetry}, as an async generator that yields one `retrying` event per retry (while the wait runs)
 * and returns the opened value: `const stream = yield* openWithRetries(open, opts)`.
 * @throws whatever {@link withRetry} throws.
 */
export async function* openWithRetries<T>(
  open: (attempt: number) => Promise<T>,
  opts: Omit<RetryOptions, 'onRetry'>,
): AsyncGenerator<{ type: 'retrying' } & RetryInfo, T> {
  const pending: RetryInfo[] = [];
  let wake: (() => void) | undefined;
  const settled = withRetry(open, {
    ...opts,
    onRetry: (info) => {
      pending.push(info);
      wake?.();
    },
  }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  for (;;) {
    const woken = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)));
    const result = pending.length > 0 ? undefined : await Promise.race([settled, woken]);
    while (pending.length > 0) yield { type: 'retrying', ...(pending.shift() as RetryInfo) };
    if (result) {
      if (result.ok) return result.value;
      throw result.error;
    }
  }
}

/**
 * True for failures worth retrying before the first streamed byte. In order: never for 400/401/403/404 or a body
 * code of context_length_exceeded, insufficient_quota, usage_limit_reached, usage_not_included; then the
 * `x-should-retry: true|false` header; then 408, 409, 429 and 5xx; then connection errors, connection timeouts and
 * first-byte timeouts ({@link ModelTimeoutError} phase `first_byte`).
 */
export function isRetryableError(err: unknown): boolean {
  if (err instanceof APIConnectionError) return true;
  if (err instanceof ModelTimeoutError) return err.phase === 'first_byte';
  if (!(err instanceof APIError) || typeof err.status !== 'number') return false;
  if ([400, 401, 403, 404].includes(err.status) || hasNeverRetryCode(err)) return false;
  const header = err.headers?.get('x-should-retry');
  if (header === 'true') return true;
  if (header === 'false') return false;
  return err.status === 408 || err.status === 409 || err.status === 429 || err.status >= 500;
}

/**
 * The wait in ms a failed response asks for: `retry-after-ms` (ms), else `retry-after` as seconds or an HTTP date
 * (RFC 9110 §10.2.3, https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). Undefined when the error has
 * neither header, or its value is unparsable or negative (a date in the past).
 */
export function requestedWaitMs(err: unknown): number | undefined {
  const headers = err instanceof APIError ? err.headers : undefined;
  let wait: number | undefined;
  const ms = headers?.get('retry-after-ms');
  if (ms) {
    const parsed = parseFloat(ms);
    if (!Number.isNaN(parsed)) wait = parsed;
  }
  const after = headers?.get('retry-after');
  if (after && wait === undefined) {
    const seconds = parseFloat(after);
    wait = Number.isNaN(seconds) ? Date.parse(after) - Date.now() : seconds * 1000;
  }
  return wait !== undefined && Number.isFinite(wait) && wait >= 0 ? Math.round(wait) : undefined;
}

/**
 * Milliseconds to wait before retry number `retryIndex` (0 for the first retry): {@link requestedWaitMs} when it is
 * at most `maxWaitMs` (default {@link DEFAULT_RETRY_AFTER_MAX_MS}); otherwise `min(0.5·2^retryIndex, 8)` s ×
 * U(0.75, 1.0) jitter. ({@link withRetry} never waits when the requested wait is over the cap: it gives up.)
 */
export function retryDelayMs(
  err: unknown,
  retryIndex: number,
  random: () => number = Math.random,
  maxWaitMs = DEFAULT_RETRY_AFTER_MAX_MS,
): number {
  const wait = requestedWaitMs(err);
  if (wait !== undefined && wait <= maxWaitMs) return wait;
  const base = Math.min(0.5 * 2 ** retryIndex, 8) * 1000;
  return Math.round(base * (1 - random() * 0.25));
}

/** A short, secret-free reason for a retry, e.g. `HTTP 429 rate_limit_exceeded` or `connection failed`. */
export function retryReason(err: unknown): string {
  if (err instanceof ModelTimeoutError) return err.message;
  if (err instanceof APIConnectionError)
    return err.name === 'APIConnectionTimeoutError' ? 'connection timed out' : 'connection failed';
  if (err instanceof APIError && typeof err.status === 'number')
    return `HTTP ${err.status}${err.code ? ` ${err.code}` : ''}`;
  return 'request failed';
}

/** Resolves after `ms` milliseconds; rejects with an `AbortError` as soon as `signal` aborts. */
export function sleepWithSignal(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}
