// The runtime's TurnPort: unattended wakeup turns on the agent loop (policy `never`, budget watched), sessions, busy waits.
import type { AgentEvent } from '../../../preload/contract/events';
import type { AgentLoop, TurnOutcome } from '../agent/loop';
import type { EventBus } from '../agent/events';
import type { SessionStore } from '../sessions/store';
import type { TurnPort, UnattendedOutcome, UnattendedTurn } from './runner';

/** What {@link createTurnPort} needs from the runtime. */
export interface TurnPortDeps {
  sessions: SessionStore;
  loop: AgentLoop;
  bus: EventBus;
  /** Starts a turn with a user message in an existing session (runtime.send); rejects with code `conflict` when busy. */
  send(sessionId: string, text: string): Promise<{ done?: Promise<TurnOutcome> }>;
}

/**
 * Builds the {@link TurnPort} over the agent loop. A run's session uses approval policy `never` while it runs, so a
 * call the envelope does not cover never runs unattended. The budget is watched through the session's events: past
 * its tool calls or minutes the turn is interrupted and ends `budget_exceeded`; tokens are checked when it ends.
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
      const off = bus.on('agent/event', (event: AgentEvent) => {
        if (event.sessionId !== sessionId) return;
        if (event.type === 'tool_call_requested') {
          toolsUsed.add(event.name);
          calls += 1;
          if (calls > envelope.budget.toolCalls) stop(`more than ${envelope.budget.toolCalls} tool calls`);
        }
        if (event.type === 'approval_requested')
          turn.onWaiting({ callId: event.approval.callId, tool: event.approval.tool });
      });
      const timer = setTimeout(
        () => stop(`longer than ${envelope.budget.minutes} minutes`),
        envelope.budget.minutes * 60_000,
      );
      timer.unref?.();
      const onAbort = () => void loop.interrupt(sessionId);
      signal.addEventListener('abort', onAbort, { once: true });
      loop.setSessionPolicy(sessionId, 'never');
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
        if (signal.aborted)
          return { ...base, stopReason: 'interrupted', error: String((signal.reason as Error)?.message ?? 'stopped') };
        return { ...base, stopReason: outcome.stopReason, ...(outcome.error ? { error: outcome.error.message } : {}) };
      } catch (error) {
        return { stopReason: 'error', text: '', tokens: 0, toolsUsed: [...toolsUsed], error: (error as Error).message };
      } finally {
        off();
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        loop.setSessionPolicy(sessionId, null);
      }
    },
  };
}
