// The scheduler as plugins see it (permission `wakeups`, issue 10): plain shapes, no runtime types.

/**
 * What a model answers when a scheduled check-in has nothing to report: a run whose answer starts with it ends
 * `quiet` and notifies no one (the scheduler plugin's prompt section tells the model; the runner checks it).
 */
export const QUIET_MARKER = '[nothing to report]';

/**
 * A wakeup the agent asks for. Exactly one of `at` (local date-time `YYYY-MM-DDTHH:mm` in `tz`), `in` (a duration
 * such as `20m`, `1h30m`), `cron` (5 or 6 fields in `tz`) or `every` (a duration). `tz` is an IANA zone (default the
 * user's zone); `session` is `new` (a fresh session per run, default) or a session name or id that keeps its history.
 * There is no envelope field: wakeups a plugin creates always get the read-only envelope; only the user widens it.
 */
export interface WakeupRequest {
  prompt: string;
  title?: string;
  at?: string;
  in?: string;
  cron?: string;
  every?: string;
  tz?: string;
  session?: string;
  misfire?: 'skip' | 'once' | 'all';
  /** Duration after which a late occurrence is recorded missed instead of run, e.g. `2h`. */
  maxLateness?: string;
  notify?: 'always' | 'when-reporting' | 'never';
}

/** A wakeup as a plugin sees it. Times are ISO 8601 instants. */
export interface WakeupInfo {
  id: string;
  title: string;
  prompt: string;
  /** The schedule in words, e.g. `cron "0 8 * * 1-5" (Europe/Berlin)`, `at 2026-12-24T08:00 (UTC)`, `every 30m`. */
  schedule: string;
  enabled: boolean;
  /** Why it is paused when not by the user (e.g. consecutive failures), else null. */
  pausedReason: string | null;
  nextDueAt: string | null;
  /** The next (up to) five occurrences. */
  upcoming: string[];
  createdBy: 'user' | 'agent';
  notify: 'always' | 'when-reporting' | 'never';
  /** Tools the wakeup may use unattended (its envelope's grants), e.g. `read_file`, `bash:git status`. */
  allowed: string[];
  /** The last ended run: status and end time, or null. */
  last: { status: string; endedAt: string; sessionId: string | null } | null;
}

/** How one run ended (a receipt). */
export interface WakeupRunInfo {
  runId: string;
  wakeupId: string;
  scheduledFor: string;
  /** `succeeded`, `quiet`, `failed`, `denied`, `budget_exceeded`, `interrupted`, ... */
  status: string;
  sessionId: string | null;
  /** First part of the answer ('' when none). */
  text: string;
  error: string | null;
  toolsUsed: string[];
}

/** A run parked on an approval right now. */
export interface WaitingRunInfo {
  runId: string;
  wakeupId: string;
  title: string;
  /** The tool call outside the envelope that waits. */
  tool: string;
  sessionId: string;
  /** When it started waiting (ISO 8601). */
  since: string;
}

/**
 * Wakeups (permission `wakeups`): the runtime's scheduler behind a small port. Methods taking an id reject with an
 * Error naming the problem when there is no such wakeup; `schedule` rejects with an example of the right form for a
 * bad time, cron expression, zone or duration.
 */
export interface WakeupsCapability {
  /** Creates a wakeup on the agent's behalf (read-only envelope, `createdBy: 'agent'`). */
  schedule(request: WakeupRequest): Promise<WakeupInfo>;
  /** Every wakeup, soonest due first (paused ones last). */
  list(): WakeupInfo[];
  /** Deletes a wakeup and its receipts (a run in progress is interrupted). */
  cancel(id: string): Promise<void>;
  pause(id: string): Promise<WakeupInfo>;
  resume(id: string): Promise<WakeupInfo>;
  /** Runs a wakeup once now with exactly its envelope; resolves when the run ended. */
  runNow(id: string): Promise<WakeupRunInfo>;
  /** Runs parked on an approval right now, oldest first. */
  waitingRuns(): WaitingRunInfo[];
  /**
   * The away digest as text ('' when nothing happened) since the user last looked; with `peek: false` the user has
   * now seen it (the next digest starts here).
   */
  digest(options: { peek: boolean }): Promise<string>;
  /** The user's IANA zone (times shown to the user are in it). */
  zone(): string;
}
