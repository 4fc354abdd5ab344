// The agent loop, orchestration only: one turn = context -> model round -> tool calls -> repeat, with limits; a call
// that needs the user's decision parks the turn (turnState.ts) and a decision resumes it (sessionService.ts).
import type { ApprovalPolicy } from '../../../preload/contract/approvals';
import { addUsage, type FunctionCallItem, type MessageItem, type SessionItem } from '../../../preload/contract/items';
import type { Logger } from '../../../plugins/sdk/types';
import type { ApprovalBroker } from '../approvals/broker';
import type { Grants } from '../approvals/grants';
import type { ContextRegistry } from '../context/registry';
import { estimateJsonTokens, estimateTokens } from '../context/tokens';
import type { ModelAdapter, ReasoningEffort } from '../models/types';
import type { Settings } from '../settings/schema';
import { newTurnId } from '../sessions/ids';
import type { SessionStore } from '../sessions/store';
import type { CallJournal } from '../tools/callJournal';
import type { ToolRegistry } from '../tools/registry';
import type { AutomationControl } from '../automation/control';
import { compactSession, type SeqItem } from './compaction';
import type { EventBus } from './events';
import { buildInput, latestUserText, unansweredCalls } from './input';
import { buildInstructions, contextMessage } from './prompt';
import { runToolCalls, type ParkRequest, type ResumedDecision } from './toolCalls';
import { runModelRound } from './turn';
import { TurnRecorder, type TurnOutcome } from './turnRecorder';
import { TURN_STATE_VERSION, type TurnState, type TurnStateStore } from './turnState';

export type { TurnOutcome } from './turnRecorder';

/** Everything the loop needs; the runtime assembles it. */
export interface LoopDeps {
  sessions: SessionStore;
  tools: ToolRegistry;
  context: ContextRegistry;
  approvals: ApprovalBroker;
  /** Where a turn that waits on a decision is parked. */
  turnStates: TurnStateStore;
  /** Records each tool call as started before it runs (tools/callJournal.ts). */
  journal?: CallJournal;
  grants: Grants;
  bus: EventBus;
  getSettings(): Settings;
  /** The configured model adapter; throws an Error saying how to configure one when none is. */
  getAdapter(): ModelAdapter;
  promptSections(): string[];
  cwd(): string;
  log: Logger;
  /** The kill switch automation tools register with (issue 11). */
  automation?: AutomationControl;
}

/** A running turn: its controller and completion promise. */
interface Running {
  turnId: string;
  controller: AbortController;
  done: Promise<TurnOutcome>;
}

/**
 * Runs turns, one at a time per session. `start` returns at once with the turn id and a promise of the
 * outcome; events stream on the bus as `agent/event`. Interrupting aborts the stream or the running tool and
 * leaves the transcript consistent (every `function_call` gets an output). A call that needs the user parks the turn:
 * its {@link TurnState} is saved, the approval is registered, and the turn ends `awaiting_approval`; {@link resume}
 * continues it with the decision, under the same turn id.
 */
export class AgentLoop {
  private readonly running = new Map<string, Running>();
  private readonly policyOverrides = new Map<string, ApprovalPolicy>();

  constructor(private readonly deps: LoopDeps) {}

  /** Session ids with a turn in progress. */
  runningSessions(): string[] {
    return [...this.running.keys()];
  }

