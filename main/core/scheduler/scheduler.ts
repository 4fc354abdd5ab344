// The scheduler facade: wakeup CRUD, previews, run now, history, and the lifecycle (open, pause all, resync, close).
import type { RunReceipt, Wakeup, WakeupDraft, WakeupPatch, WakeupView } from '../../../preload/contract/scheduler';
import { Arming } from './arming';
import { allMissed, processDue } from './catchUp';
import { SchedulerContext } from './context';
import { defaultTitle, envelopeFromDraft, misfireFromDraft, scheduleFromDraft, targetFromDraft } from './draft';
import type { MissCause } from './misfire';
import { dueOccurrences, nextOccurrence, systemZone, upcoming } from './occurrences';
import { ReceiptLog } from './receipts';
import { recoverClaims } from './recovery';
import { drain } from './runs';
import { WakeupStore } from './store';
import { iso, newId, SchedulerError, type SchedulerOptions, type WaitingRun } from './types';

export {
  DEFAULT_SCHEDULER_SETTINGS,
  SchedulerError,
  type RunExecutor,
  type RunRequest,
  type RunResult,
  type SchedulerEvent,
  type SchedulerNotification,
  type SchedulerOptions,
  type SchedulerSettings,
  type WaitingRun,
} from './types';

/**
 * Owns wakeups.json and the receipts. With `fire`, one timer is armed for the nearest due time (arming.ts); when it
 * fires, each due wakeup's occurrences go through its misfire policy (catchUp.ts), missed ones get receipts, and runs
 * are claimed durably (receipt line, fsynced) before the executor starts the turn (runs.ts). Work on one wakeup runs
 * one step at a time.
 */
export class Scheduler {
  private readonly ctx: SchedulerContext;
  private readonly arming: Arming;

  private constructor(
    options: SchedulerOptions,
    /** The wakeup store (wakeups.json). */
    readonly store: WakeupStore,
    /** The receipt files. */
    readonly receipts: ReceiptLog,
  ) {
    this.ctx = new SchedulerContext(options, store, receipts);
    this.arming = new Arming(this.ctx, (id, cause) => processDue(this.ctx, id, cause));
  }

  /**
   * Opens the store and, with `fire`, arms the timer at once and then recovers runs a previous process left claimed
   * (their receipts end `interrupted`). Throws when wakeups.json exists but cannot be read.
   */
  static async open(options: SchedulerOptions): Promise<Scheduler> {
    const store = await WakeupStore.open(options.home, options.log);
    const scheduler = new Scheduler(options, store, new ReceiptLog(options.home, options.log));
    if (options.fire) {
      scheduler.arming.rearm();
      scheduler.arming.ready = scheduler.arming.track(recoverClaims(scheduler.ctx));
    }
    return scheduler;
  }

  /** The due time the timer is armed for (ms), or null. */
  get armedFor(): number | null {
    return this.arming.armedFor;
  }

  /** Whether autonomous runs are paused for the whole runtime (tray). */
  get paused(): boolean {
    return this.ctx.globalPaused;
  }

  /** Resolves when every step started so far (timer work, runs) has finished. For tests and shutdown. */
  idle(): Promise<void> {
    return this.arming.idle();
  }

  /** Every wakeup with its next five occurrences, soonest due first (paused and finished ones last). */
  list(): WakeupView[] {
    return this.store
      .all()
      .map((w) => this.view(w))
      .sort((a, b) => sortKey(a) - sortKey(b));
  }

  /** One wakeup with its next five occurrences; throws `not_found`. */
  get(id: string): WakeupView {
    return this.view(this.require(id));
  }

  /** The next `count` occurrences of a draft's schedule (for previews while typing); throws `invalid_params`. */
  preview(draft: Pick<WakeupDraft, 'at' | 'in' | 'cron' | 'every' | 'tz'>, count = 5): string[] {
    const now = this.ctx.clock.now();
    const schedule = this.guard(() => scheduleFromDraft(draft, now, this.zone()));
    return upcoming(schedule, now, count).map(iso);
  }

