// TurnRecorder: what one turn used and how it ended, written as the session's turn record and announced on the bus.
import type { AgentEvent, ContextReceiptEntry, StopReason } from '../../../preload/contract/events';
import { zeroUsage, type Usage } from '../../../preload/contract/items';
import type { ToolResultInfo } from '../../../preload/contract/sessions';
import type { SessionStore } from '../sessions/store';
import type { EventBus } from './events';

/** How a turn ended. `error` is set when stopReason is `error`. */
export interface TurnOutcome {
  sessionId: string;
  turnId: string;
  stopReason: StopReason;
  usage: Usage;
  toolRounds: number;
  error?: { code: string; message: string };
  /** The assistant's final text (last message of the turn). */
  text: string;
}

/** What a recorder starts from: a new turn starts at zero, a resumed one from its parked state. */
export interface TurnTally {
  usage: Usage;
  toolRounds: number;
  toolResults: ToolResultInfo[];
}

/**
 * Collects a turn's usage, tool rounds, tool results, context receipt and last text, and ends it: {@link finish}
 * appends the turn record (fsynced) and emits `error?`, `turn_completed` and `session/updated`; {@link park} emits
 * `turn_completed` with stopReason `awaiting_approval` and writes no record (the resumed turn writes the one record).
 */
export class TurnRecorder {
  usage: Usage;
  toolRounds: number;
  readonly toolResults: ToolResultInfo[];
  receipt: ContextReceiptEntry[] = [];
  lastText = '';

  constructor(
    private readonly deps: { sessions: SessionStore; bus: EventBus; model: string },
    readonly sessionId: string,
    readonly turnId: string,
    from: TurnTally = { usage: zeroUsage, toolRounds: 0, toolResults: [] },
  ) {
    this.usage = from.usage;
    this.toolRounds = from.toolRounds;
    this.toolResults = [...from.toolResults];
  }

  /** Emits an agent event on the bus. */
  emit(event: AgentEvent): void {
    this.deps.bus.emit('agent/event', event);
  }

  /** Records the end of the turn (see the class comment) and resolves to its outcome. */
  async finish(stopReason: StopReason, error?: { code: string; message: string }): Promise<TurnOutcome> {
    const { sessions } = this.deps;
    const { sessionId, turnId } = this;
    await sessions.appendTurn(sessionId, {
      turn: turnId,
      at: new Date().toISOString(),
      stopReason,
      usage: this.usage,
      toolRounds: this.toolRounds,
      model: this.deps.model,
      ...(error ? { error: error.message } : {}),
      receipt: this.receipt,
      ...(this.toolResults.length ? { toolResults: this.toolResults } : {}),
    });
    await sessions.sync(sessionId);
    if (error) this.emit({ type: 'error', sessionId, turnId, code: error.code, message: error.message });
    return this.announce(stopReason, error);
  }

  /** Ends the turn as parked (`awaiting_approval`), after its state was saved; resolves to that outcome. */
  async park(): Promise<TurnOutcome> {
    await this.deps.sessions.sync(this.sessionId);
    return this.announce('awaiting_approval');
  }

  private async announce(stopReason: StopReason, error?: { code: string; message: string }): Promise<TurnOutcome> {
    const { sessionId, turnId, usage, toolRounds } = this;
    const summary = await this.deps.sessions.summary(sessionId);
    this.emit({
      type: 'turn_completed',
      sessionId,
      turnId,
      stopReason,
      usage,
      sessionUsage: summary.usage,
      toolRounds,
    });
    this.deps.bus.emit('session/updated', { sessionId, summary });
    return { sessionId, turnId, stopReason, usage, toolRounds, text: this.lastText, ...(error ? { error } : {}) };
  }
}
