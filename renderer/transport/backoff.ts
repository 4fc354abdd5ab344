// Reconnect delay schedule for the WebSocket client: exponential with jitter, capped.

/** Backoff tuning; all values in milliseconds except `jitter` (fraction 0..1 of the delay that is randomized). */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  jitter: number;
}

/** Defaults: 300 ms, doubling, capped at 8 s, up to 30 % jitter. */
export const defaultBackoff: BackoffOptions = { baseMs: 300, maxMs: 8_000, jitter: 0.3 };

/**
 * Delay in ms before reconnect attempt `attempt` (0-based): `min(max, base * 2^attempt)` minus up to
 * `jitter` of it, using `random()` in [0, 1).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): number {
  const raw = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(raw * (1 - options.jitter * random()));
}