  /**
   * Creates a wakeup from a draft. `resolveSession` maps the draft's `session` reference to an existing session id
   * (or null for a new named session). Agent-created wakeups get the read-only envelope. Throws `invalid_params`.
   */
  async create(
    draft: WakeupDraft,
    createdBy: 'user' | 'agent',
    resolveSession: (ref: string) => Promise<string | null> = async () => null,
  ): Promise<Wakeup> {
    const now = this.ctx.clock.now();
    const schedule = this.guard(() => scheduleFromDraft(draft, now, this.zone()));
    const misfire = this.guard(() => misfireFromDraft(draft));
    const envelope = this.guard(() => envelopeFromDraft(draft, createdBy));
    const ref = draft.session?.trim();
    const target = targetFromDraft(ref, ref && ref !== 'new' ? await resolveSession(ref) : null);
    const wakeup: Wakeup = {
      id: newId('wk'),
      title: draft.title?.trim() || defaultTitle(draft.prompt),
      prompt: draft.prompt,
      schedule,
      target,
      enabled: true,
      misfire,
      envelope,
      notify: draft.notify ?? 'when-reporting',
      createdBy,
      createdAt: iso(now),
      updatedAt: iso(now),
      nextDueAt: iso(firstDue(schedule, now)!),
      pausedAt: null,
      pausedReason: null,
      queue: [],
      retry: null,
      inFlight: null,
      consecutiveFailures: 0,
      last: null,
    };
    const saved = await this.store.add(wakeup);
    this.ctx.changed(saved);
    this.arming.rearm();
    return saved;
  }

  /**
   * Changes a wakeup: title, prompt, notify, misfire, envelope (`allow`/`budget`, only by the user), target, or a
   * new schedule (replaces the old one; the next due time is recomputed from now). Throws `not_found` /
   * `invalid_params`.
   */
  async update(id: string, patch: WakeupPatch, by: 'user' | 'agent' = 'user'): Promise<Wakeup> {
    const current = this.require(id);
    const now = this.ctx.clock.now();
    const hasSchedule = ['at', 'in', 'cron', 'every'].some((k) => patch[k as keyof WakeupPatch] !== undefined);
    const schedule = hasSchedule ? this.guard(() => scheduleFromDraft(patch, now, this.zone())) : current.schedule;
    if ((patch.allow || patch.budget) && by === 'agent')
      throw new SchedulerError(
        "Only the user can widen or change a wakeup's envelope (Schedule view or CLI).",
        'invalid_params',
      );
    const saved = await this.arming.enqueue(id, () =>
      this.store.update(id, (w) => {
        if (patch.title !== undefined) w.title = patch.title.trim() || w.title;
        if (patch.prompt !== undefined) w.prompt = patch.prompt;
        if (patch.notify !== undefined) w.notify = patch.notify;
        if (patch.misfire !== undefined || patch.maxLateness !== undefined)
          w.misfire = {
            ...w.misfire,
            ...misfireFromDraft({ misfire: patch.misfire ?? w.misfire.policy, maxLateness: patch.maxLateness }),
            ...(patch.maxLateness === undefined ? { maxLatenessMs: w.misfire.maxLatenessMs } : {}),
          };
        if (patch.allow !== undefined || patch.budget !== undefined) {
          const next = envelopeFromDraft({ allow: patch.allow, budget: { ...w.envelope.budget, ...patch.budget } }, by);
          w.envelope = {
            ...w.envelope,
            budget: next.budget,
            ...(patch.allow !== undefined ? { grants: next.grants } : {}),
          };
        }
        if (patch.session !== undefined) w.target = targetFromDraft(patch.session, null);
        if (hasSchedule) {
          w.schedule = schedule;
          w.nextDueAt = iso(firstDue(schedule, now)!);
        }
        w.updatedAt = iso(now);
      }),
    );
    if (!saved) throw this.notFound(id);
    this.ctx.changed(saved);
    this.arming.rearm();
    return saved;
  }

