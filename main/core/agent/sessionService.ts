// The session service: send, retry, interrupt, and parked turns resumed by decisions (live or after a restart).
import type { Attachment } from '../../../preload/contract/channels';
import type { FunctionCallItem } from '../../../preload/contract/items';
import type { TurnCompletedInfo } from '../../../plugins/sdk';
import type { Logger } from '../../../plugins/sdk/types';
import type { ApprovalBroker, DecidedApproval } from '../approvals/broker';
import { parseSlashCommand, type CommandRegistry } from '../commands/registry';
import { prepareAttachments } from '../documents/attachments';
import type { PluginHost } from '../plugins/host';
import type { SessionStore } from '../sessions/store';
import { unknownOutcome, type RunningCall } from '../tools/callJournal';
import { SerialQueue } from '../util/serialQueue';
import type { EventBus } from './events';
import { unansweredCalls } from './input';
import { notRun, type AgentLoop } from './loop';
import { TurnRecorder, type TurnOutcome } from './turnRecorder';
import { migrateLegacyApprovals, type TurnState, type TurnStateStore } from './turnState';
import { userMessage } from './userMessage';

/** The result of sending a message: a started turn, or the output of a slash command ('' = no session). */
export interface SendResult {
  sessionId: string;
  turnId: string | null;
  commandOutput?: string;
  /**
   * Resolves when the turn ends for good (absent for slash commands): a parked turn (`awaiting_approval`) is followed
   * through its resumption in this process; when the runtime closes first, it resolves with `awaiting_approval`.
   */
  done?: Promise<TurnOutcome>;
}

/** What {@link SessionService} needs; the runtime assembles it. */
export interface SessionServiceDeps {
  home: string;
  sessions: SessionStore;
  loop: AgentLoop;
  approvals: ApprovalBroker;
  turnStates: TurnStateStore;
  commands: CommandRegistry;
  plugins: PluginHost;
  bus: EventBus;
  log: Logger;
  /** The model name recorded on turn records written here (an abandoned parked turn). */
  model(): string;
}

/** Someone waiting for a parked turn to end for good. */
interface Follower {
  resolve(outcome: TurnOutcome): void;
  parked: TurnOutcome;
}

/**
 * Starts and ends turns for every host. One mechanism for decisions: the approval broker reports a settled approval,
 * the parked turn's {@link TurnState} records it, and the loop resumes the turn with it; the same path serves a
 * live decision, one made after a restart ({@link restore}) and a timeout. Work on one session runs one step at a
 * time (a decision, a new message and an interrupt never interleave).
 */
export class SessionService {
  private readonly queues = new Map<string, SerialQueue>();
  private readonly followers = new Map<string, Follower>();
  private readonly turnListeners = new Set<(info: TurnCompletedInfo) => void>();
  private readonly offDecided: () => void;

  constructor(private readonly deps: SessionServiceDeps) {
    this.offDecided = deps.approvals.onDecided((decided) => this.decided(decided));
  }

  /** Calls `listener` after each turn that completes (plugins' `events.onTurnCompleted`); returns an unsubscribe. */
  onTurnCompleted(listener: (info: TurnCompletedInfo) => void): () => void {
    this.turnListeners.add(listener);
    return () => this.turnListeners.delete(listener);
  }

  /**
   * Records the outcome of calls a crashed runtime left running (tools/callJournal.ts orphans): each still without
   * output gets "started, outcome unknown" (never "not run"). Call before {@link restore}.
   */
  async settleOrphans(orphans: readonly RunningCall[]): Promise<void> {
    const { sessions, bus } = this.deps;
    for (const call of orphans) {
      if (!(await sessions.exists(call.sessionId))) continue;
      const waiting = unansweredCalls((await sessions.load(call.sessionId)).entries);
      if (!waiting.some((c) => c.call_id === call.callId)) continue;
      const output = { type: 'function_call_output' as const, call_id: call.callId, output: unknownOutcome(call) };
      for (const { seq, at, item } of await sessions.appendItems(call.sessionId, call.turnId, [output]))
        bus.emit('agent/event', { type: 'item_added', sessionId: call.sessionId, turnId: call.turnId, seq, at, item });
    }
  }

