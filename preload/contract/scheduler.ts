// Wakeup and run-receipt shapes (issue 10): schedules, grant envelopes, receipts, scheduler events. Zod only.
import { z } from 'zod';

/** A local date-time without offset, `YYYY-MM-DDTHH:mm` or `YYYY-MM-DDTHH:mm:ss`, read in the schedule's IANA zone. */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'a local date-time like 2026-12-24T08:00');

/**
 * When a wakeup is due.
 * - `at`: once, at a local date-time `at` in IANA zone `tz`.
 * - `once`: once, at the instant `dueAt` (ISO 8601 UTC; what `in <duration>` becomes when created).
 * - `cron`: a 5-field (minute precision) or 6-field (seconds first) cron expression in zone `tz` (croner dialect).
 * - `every`: every `intervalMs` milliseconds from the instant `anchor` (ISO 8601).
 */
export const Schedule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('at'), at: LocalDateTime, tz: z.string().min(1) }),
  z.object({ type: z.literal('once'), dueAt: z.string() }),
  z.object({ type: z.literal('cron'), expr: z.string().min(1).max(200), tz: z.string().min(1) }),
  z.object({ type: z.literal('every'), intervalMs: z.number().int().min(1000), anchor: z.string() }),
]);
/** Shape of {@link Schedule}. */
export type Schedule = z.infer<typeof Schedule>;

/**
 * Where a run talks: a fresh session per run, or one named session that keeps its history across runs (`sessionId`
 * is filled in by the first run when it is null).
 */
export const WakeupTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fresh') }),
  z.object({ type: z.literal('session'), name: z.string().min(1).max(200), sessionId: z.string().nullable() }),
]);
/** Shape of {@link WakeupTarget}. */
export type WakeupTarget = z.infer<typeof WakeupTarget>;

/**
 * What happens to occurrences that were due while nothing could run them: `skip` records them as missed, `once` runs
 * one coalesced catch-up (the latest), `all` runs each (at most `maxCatchUp`, the latest ones). An occurrence later
 * than `maxLatenessMs` (null = no limit) is recorded as missed instead of run.
 */
export const MisfirePolicy = z.object({
  policy: z.enum(['skip', 'once', 'all']).default('once'),
  maxLatenessMs: z.number().int().positive().nullable().default(null),
  maxCatchUp: z.number().int().min(1).max(100).default(5),
});
/** Shape of {@link MisfirePolicy}. */
export type MisfirePolicy = z.infer<typeof MisfirePolicy>;

/**
 * One tool a run may call without asking, optionally constrained: `paths` (absolute roots for file tools: the call's
 * path must be inside one), `commands` (approval-rule patterns for `bash`, matched on the parsed command line: every
 * simple command must be covered), `hosts` (host names for browser and URL tools; `*.example.com` covers subdomains).
 */
export const EnvelopeGrant = z.object({
  tool: z.string().min(1),
  paths: z.array(z.string().min(1)).optional(),
  commands: z.array(z.string().min(1)).optional(),
  hosts: z.array(z.string().min(1)).optional(),
});
/** Shape of {@link EnvelopeGrant}. */
export type EnvelopeGrant = z.infer<typeof EnvelopeGrant>;

/** A run's budget: tool calls, wall-clock minutes and model tokens; exceeding one ends the run `budget_exceeded`. */
export const RunBudget = z.object({
  toolCalls: z.number().int().min(0).max(10_000).default(50),
  minutes: z
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  tokens: z.number().int().positive().default(200_000),
});
/** Shape of {@link RunBudget}. */
export type RunBudget = z.infer<typeof RunBudget>;

/**
 * The grant envelope of unattended runs: read-only tools run when `readOnly` is true (the default), the listed tools
 * run within their constraints, anything else parks the run in `waiting_approval`.
 */
