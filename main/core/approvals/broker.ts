// Pending approvals by call id, persisted in <home>/pending-approvals.json; a pending approval times out to denied (DESIGN.md §6).
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ApprovalDecision, type DecidedBy, PendingApproval } from '../../../preload/contract/approvals';
import { err, ok, type Result } from '../../../preload/contract/result';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from '../util/atomicWrite';

/** File name of the pending approvals inside the runtime home. */
export const PENDING_APPROVALS_FILE = 'pending-approvals.json';

/** On-disk shape of pending-approvals.json: `{version: 1, pending: PendingApproval[]}`. */
export const PendingApprovalsFile = z.object({ version: z.literal(1), pending: z.array(PendingApproval) });
/** Shape of {@link PendingApprovalsFile}. */
export type PendingApprovalsFile = z.infer<typeof PendingApprovalsFile>;

/** What {@link ApprovalBroker.request} asks for: a pending approval without its timestamps (the broker sets them). */
export type ApprovalRequest = Omit<PendingApproval, 'requestedAt' | 'expiresAt'>;

/** How an approval was settled. */
export interface ApprovalOutcome {
  decision: ApprovalDecision;
  decidedBy: DecidedBy;
}

/** Payload of the 'decided' event: the approval that was pending and how it was settled. */
export interface DecidedApproval extends ApprovalOutcome {
  approval: PendingApproval;
}

/** Options of {@link ApprovalBroker}. */
export interface ApprovalBrokerOptions {
  /** Runtime directory (DESKPILOT_HOME). */
  home: string;
  /** How long (ms) an approval waits before it is denied. */
  timeoutMs: number;
  /** Clock in ms since the epoch (tests inject one); default `Date.now`. */
  now?: () => number;
  /** Receives failed writes and throwing listeners; default: silent. */
  log?: Logger;
}

/** setTimeout's largest delay (ms); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Holds tool calls waiting for the user, keyed by `callId`. Every change is written atomically to
 * `<home>/pending-approvals.json`, so after a restart {@link load} shows them again and {@link awaitDecision} lets the
 * runtime finish the interrupted turn. Unanswered approvals are denied at `expiresAt` (decidedBy 'timeout').
 */
export class ApprovalBroker {
  /** Absolute path of pending-approvals.json. */
  readonly path: string;
  private timeoutMs: number;
  private readonly now: () => number;
  private readonly log: Logger | undefined;
  private readonly pending = new Map<string, PendingApproval>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiters = new Map<string, Array<(outcome: ApprovalOutcome) => void>>();
  /** Decisions nobody has awaited yet (approvals restored from disk), kept until {@link awaitDecision}. */
  private readonly unclaimed = new Map<string, ApprovalOutcome>();
  private readonly requestedListeners = new Set<(approval: PendingApproval) => void>();
  private readonly decidedListeners = new Set<(decided: DecidedApproval) => void>();
  private writes: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(options: ApprovalBrokerOptions) {
    this.path = join(options.home, PENDING_APPROVALS_FILE);
    this.timeoutMs = options.timeoutMs;
    this.now = options.now ?? Date.now;
    this.log = options.log;
  }