  /**
   * Brings back the parked turns after a start: migrates a legacy `pending-approvals.json` once, gives each parked
   * approval back to the broker (one that expired while Deskpilot was down is denied by timeout at once, and its turn
   * resumes with that denial), and resumes turns whose decision was recorded but not yet acted on. A parked turn of
   * a session that no longer exists is removed.
   */
  async restore(): Promise<void> {
    const { sessions, turnStates, log } = this.deps;
    const unanswered = async (id: string): Promise<FunctionCallItem[]> =>
      unansweredCalls((await sessions.load(id)).entries);
    await migrateLegacyApprovals(this.deps.home, turnStates, unanswered, log).catch((error: Error) =>
      log.error(`Could not migrate the legacy pending approvals: ${error.message}`),
    );
    for (const state of await turnStates.list()) {
      if (!(await sessions.exists(state.sessionId))) {
        await turnStates.remove(state.sessionId);
        continue;
      }
      if (state.decision) void this.inSession(state.sessionId, async () => this.resume(state));
      else this.deps.approvals.restore(state.approval);
    }
  }

  /**
   * Sends a user message or slash command to a session (null = a new session). A turn parked in the session is
   * ended first: its waiting calls are recorded as not run. Rejects with `code = 'conflict'` when a turn is running.
   */
  async send(params: { sessionId: string | null; text: string; attachments?: Attachment[] }): Promise<SendResult> {
    const { sessionId, text, attachments = [] } = params;
    const { commands, plugins, sessions, loop } = this.deps;
    const command = attachments.length === 0 ? parseSlashCommand(text) : null;
    // A lazy plugin's commands exist once it is active. A near miss of a known command (`/modle`) is a typo, not a
    // message for the model: the registry answers it with the closest names. Any other `/word` goes to the model.
    if (command && !commands.has(command.name)) await plugins.ensureAllActive();
    if (command && (commands.has(command.name) || commands.closest(command.name).length > 0)) {
      const result = await commands.run(command.name, {
        sessionId,
        args: command.args,
        signal: new AbortController().signal,
      });
      // The output stays in the chat it ran in (a reload shows it again); a command that opened another chat
      // (/new, /resume) or ran with none leaves nothing behind.
      if (sessionId && !result.switchToSession && result.text && (await sessions.exists(sessionId))) {
        await sessions
          .appendNote(sessionId, { command: command.name, text: result.text })
          .catch((error: Error) => this.deps.log.warn('a command output could not be kept', { error: error.message }));
      }
      return { sessionId: result.switchToSession ?? sessionId ?? '', turnId: null, commandOutput: result.text };
    }
    await plugins.ensureAllActive();
    // Attached documents (PDF, Office, EPUB) go to the model as their extracted text, extracted off the event loop.
    const prepared = await prepareAttachments(attachments, new AbortController().signal);
    const id = sessionId ?? (await sessions.create()).id;
    if (sessionId) await sessions.resolve(sessionId);
    return this.inSession(id, async () => {
      await this.abandonParked(id, 'A new message was sent before this approval was answered.');
      return this.track(id, text, loop.start(id, userMessage(text, prepared)));
    });
  }

  /** Re-runs the last turn of a session from its last user message (after an error). */
  async retry(sessionId: string): Promise<SendResult> {
    const loaded = await this.deps.sessions.load(sessionId);
    if (!loaded.entries.some((e) => e.item.type === 'message' && e.item.role === 'user')) {
      throw Object.assign(new Error(`Session ${sessionId} has no user message to retry.`), { code: 'not_found' });
    }
    return this.inSession(sessionId, async () => {
      await this.abandonParked(sessionId, 'The turn was retried before this approval was answered.');
      // The user's message is already in the transcript: continue from it instead of storing it again.
      return this.track(sessionId, '', this.deps.loop.start(sessionId, null));
    });
  }

  /**
   * Interrupts the session's turn: a running one is aborted, a parked one ends `interrupted` with its waiting calls
   * recorded as not run. Resolves to false when the session had neither.
   */
  async interrupt(sessionId: string): Promise<boolean> {
    if (await this.deps.loop.interrupt(sessionId)) return true;
    return this.inSession(sessionId, () => this.abandonParked(sessionId, 'The turn was interrupted by the user.'));
  }

  /** The parked turn of `sessionId`, or null. */
  parked(sessionId: string): Promise<TurnState | null> {
    return this.deps.turnStates.read(sessionId);
  }

