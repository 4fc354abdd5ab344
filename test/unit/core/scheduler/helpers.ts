// Test helpers for the scheduler: a temp home, a manual clock, a scripted executor and receipt reading.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../../plugins/sdk/types';
import {
  Scheduler,
  type RunRequest,
  type RunResult,
  type SchedulerNotification,
  type SchedulerSettings,
  DEFAULT_SCHEDULER_SETTINGS,
} from '../../../../main/core/scheduler/scheduler';
import { ManualClock } from '../../../support/manualClock';

/** A logger that keeps warnings and errors. */
export function memoryLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

/** An executor whose runs end with scripted results; `hold()` makes the next run wait until released. */
export class FakeExecutor {
  readonly requests: RunRequest[] = [];
  readonly results: Partial<RunResult>[] = [];
  private gate: { promise: Promise<void>; release: () => void } | null = null;
  /** Set while a held run waits. */
  waitingRun: RunRequest | null = null;

  hold(): () => void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.gate = { promise, release };
    return release;
  }

  async run(request: RunRequest): Promise<RunResult> {
    this.requests.push(request);
    const sessionId = `s_${this.requests.length}`;
    await request.started(sessionId);
    if (this.gate) {
      const gate = this.gate;
      this.gate = null;
      this.waitingRun = request;
      await Promise.race([
        gate.promise,
        new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true })),
      ]);
      this.waitingRun = null;
      if (request.signal.aborted)
        return { status: 'interrupted', sessionId, text: '', toolsUsed: [], tokens: 0, error: 'stopped' };
    }
    const scripted = this.results.shift() ?? {};
    return { status: 'succeeded', sessionId, text: 'Done.', toolsUsed: ['read_file'], tokens: 42, ...scripted };
  }
}

/** A scheduler on a temp home with a manual clock; `reopen()` simulates a restart on the same home. */
export async function setup(
  start: string,
  settings: Partial<SchedulerSettings> = {},
  options: { fire?: boolean; home?: string } = {},
) {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'deskpilot-sched-')));
  const clock = new ManualClock(Date.parse(start));
  const executor = new FakeExecutor();
  const notes: SchedulerNotification[] = [];
  const log = memoryLog();
  const open = (fire = options.fire ?? true) =>
    Scheduler.open({
      home,
      log,
      executor,
      fire,
      clock,
      settings: () => ({ ...DEFAULT_SCHEDULER_SETTINGS, ...settings }),
      notify: (n) => notes.push(n),
      zone: () => 'UTC',
    });
  let scheduler = await open();
  const ctx = {
    home,
    clock,
    executor,
    notes,
    log,
    get scheduler() {
      return scheduler;
    },
    /** Advances the clock, letting the scheduler finish its work after each timer. */
    advance: (ms: number) => clock.advance(ms, () => scheduler.idle()),
    /** Closes the scheduler (a clean stop) and opens a new one on the same home. */
    async reopen(fire = true) {
      await scheduler.close();
      scheduler = await open(fire);
      await clock.advance(0, () => scheduler.idle());
      return scheduler;
    },
    /** Opens a second scheduler without closing the first (after a simulated crash, drop the first). */
    async crashAndReopen() {
      scheduler = await open(true);
      await clock.advance(0, () => scheduler.idle());
      return scheduler;
    },
    async cleanup() {
      await scheduler.close();
      await rm(home, { recursive: true, force: true });
    },
  };
  return ctx;
}
