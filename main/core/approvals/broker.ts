// Pending approvals keyed by session and call id, in memory; a pending approval times out to denied (DESIGN.md §6).
// Durability is the parked turn's: each pending approval lives in its session's TurnState (agent/turnState.ts).
import { ApprovalDecision, type DecidedBy, PendingApproval } from '../../../preload/contract/approvals';
import { err, ok, type Result } from '../../../preload/contract/result';
import type { Logger } from '../../../plugins/sdk/types';

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
  /** How long (ms) an approval waits before it is denied. */
  timeoutMs: number;
  /** Clock in ms since the epoch (tests inject one); default `Date.now`. */
  now?: () => number;
  /** Receives throwing listeners (required, so that no failure vanishes). */
  log: Logger;
}

/** setTimeout's largest delay (ms); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The broker's key of an approval: session id and call id (servers reuse call ids such as `call_1` across sessions). */
function keyOf(sessionId: string, callId: string): string {
  return `${sessionId}\n${callId}`;
}

/**
 * Holds tool calls waiting for the user, keyed by session id + call id. It holds no promise: a decision (user,
 * timeout, cancellation) is delivered to {@link onDecided} listeners, which resume the parked turn (agent/
 * sessionService.ts). Persistence is the parked turn's `TurnState`; after a restart the session service gives the
 * approvals back with {@link restore}. Unanswered approvals are denied at `expiresAt` (decidedBy 'timeout').
 */
export class ApprovalBroker {
  private timeoutMs: number;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly pending = new Map<string, PendingApproval>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly requestedListeners = new Set<(approval: PendingApproval) => void>();
  private readonly decidedListeners = new Set<(decided: DecidedApproval) => void>();
  private disposed = false;

  constructor(options: ApprovalBrokerOptions) {
    this.timeoutMs = options.timeoutMs;
    this.now = options.now ?? Date.now;
    this.log = options.log;
  }

  /**
   * Registers a pending approval, stamped `requestedAt` now and `expiresAt` after the timeout; emits 'requested'
   * synchronously and returns the approval. Throws when the same session already waits on the same `callId`.
   */
  request(request: ApprovalRequest): PendingApproval {
    const key = keyOf(request.sessionId, request.callId);
    if (this.pending.has(key)) {
      throw new Error(
        `An approval for call ${request.callId} in session ${request.sessionId} is already pending; answer it first.`,
      );
    }
    const at = this.now();
    const approval: PendingApproval = {
      ...request,
      requestedAt: new Date(at).toISOString(),
      expiresAt: new Date(at + this.timeoutMs).toISOString(),
    };
    this.pending.set(key, approval);
    this.arm(approval);
    this.emit(this.requestedListeners, approval);
    return structuredClone(approval);
  }

  /**
   * Gives back an approval restored from a parked turn after a restart (no 'requested' event; read it with
   * {@link list}). Its timer runs to its original `expiresAt`, so one that expired while Deskpilot was down is denied
   * by timeout at once (asynchronously). A duplicate (same session and call) is ignored.
   */
  restore(approval: PendingApproval): void {
    const key = keyOf(approval.sessionId, approval.callId);
    if (this.pending.has(key)) return;
    this.pending.set(key, structuredClone(approval));
    this.arm(approval);
  }