export const GrantEnvelope = z.object({
  readOnly: z.boolean().default(true),
  grants: z.array(EnvelopeGrant).default([]),
  budget: RunBudget.default({ toolCalls: 50, minutes: 15, tokens: 200_000 }),
});
/** Shape of {@link GrantEnvelope}. */
export type GrantEnvelope = z.infer<typeof GrantEnvelope>;

/** Who is told about a run: `always`, `when-reporting` (not for quiet runs; default), `never`. */
export const NotifyMode = z.enum(['always', 'when-reporting', 'never']);
/** One of {@link NotifyMode}'s values. */
export type NotifyMode = z.infer<typeof NotifyMode>;

/** A failed occurrence waiting for its next attempt at `at` (ISO). */
export const RetryState = z.object({ scheduledFor: z.string(), attempt: z.number().int().min(2), at: z.string() });
/** Shape of {@link RetryState}. */
export type RetryState = z.infer<typeof RetryState>;

/** An accepted occurrence waiting to run (catch-up runs, retries, run-now), in order. */
export const QueuedRun = z.object({
  scheduledFor: z.string(),
  attempt: z.number().int().min(1).default(1),
  trigger: z.enum(['schedule', 'catch-up', 'retry', 'manual', 'test']),
});
/** Shape of {@link QueuedRun}. */
export type QueuedRun = z.infer<typeof QueuedRun>;

/** A stored wakeup (one entry of `DESKPILOT_HOME/wakeups.json`). Times are ISO 8601 instants. */
export const Wakeup = z.object({
  id: z.string().regex(/^wk_[a-z0-9]+$/),
  title: z.string().min(1).max(200),
  prompt: z.string().min(1).max(20_000),
  schedule: Schedule,
  target: WakeupTarget,
  enabled: z.boolean(),
  misfire: MisfirePolicy,
  envelope: GrantEnvelope,
  notify: NotifyMode,
  createdBy: z.enum(['user', 'agent']),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The next occurrence not yet handled; null when the schedule has no more (a one-shot that ran). */
  nextDueAt: z.string().nullable(),
  /** When paused: since when (occurrences after it are recorded `skipped` on resume). */
  pausedAt: z.string().nullable().default(null),
  /** Why the wakeup was paused when not by the user (e.g. consecutive failures). */
  pausedReason: z.string().nullable().default(null),
  queue: z.array(QueuedRun).default([]),
  retry: RetryState.nullable().default(null),
  /** The run claimed and not yet ended (cleared when its receipt ends). */
  inFlight: z.object({ runId: z.string(), scheduledFor: z.string() }).nullable().default(null),
  consecutiveFailures: z.number().int().min(0).default(0),
  /** Summary of the last ended run, for lists. */
  last: z
    .object({ runId: z.string(), status: z.string(), endedAt: z.string(), sessionId: z.string().nullable() })
    .nullable()
    .default(null),
});
/** Shape of {@link Wakeup}. */
export type Wakeup = z.infer<typeof Wakeup>;

/** Final and intermediate statuses of a run receipt. */
export const RunStatus = z.enum([
  'succeeded',
  'quiet',
  'failed',
  'missed',
  'skipped',
  'waiting_approval',
  'denied',
  'budget_exceeded',
  'interrupted',
]);
/** One of {@link RunStatus}'s values. */
export type RunStatus = z.infer<typeof RunStatus>;

/** Why a run was started. */
export const RunTrigger = z.enum(['schedule', 'catch-up', 'retry', 'manual', 'test']);
/** One of {@link RunTrigger}'s values. */
export type RunTrigger = z.infer<typeof RunTrigger>;

/**
 * One line of `DESKPILOT_HOME/runs/<wakeupId>.jsonl` (append-only). A run's receipt is the fold of its lines (same
 * `runId`) in order: `claimed` (before the turn starts) -> `started` (the turn really started) -> `waiting` (parked on
 * an approval) -> `ended` (final status). A missed or skipped occurrence is one `ended` line. `count` > 1 sums a range
 * of missed occurrences from `scheduledFor` to `lastScheduledFor`.
 */