  /** Deletes a wakeup and its receipts; a run in progress is interrupted. Throws `not_found`. */
  async remove(id: string): Promise<void> {
    this.require(id);
    this.ctx.running.get(id)?.abort(new Error('the wakeup was deleted'));
    await this.arming.enqueue(id, async () => {
      await this.store.remove(id);
      await this.receipts.remove(id);
    });
    this.arming.forget(id);
    this.ctx.options.onEvent?.({ type: 'changed', wakeupId: id, wakeup: null });
    this.arming.rearm();
  }

  /**
   * Pauses a wakeup: no occurrence runs until {@link resume}; queued catch-ups and retries are recorded `skipped`.
   * Throws `not_found`.
   */
  async pause(id: string, reason: string | null = null): Promise<Wakeup> {
    this.require(id);
    const saved = await this.arming.enqueue(id, () => this.pauseNow(id, reason));
    this.arming.rearm();
    return saved;
  }

  /**
   * Resumes a paused wakeup: occurrences that fell in the pause are recorded `skipped` (reason `paused`), the next due
   * time is the next occurrence after now. Throws `not_found`.
   */
  async resume(id: string): Promise<Wakeup> {
    this.require(id);
    const saved = await this.arming.enqueue(id, async () => {
      const w = this.require(id);
      if (w.enabled) return w;
      const now = this.ctx.clock.now();
      if (w.nextDueAt && Date.parse(w.nextDueAt) <= now) {
        const due = dueOccurrences(w.schedule, Date.parse(w.nextDueAt), now, 100);
        await this.ctx.recordMissed(w, allMissed(due, 'paused'), 'skipped');
      }
      const next = nextOccurrence(w.schedule, now);
      const out = await this.store.update(id, (d) => {
        d.enabled = true;
        d.pausedAt = null;
        d.pausedReason = null;
        d.consecutiveFailures = 0;
        d.nextDueAt = w.nextDueAt && Date.parse(w.nextDueAt) > now ? w.nextDueAt : next === null ? null : iso(next);
        d.updatedAt = iso(now);
      });
      this.ctx.changed(out!);
      return out!;
    });
    this.arming.rearm();
    return saved;
  }

  /**
   * Runs a wakeup now, outside its schedule, with exactly its envelope (trigger `manual`, or `test` for the proof run
   * after creation); resolves to its receipt when the run ended. The schedule is not changed. Throws `not_found`.
   */
  async runNow(id: string, trigger: 'manual' | 'test' = 'manual'): Promise<RunReceipt> {
    this.require(id);
    const scheduledFor = iso(this.ctx.clock.now());
    const runId = await this.arming.enqueue(id, async () => {
      await this.store.update(id, (w) => {
        w.queue.push({ scheduledFor, attempt: 1, trigger });
      });
      return drain(this.ctx, id, scheduledFor);
    });
    const receipt = (await this.receipts.tail(id, 50)).receipts.find((r) => r.runId === runId);
    if (!receipt) throw new SchedulerError(`The run of ${id} left no receipt; see the log.`, 'conflict');
    return receipt;
  }

  /** The latest receipts of a wakeup, newest first (at most `limit`). Throws `not_found`. */
  async history(id: string, limit = 20): Promise<{ receipts: RunReceipt[]; problems: string[] }> {
    this.require(id);
    const read = await this.receipts.tail(id, limit);
    return { receipts: read.receipts.slice(-limit).reverse(), problems: read.problems };
  }

  /** Receipts of every wakeup that ended (or waits) after `sinceMs`, oldest first, with their wakeup's title. */
  async since(sinceMs: number): Promise<(RunReceipt & { title: string })[]> {
    const out: (RunReceipt & { title: string })[] = [];
    for (const w of this.store.all()) {
      const { receipts } = await this.receipts.tail(w.id, 50);
      for (const r of receipts) {
        const at = Date.parse(r.endedAt ?? r.startedAt ?? r.claimedAt ?? '');
        if (at > sinceMs) out.push({ ...r, title: w.title });
      }
    }
    return out.sort((a, b) => Date.parse(a.endedAt ?? a.claimedAt ?? '') - Date.parse(b.endedAt ?? b.claimedAt ?? ''));
  }

