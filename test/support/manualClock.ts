// A controllable SchedulerClock for tests: wall and monotonic time move only when the test says so.
import type { SchedulerClock, TimerHandle } from '../../main/core/scheduler/clock';

interface PendingTimer {
  id: number;
  /** Monotonic time at which it fires. */
  at: number;
  fn: () => void;
  /** The delay it was armed with (ms). */
  delay: number;
}

/**
 * Time stands still until {@link advance} (both clocks move, due timers fire in order), {@link sleep} (the wall clock
 * moves, the monotonic one does not: a suspended machine) or {@link setWall} (a wall-clock change).
 */
export class ManualClock implements SchedulerClock {
  private wall: number;
  private mono = 0;
  private seq = 0;
  private readonly timers = new Map<number, PendingTimer>();
  /** Every delay passed to setTimer, in order (to check re-arming past setTimeout's limit). */
  readonly delays: number[] = [];

  constructor(startWall: number) {
    this.wall = startWall;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.mono + Math.max(0, ms), fn, delay: ms });
    this.delays.push(ms);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete((handle as { id: number }).id);
  }

  /** Timers armed and not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Moves both clocks forward by `ms`, firing each due timer at its own time (earliest first); after each one,
   * `settle` (e.g. `scheduler.idle()`) is awaited so that the work it started finishes before time moves on.
   */
  async advance(ms: number, settle: () => Promise<void> = async () => undefined): Promise<void> {
    const end = this.mono + ms;
    for (;;) {
      const next = [...this.timers.values()].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > end) break;
      this.wall += next.at - this.mono;
      this.mono = next.at;
      this.timers.delete(next.id);
      next.fn();
      await settle();
    }
    this.wall += end - this.mono;
    this.mono = end;
    await settle();
  }

  /** The machine sleeps `ms`: the wall clock moves, monotonic time and timers do not. */
  sleep(ms: number): void {
    this.wall += ms;
  }

  /** Sets the wall clock (a clock change); timers keep their monotonic deadlines. */
  setWall(ms: number): void {
    this.wall = ms;
  }
}
