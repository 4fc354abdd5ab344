// The scheduler service: wakeup CRUD, the due-time timer, misfire handling, durable claims and the run lifecycle.
import { randomBytes } from 'node:crypto';
import type {
  QueuedRun,
  ReceiptLine,
  RunReceipt,
  RunStatus,
  RunTrigger,
  Wakeup,
  WakeupDraft,
  WakeupPatch,
  WakeupView,
} from '../../../preload/contract/scheduler';
import type { Logger } from '../../../plugins/sdk/types';
import { SerialQueue } from '../util/serialQueue';
import { systemClock, type SchedulerClock } from './clock';
import { defaultTitle, envelopeFromDraft, misfireFromDraft, scheduleFromDraft, targetFromDraft } from './draft';
import { planDue, type MissCause, type MissedOccurrence } from './misfire';
import { dueOccurrences, nextOccurrence, systemZone, upcoming, type DueOccurrences } from './occurrences';
import { ReceiptLog } from './receipts';
import { WakeupStore } from './store';
import { DueTimer, type TimerFire } from './timer';

/** Final outcome of one run, as the executor reports it. */
export interface RunResult {
  status: Extract<RunStatus, 'succeeded' | 'quiet' | 'failed' | 'denied' | 'budget_exceeded' | 'interrupted'>;
  sessionId: string | null;
  /** The answer's text ('' when none). */
  text: string;
  error?: string;
  toolsUsed: string[];
  tokens: number;
}

/** One run handed to the executor. Call `started` when the turn really starts, `waiting` when it parks on approval. */
export interface RunRequest {
  wakeup: Wakeup;
  runId: string;
  scheduledFor: string;
  trigger: RunTrigger;
  attempt: number;
  /** Aborts when the runtime closes or the wakeup is deleted. */
  signal: AbortSignal;
  started(sessionId: string): Promise<void>;
  waiting(info: { callId: string; tool: string; sessionId: string }): Promise<void>;
}

/** Runs a wakeup's prompt as an unattended turn (the runtime implements it; tests fake it). Never rejects. */
export interface RunExecutor {
  run(request: RunRequest): Promise<RunResult>;
}

/** Scheduler settings (settings.json `scheduler`), read at each use. */
export interface SchedulerSettings {
  /** Attempts per occurrence for failed runs (1 = no retry). */
  retryMaxAttempts: number;
  /** Backoff before the first retry; doubles with each attempt (ms). */
  retryBackoffMs: number;
  /** Consecutive failed runs that pause a wakeup (and notify). */
  pauseAfterFailures: number;
  /** Receipts older than this are dropped from files above 1 MiB (days). */
  receiptRetentionDays: number;
  /** A timer firing this much later than armed by the wall clock means sleep or a clock change (ms). */
  driftToleranceMs: number;
}

/** Defaults of {@link SchedulerSettings}. */
export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  retryMaxAttempts: 3,
  retryBackoffMs: 60_000,
  pauseAfterFailures: 5,
  receiptRetentionDays: 90,
  driftToleranceMs: 5_000,
};

/** What the scheduler reports to hosts (contract events `wakeup/changed`, `wakeup/runUpdated`). */
export type SchedulerEvent =
  { type: 'changed'; wakeupId: string; wakeup: Wakeup | null } | { type: 'run'; receipt: RunReceipt; title: string };

/** A notification the host shows (the Electron shell, or a plugin capability). */
export interface SchedulerNotification {
  kind: 'finished' | 'failed' | 'waiting_approval' | 'missed' | 'paused';
  title: string;
  body: string;
  sessionId?: string;
  wakeupId: string;
}

/** Options of {@link Scheduler.open}. */
export interface SchedulerOptions {
  home: string;
  log: Logger;
  executor: RunExecutor;
  /** Arm the timer and fire due wakeups (only the runtime that owns the home and keeps running). */
  fire: boolean;
  clock?: SchedulerClock;
  settings?: () => SchedulerSettings;
  notify?: (n: SchedulerNotification) => void;
  onEvent?: (event: SchedulerEvent) => void;
  /** IANA zone used when a draft gives none; default the system zone. */
  zone?: () => string;
}