  /** True while a turn runs in `sessionId`. */
  isRunning(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  /** Resolves once no turn runs in `sessionId` (at once when none does). */
  async settled(sessionId: string): Promise<void> {
    while (this.running.has(sessionId)) await this.running.get(sessionId)!.done.catch(() => undefined);
  }

  /** The approval policy for a session: its `/approvals` override, else the setting. */
  policyFor(sessionId: string): ApprovalPolicy {
    return this.policyOverrides.get(sessionId) ?? this.deps.getSettings().approvalPolicy;
  }

  /** Overrides the approval policy for one session (null clears the override). */
  setSessionPolicy(sessionId: string, policy: ApprovalPolicy | null): void {
    if (policy) this.policyOverrides.set(sessionId, policy);
    else this.policyOverrides.delete(sessionId);
  }

  /**
   * Starts a turn with a new user message (`user` may be null to continue after tool outputs, e.g. a retry).
   * Throws an Error with `code = 'conflict'` when a turn is already running in the session.
   */
  start(sessionId: string, user: MessageItem | null): { turnId: string; done: Promise<TurnOutcome> } {
    const turnId = newTurnId();
    return this.launch(sessionId, turnId, (signal) => this.run(sessionId, turnId, signal, { user }));
  }

  /**
   * Resumes a parked turn with the decision on `state.calls[0]` (same turn id; emits `turn_resumed`). The parked
   * state is removed before the decided call runs, so it runs at most once. Throws like {@link start}.
   */
  resume(state: TurnState, decision: ResumedDecision): { turnId: string; done: Promise<TurnOutcome> } {
    return this.launch(state.sessionId, state.turnId, (signal) =>
      this.run(state.sessionId, state.turnId, signal, { resume: { state, decision } }),
    );
  }

  /** Interrupts the running turn of `sessionId`; resolves to false when none was running. */
  async interrupt(sessionId: string): Promise<boolean> {
    const running = this.running.get(sessionId);
    if (!running) return false;
    running.controller.abort(new Error('interrupted by the user'));
    await running.done.catch(() => undefined);
    return true;
  }

  /** Interrupts every running turn (runtime shutdown). Parked turns stay parked. */
  async interruptAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.interrupt(id)));
  }

  /** Forces compaction of a session now; resolves to a sentence saying what happened. */
  async compactNow(sessionId: string): Promise<string> {
    if (this.running.has(sessionId)) return 'A turn is running in this session; compact after it ends.';
    const loaded = await this.deps.sessions.load(sessionId);
    const entries: SeqItem[] = loaded.entries.map((e) => ({ seq: e.seq, item: e.item }));
    const signal = new AbortController().signal;
    const result = await compactSession(
      this.compactDeps(),
      { sessionId, turnId: newTurnId(), signal },
      entries,
      [...loaded.compactions],
      0,
      false,
    );
    return result ?? 'Nothing to compact yet: the conversation is too short.';
  }

  private launch(
    sessionId: string,
    turnId: string,
    run: (signal: AbortSignal) => Promise<TurnOutcome>,
  ): { turnId: string; done: Promise<TurnOutcome> } {
    if (this.running.has(sessionId)) {
      throw Object.assign(
        new Error(`A turn is already running in session ${sessionId}. Wait for it or interrupt it first.`),
        { code: 'conflict' },
      );
    }
    const controller = new AbortController();
    const done = run(controller.signal).finally(() => this.running.delete(sessionId));
    this.running.set(sessionId, { turnId, controller, done });
    return { turnId, done };
  }

  private compactDeps() {
    return {
      sessions: this.deps.sessions,
      settings: this.deps.getSettings(),
      getAdapter: () => this.deps.getAdapter(),
      emit: (event: Parameters<TurnRecorder['emit']>[0]) => this.deps.bus.emit('agent/event', event),
    };
  }

  private async run(
    sessionId: string,
    turnId: string,
    signal: AbortSignal,
    start: { user?: MessageItem | null; resume?: { state: TurnState; decision: ResumedDecision } },
  ): Promise<TurnOutcome> {
    const { sessions, log } = this.deps;
    const settings = this.deps.getSettings();
    const resumed = start.resume?.state;
    const rec = new TurnRecorder({ sessions, bus: this.deps.bus, model: settings.model }, sessionId, turnId, resumed);
    const userText = resumed ? resumed.userText : start.user ? textOf(start.user) : '';

    const loaded = await sessions.load(sessionId);
    const entries: SeqItem[] = loaded.entries.map((e) => ({ seq: e.seq, item: e.item }));
    const compactions = [...loaded.compactions];
    const append = async (items: SessionItem[]) => {
      const written = await sessions.appendItems(sessionId, turnId, items);
      for (const { seq, at, item } of written) {
        entries.push({ seq, item });
        rec.emit({ type: 'item_added', sessionId, turnId, seq, at, item });
      }
    };
    const park = async (request: ParkRequest): Promise<TurnOutcome> => {
      const approval = this.deps.approvals.request(request.approval);
      try {
        await this.deps.turnStates.save({
          version: TURN_STATE_VERSION,
          sessionId,
          turnId,
          parkedAt: new Date().toISOString(),
          userText,
          usage: rec.usage,
          toolRounds: rec.toolRounds,
          toolResults: rec.toolResults,
          calls: request.calls,
          approval,
        });
      } catch (error) {
        // Without a saved state the turn cannot wait safely: nothing runs, every waiting call gets an output.
        this.deps.approvals.forgetSession(sessionId);
        const why = `not run: Deskpilot could not save the turn to wait for approval (${(error as Error).message})`;
        await append(request.calls.map((call) => notRun(call, why)));
        return rec.finish('error', {
          code: 'park_failed',
          message: `Could not save the turn to wait for your approval: ${(error as Error).message}. Check that ${this.deps.turnStates.dir} is writable.`,
        });
      }
      rec.emit({ type: 'approval_requested', sessionId, turnId, approval });
      this.deps.bus.emit('approval/requested', approval);
      return rec.park();
    };
    const toolDeps = (decisions: Map<string, ResumedDecision>) => ({
      results: rec.toolResults,
      sessionId,
      turnId,
      signal,
      policy: this.policyFor(sessionId),
      decisions,
      tools: this.deps.tools,
      grants: this.deps.grants,
      emit: (event: Parameters<TurnRecorder['emit']>[0]) => rec.emit(event),
      bus: this.deps.bus,
      cwd: this.deps.cwd(),
      log,
      automation: this.deps.automation,
      journal: this.deps.journal,
    });

    if (start.resume) {
      const { state, decision } = start.resume;
      // The parked state goes first: should the process die while the decided call runs, it is never run again.
      await this.deps.turnStates.remove(sessionId);
      rec.emit({ type: 'turn_resumed', sessionId, turnId, at: new Date().toISOString() });
      // Only calls still without output run (a call answered in the meantime, e.g. by a retry, is skipped).
      const waiting = new Set(unansweredCalls(entries).map((c) => c.call_id));
      const calls = state.calls.filter((c) => waiting.has(c.call_id));
      const outcome = await runToolCalls(
        toolDeps(new Map([[state.calls[0].call_id, decision]])),
        calls,
        append,
        settings,
      );
      if (outcome.parked) return park(outcome.parked);
      if (outcome.interrupted) return rec.finish('interrupted');
    } else {
      rec.emit({ type: 'turn_started', sessionId, turnId, at: new Date().toISOString(), input: userText });
      // Calls left without output (a crash while a call ran) are never re-run blindly.
      const orphans = unansweredCalls(entries);
      if (orphans.length)
        await append(
          orphans.map((call) =>
            notRun(call, 'not run: Deskpilot stopped before this call finished; ask the user before trying it again'),
          ),
        );
      if (start.user) {
        await append([start.user]);
        // The first user message names a new session: tell the hosts now, not only when the turn ends.
        this.deps.bus.emit('session/updated', { sessionId, summary: await sessions.summary(sessionId) });
      }
    }

    let adapter: ModelAdapter;
    try {
      adapter = this.deps.getAdapter();
    } catch (error) {
      return rec.finish('error', { code: 'model_not_configured', message: (error as Error).message });
    }
    const instructions = buildInstructions(settings.persona, this.deps.promptSections());
    const effort = settings.reasoningEffort === 'none' ? undefined : (settings.reasoningEffort as ReasoningEffort);

    // Context is gathered once per turn; later rounds re-run only the providers that signalled a change.
    const gather = this.deps.context.forTurn();
    for (;;) {
      if (signal.aborted) return rec.finish('interrupted');
      rec.receipt = await gather({
        sessionId,
        latestUserText: latestUserText(entries),
        cwd: this.deps.cwd(),
        signal,
      });
      rec.emit({ type: 'context_gathered', sessionId, turnId, receipt: rec.receipt });
      const tools = this.deps.tools.toModelSpecs();
      const contextTokens =
        rec.receipt.reduce((sum, r) => sum + r.tokens, 0) + estimateTokens(instructions) + estimateJsonTokens(tools);
      try {
        const at = { sessionId, turnId, signal };
        const compacted = await compactSession(this.compactDeps(), at, entries, compactions, contextTokens, true);
        if (compacted) log.info('compacted session', { sessionId });
      } catch (error) {
        if (signal.aborted) return rec.finish('interrupted');
        log.warn('compaction failed; continuing with the full input', { error: (error as Error).message });
      }
      const input = buildInput(entries, compactions, contextMessage(rec.receipt));
      const round = await runModelRound(
        adapter,
        { model: settings.model, instructions, input, tools, reasoningEffort: effort, sessionId, signal },
        {
          onTextDelta: (delta) => rec.emit({ type: 'text_delta', sessionId, turnId, delta }),
          onReasoningDelta: (delta) => rec.emit({ type: 'reasoning_delta', sessionId, turnId, delta }),
          onRetrying: (attempt, delayMs, reason) =>
            rec.emit({ type: 'retrying', sessionId, turnId, attempt, delayMs, reason }),
        },
      );
      if (round.usage) rec.usage = addUsage(rec.usage, round.usage);
      if (round.error) {
        // Keep what completed and what streamed; drop calls that can no longer be answered consistently.
        const kept: SessionItem[] = round.items.filter((item) => item.type !== 'function_call');
        if (round.partialText) kept.push(assistantText(round.partialText));
        if (kept.length) await append(kept);
        rec.lastText = round.partialText || rec.lastText;
        if (round.error.code === 'aborted' || signal.aborted) return rec.finish('interrupted');
        return rec.finish('error', { code: round.error.code, message: round.error.message });
      }
      const items: SessionItem[] = uniqueCallIds(
        round.partialText ? [...round.items, assistantText(round.partialText)] : round.items,
        entries,
      );
      const toolCalls = items.filter((i): i is FunctionCallItem => i.type === 'function_call');
      await append(items);
      const finalMessage = [...items].reverse().find((i): i is MessageItem => i.type === 'message');
      if (finalMessage) rec.lastText = textOf(finalMessage);
      if (toolCalls.length === 0) return rec.finish(round.incomplete ? 'incomplete' : 'completed');
      if (rec.toolRounds >= settings.maxToolRounds) {
        const why = `not run: the turn reached its limit of ${settings.maxToolRounds} tool rounds (setting maxToolRounds)`;
        await append(toolCalls.map((call) => notRun(call, why)));
        return rec.finish('max_tool_rounds', {
          code: 'max_tool_rounds',
          message: `The turn stopped after ${settings.maxToolRounds} tool rounds. Send a message to continue, or raise maxToolRounds.`,
        });
      }
      rec.toolRounds++;
      const outcome = await runToolCalls(toolDeps(new Map()), toolCalls, append, settings);
      if (outcome.parked) return park(outcome.parked);
      if (outcome.interrupted) return rec.finish('interrupted');
    }
  }
}

/**
 * Some OpenAI-compatible servers reuse call ids (`call_1` in every response); the Responses input and the UI need
 * them unique per session. Returns `items` with each repeated `function_call` id given a `_2`, `_3`… suffix (new
 * objects; the inputs are not changed).
 */
export function uniqueCallIds<T extends SessionItem>(items: readonly T[], entries: readonly SeqItem[]): T[] {
  const used = new Set<string>();
  for (const entry of entries) if (entry.item.type === 'function_call') used.add(entry.item.call_id);
  return items.map((item) => {
    if (item.type !== 'function_call') return item;
    let id = item.call_id;
    for (let n = 2; used.has(id); n++) id = `${item.call_id}_${n}`;
    used.add(id);
    return id === item.call_id ? item : { ...item, call_id: id };
  });
}

function assistantText(text: string): MessageItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] };
}

function textOf(message: MessageItem): string {
  return message.content.map((part) => ('text' in part ? part.text : '')).join('');
}

/** A `function_call_output` for a call that was never run. */
export function notRun(call: FunctionCallItem, reason: string): SessionItem {
  return { type: 'function_call_output', call_id: call.call_id, output: reason };
}
