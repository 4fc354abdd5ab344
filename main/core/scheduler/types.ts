// The scheduler's shared types: the executor port, settings, events, notifications, options and its error.
import { randomBytes } from 'node:crypto';
import type { RunStatus, RunTrigger, RunReceipt, Wakeup } from '../../../preload/contract/scheduler';
import type { Logger } from '../../../plugins/sdk/types';
import type { SchedulerClock } from './clock';

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

/** Options of `Scheduler.open`. */
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

/** A run parked on an approval right now (in memory; the receipt line `waiting` is its durable record). */
export interface WaitingRun {
  runId: string;
  wakeupId: string;
  title: string;
  tool: string;
  callId: string;
  sessionId: string;
  /** When it started waiting (ISO 8601). */
  since: string;
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

/** A new id `<prefix>_<time base36><10 hex>` (sortable by creation time). */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

/** Milliseconds since the epoch as an ISO 8601 string. */
export const iso = (ms: number): string => new Date(ms).toISOString();