/** An error with a contract code (`not_found`, `invalid_params`, `conflict`) for the handlers. */
export class SchedulerError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'invalid_params' | 'conflict',
  ) {
    super(message);
    this.name = 'SchedulerError';
  }
}

function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Owns wakeups.json and the receipts. With `fire`, one {@link DueTimer} is armed for the nearest due time; when it
 * fires, each due wakeup's occurrences go through its misfire policy, missed ones get receipts, and runs are claimed
 * durably (receipt line, fsynced) before the executor starts the turn. Work on one wakeup runs one step at a time.
 */
export class Scheduler {
  private readonly clock: SchedulerClock;
  private readonly timer: DueTimer;
  private readonly queues = new Map<string, SerialQueue>();
  private readonly running = new Map<string, AbortController>();
  private readonly busy = new Map<string, number>();
  private readonly waitingIds = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private globalPaused = false;
  private closed = false;
  private ready: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: SchedulerOptions,
    /** The wakeup store (wakeups.json). */
    readonly store: WakeupStore,
    /** The receipt files. */
    readonly receipts: ReceiptLog,
  ) {
    this.clock = options.clock ?? systemClock;
    this.timer = new DueTimer(this.clock, (fire) => this.onTimer(fire));
  }

  /**
   * Opens the store and, with `fire`, arms the timer at once and then recovers runs a previous process left claimed
   * (their receipts end `interrupted`). Throws when wakeups.json exists but cannot be read.
   */
  static async open(options: SchedulerOptions): Promise<Scheduler> {
    const store = await WakeupStore.open(options.home, options.log);
    const scheduler = new Scheduler(options, store, new ReceiptLog(options.home, options.log));
    if (options.fire) {
      scheduler.rearm();
      scheduler.ready = scheduler.track(scheduler.recover());
    }
    return scheduler;
  }

  private settings(): SchedulerSettings {
    return this.options.settings?.() ?? DEFAULT_SCHEDULER_SETTINGS;
  }

  /** The due time the timer is armed for (ms), or null. */
  get armedFor(): number | null {
    return this.timer.armedFor;
  }

  /** Whether autonomous runs are paused for the whole runtime (tray). */
  get paused(): boolean {
    return this.globalPaused;
  }

  /** Resolves when every step started so far (timer work, runs) has finished. For tests and shutdown. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
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
    const now = this.clock.now();
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
    const now = this.clock.now();
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
    this.changed(saved);
    this.rearm();
    return saved;
  }

  /**
   * Changes a wakeup: title, prompt, notify, misfire, envelope (`allow`/`budget`, only by the user), target, or a
   * new schedule (replaces the old one; the next due time is recomputed from now). Throws `not_found` /
   * `invalid_params`.
   */
  async update(id: string, patch: WakeupPatch, by: 'user' | 'agent' = 'user'): Promise<Wakeup> {
    const current = this.require(id);
    const now = this.clock.now();
    const hasSchedule = ['at', 'in', 'cron', 'every'].some((k) => patch[k as keyof WakeupPatch] !== undefined);
    const schedule = hasSchedule ? this.guard(() => scheduleFromDraft(patch, now, this.zone())) : current.schedule;
    if ((patch.allow || patch.budget) && by === 'agent')
      throw new SchedulerError(
        "Only the user can widen or change a wakeup's envelope (Schedule view or CLI).",
        'invalid_params',
      );
    const saved = await this.enqueue(id, () =>
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
    this.changed(saved);
    this.rearm();
    return saved;
  }

  /** Deletes a wakeup and its receipts; a run in progress is interrupted. Throws `not_found`. */
  async remove(id: string): Promise<void> {
    this.require(id);
    this.running.get(id)?.abort(new Error('the wakeup was deleted'));
    await this.enqueue(id, async () => {
      await this.store.remove(id);
      await this.receipts.remove(id);
    });
    this.queues.delete(id);
    this.options.onEvent?.({ type: 'changed', wakeupId: id, wakeup: null });
    this.rearm();
  }

  /**
   * Pauses a wakeup: no occurrence runs until {@link resume}; queued catch-ups and retries are recorded `skipped`.
   * Throws `not_found`.
   */
  async pause(id: string, reason: string | null = null): Promise<Wakeup> {
    this.require(id);
    const saved = await this.enqueue(id, () => this.pauseNow(id, reason));
    this.rearm();
    return saved;
  }

  /**
   * Resumes a paused wakeup: occurrences that fell in the pause are recorded `skipped` (reason `paused`), the next due
   * time is the next occurrence after now. Throws `not_found`.
   */
  async resume(id: string): Promise<Wakeup> {
    this.require(id);
    const saved = await this.enqueue(id, async () => {
      const w = this.require(id);
      if (w.enabled) return w;
      const now = this.clock.now();
      if (w.nextDueAt && Date.parse(w.nextDueAt) <= now) {
        const due = dueOccurrences(w.schedule, Date.parse(w.nextDueAt), now, 100);
        await this.recordMissed(w, allMissed(due, 'paused'), 'skipped');
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
      this.changed(out!);
      return out!;
    });
    this.rearm();
    return saved;
  }

  /**
   * Runs a wakeup now, outside its schedule, with exactly its envelope (trigger `manual`, or `test` for the proof run
   * after creation); resolves to its receipt when the run ended. The schedule is not changed. Throws `not_found`.
   */
  async runNow(id: string, trigger: 'manual' | 'test' = 'manual'): Promise<RunReceipt> {
    this.require(id);
    const scheduledFor = iso(this.clock.now());
    const runId = await this.enqueue(id, async () => {
      await this.store.update(id, (w) => {
        w.queue.push({ scheduledFor, attempt: 1, trigger });
      });
      return this.drain(id, scheduledFor);
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
    return this.waitingIds.size;
  }

  /** Pauses or resumes every autonomous run (tray); due occurrences while paused are recorded `skipped`. */
  setPaused(paused: boolean): void {
    this.globalPaused = paused;
    if (!paused) this.rearm();
  }

  /**
   * Re-evaluates every wakeup now: after a resume from sleep or a clock change (Electron `powerMonitor`), the host
   * calls this; occurrences that fell in the gap go through their misfire policy with `cause`.
   */
  resync(cause: MissCause = 'machine asleep'): void {
    if (!this.options.fire || this.closed) return;
    this.dispatchDue(cause);
  }

  /** Stops the timer, interrupts running runs (their receipts end `interrupted`) and waits for pending work. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer.stop();
    for (const controller of this.running.values()) controller.abort(new Error('Deskpilot is shutting down'));
    await this.idle();
    await this.store.flush();
  }

  // ---- internals ----

  private zone(): string {
    return this.options.zone?.() ?? systemZone();
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
    const from = w.nextDueAt ? Date.parse(w.nextDueAt) - 1 : this.clock.now();
    let next: string[];
    try {
      next = w.nextDueAt ? upcoming(w.schedule, from, 5).map(iso) : [];
    } catch {
      next = []; // a schedule that no longer validates (e.g. a zone removed from ICU) previews nothing
    }
    return { ...structuredClone(w), upcoming: next };
  }

  /**
   * Runs `task` on the wakeup's own queue (one step at a time per wakeup) after start-up recovery; the wakeup counts
   * as busy (not armed) until the task settles, then the timer is re-armed.
   */
  private enqueue<T>(id: string, task: () => Promise<T>): Promise<T> {
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

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  private changed(w: Wakeup): void {
    this.options.onEvent?.({ type: 'changed', wakeupId: w.id, wakeup: structuredClone(w) });
  }

  /** The soonest time any wakeup needs attention, or null. */
  private nearestDue(): number | null {
    let nearest: number | null = null;
    const now = this.clock.now();
    for (const w of this.store.all()) {
      if (this.busy.has(w.id)) continue;
      let at: number | null = null;
      if (w.queue.length > 0) at = now;
      if (w.enabled && w.nextDueAt) at = Math.min(at ?? Infinity, Date.parse(w.nextDueAt));
      if (w.enabled && w.retry) at = Math.min(at ?? Infinity, Date.parse(w.retry.at));
      if (at !== null && (nearest === null || at < nearest)) nearest = at;
    }
    return nearest;
  }

  private rearm(): void {
    if (!this.options.fire || this.closed) return;
    this.timer.arm(this.nearestDue());
  }

  private onTimer(fire: TimerFire): void {
    const late = fire.driftMs > this.settings().driftToleranceMs;
    this.dispatchDue(late ? 'machine asleep' : 'app not running');
  }

  /** Starts the work of every wakeup that is due now (each on its own queue), then re-arms. */
  private dispatchDue(cause: MissCause): void {
    if (this.closed) return;
    const now = this.clock.now();
    for (const w of this.store.all()) {
      if (this.busy.has(w.id)) continue;
      const due =
        w.queue.length > 0 ||
        (w.enabled && w.nextDueAt !== null && Date.parse(w.nextDueAt) <= now) ||
        (w.enabled && w.retry !== null && Date.parse(w.retry.at) <= now);
      if (due) void this.enqueue(w.id, () => this.process(w.id, cause));
    }
    this.rearm();
  }

  /** Handles one due wakeup: plans its due occurrences, records missed ones, then runs its queue. */
  private async process(id: string, cause: MissCause): Promise<void> {
    try {
      const w = this.store.get(id);
      if (!w || this.closed) return;
      const now = this.clock.now();
      if (w.enabled && w.retry && Date.parse(w.retry.at) <= now) {
        const retry = w.retry;
        await this.store.update(id, (d) => {
          d.retry = null;
          d.queue.push({ scheduledFor: retry.scheduledFor, attempt: retry.attempt, trigger: 'retry' });
        });
      }
      const current = this.store.get(id)!;
      if (current.enabled && current.nextDueAt && Date.parse(current.nextDueAt) <= now)
        await this.planOccurrences(current, now, cause);
      await this.drain(id, null);
    } catch (error) {
      this.options.log.error(`Scheduler: handling wakeup ${id} failed: ${(error as Error).message}`, { error });
    }
  }

  /** Applies the misfire policy to the occurrences from `nextDueAt` to `now` and advances `nextDueAt`. */
  private async planOccurrences(w: Wakeup, now: number, cause: MissCause): Promise<void> {
    const first = Date.parse(w.nextDueAt!);
    const due = dueOccurrences(w.schedule, first, now, Math.max(100, w.misfire.maxCatchUp));
    const last = due.recent.at(-1) ?? first;
    // Occurrences a previous process already recorded (a crash between the receipt and the store write).
    const known = new Set((await this.receipts.tail(w.id, 50)).receipts.map((r) => r.scheduledFor));
    due.recent = due.recent.filter((at) => !known.has(iso(at)));
    const plan = this.globalPaused
      ? { run: [], missed: allMissed(due, 'paused: autonomous runs are paused') }
      : planDue(due, now, w.misfire, cause);
    await this.recordMissed(w, plan.missed, this.globalPaused ? 'skipped' : 'missed');
    const next = nextOccurrence(w.schedule, Math.max(last, now));
    const saved = await this.store.update(w.id, (d) => {
      d.nextDueAt = next === null ? null : iso(next);
      for (const run of plan.run) d.queue.push({ scheduledFor: iso(run.at), attempt: 1, trigger: run.trigger });
    });
    if (saved) this.changed(saved);
    if (plan.missed.length > 0 && !this.globalPaused) {
      const count = plan.missed.reduce((n, m) => n + m.count, 0);
      this.notify({
        kind: 'missed',
        wakeupId: w.id,
        title: `Missed: ${w.title}`,
        body: `${count} occurrence${count === 1 ? '' : 's'} did not run (${plan.missed[0].reason}).`,
      });
    }
  }

  private async recordMissed(w: Wakeup, missed: MissedOccurrence[], status: 'missed' | 'skipped'): Promise<void> {
    for (const [i, m] of missed.entries()) {
      const line: ReceiptLine = {
        v: 1,
        runId: newId('run'),
        wakeupId: w.id,
        scheduledFor: iso(m.at),
        phase: 'ended',
        at: iso(this.clock.now()),
        status,
        reason: m.reason,
        ...(m.count > 1 ? { count: m.count, lastScheduledFor: iso(m.lastAt!) } : {}),
      };
      await this.receipts.append(line, i === missed.length - 1);
      this.emitRun(line, w.title);
    }
  }

  /**
   * Runs the wakeup's queue in order (each: lateness check, durable claim, store update, execute, final receipt).
   * Resolves to the run id of the run for `scheduledFor` when given (run now), else null.
   */
  private async drain(id: string, wanted: string | null): Promise<string | null> {
    let wantedRun: string | null = null;
    for (;;) {
      const w = this.store.get(id);
      if (!w || w.queue.length === 0 || this.closed) return wantedRun;
      const item = w.queue[0];
      const now = this.clock.now();
      const lateness = now - Date.parse(item.scheduledFor);
      const scheduled = item.trigger === 'schedule' || item.trigger === 'catch-up';
      if (scheduled && w.misfire.maxLatenessMs !== null && lateness > w.misfire.maxLatenessMs) {
        await this.recordMissed(
          w,
          [
            {
              at: Date.parse(item.scheduledFor),
              count: 1,
              reason: 'too late: waited past maxLateness before it could run',
            },
          ],
          'missed',
        );
        await this.store.update(id, (d) => void d.queue.shift());
        continue;
      }
      if (!w.enabled && item.trigger !== 'manual' && item.trigger !== 'test') {
        await this.recordMissed(w, [{ at: Date.parse(item.scheduledFor), count: 1, reason: 'paused' }], 'skipped');
        await this.store.update(id, (d) => void d.queue.shift());
        continue;
      }
      const runId = await this.runOne(w, item);
      if (item.scheduledFor === wanted) wantedRun = runId;
    }
  }

  private async runOne(w: Wakeup, item: QueuedRun): Promise<string> {
    const runId = newId('run');
    const base = { v: 1 as const, runId, wakeupId: w.id, scheduledFor: item.scheduledFor };
    const claimed: ReceiptLine = {
      ...base,
      phase: 'claimed',
      at: iso(this.clock.now()),
      trigger: item.trigger,
      attempt: item.attempt,
    };
    // The durable claim comes first: a crash from here on leaves a claimed receipt, never a second run.
    await this.receipts.append(claimed, true);
    const claimedWakeup = await this.store.update(w.id, (d) => {
      d.queue.shift();
      d.inFlight = { runId, scheduledFor: item.scheduledFor };
    });
    this.emitRun(claimed, w.title);
    const controller = new AbortController();
    this.running.set(w.id, controller);
    let result: RunResult;
    try {
      result = await this.options.executor.run({
        wakeup: claimedWakeup ?? w,
        runId,
        scheduledFor: item.scheduledFor,
        trigger: item.trigger,
        attempt: item.attempt,
        signal: controller.signal,
        started: async (sessionId) => {
          const line: ReceiptLine = { ...base, phase: 'started', at: iso(this.clock.now()), sessionId };
          await this.receipts.append(line);
          this.emitRun(line, w.title);
        },
        waiting: async ({ callId, tool, sessionId }) => {
          const line: ReceiptLine = {
            ...base,
            phase: 'waiting',
            at: iso(this.clock.now()),
            status: 'waiting_approval',
            callId,
            sessionId,
            reason: `${tool} is outside the wakeup's envelope and waits for your approval`,
          };
          this.waitingIds.add(runId);
          await this.receipts.append(line, true);
          this.emitRun(line, w.title);
          this.notify({
            kind: 'waiting_approval',
            wakeupId: w.id,
            sessionId,
            title: `Approval needed: ${w.title}`,
            body: `The scheduled run wants to use ${tool}. Open the session to allow or deny it.`,
          });
        },
      });
    } catch (error) {
      result = {
        status: 'failed',
        sessionId: null,
        text: '',
        error: (error as Error).message,
        toolsUsed: [],
        tokens: 0,
      };
    } finally {
      this.running.delete(w.id);
      this.waitingIds.delete(runId);
    }
    await this.finish(w, item, runId, result);
    return runId;
  }

  private async finish(w: Wakeup, item: QueuedRun, runId: string, result: RunResult): Promise<void> {
    const now = this.clock.now();
    const s = this.settings();
    const line: ReceiptLine = {
      v: 1,
      runId,
      wakeupId: w.id,
      scheduledFor: item.scheduledFor,
      phase: 'ended',
      at: iso(now),
      status: result.status,
      ...(result.sessionId ? { sessionId: result.sessionId } : {}),
      toolsUsed: result.toolsUsed,
      tokens: result.tokens,
      ...(result.text ? { text: result.text.slice(0, 500) } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
    await this.receipts.append(line, true);
    this.emitRun(line, w.title);
    const failed = result.status === 'failed';
    let pausedNow = false;
    const saved = await this.store.update(w.id, (d) => {
      d.inFlight = null;
      d.last = { runId, status: result.status, endedAt: iso(now), sessionId: result.sessionId };
      if (result.sessionId && d.target.type === 'session' && d.target.sessionId === null)
        d.target = { ...d.target, sessionId: result.sessionId };
      if (failed) {
        d.consecutiveFailures += 1;
        if (d.consecutiveFailures >= s.pauseAfterFailures) {
          d.enabled = false;
          d.pausedAt = iso(now);
          d.pausedReason = `paused after ${d.consecutiveFailures} consecutive failed runs; last error: ${result.error ?? 'unknown'}`;
          d.retry = null;
          pausedNow = true;
        } else if (item.attempt < s.retryMaxAttempts && item.trigger !== 'test' && item.trigger !== 'manual') {
          d.retry = {
            scheduledFor: item.scheduledFor,
            attempt: item.attempt + 1,
            at: iso(now + s.retryBackoffMs * 2 ** (item.attempt - 1)),
          };
        }
      } else if (result.status === 'succeeded' || result.status === 'quiet') d.consecutiveFailures = 0;
    });
    if (saved) this.changed(saved);
    this.notifyResult(w, result, pausedNow, saved?.pausedReason ?? null);
    const cutoff = now - s.receiptRetentionDays * 86_400_000;
    await this.receipts.prune(w.id, cutoff).catch((error: Error) => this.options.log.warn(error.message));
  }

  private notifyResult(w: Wakeup, result: RunResult, pausedNow: boolean, pausedReason: string | null): void {
    const sessionId = result.sessionId ?? undefined;
    if (pausedNow) {
      this.notify({ kind: 'paused', wakeupId: w.id, sessionId, title: `Paused: ${w.title}`, body: pausedReason ?? '' });
      return;
    }
    if (result.status === 'failed' || result.status === 'denied' || result.status === 'budget_exceeded') {
      if (w.notify === 'never') return;
      this.notify({
        kind: 'failed',
        wakeupId: w.id,
        sessionId,
        title: `${result.status === 'failed' ? 'Failed' : result.status === 'denied' ? 'Denied' : 'Over budget'}: ${w.title}`,
        body: result.error ?? result.status,
      });
      return;
    }
    if (result.status === 'succeeded' || (result.status === 'quiet' && w.notify === 'always')) {
      if (w.notify === 'never') return;
      this.notify({
        kind: 'finished',
        wakeupId: w.id,
        sessionId,
        title: w.title,
        body: firstLine(result.text) || 'The scheduled run finished.',
      });
    }
  }

  private notify(n: SchedulerNotification): void {
    try {
      this.options.notify?.(n);
    } catch (error) {
      this.options.log.warn('a scheduler notification failed', { error });
    }
  }

  private emitRun(line: ReceiptLine, title: string): void {
    if (!this.options.onEvent) return;
    const [receipt] = foldOne(line);
    this.options.onEvent({ type: 'run', receipt, title });
  }

  private async pauseNow(id: string, reason: string | null): Promise<Wakeup> {
    const w = this.require(id);
    const now = this.clock.now();
    const dropped = w.queue.filter((q) => q.trigger !== 'manual' && q.trigger !== 'test');
    await this.recordMissed(
      w,
      dropped.map((q) => ({ at: Date.parse(q.scheduledFor), count: 1, reason: 'paused before it could run' })),
      'skipped',
    );
    const saved = await this.store.update(id, (d) => {
      d.enabled = false;
      d.pausedAt = d.pausedAt ?? iso(now);
      d.pausedReason = reason;
      d.queue = d.queue.filter((q) => q.trigger === 'manual' || q.trigger === 'test');
      d.retry = null;
      d.updatedAt = iso(now);
    });
    this.changed(saved!);
    return saved!;
  }

  /** Ends the receipts of runs a previous process claimed and never ended: `interrupted`, never re-run. */
  private async recover(): Promise<void> {
    for (const w of this.store.all()) {
      if (!w.inFlight) continue;
      const inFlight = w.inFlight;
      {
        const receipts = await this.receipts.forOccurrence(w.id, inFlight.scheduledFor);
        const run = receipts.find((r) => r.runId === inFlight.runId);
        if (run && !run.endedAt) {
          const line: ReceiptLine = {
            v: 1,
            runId: inFlight.runId,
            wakeupId: w.id,
            scheduledFor: inFlight.scheduledFor,
            phase: 'ended',
            at: iso(this.clock.now()),
            status: 'interrupted',
            reason: 'Deskpilot stopped during the run; it is not run again (tools that ran are not repeated)',
            ...(run.sessionId ? { sessionId: run.sessionId } : {}),
          };
          await this.receipts.append(line, true);
          this.emitRun(line, w.title);
        }
        const saved = await this.store.update(w.id, (d) => {
          d.inFlight = null;
          d.last = {
            runId: inFlight.runId,
            status: 'interrupted',
            endedAt: iso(this.clock.now()),
            sessionId: run?.sessionId ?? null,
          };
        });
        if (saved) this.changed(saved);
      }
    }
    // Claims whose store write was lost (crash between the two): the queue head was claimed already.
    for (const w of this.store.all()) {
      const head = w.queue[0];
      if (!head) continue;
      const claimed = (await this.receipts.forOccurrence(w.id, head.scheduledFor)).filter(
        (r) => r.claimedAt && (r.attempt ?? 1) === head.attempt,
      );
      if (claimed.length === 0) continue;
      for (const run of claimed.filter((r) => !r.endedAt))
        await this.receipts.append(
          {
            v: 1,
            runId: run.runId,
            wakeupId: w.id,
            scheduledFor: run.scheduledFor,
            phase: 'ended',
            at: iso(this.clock.now()),
            status: 'interrupted',
            reason: 'Deskpilot stopped during the run; it is not run again',
          },
          true,
        );
      await this.store.update(w.id, (d) => void d.queue.shift());
    }
  }
}

function foldOne(line: ReceiptLine): RunReceipt[] {
  const { v: _v, phase, at, ...rest } = line;
  void _v;
  return [
    {
      ...rest,
      toolsUsed: line.toolsUsed ?? [],
      ...(phase === 'claimed' ? { claimedAt: at } : {}),
      ...(phase === 'started' ? { startedAt: at } : {}),
      ...(phase === 'ended' ? { endedAt: at } : {}),
    },
  ];
}

/** The first due time of a new schedule: a one-shot may be due right now, a recurring one starts after now. */
function firstDue(schedule: Wakeup['schedule'], now: number): number | null {
  return nextOccurrence(schedule, schedule.type === 'at' || schedule.type === 'once' ? now - 1 : now);
}

/** Every due occurrence as not run, with one reason (pauses). */
function allMissed(due: DueOccurrences, reason: string): MissedOccurrence[] {
  const out: MissedOccurrence[] = [];
  if (due.older)
    out.push({
      at: due.older.first,
      ...(due.older.count > 1 ? { lastAt: due.older.last } : {}),
      count: due.older.count,
      reason,
    });
  for (const at of due.recent) out.push({ at, count: 1, reason });
  return out;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function sortKey(w: Wakeup): number {
  if (!w.enabled) return Number.MAX_SAFE_INTEGER - 1;
  return w.nextDueAt ? Date.parse(w.nextDueAt) : Number.MAX_SAFE_INTEGER;
}
