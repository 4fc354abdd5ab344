// The arming: per-wakeup work queues, the one due-time timer for the nearest due time, and dispatch when it fires.
import { SerialQueue } from '../util/serialQueue';
import type { SchedulerContext } from './context';
import type { MissCause } from './misfire';
import { DueTimer, type TimerFire } from './timer';

/**
 * Runs work on each wakeup's own queue (one step at a time per wakeup) and keeps one {@link DueTimer} armed for the
 * soonest time any idle wakeup needs attention (queued run, next due time, retry). A wakeup with work in its queue
 * counts as busy and is not armed; when the work settles the timer is re-armed. No polling: nothing runs between fires.
 */
export class Arming {
  private readonly timer: DueTimer;
  private readonly queues = new Map<string, SerialQueue>();
  private readonly busy = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Work waits for this first (start-up recovery). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: SchedulerContext,
    /** Handles one due wakeup (plans its occurrences, runs its queue); called on the wakeup's queue. */
    private readonly process: (id: string, cause: MissCause) => Promise<void>,
  ) {
    this.timer = new DueTimer(ctx.clock, (fire) => this.onTimer(fire));
  }

  /** The due time the timer is armed for (ms), or null. */
  get armedFor(): number | null {
    return this.timer.armedFor;
  }

  /** Resolves when every step started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Runs `task` on the wakeup's own queue after start-up recovery; the wakeup counts as busy (not armed) until the
   * task settles, then the timer is re-armed. Resolves or rejects as `task` does.
   */
  enqueue<T>(id: string, task: () => Promise<T>): Promise<T> {
    let q = this.queues.get(id);
    if (!q) {
      q = new SerialQueue();
      this.queues.set(id, q);
    }
    this.busy.set(id, (this.busy.get(id) ?? 0) + 1);
    const result = q.run(async () => {
      await this.ready;
      return task();
    });
    const settle = () => {
      const left = (this.busy.get(id) ?? 1) - 1;
      if (left <= 0) this.busy.delete(id);
      else this.busy.set(id, left);
      this.rearm();
    };
    void result.then(settle, settle);
    return this.track(result);
  }

  /** Forgets a deleted wakeup's queue. */
  forget(id: string): void {
    this.queues.delete(id);
  }

  /** Counts `promise` as pending work until it settles (see {@link idle}). */
  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  /** Arms the timer for the nearest due time (only when this scheduler fires and is open). */
  rearm(): void {
    if (!this.ctx.options.fire || this.ctx.closed) return;
    this.timer.arm(this.nearestDue());
  }

  /** Disarms the timer for good (close). */
  stop(): void {
    this.timer.stop();
  }

  /** Starts the work of every idle wakeup that is due now (each on its own queue), then re-arms. */
  dispatchDue(cause: MissCause): void {
    if (this.ctx.closed) return;
    const now = this.ctx.clock.now();
    for (const w of this.ctx.store.all()) {
      if (this.busy.has(w.id)) continue;
      const at = attentionAt(w, now);
      if (at !== null && at <= now) void this.enqueue(w.id, () => this.process(w.id, cause));
    }
    this.rearm();
  }

  private onTimer(fire: TimerFire): void {
    const late = fire.driftMs > this.ctx.settings().driftToleranceMs;
    this.dispatchDue(late ? 'machine asleep' : 'app not running');
  }

  /** The soonest time any idle wakeup needs attention, or null. */
  private nearestDue(): number | null {
    let nearest: number | null = null;
    const now = this.ctx.clock.now();
    for (const w of this.ctx.store.all()) {
      if (this.busy.has(w.id)) continue;
      const at = attentionAt(w, now);
      if (at !== null && (nearest === null || at < nearest)) nearest = at;
    }
    return nearest;
  }
}

/** When a wakeup next needs attention: now for a queued run, else its next due time or retry (enabled only). */
function attentionAt(
  w: { queue: unknown[]; enabled: boolean; nextDueAt: string | null; retry: { at: string } | null },
  now: number,
): number | null {
  let at: number | null = w.queue.length > 0 ? now : null;
  if (w.enabled && w.nextDueAt) at = Math.min(at ?? Infinity, Date.parse(w.nextDueAt));
  if (w.enabled && w.retry) at = Math.min(at ?? Infinity, Date.parse(w.retry.at));
  return at;
}
