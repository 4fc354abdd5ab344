// The agent loop: one user turn = context -> model round -> tool calls (approved) -> repeat, with limits.
import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, ApprovalPolicy } from '../../../preload/contract/approvals';
import type { AgentEvent, ContextReceiptEntry, StopReason } from '../../../preload/contract/events';
import type { ToolResultInfo } from '../../../preload/contract/sessions';
import {
  addUsage,
  zeroUsage,
  type FunctionCallItem,
  type MessageItem,
  type SessionItem,
  type Usage,
} from '../../../preload/contract/items';
import type { Logger } from '../../../plugins/sdk/types';
import type { ApprovalBroker } from '../approvals/broker';
import type { Grants } from '../approvals/grants';
import type { ContextRegistry } from '../context/registry';
import { estimateItemTokens, estimateJsonTokens, estimateTokens } from '../context/tokens';
import type { ModelAdapter, ReasoningEffort } from '../models/types';
import type { Settings } from '../settings/schema';
import type { SessionStore } from '../sessions/store';
import type { ToolRegistry } from '../tools/registry';
import { chooseCompactionPoint, MIN_COMPACTION_GAIN_TOKENS, summarize, type SeqItem } from './compaction';
import type { EventBus } from './events';
import { buildInput, latestCompaction, latestUserText, unansweredCalls } from './input';
import { buildInstructions, contextMessage } from './prompt';
import type { AutomationControl } from '../automation/control';
import { runToolCalls } from './toolCalls';
import { runModelRound } from './turn';