  /**
   * Stops following parked turns (the runtime closes): their `done` promises resolve with `awaiting_approval`; the
   * parked turns stay on disk for the next start. Resolves when queued session work has finished.
   */
  async close(): Promise<void> {
    this.offDecided();
    for (const follower of this.followers.values()) follower.resolve(follower.parked);
    this.followers.clear();
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
  }

  private inSession<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(sessionId);
    if (!queue) this.queues.set(sessionId, (queue = new SerialQueue()));
    return queue.run(task);
  }

  /** A settled approval: announce it, record it on the parked turn, and resume the turn. */
  private decided({ approval, decision, decidedBy }: DecidedApproval): void {
    const { sessionId, callId, turnId } = approval;
    this.deps.bus.emit('agent/event', { type: 'approval_decided', sessionId, turnId, callId, decision, decidedBy });
    this.deps.bus.emit('approval/resolved', { callId, sessionId });
    void this.inSession(sessionId, async () => {
      // The turn may still be finishing its park.
      await this.deps.loop.settled(sessionId);
      const state = await this.deps.turnStates.read(sessionId);
      if (!state || state.approval.callId !== callId || state.decision) return;
      const recorded: TurnState = { ...state, decision: { decision, decidedBy, at: new Date().toISOString() } };
      await this.deps.turnStates.save(recorded);
      this.resume(recorded);
    }).catch((error: Error) =>
      this.deps.log.error(`Could not resume the turn waiting on call ${callId}: ${error.message}`, { sessionId }),
    );
  }

  /** Resumes a parked turn whose decision is recorded. */
  private resume(state: TurnState): void {
    const { decision, decidedBy } = state.decision!;
    const waitMs = Math.max(0, Date.now() - Date.parse(state.approval.requestedAt));
    const started = this.deps.loop.resume(state, { decision, decidedBy, waitMs });
    const follower = this.followers.get(state.turnId);
    this.followers.delete(state.turnId);
    this.follow(state.sessionId, state.userText, started.done, follower?.resolve ?? (() => undefined));
  }

  /** Ends the session's parked turn (if any) without running its calls; resolves to whether there was one. */
  private async abandonParked(sessionId: string, reason: string): Promise<boolean> {
    const { turnStates, sessions, approvals, bus } = this.deps;
    const state = await turnStates.read(sessionId);
    if (!state) return false;
    await turnStates.remove(sessionId);
    approvals.cancelSession(sessionId, reason);
    const rec = new TurnRecorder({ sessions, bus, model: this.deps.model() }, sessionId, state.turnId, state);
    const waiting = new Set(unansweredCalls((await sessions.load(sessionId)).entries).map((c) => c.call_id));
    const outputs = state.calls.filter((c) => waiting.has(c.call_id)).map((c) => notRun(c, `not run: ${reason}`));
    for (const { seq, at, item } of await sessions.appendItems(sessionId, state.turnId, outputs))
      rec.emit({ type: 'item_added', sessionId, turnId: state.turnId, seq, at, item });
    const outcome = await rec.finish('interrupted');
    const follower = this.followers.get(state.turnId);
    this.followers.delete(state.turnId);
    follower?.resolve(outcome);
    return true;
  }

  private track(sessionId: string, userText: string, started: { turnId: string; done: Promise<TurnOutcome> }) {
    const done = new Promise<TurnOutcome>((resolve) => this.follow(sessionId, userText, started.done, resolve));
    return { sessionId, turnId: started.turnId, done } satisfies SendResult;
  }

  /** Follows a turn until it ends for good; tells the turn listeners when it completed. */
  private follow(
    sessionId: string,
    userText: string,
    running: Promise<TurnOutcome>,
    resolve: (outcome: TurnOutcome) => void,
  ): void {
    running.then(
      (outcome) => {
        if (outcome.stopReason === 'awaiting_approval') {
          this.followers.set(outcome.turnId, { resolve, parked: outcome });
          return;
        }
        if (outcome.stopReason === 'completed') this.notifyCompleted(sessionId, userText, outcome);
        resolve(outcome);
      },
      (error: unknown) => this.deps.log.error('turn failed unexpectedly', { error, sessionId }),
    );
  }

  private notifyCompleted(sessionId: string, userText: string, outcome: TurnOutcome): void {
    for (const listener of this.turnListeners) {
      try {
        listener({ sessionId, turnId: outcome.turnId, userText, assistantText: outcome.text, usage: outcome.usage });
      } catch (error) {
        this.deps.log.warn('a turn listener threw', { error });
      }
    }
  }
}
