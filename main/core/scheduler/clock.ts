// The scheduler's clock facade: wall time plus one-shot timers, so tests drive time without real-timer races.

/** An armed timer, opaque to callers. */
export type TimerHandle = { readonly id: number } | NodeJS.Timeout;

/**
 * Wall-clock time and one-shot timers. `now()` is milliseconds since the epoch; `setTimer(fn, ms)` calls `fn` once
 * after at least `ms` milliseconds (ms <= {@link MAX_TIMER_MS}); `monotonic()` is a clock that never jumps (ms).
 */
export interface SchedulerClock {
  now(): number;
  monotonic(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days); longer waits are re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: `Date.now`, `performance.now` and unref'd `setTimeout` (a pending wakeup never keeps a CLI alive). */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    timer.unref?.();
    return timer;
  },
  clearTimer(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
