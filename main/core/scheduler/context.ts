// The state the scheduler's parts share: options, store, receipts, clock, and the emit/notify/record helpers.
import type { ReceiptLine, RunReceipt, Wakeup } from '../../../preload/contract/scheduler';
import { systemClock, type SchedulerClock } from './clock';
import type { MissedOccurrence } from './misfire';
import type { ReceiptLog } from './receipts';
import type { WakeupStore } from './store';
import {
  DEFAULT_SCHEDULER_SETTINGS,
  iso,
  newId,
  type SchedulerNotification,
  type SchedulerOptions,
  type SchedulerSettings,
  type WaitingRun,
} from './types';

/**
 * What the facade, the run path, catch-up and recovery share. One instance per open scheduler; its maps and flags are
 * the scheduler's only in-memory state (everything else lives in wakeups.json and the receipts).
 */
export class SchedulerContext {
  readonly clock: SchedulerClock;
  /** Abort controllers of runs in progress, by wakeup id. */
  readonly running = new Map<string, AbortController>();
  /** Runs parked on an approval, by run id. */
  readonly waiting = new Map<string, WaitingRun>();
  /** Autonomous runs paused for the whole runtime (tray). */
  globalPaused = false;
  closed = false;

  constructor(
    readonly options: SchedulerOptions,
    readonly store: WakeupStore,
    readonly receipts: ReceiptLog,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** The current settings (read at each use). */
  settings(): SchedulerSettings {
    return this.options.settings?.() ?? DEFAULT_SCHEDULER_SETTINGS;
  }

  /** Reports a changed wakeup to the host (a copy). */
  changed(w: Wakeup): void {
    this.options.onEvent?.({ type: 'changed', wakeupId: w.id, wakeup: structuredClone(w) });
  }

  /** Reports one receipt line to the host as a (partial) receipt. */
  emitRun(line: ReceiptLine, title: string): void {
    if (!this.options.onEvent) return;
    this.options.onEvent({ type: 'run', receipt: lineToReceipt(line), title });
  }

  /** Shows a notification; a failing notifier is logged, never thrown. */
  notify(n: SchedulerNotification): void {
    try {
      this.options.notify?.(n);
    } catch (error) {
      this.options.log.warn('a scheduler notification failed', { error });
    }
  }

  /** Appends an `ended` receipt (status `missed` or `skipped`) per missed occurrence; the last one is fsynced. */
  async recordMissed(w: Wakeup, missed: MissedOccurrence[], status: 'missed' | 'skipped'): Promise<void> {
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
}

/** One receipt line as a receipt with only what that line says (for live events). */
function lineToReceipt(line: ReceiptLine): RunReceipt {
  const { v: _v, phase, at, ...rest } = line;
  void _v;
  return {
    ...rest,
    toolsUsed: line.toolsUsed ?? [],
    ...(phase === 'claimed' ? { claimedAt: at } : {}),
    ...(phase === 'started' ? { startedAt: at } : {}),
    ...(phase === 'ended' ? { endedAt: at } : {}),
  };
}
