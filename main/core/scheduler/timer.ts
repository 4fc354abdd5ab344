// The due-time timer: one timer armed for the nearest due time (no polling), re-armed past setTimeout's limit,
// and a drift check that notices sleep and wall-clock jumps when it fires.
import { MAX_TIMER_MS, type SchedulerClock, type TimerHandle } from './clock';

/** How the timer fired: on time, or late / early against the wall clock (sleep, clock change). */
export interface TimerFire {
  /** Due time the timer was armed for (ms since the epoch). */
  dueAt: number;
  /** Wall time when it fired (ms). */
  now: number;
  /** Wall-clock minus monotonic elapsed time since arming (ms): positive after a forward jump or sleep. */
  driftMs: number;
}

/**
 * One re-armable timer for the nearest due time. {@link arm} replaces the previous time. Delays above
 * {@link MAX_TIMER_MS} (about 24.8 days) are waited in steps; a step that ends before the due time (long waits, a
 * wall clock set back) re-arms for the remainder instead of firing.
 */
export class DueTimer {
  private handle: TimerHandle | null = null;
  private dueAt: number | null = null;

  constructor(
    private readonly clock: SchedulerClock,
    private readonly onFire: (fire: TimerFire) => void,
  ) {}

  /** The due time currently armed (ms), or null. */
  get armedFor(): number | null {
    return this.dueAt;
  }

  /** Arms for `dueAt` (ms since the epoch; past = fire at once), or disarms with null. */
  arm(dueAt: number | null): void {
    if (this.handle) this.clock.clearTimer(this.handle);
    this.handle = null;
    this.dueAt = dueAt;
    if (dueAt === null) return;
    const armedWall = this.clock.now();
    const armedMono = this.clock.monotonic();
    const wait = Math.max(0, dueAt - armedWall);
    this.handle = this.clock.setTimer(
      () => {
        this.handle = null;
        const now = this.clock.now();
        const driftMs = now - armedWall - (this.clock.monotonic() - armedMono);
        if (now < dueAt) return this.arm(dueAt);
        this.dueAt = null;
        this.onFire({ dueAt, now, driftMs });
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  /** Disarms. */
  stop(): void {
    this.arm(null);
  }
}
