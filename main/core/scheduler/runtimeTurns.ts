// The runtime's TurnPort: unattended wakeup turns on the agent loop (the envelope granted for the run, anything else
// parks on an approval), budget watched, sessions, busy waits.
import type { AgentEvent } from '../../../preload/contract/events';
import type { AgentLoop, TurnOutcome } from '../agent/loop';
import type { EventBus } from '../agent/events';
import type { ApprovalRuleDraft } from '../../../preload/contract/approvals';
import type { RuleArgKind } from '../../../plugins/sdk/types';
import type { SessionStore } from '../sessions/store';
import { envelopeRules } from './envelopeRules';
import type { TurnPort, UnattendedOutcome, UnattendedTurn } from './runner';

/** What {@link createTurnPort} needs from the runtime. */
export interface TurnPortDeps {
  sessions: SessionStore;
  loop: AgentLoop;
  bus: EventBus;
  /** Starts a turn with a user message in an existing session (runtime.send); rejects with code `conflict` when busy. */
  send(sessionId: string, text: string): Promise<{ done?: Promise<TurnOutcome> }>;
  /** Grants a rule to a session for this process; returns the function that takes that one grant back. */
  grantSession(sessionId: string, draft: ApprovalRuleDraft): () => void;
  /** A tool's rule argument kinds (`ruleArgs`), to turn the envelope's path and command constraints into rules. */
  ruleArgs(tool: string): Record<string, RuleArgKind> | undefined;
}

/**
 * Builds the {@link TurnPort} over the agent loop. While a run's turn runs, its envelope is granted to the session
 * ({@link envelopeRules}; taken back when the run ends) and the session's approval policy is `untrusted`, so a call the
 * envelope does not cover never runs unattended: it parks the turn on an approval (the run reports
 * `waiting_approval`), the turn resumes when the user decides, and a denial (by the user or the approval timeout)
 * ends the run `denied`. The budget is watched through the session's events: past its tool calls or minutes (the
 * clock stops while an approval waits) the turn is interrupted and ends `budget_exceeded`; tokens are checked at the end.
 */
export function createTurnPort(deps: TurnPortDeps): TurnPort {
  const { sessions, loop, bus } = deps;
  const whenIdle = async (id: string, signal: AbortSignal): Promise<void> => {
    while (loop.isRunning(id)) {
      await new Promise<void>((resolve, reject) => {
        const off = bus.on('agent/event', (event: AgentEvent) => {
          if (event.sessionId === id && event.type === 'turn_completed') done();
        });
        const onAbort = () => {
          off();
          reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
        };
        const done = () => {
          off();
          signal.removeEventListener('abort', onAbort);
          setImmediate(resolve);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        if (!loop.isRunning(id)) done();
      });
    }
  };
  return {
    async createSession(title) {
      const summary = await sessions.create({ title });
      bus.emit('session/updated', { sessionId: summary.id, summary });
      return summary.id;
    },
    sessionExists: (id) => sessions.exists(id),
    isBusy: (id) => loop.isRunning(id),
    whenIdle,
    async runTurn(turn: UnattendedTurn): Promise<UnattendedOutcome> {
      const { sessionId, envelope, signal } = turn;
      const toolsUsed = new Set<string>();
      let calls = 0;
      let exceeded: string | null = null;
      const stop = (why: string) => {
        exceeded ??= why;
        void loop.interrupt(sessionId);
      };
      let denied: string | null = null;
      // The minutes budget counts the run's own time: the clock stops while an approval waits for the user.
      let budgetLeftMs = envelope.budget.minutes * 60_000;
      let clockStarted = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const startClock = () => {
        clockStarted = Date.now();
        timer = setTimeout(() => stop(`longer than ${envelope.budget.minutes} minutes`), Math.max(0, budgetLeftMs));
        timer.unref?.();
      };
      const stopClock = () => {
        if (timer === undefined) return;
        clearTimeout(timer);
        timer = undefined;
        budgetLeftMs -= Date.now() - clockStarted;
      };
      const waiting = new Set<string>();
      const off = bus.on('agent/event', (event: AgentEvent) => {
        if (event.sessionId !== sessionId) return;
        if (event.type === 'tool_call_requested') {
          toolsUsed.add(event.name);
          calls += 1;
          if (calls > envelope.budget.toolCalls) stop(`more than ${envelope.budget.toolCalls} tool calls`);
        }
        if (event.type === 'approval_requested') {
          waiting.add(event.approval.callId);
          stopClock();
          turn.onWaiting({ callId: event.approval.callId, tool: event.approval.tool });
        }
        if (event.type === 'approval_decided' && waiting.delete(event.callId)) {
          if (event.decision.type === 'deny')
            denied ??=
              event.decidedBy === 'timeout'
                ? 'a call outside the envelope was not approved in time'
                : `the user denied a call outside the envelope${event.decision.reason ? `: ${event.decision.reason}` : ''}`;
          if (waiting.size === 0) startClock();
        }
      });
      startClock();
      const onAbort = () => void loop.interrupt(sessionId);
      signal.addEventListener('abort', onAbort, { once: true });
      const revokes = envelopeRules(envelope, deps.ruleArgs).map((draft) => deps.grantSession(sessionId, draft));
      loop.setSessionPolicy(sessionId, 'untrusted');
      try {
        let started: { done?: Promise<TurnOutcome> } | null = null;
        for (let attempt = 0; started === null; attempt++) {
          await whenIdle(sessionId, signal);
          try {
            started = await deps.send(sessionId, turn.text);
          } catch (error) {
            // A user turn started between the wait and the send: queue behind it again.
            if ((error as { code?: string }).code !== 'conflict' || attempt > 20) throw error;
          }
        }
        const outcome = await started.done!;
        const tokens = outcome.usage.totalTokens;
        if (exceeded === null && tokens > envelope.budget.tokens)
          exceeded = `more than ${envelope.budget.tokens} tokens`;
        const base = { text: outcome.text, tokens, toolsUsed: [...toolsUsed] };
        if (exceeded !== null)
          return { ...base, stopReason: 'budget_exceeded', error: `The run used ${exceeded} (its budget).` };
        if (denied !== null) return { ...base, stopReason: 'denied', error: `The run was denied: ${denied}.` };
        if (signal.aborted)
          return { ...base, stopReason: 'interrupted', error: String((signal.reason as Error)?.message ?? 'stopped') };
        return { ...base, stopReason: outcome.stopReason, ...(outcome.error ? { error: outcome.error.message } : {}) };
      } catch (error) {
        return { stopReason: 'error', text: '', tokens: 0, toolsUsed: [...toolsUsed], error: (error as Error).message };
      } finally {
        off();
        stopClock();
        signal.removeEventListener('abort', onAbort);
        for (const revoke of revokes) revoke();
        loop.setSessionPolicy(sessionId, null);
      }
    },
  };
}
