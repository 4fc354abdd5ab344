// The wakeup runner: resolves the target session, queues behind a busy one, runs the prompt as an unattended turn
// within the envelope's budget, and turns the turn's outcome into a run status (quiet, denied, budget_exceeded ...).
import type { GrantEnvelope, Wakeup } from '../../../preload/contract/scheduler';
import { QUIET_MARKER } from '../../../plugins/sdk/wakeups';
import type { RunExecutor, RunRequest, RunResult } from './types';

/** What a model answers when a check-in run has nothing to report (the scheduler plugin's prompt section says so). */
export { QUIET_MARKER };

/** How one unattended turn ended. */
export interface UnattendedOutcome {
  /** `completed`, `interrupted`, `error`, `max_tool_rounds`, `incomplete`, or `budget_exceeded` / `denied`. */
  stopReason: string;
  text: string;
  tokens: number;
  toolsUsed: string[];
  error?: string;
}

/** One unattended turn to run. */
export interface UnattendedTurn {
  sessionId: string;
  text: string;
  envelope: GrantEnvelope;
  signal: AbortSignal;
  /** Called when a call outside the envelope waits for the user's approval. */
  onWaiting(info: { callId: string; tool: string }): void;
}

/**
 * What the runner needs from the runtime: sessions and unattended turns. Kept small so the session service of parked
 * turns can replace the adapter without touching the runner.
 */
export interface TurnPort {
  /** Creates a session titled `title`; resolves to its id. */
  createSession(title: string): Promise<string>;
  sessionExists(id: string): Promise<boolean>;
  /** True while a turn runs in the session. */
  isBusy(id: string): boolean;
  /** Resolves when no turn runs in the session (at once when idle); rejects when `signal` aborts. */
  whenIdle(id: string, signal: AbortSignal): Promise<void>;
  /** Runs one turn with `envelope` granted (other calls park on an approval); resolves when it ends (never rejects). */
  runTurn(turn: UnattendedTurn): Promise<UnattendedOutcome>;
}

/** The message a run sends: a header naming the wakeup and its time, then the wakeup's prompt. */
export function runMessage(wakeup: Wakeup, scheduledFor: string, trigger: string): string {
  const when =
    trigger === 'manual' || trigger === 'test' ? `started by hand (${trigger})` : `scheduled for ${scheduledFor}`;
  return `Scheduled run of "${wakeup.title}" (${when}).\n\n${wakeup.prompt}`;
}

/** True when an answer says there is nothing to report. */
export function isQuiet(text: string): boolean {
  return text.trim().toLowerCase().startsWith(QUIET_MARKER);
}

/** Runs wakeups through a {@link TurnPort}. */
export class WakeupRunner implements RunExecutor {
  constructor(private readonly port: TurnPort) {}

  /** Resolves the session, waits for a busy session, runs the turn, maps its outcome. Never rejects. */
  async run(request: RunRequest): Promise<RunResult> {
    const { wakeup, signal } = request;
    let sessionId: string | null = null;
    try {
      sessionId = await this.session(wakeup);
      // A run in a busy session queues behind the current turn; it is marked started only when it starts.
      await this.port.whenIdle(sessionId, signal);
      await request.started(sessionId);
      const waits: Promise<void>[] = [];
      const outcome = await this.port.runTurn({
        sessionId,
        text: runMessage(wakeup, request.scheduledFor, request.trigger),
        envelope: wakeup.envelope,
        signal,
        onWaiting: (info) => waits.push(request.waiting({ ...info, sessionId: sessionId! })),
      });
      await Promise.all(waits);
      return { ...mapOutcome(outcome), sessionId };
    } catch (error) {
      const aborted = signal.aborted;
      return {
        status: aborted ? 'interrupted' : 'failed',
        sessionId,
        text: '',
        error: aborted ? String((signal.reason as Error)?.message ?? 'stopped') : (error as Error).message,
        toolsUsed: [],
        tokens: 0,
      };
    }
  }

  private async session(wakeup: Wakeup): Promise<string> {
    if (
      wakeup.target.type === 'session' &&
      wakeup.target.sessionId &&
      (await this.port.sessionExists(wakeup.target.sessionId))
    )
      return wakeup.target.sessionId;
    const title = wakeup.target.type === 'session' ? wakeup.target.name : wakeup.title;
    return this.port.createSession(title);
  }
}

function mapOutcome(outcome: UnattendedOutcome): Omit<RunResult, 'sessionId'> {
  const base = { text: outcome.text, toolsUsed: outcome.toolsUsed, tokens: outcome.tokens };
  switch (outcome.stopReason) {
    case 'completed':
      return { ...base, status: isQuiet(outcome.text) ? 'quiet' : 'succeeded' };
    case 'budget_exceeded':
    case 'denied':
    case 'interrupted':
      return { ...base, status: outcome.stopReason, ...(outcome.error ? { error: outcome.error } : {}) };
    default:
      return {
        ...base,
        status: 'failed',
        error: outcome.error ?? `the turn ended with ${outcome.stopReason}`,
      };
  }
}