  /** How many runs wait for an approval right now (tray badge). */
  waitingRuns(): number {
    return this.ctx.waiting.size;
  }

  /** The runs parked on an approval right now, oldest first. */
  waitingList(): WaitingRun[] {
    return [...this.ctx.waiting.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  /** Pauses or resumes every autonomous run (tray); due occurrences while paused are recorded `skipped`. */
  setPaused(paused: boolean): void {
    this.ctx.globalPaused = paused;
    if (!paused) this.arming.rearm();
  }

  /**
   * Re-evaluates every wakeup now: after a resume from sleep or a clock change (Electron `powerMonitor`), the host
   * calls this; occurrences that fell in the gap go through their misfire policy with `cause`.
   */
  resync(cause: MissCause = 'machine asleep'): void {
    if (!this.ctx.options.fire || this.ctx.closed) return;
    this.arming.dispatchDue(cause);
  }

  /** Stops the timer, interrupts running runs (their receipts end `interrupted`) and waits for pending work. */
  async close(): Promise<void> {
    this.ctx.closed = true;
    this.arming.stop();
    for (const controller of this.ctx.running.values()) controller.abort(new Error('Deskpilot is shutting down'));
    await this.arming.idle();
    await this.store.flush();
  }

  // ---- internals ----

  private zone(): string {
    return this.ctx.options.zone?.() ?? systemZone();
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw new SchedulerError((error as Error).message, 'invalid_params');
    }
  }

  private require(id: string): Wakeup {
    const w = this.store.get(id);
    if (!w) throw this.notFound(id);
    return w;
  }

  private notFound(id: string): SchedulerError {
    return new SchedulerError(`No wakeup ${id}. List them with \`deskpilot wakeups list\`.`, 'not_found');
  }

  private view(w: Wakeup): WakeupView {
    const from = w.nextDueAt ? Date.parse(w.nextDueAt) - 1 : this.ctx.clock.now();
    let next: string[];
    try {
      next = w.nextDueAt ? upcoming(w.schedule, from, 5).map(iso) : [];
    } catch {
      next = []; // a schedule that no longer validates (e.g. a zone removed from ICU) previews nothing
    }
    return { ...structuredClone(w), upcoming: next };
  }

  /** Pauses on the wakeup's queue: queued scheduled runs and retries are recorded `skipped`. */
  private async pauseNow(id: string, reason: string | null): Promise<Wakeup> {
    const w = this.require(id);
    const now = this.ctx.clock.now();
    const byHand = (q: Wakeup['queue'][number]) => q.trigger === 'manual' || q.trigger === 'test';
    const dropped = w.queue.filter((q) => !byHand(q));
    await this.ctx.recordMissed(
      w,
      dropped.map((q) => ({ at: Date.parse(q.scheduledFor), count: 1, reason: 'paused before it could run' })),
      'skipped',
    );
    const saved = await this.store.update(id, (d) => {
      d.enabled = false;
      d.pausedAt = d.pausedAt ?? iso(now);
      d.pausedReason = reason;
      d.queue = d.queue.filter(byHand);
      d.retry = null;
      d.updatedAt = iso(now);
    });
    this.ctx.changed(saved!);
    return saved!;
  }
}

/** The first due time of a new schedule: a one-shot may be due right now, a recurring one starts after now. */
function firstDue(schedule: Wakeup['schedule'], now: number): number | null {
  return nextOccurrence(schedule, schedule.type === 'at' || schedule.type === 'once' ? now - 1 : now);
}

function sortKey(w: Wakeup): number {
  if (!w.enabled) return Number.MAX_SAFE_INTEGER - 1;
  return w.nextDueAt ? Date.parse(w.nextDueAt) : Number.MAX_SAFE_INTEGER;
}