/** Everything the loop needs; the runtime assembles it. */
export interface LoopDeps {
  sessions: SessionStore;
  tools: ToolRegistry;
  context: ContextRegistry;
  approvals: ApprovalBroker;
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

/** A running turn: its controller and completion promise. */
interface Running {
  turnId: string;
  controller: AbortController;
  done: Promise<TurnOutcome>;
}

/** Creates a time-sortable turn id `t_<ms base36><random>`. */
export function newTurnId(): string {
  return `t_${Date.now().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
}

/**
 * Runs turns, one at a time per session. `start` returns at once with the turn id and a promise of the
 * outcome; events stream on the bus as `agent/event`. Interrupting aborts the stream or the running tool and
 * leaves the transcript consistent (every `function_call` gets an output).
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
  start(
    sessionId: string,
    user: MessageItem | null,
    opts: { resumeDecisions?: Map<string, ApprovalDecision> } = {},
  ): { turnId: string; done: Promise<TurnOutcome> } {
    if (this.running.has(sessionId)) {
      throw Object.assign(
        new Error(`A turn is already running in session ${sessionId}. Wait for it or interrupt it first.`),
        { code: 'conflict' },
      );
    }
    const turnId = newTurnId();
    const controller = new AbortController();
    const done = this.run(sessionId, turnId, user, controller.signal, opts.resumeDecisions ?? new Map()).finally(() =>
      this.running.delete(sessionId),
    );
    this.running.set(sessionId, { turnId, controller, done });
    return { turnId, done };
  }

  /** Interrupts the running turn of `sessionId`; resolves to false when none was running. */
  async interrupt(sessionId: string): Promise<boolean> {
    const running = this.running.get(sessionId);
    if (!running) return false;
    running.controller.abort(new Error('interrupted by the user'));
    this.deps.approvals.cancelSession(sessionId, 'The turn was interrupted.');
    await running.done.catch(() => undefined);
    return true;
  }

  /** Interrupts every running turn (runtime shutdown). */
  async interruptAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.interrupt(id)));
  }

  /** Forces compaction of a session now; resolves to a sentence saying what happened. */
  async compactNow(sessionId: string): Promise<string> {
    if (this.running.has(sessionId)) return 'A turn is running in this session; compact after it ends.';
    const loaded = await this.deps.sessions.load(sessionId);
    const entries: SeqItem[] = loaded.entries.map((e) => ({ seq: e.seq, item: e.item }));
    const compactions = [...loaded.compactions];
    const result = await this.compact(sessionId, newTurnId(), entries, compactions, 0, new AbortController().signal);
    return result ?? 'Nothing to compact yet: the conversation is too short.';
  }

  private emit(event: AgentEvent): void {
    this.deps.bus.emit('agent/event', event);
  }

  private async run(
    sessionId: string,
    turnId: string,
    user: MessageItem | null,
    signal: AbortSignal,
    resumeDecisions: Map<string, ApprovalDecision>,
  ): Promise<TurnOutcome> {
    const { sessions, log } = this.deps;
    const settings = this.deps.getSettings();
    let usage = zeroUsage;
    let toolRounds = 0;
    let lastText = '';
    let receipt: ContextReceiptEntry[] = [];
    const toolResults: ToolResultInfo[] = [];
    const finish = async (stopReason: StopReason, error?: { code: string; message: string }): Promise<TurnOutcome> => {
      await sessions.appendTurn(sessionId, {
        turn: turnId,
        at: new Date().toISOString(),
        stopReason,
        usage,
        toolRounds,
        model: settings.model,
        ...(error ? { error: error.message } : {}),
        receipt,
        ...(toolResults.length ? { toolResults } : {}),
      });
      await sessions.sync(sessionId);
      const summary = await sessions.summary(sessionId);
      if (error) this.emit({ type: 'error', sessionId, turnId, code: error.code, message: error.message });
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
      return { sessionId, turnId, stopReason, usage, toolRounds, text: lastText, ...(error ? { error } : {}) };
    };

    const loaded = await sessions.load(sessionId);
    const entries: SeqItem[] = loaded.entries.map((e) => ({ seq: e.seq, item: e.item }));
    const compactions = [...loaded.compactions];
    const append = async (items: SessionItem[]) => {
      const written = await sessions.appendItems(sessionId, turnId, items);
      for (const { seq, at, item } of written) {
        entries.push({ seq, item });
        this.emit({ type: 'item_added', sessionId, turnId, seq, at, item });
      }
    };

    this.emit({
      type: 'turn_started',
      sessionId,
      turnId,
      at: new Date().toISOString(),
      input: user ? userText(user) : '',
    });
    // Calls left without output (a crash, or a restart while approvals were pending) are settled first.
    // A call with a decision restored from disk runs now; any other was cut off by a stop and is never re-run blindly.
    for (const call of unansweredCalls(entries)) {
      if (resumeDecisions.has(call.call_id)) {
        const outcome = await runToolCalls(
          this.toolDeps(sessionId, turnId, signal, resumeDecisions, toolResults),
          [call],
          append,
          settings,
        );
        if (outcome.interrupted) return finish('interrupted');
      } else {
        await append([
          notRun(call, 'not run: Deskpilot stopped before this call finished; ask the user before trying it again'),
        ]);
      }
    }

    if (user) {
      await append([user]);
      // The first user message names a new session: tell the hosts now, not only when the turn ends.
      this.deps.bus.emit('session/updated', { sessionId, summary: await sessions.summary(sessionId) });
    }

    let adapter: ModelAdapter;
    try {
      adapter = this.deps.getAdapter();
    } catch (error) {
      return finish('error', { code: 'model_not_configured', message: (error as Error).message });
    }
    const instructions = buildInstructions(settings.persona, this.deps.promptSections());
    const effort = settings.reasoningEffort === 'none' ? undefined : (settings.reasoningEffort as ReasoningEffort);

    for (;;) {
      if (signal.aborted) return finish('interrupted');
      receipt = await this.deps.context.gather({
        sessionId,
        latestUserText: latestUserText(entries),
        cwd: this.deps.cwd(),
        signal,
      });
      this.emit({ type: 'context_gathered', sessionId, turnId, receipt });
      const tools = this.deps.tools.toModelSpecs();
      const contextTokens =
        receipt.reduce((sum, r) => sum + r.tokens, 0) + estimateTokens(instructions) + estimateJsonTokens(tools);
      try {
        const compacted = await this.compact(sessionId, turnId, entries, compactions, contextTokens, signal, true);
        if (compacted) log.info('compacted session', { sessionId });
      } catch (error) {
        if (signal.aborted) return finish('interrupted');
        log.warn('compaction failed; continuing with the full input', { error: (error as Error).message });
      }
      const input = buildInput(entries, compactions, contextMessage(receipt));
      const round = await runModelRound(
        adapter,
        { model: settings.model, instructions, input, tools, reasoningEffort: effort, sessionId, signal },
        {
          onTextDelta: (delta) => this.emit({ type: 'text_delta', sessionId, turnId, delta }),
          onReasoningDelta: (delta) => this.emit({ type: 'reasoning_delta', sessionId, turnId, delta }),
          onRetrying: (attempt, delayMs, reason) =>
            this.emit({ type: 'retrying', sessionId, turnId, attempt, delayMs, reason }),
        },
      );
      if (round.usage) usage = addUsage(usage, round.usage);
      if (round.error) {
        // Keep what completed and what streamed; drop calls that can no longer be answered consistently.
        const kept: SessionItem[] = round.items.filter((item) => item.type !== 'function_call');
        if (round.partialText) kept.push(assistantText(round.partialText));
        if (kept.length) await append(kept);
        lastText = round.partialText || lastText;
        if (round.error.code === 'aborted' || signal.aborted) return finish('interrupted');
        return finish('error', { code: round.error.code, message: round.error.message });
      }
      if (round.partialText) round.items.push(assistantText(round.partialText));
      uniqueCallIds(round.toolCalls, entries);
      await append(round.items);
      const finalMessage = [...round.items].reverse().find((i): i is MessageItem => i.type === 'message');
      if (finalMessage) lastText = userText(finalMessage);
      if (round.toolCalls.length === 0) return finish(round.incomplete ? 'incomplete' : 'completed');
      if (toolRounds >= settings.maxToolRounds) {
        await append(
          round.toolCalls.map((call) =>
            notRun(
              call,
              `not run: the turn reached its limit of ${settings.maxToolRounds} tool rounds (setting maxToolRounds)`,
            ),
          ),
        );
        return finish('max_tool_rounds', {
          code: 'max_tool_rounds',
          message: `The turn stopped after ${settings.maxToolRounds} tool rounds. Send a message to continue, or raise maxToolRounds.`,
        });
      }
      toolRounds++;
      const outcome = await runToolCalls(
        this.toolDeps(sessionId, turnId, signal, resumeDecisions, toolResults),
        round.toolCalls,
        append,
        settings,
      );
      if (outcome.interrupted) return finish('interrupted');
    }
  }

  private toolDeps(
    sessionId: string,
    turnId: string,
    signal: AbortSignal,
    resumeDecisions: Map<string, ApprovalDecision>,
    results: ToolResultInfo[],
  ) {
    return {
      results,
      sessionId,
      turnId,
      signal,
      policy: this.policyFor(sessionId),
      resumeDecisions,
      tools: this.deps.tools,
      approvals: this.deps.approvals,
      grants: this.deps.grants,
      emit: (event: AgentEvent) => this.emit(event),
      bus: this.deps.bus,
      cwd: this.deps.cwd(),
      log: this.deps.log,
      automation: this.deps.automation,
    };
  }

  /**
   * Compacts when forced or when the estimated input exceeds the threshold; mutates `compactions`.
   * Resolves to a sentence describing the compaction, or null when nothing was done.
   */
  private async compact(
    sessionId: string,
    turnId: string,
    entries: SeqItem[],
    compactions: { at: string; turnId: string; upToSeq: number; summary: string }[],
    extraTokens: number,
    signal: AbortSignal,
    onlyIfNeeded = false,
  ): Promise<string | null> {
    const settings = this.deps.getSettings();
    const budget = settings.contextBudgetTokens;
    const previous = latestCompaction(compactions);
    const visible = previous ? entries.filter((e) => e.seq > previous.upToSeq) : entries;
    const estimate = extraTokens + visible.reduce((sum, e) => sum + estimateItemTokens(e.item), 0);
    if (onlyIfNeeded && estimate < budget * settings.compactionThreshold) return null;
    // Automatic: keep the newest turns within 30% of the budget. /compact: keep only the latest turn.
    const upToSeq = chooseCompactionPoint(visible, onlyIfNeeded ? Math.floor(budget * 0.3) : 0);
    if (upToSeq === null) return null;
    const toSummarize = visible.filter((e) => e.seq <= upToSeq).map((e) => e.item);
    if (toSummarize.length === 0) return null;
    const gain = toSummarize.reduce((sum, item) => sum + estimateItemTokens(item), 0);
    if (!onlyIfNeeded && gain < MIN_COMPACTION_GAIN_TOKENS)
      return `Nothing to gain from compacting: the earlier part of this chat is only about ${gain} tokens of the ${budget}-token context budget, so a summary would not be shorter.`;
    const { summary } = await summarize(this.deps.getAdapter(), {
      model: settings.model,
      items: toSummarize,
      previousSummary: previous?.summary,
      budgetTokens: budget,
      signal,
    });
    const record = { at: new Date().toISOString(), turnId, upToSeq, summary };
    await this.deps.sessions.appendCompaction(sessionId, { turn: turnId, at: record.at, upToSeq, summary });
    compactions.push(record);
    this.emit({
      type: 'compacted',
      sessionId,
      turnId,
      upToSeq,
      summarizedItems: toSummarize.length,
      summaryTokens: estimateTokens(summary),
    });
    return `Compacted ${toSummarize.length} earlier ${toSummarize.length === 1 ? 'item' : 'items'} into a summary of about ${estimateTokens(summary)} tokens.`;
  }
}

/**
 * Some OpenAI-compatible servers reuse call ids (`call_1` in every response); the Responses input and the UI need
 * them unique per session, so a repeated id gets a `_2`, `_3`… suffix before the call is stored or run.
 */
export function uniqueCallIds(calls: FunctionCallItem[], entries: readonly SeqItem[]): void {
  const used = new Set<string>();
  for (const entry of entries) if (entry.item.type === 'function_call') used.add(entry.item.call_id);
  for (const call of calls) {
    let id = call.call_id;
    for (let n = 2; used.has(id); n++) id = `${call.call_id}_${n}`;
    call.call_id = id;
    used.add(id);
  }
}

function assistantText(text: string): MessageItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] };
}

function userText(message: MessageItem): string {
  return message.content.map((part) => ('text' in part ? part.text : '')).join('');
}

/** A `function_call_output` for a call that was never run. */
export function notRun(call: FunctionCallItem, reason: string): SessionItem {
  return { type: 'function_call_output', call_id: call.call_id, output: reason };
}