  /**
   * Restores pending approvals from the file (missing file = none); their timers restart from `expiresAt`, so an
   * approval that expired while the runtime was down is denied right away. Restored approvals emit no 'requested'
   * event: read them with {@link list}. An invalid file is copied to `pending-approvals.json.bak`, nothing is
   * restored, and an Error naming the path and the problem is thrown.
   */
  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(
        `Could not read pending approvals at ${this.path}: ${(error as Error).message}. Check the file's permissions.`,
        { cause: error },
      );
    }
    let problem: string;
    try {
      const parsed = PendingApprovalsFile.safeParse(JSON.parse(text));
      if (parsed.success) {
        for (const approval of parsed.data.pending) {
          if (this.pending.has(approval.callId)) continue;
          this.pending.set(approval.callId, approval);
          this.arm(approval);
        }
        return;
      }
      problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    } catch (error) {
      problem = `not valid JSON (${(error as Error).message})`;
    }
    const backup = `${this.path}.bak`;
    await copyFile(this.path, backup);
    throw new Error(
      `The pending approvals file ${this.path} is invalid: ${problem}. It was backed up to ${backup}; no pending approvals were restored.`,
    );
  }

  /**
   * Registers a pending approval (listed at once, persisted in the background, 'requested' emitted synchronously)
   * and resolves when it is decided, denied by timeout after `timeoutMs`
   * (`{decision: {type: 'deny', reason: 'The approval timed out after N minutes.'}, decidedBy: 'timeout'}`) or
   * cancelled by {@link cancelSession}. Rejects when an approval with the same `callId` is already pending.
   */
  request(request: ApprovalRequest): Promise<ApprovalOutcome> {
    if (this.pending.has(request.callId)) {
      return Promise.reject(
        new Error(`An approval for call ${request.callId} is already pending; answer it before asking again.`),
      );
    }
    const at = this.now();
    const approval: PendingApproval = {
      ...request,
      requestedAt: new Date(at).toISOString(),
      expiresAt: new Date(at + this.timeoutMs).toISOString(),
    };
    const outcome = new Promise<ApprovalOutcome>((resolve) => this.addWaiter(approval.callId, resolve));
    this.pending.set(approval.callId, approval);
    this.arm(approval);
    void this.persist();
    this.emit(this.requestedListeners, approval);
    return outcome;
  }

  /**
   * Settles a pending approval with the user's decision (decidedBy 'user'): removes it from the file, emits
   * 'decided' and resolves its waiters (or keeps the decision for {@link awaitDecision}). Returns the approval, or
   * `not_found` when no approval with that `callId` is pending, or `invalid_params` for a malformed decision.
   */
  decide(callId: string, decision: ApprovalDecision): Result<PendingApproval> {
    const valid = ApprovalDecision.safeParse(decision);
    if (!valid.success)
      return err(
        'invalid_params',
        `The decision for call ${callId} is malformed: ${valid.error.issues[0]?.message ?? 'unknown problem'}.`,
      );
    const approval = this.settle(callId, { decision: valid.data, decidedBy: 'user' });
    if (!approval)
      return err(
        'not_found',
        `No approval is pending for call ${callId}; it was already answered, timed out or cancelled.`,
      );
    return ok(approval);
  }

  /**
   * Changes how long (ms) new approvals wait before they are denied (the `approvalTimeoutMs` setting, applied live).
   * Approvals already pending keep the `expiresAt` they were shown with.
   */
  setTimeoutMs(timeoutMs: number): void {
    this.timeoutMs = timeoutMs;
  }

  /** The pending approval for `callId`, or undefined. */
  get(callId: string): PendingApproval | undefined {
    const approval = this.pending.get(callId);
    return approval && structuredClone(approval);
  }

  /** Pending approvals, oldest `requestedAt` first (copies). */
  list(): PendingApproval[] {
    return [...this.pending.values()]
      .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt))
      .map((approval) => structuredClone(approval));
  }

  /** Calls `listener` for each new request (not for approvals restored by {@link load}); returns an unsubscribe. */
  onRequested(listener: (approval: PendingApproval) => void): () => void {
    this.requestedListeners.add(listener);
    return () => this.requestedListeners.delete(listener);
  }

  /** Calls `listener` whenever an approval is settled (user, timeout or cancellation); returns an unsubscribe. */
  onDecided(listener: (decided: DecidedApproval) => void): () => void {
    this.decidedListeners.add(listener);
    return () => this.decidedListeners.delete(listener);
  }

  /**
   * Resolves with the outcome of `callId`: at once when it was already settled and nobody had claimed it (an
   * approval restored from disk), or when it is settled later. Rejects when `callId` is neither pending nor settled.
   */
  awaitDecision(callId: string): Promise<ApprovalOutcome> {
    const settled = this.unclaimed.get(callId);
    if (settled) {
      this.unclaimed.delete(callId);
      return Promise.resolve(settled);
    }
    if (!this.pending.has(callId)) {
      return Promise.reject(
        new Error(`No approval is pending or awaiting pickup for call ${callId}; it may have been answered already.`),
      );
    }
    return new Promise<ApprovalOutcome>((resolve) => this.addWaiter(callId, resolve));
  }

  /** Denies every pending approval of `sessionId` with `reason` (decidedBy 'policy'); returns how many were denied. */
  cancelSession(sessionId: string, reason: string): number {
    const ids = [...this.pending.values()].filter((a) => a.sessionId === sessionId).map((a) => a.callId);
    for (const id of ids) this.settle(id, { decision: { type: 'deny', reason }, decidedBy: 'policy' });
    return ids.length;
  }

  /** Resolves when every write issued so far has finished (failed writes are logged, not thrown). */
  flush(): Promise<void> {
    return this.writes;
  }

  /**
   * Stops all timers and event delivery. Pending approvals stay in the file (a restart restores them) and their
   * promises stay unresolved.
   */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.requestedListeners.clear();
    this.decidedListeners.clear();
  }

  private addWaiter(callId: string, resolve: (outcome: ApprovalOutcome) => void): void {
    const list = this.waiters.get(callId) ?? [];
    list.push(resolve);
    this.waiters.set(callId, list);
  }

  /** Schedules the timeout of `approval` at its `expiresAt`. */
  private arm(approval: PendingApproval): void {
    if (this.disposed) return;
    const expires = Date.parse(approval.expiresAt);
    const delay = Math.min(Math.max(0, expires - this.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(approval.callId);
      if (!this.pending.has(approval.callId)) return;
      if (this.now() < expires) {
        this.arm(approval);
        return;
      }
      const waited = expires - Date.parse(approval.requestedAt);
      this.settle(approval.callId, {
        decision: { type: 'deny', reason: `The approval timed out after ${describeWait(waited)}.` },
        decidedBy: 'timeout',
      });
    }, delay);
    this.timers.set(approval.callId, timer);
  }

  /** Removes a pending approval and delivers its outcome; undefined when `callId` is not pending. */
  private settle(callId: string, outcome: ApprovalOutcome): PendingApproval | undefined {
    const approval = this.pending.get(callId);
    if (!approval) return undefined;
    this.pending.delete(callId);
    clearTimeout(this.timers.get(callId));
    this.timers.delete(callId);
    void this.persist();
    const waiters = this.waiters.get(callId);
    this.waiters.delete(callId);
    if (waiters && waiters.length > 0) for (const resolve of waiters) resolve(outcome);
    else this.unclaimed.set(callId, outcome);
    this.emit(this.decidedListeners, { approval, ...outcome });
    return approval;
  }

  /** Queues an atomic write of the current pending list; writes run one at a time, each with the latest state. */
  private persist(): Promise<void> {
    this.writes = this.writes
      .then(() => atomicWriteJson(this.path, { version: 1, pending: this.list() } satisfies PendingApprovalsFile))
      .catch((error: unknown) =>
        this.log?.error(`Could not save pending approvals to ${this.path}; they will not survive a restart.`, {
          error,
        }),
      );
    return this.writes;
  }

  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        this.log?.error('an approval listener threw', { error });
      }
    }
  }
}

/** A wait in words: whole or one-decimal minutes from one minute up (`10 minutes`), seconds below. */
function describeWait(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.round(ms / 6_000) / 10;
    return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  }
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}