  /**
   * Settles a pending approval with the user's decision (decidedBy 'user') and emits 'decided'. `sessionId` picks the
   * approval when several sessions wait on the same `callId`. Returns the approval; `not_found` when none is pending,
   * `conflict` when `sessionId` is missing and the call id is ambiguous, `invalid_params` for a malformed decision.
   */
  decide(callId: string, decision: ApprovalDecision, sessionId?: string): Result<PendingApproval> {
    const valid = ApprovalDecision.safeParse(decision);
    if (!valid.success)
      return err(
        'invalid_params',
        `The decision for call ${callId} is malformed: ${valid.error.issues[0]?.message ?? 'unknown problem'}.`,
      );
    const matches = [...this.pending.values()].filter(
      (a) => a.callId === callId && (sessionId === undefined || a.sessionId === sessionId),
    );
    if (matches.length > 1)
      return err(
        'conflict',
        `Sessions ${matches.map((a) => a.sessionId).join(', ')} all wait on call ${callId}; say which with sessionId.`,
      );
    const approval = matches[0] && this.settle(matches[0], { decision: valid.data, decidedBy: 'user' });
    if (!approval)
      return err(
        'not_found',
        `No approval is pending for call ${callId}${sessionId ? ` in session ${sessionId}` : ''}; it was already answered, timed out or cancelled.`,
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

  /** The pending approval of `callId` (in `sessionId` when given; else the first with that call id), or undefined. */
  get(callId: string, sessionId?: string): PendingApproval | undefined {
    const approval =
      sessionId === undefined
        ? [...this.pending.values()].find((a) => a.callId === callId)
        : this.pending.get(keyOf(sessionId, callId));
    return approval && structuredClone(approval);
  }

  /** Pending approvals, oldest `requestedAt` first (copies). */
  list(): PendingApproval[] {
    return [...this.pending.values()]
      .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt))
      .map((approval) => structuredClone(approval));
  }

  /** Calls `listener` for each new request (not for restored approvals); returns an unsubscribe. */
  onRequested(listener: (approval: PendingApproval) => void): () => void {
    this.requestedListeners.add(listener);
    return () => this.requestedListeners.delete(listener);
  }

  /** Calls `listener` whenever an approval is settled (user, timeout or cancellation); returns an unsubscribe. */
  onDecided(listener: (decided: DecidedApproval) => void): () => void {
    this.decidedListeners.add(listener);
    return () => this.decidedListeners.delete(listener);
  }

  /** Denies every pending approval of `sessionId` with `reason` (decidedBy 'policy'); returns how many were denied. */
  cancelSession(sessionId: string, reason: string): number {
    const approvals = [...this.pending.values()].filter((a) => a.sessionId === sessionId);
    for (const approval of approvals)
      this.settle(approval, { decision: { type: 'deny', reason }, decidedBy: 'policy' });
    return approvals.length;
  }

  /**
   * Forgets the pending approvals of `sessionId` without settling them (the runtime stops: their parked turns stay
   * on disk and a restart restores them). Returns how many were dropped.
   */
  forgetSession(sessionId: string): number {
    const approvals = [...this.pending.values()].filter((a) => a.sessionId === sessionId);
    for (const approval of approvals) this.drop(keyOf(approval.sessionId, approval.callId));
    return approvals.length;
  }

  /** Stops all timers and event delivery. Pending approvals stay in their parked turns (a restart restores them). */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.requestedListeners.clear();
    this.decidedListeners.clear();
  }

  /** Schedules the timeout of `approval` at its `expiresAt`. */
  private arm(approval: PendingApproval): void {
    if (this.disposed) return;
    const key = keyOf(approval.sessionId, approval.callId);
    const expires = Date.parse(approval.expiresAt);
    const delay = Math.min(Math.max(0, expires - this.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      const current = this.pending.get(key);
      if (!current) return;
      if (this.now() < expires) {
        this.arm(current);
        return;
      }
      const waited = expires - Date.parse(current.requestedAt);
      this.settle(current, {
        decision: { type: 'deny', reason: `The approval timed out after ${describeWait(waited)}.` },
        decidedBy: 'timeout',
      });
    }, delay);
    this.timers.set(key, timer);
  }

  /** Removes a pending approval and emits 'decided'; undefined when it is no longer pending. */
  private settle(approval: PendingApproval, outcome: ApprovalOutcome): PendingApproval | undefined {
    const key = keyOf(approval.sessionId, approval.callId);
    const current = this.pending.get(key);
    if (!current) return undefined;
    this.drop(key);
    this.emit(this.decidedListeners, { approval: current, ...outcome });
    return current;
  }

  private drop(key: string): void {
    this.pending.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    if (this.disposed) return;
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        this.log.error('an approval listener threw', { error });
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