export const ReceiptLine = z.object({
  v: z.literal(1),
  runId: z.string(),
  wakeupId: z.string(),
  scheduledFor: z.string(),
  phase: z.enum(['claimed', 'started', 'waiting', 'ended']),
  at: z.string(),
  trigger: RunTrigger.optional(),
  attempt: z.number().int().min(1).optional(),
  status: RunStatus.optional(),
  reason: z.string().optional(),
  error: z.string().optional(),
  sessionId: z.string().optional(),
  toolsUsed: z.array(z.string()).optional(),
  tokens: z.number().int().min(0).optional(),
  text: z.string().optional(),
  count: z.number().int().min(1).optional(),
  lastScheduledFor: z.string().optional(),
  callId: z.string().optional(),
});
/** Shape of {@link ReceiptLine}. */
export type ReceiptLine = z.infer<typeof ReceiptLine>;

/** A run's receipt: its lines folded. `status` is absent while claimed and not yet ended. */
export const RunReceipt = z.object({
  runId: z.string(),
  wakeupId: z.string(),
  scheduledFor: z.string(),
  trigger: RunTrigger.optional(),
  attempt: z.number().int().optional(),
  claimedAt: z.string().optional(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  status: RunStatus.optional(),
  reason: z.string().optional(),
  error: z.string().optional(),
  sessionId: z.string().optional(),
  toolsUsed: z.array(z.string()).default([]),
  tokens: z.number().int().optional(),
  /** First part of the answer (at most 500 characters). */
  text: z.string().optional(),
  count: z.number().int().optional(),
  lastScheduledFor: z.string().optional(),
  /** The approval a `waiting_approval` run waits for. */
  callId: z.string().optional(),
});
/** Shape of {@link RunReceipt}. */
export type RunReceipt = z.infer<typeof RunReceipt>;

/** What a user or agent gives to create a wakeup (defaults filled in by the scheduler). */
export const WakeupDraft = z.object({
  title: z.string().min(1).max(200).optional(),
  prompt: z.string().min(1).max(20_000),
  /** Exactly one of `at`, `in`, `cron`, `every`. `at` is a local date-time; `in` / `every` durations (`20m`, `1h30m`). */
  at: z.string().optional(),
  in: z.string().optional(),
  cron: z.string().optional(),
  every: z.string().optional(),
  /** IANA zone for `at` and `cron`; default the system zone. */
  tz: z.string().optional(),
  /** `new` (a fresh session per run, default), or a session name or id that keeps its history. */
  session: z.string().optional(),
  misfire: z.enum(['skip', 'once', 'all']).optional(),
  /** Duration after which an occurrence is recorded missed instead of run, e.g. `2h`. */
  maxLateness: z.string().optional(),
  /** `TOOL` or `TOOL:CONSTRAINT` (a path root, command pattern or host by tool kind). */
  allow: z.array(z.string()).optional(),
  budget: RunBudget.partial().optional(),
  notify: NotifyMode.optional(),
});
/** Shape of {@link WakeupDraft}. */
export type WakeupDraft = z.infer<typeof WakeupDraft>;

/** Changes to a wakeup; same fields as the draft (a new `at`/`in`/`cron`/`every` replaces the schedule). */
export const WakeupPatch = WakeupDraft.partial();
/** Shape of {@link WakeupPatch}. */
export type WakeupPatch = z.infer<typeof WakeupPatch>;

/** A wakeup as lists show it, plus its next five occurrences. */
export const WakeupView = Wakeup.extend({ upcoming: z.array(z.string()) });
/** Shape of {@link WakeupView}. */
export type WakeupView = z.infer<typeof WakeupView>;

/** The away digest: runs and missed occurrences since `since`, and approvals still waiting. */
export const Digest = z.object({
  since: z.string(),
  until: z.string(),
  runs: z.array(RunReceipt.extend({ title: z.string() })),
  waitingApprovals: z.number().int(),
  text: z.string(),
});
/** Shape of {@link Digest}. */
export type Digest = z.infer<typeof Digest>;
