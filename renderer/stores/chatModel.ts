// Pure state of the open chat: transcript entries plus live turn state, and the reducer that applies AgentEvents.
import type {
  AgentEvent,
  AllowedBy,
  CompactionMarker,
  ContextReceiptEntry,
  Risk,
  SessionDetail,
  StopReason,
  ToolResultInfo,
  TranscriptEntry,
  TurnInfo,
  Usage,
} from '../../preload/contract';
import { functionOutputImages, functionOutputText, type FunctionCallOutputItem } from '../../preload/contract/items';

/**
 * Where a tool call stands: `running` / `approval` while live, a finished call's result status as the runtime
 * reports it (`ok`, `error`, `denied`, `invalid`, `aborted`, `timeout`), or `interrupted` when no output was ever
 * recorded and the turn is over.
 */
export type ToolStatus = 'running' | 'approval' | 'interrupted' | ToolResultInfo['status'];

/** One tool call as its card shows it. `durationMs` (ms) is known for calls seen live or recorded in the turn's results. */
export interface ToolView {
  callId: string;
  turnId: string;
  name: string;
  /** Raw JSON argument string exactly as the model sent it. */
  arguments: string;
  risk?: Risk;
  status: ToolStatus;
  output?: string;
  /** Images the tool returned (screenshots), as `data:` URLs. */
  images?: string[];
  /** The tool's own run time (ms), after any wait for approval. */
  durationMs?: number;
  /** How long (ms) the call waited for the user's approval, when the user was asked. */
  approvalWaitMs?: number;
  /** Why the call ran without asking (a rule, a session grant, the policy); absent when the user was asked. */
  allowedBy?: AllowedBy;
}

/** What the UI knows about one turn. `partial*` keeps streamed text that never became an item (e.g. interrupted). */
export interface TurnView {
  turnId: string;
  startedAt?: string;
  /** The user's input as `turn_started` reported it; shown until (unless) the user message item arrives. */
  input?: string;
  usage?: Usage;
  stopReason?: StopReason;
  error?: { code: string; message: string };
  receipt?: ContextReceiptEntry[];
  retrying?: { attempt: number; delayMs: number; reason: string };
  partialText?: string;
  partialReasoning?: string;
}

/** A local note in the chat, e.g. a slash command's output. `afterSeq` = last transcript seq when it was added. */
export interface SystemNote {
  id: string;
  afterSeq: number;
  at: string;
  text: string;
  tone: 'info' | 'error';
}

/** Text and reasoning streaming in for the active turn, before they become items. */
export interface Draft {
  turnId: string;
  text: string;
  reasoning: string;
}

/** The whole chat state for one session. `entries` are sorted by `seq` and unique. */
export interface ChatModel {
  sessionId: string | null;
  entries: TranscriptEntry[];
  turns: Record<string, TurnView>;
  /** Turn ids in the order they started. */
  turnOrder: string[];
  tools: Record<string, ToolView>;
  compactions: CompactionMarker[];
  notes: SystemNote[];
  running: boolean;
  activeTurnId: string | null;
  draft: Draft | null;
  sessionUsage: Usage | null;
  warnings: string[];
  /**
   * Entries with a seq below this one exist but are not loaded yet (the chat was opened from its tail and older
   * pages are still coming); null when `entries` holds the whole transcript.
   */
  historyBefore: number | null;
}

/** The state of a blank chat (no session yet). */
export function emptyChat(sessionId: string | null = null): ChatModel {
  return {
    sessionId,
    entries: [],
    turns: {},
    turnOrder: [],
    tools: {},
    compactions: [],
    notes: [],
    running: false,
    activeTurnId: null,
    draft: null,
    sessionUsage: null,
    warnings: [],
    historyBefore: null,
  };
}

/** The tool results recorded in `turns`, by call id. */
export function toolResultsOf(turns: readonly TurnInfo[]): Map<string, ToolResultInfo> {
  const results = new Map<string, ToolResultInfo>();
  for (const t of turns) for (const r of t.toolResults ?? []) results.set(r.callId, r);
  return results;
}

/**
 * Tool views for the function calls among `entries` (in seq order). Each pairs with its output found in `entries`
 * or, failing that, in `later` (entries loaded before, with higher seqs); one without output is `running` when
 * `running`, else `interrupted`. A recorded result in `results` gives the status, duration and risk (an output
 * without a recorded result counts as `ok`).
 */
export function toolViewsFrom(
  entries: readonly TranscriptEntry[],
  results: ReadonlyMap<string, ToolResultInfo>,
  running: boolean,
  later: readonly TranscriptEntry[] = [],
): Record<string, ToolView> {
  const tools: Record<string, ToolView> = {};
  const pair = (e: TranscriptEntry) => {
    if (e.item.type !== 'function_call_output') return;
    const t = tools[e.item.call_id];
    if (t) tools[e.item.call_id] = { ...t, status: 'ok', ...outputView(e.item.output) };
  };
  for (const e of entries) {
    if (e.item.type === 'function_call') {
      tools[e.item.call_id] = {
        callId: e.item.call_id,
        turnId: e.turnId,
        name: e.item.name,
        arguments: e.item.arguments,
        status: running ? 'running' : 'interrupted',
      };
    } else pair(e);
  }
  if (later.length > 0 && Object.values(tools).some((t) => t.output === undefined)) {
    for (const e of later)
      if (e.item.type === 'function_call_output' && tools[e.item.call_id]?.output === undefined) pair(e);
  }
  for (const [callId, t] of Object.entries(tools)) {
    const r = results.get(callId);
    if (r)
      tools[callId] = {
        ...t,
        status: r.status,
        durationMs: r.durationMs,
        ...(r.approvalWaitMs !== undefined ? { approvalWaitMs: r.approvalWaitMs } : {}),
        risk: r.risk ?? t.risk,
        ...(r.allowedBy ? { allowedBy: r.allowedBy } : {}),
      };
  }
  return tools;
}

/**
 * Builds the chat state from `session/get`. Tool calls pair with their outputs by `call_id`; a call without
 * output is `running` while the session runs and `interrupted` otherwise. The turns' `toolResults` give finished
 * calls their status, duration and risk (an output without a recorded result counts as `ok`). A detail fetched
 * with `tail` that lacks older entries (`totalEntries` above the entries returned) sets `historyBefore`. The
 * session's kept command outputs (`notes`) become the chat's notes.
 */
export function chatFromDetail(detail: SessionDetail): ChatModel {
  const model = emptyChat(detail.summary.id);
  const entries = [...detail.entries].sort((a, b) => a.seq - b.seq);
  const tools = toolViewsFrom(entries, toolResultsOf(detail.turns), detail.running);
  const partial = detail.totalEntries !== undefined && detail.totalEntries > entries.length;
  const turns: Record<string, TurnView> = {};
  const turnOrder: string[] = [];
  for (const t of detail.turns) {
    turns[t.turnId] = {
      turnId: t.turnId,
      startedAt: t.at,
      usage: t.usage,
      stopReason: t.stopReason,
      receipt: t.receipt,
      error: t.error ? { code: t.stopReason, message: t.error } : undefined,
    };
    turnOrder.push(t.turnId);
  }
  return {
    ...model,
    entries,
    tools,
    turns,
    turnOrder,
    compactions: detail.compactions,
    // Command outputs kept in the session file come back as notes where they ran.
    notes: detail.notes.map((n) => ({
      id: `note-${n.afterSeq}-${n.at}`,
      afterSeq: n.afterSeq,
      at: n.at,
      text: n.text,
      tone: 'info' as const,
    })),
    running: detail.running,
    sessionUsage: detail.summary.usage,
    warnings: detail.warnings,
    historyBefore: partial ? (entries[0]?.seq ?? null) : null,
  };
}

/** Highest transcript seq, 0 when empty. */
export function lastSeq(model: ChatModel): number {
  return model.entries.length ? model.entries[model.entries.length - 1]!.seq : 0;
}

function withTurn(model: ChatModel, turnId: string, patch: (t: TurnView) => TurnView): ChatModel {
  const existing = model.turns[turnId];
  const turnOrder = existing ? model.turnOrder : [...model.turnOrder, turnId];
  return { ...model, turnOrder, turns: { ...model.turns, [turnId]: patch(existing ?? { turnId }) } };
}

function withTool(model: ChatModel, callId: string, make: (t: ToolView | undefined) => ToolView): ChatModel {
  return { ...model, tools: { ...model.tools, [callId]: make(model.tools[callId]) } };
}

function insertEntry(entries: TranscriptEntry[], entry: TranscriptEntry): TranscriptEntry[] | null {
  const last = entries[entries.length - 1];
  if (!last || entry.seq > last.seq) return [...entries, entry];
  if (entries.some((e) => e.seq === entry.seq)) return null;
  return [...entries, entry].sort((a, b) => a.seq - b.seq);
}

function clearDraft(model: ChatModel, turnId: string, field: 'text' | 'reasoning'): ChatModel {
  if (!model.draft || model.draft.turnId !== turnId || model.draft[field] === '') return model;
  return { ...model, draft: { ...model.draft, [field]: '' } };
}

function appendDraft(model: ChatModel, turnId: string, field: 'text' | 'reasoning', delta: string): ChatModel {
  const base: Draft = model.draft && model.draft.turnId === turnId ? model.draft : { turnId, text: '', reasoning: '' };
  return { ...model, running: true, activeTurnId: turnId, draft: { ...base, [field]: base[field] + delta } };
}

/**
 * Applies one AgentEvent of this chat's session (events of other sessions return `model` unchanged).
 * Items keep the runtime's time (`item_added.at`); `now` (ISO 8601) only stamps compaction markers, whose event
 * carries no time. Replayed items (same `seq`) are ignored, so applying an event twice is harmless.
 */
export function applyAgentEvent(model: ChatModel, event: AgentEvent, now: string): ChatModel {
  if (event.sessionId !== model.sessionId) return model;
  const { turnId } = event;
  switch (event.type) {
    case 'turn_started': {
      const next = withTurn(model, turnId, (t) => ({
        ...t,
        startedAt: event.at,
        input: event.input,
        error: undefined,
      }));
      return { ...next, running: true, activeTurnId: turnId, draft: { turnId, text: '', reasoning: '' } };
    }
    case 'turn_resumed': {
      // A parked turn continues after its decision: it runs again under the same turn id.
      const next = withTurn(model, turnId, (t) => ({ ...t, stopReason: undefined, error: undefined }));
      return { ...next, running: true, activeTurnId: turnId, draft: { turnId, text: '', reasoning: '' } };
    }
    case 'context_gathered':
      return withTurn(model, turnId, (t) => ({ ...t, receipt: event.receipt }));
    case 'text_delta':
      return appendDraft(model, turnId, 'text', event.delta);
    case 'reasoning_delta':
      return appendDraft(model, turnId, 'reasoning', event.delta);
    case 'item_added': {
      const item = event.item;
      let next = model;
      const entries = insertEntry(model.entries, { seq: event.seq, at: event.at, turnId, item });
      if (entries) next = { ...next, entries };
      if (item.type === 'message' && item.role === 'assistant') next = clearDraft(next, turnId, 'text');
      if (item.type === 'reasoning') next = clearDraft(next, turnId, 'reasoning');
      if (item.type === 'function_call') {
        next = withTool(
          next,
          item.call_id,
          (t) => t ?? { callId: item.call_id, turnId, name: item.name, arguments: item.arguments, status: 'running' },
        );
      }
      if (item.type === 'function_call_output') {
        next = withTool(next, item.call_id, (t) => {
          const base: ToolView = t ?? { callId: item.call_id, turnId, name: 'tool', arguments: '', status: 'running' };
          const status =
            base.status === 'running' || base.status === 'approval' || base.status === 'interrupted'
              ? 'ok'
              : base.status;
          const view = outputView(item.output);
          return {
            ...base,
            status,
            output: base.output ?? view.output,
            ...(view.images ? { images: view.images } : {}),
          };
        });
      }
      return next;
    }
    case 'tool_call_requested':
      return withTool(model, event.callId, (t) => ({
        callId: event.callId,
        turnId,
        name: event.name,
        arguments: event.arguments,
        risk: event.risk ?? t?.risk,
        status: t && t.status !== 'running' ? t.status : 'running',
        output: t?.output,
        images: t?.images,
        durationMs: t?.durationMs,
      }));
    case 'approval_requested': {
      const a = event.approval;
      return withTool(model, a.callId, (t) => ({
        ...(t ?? { callId: a.callId, turnId, name: a.tool, arguments: JSON.stringify(a.arguments) }),
        risk: a.risk,
        status: 'approval',
      }));
    }
    case 'approval_decided':
      return withTool(model, event.callId, (t) => ({
        ...(t ?? { callId: event.callId, turnId, name: 'tool', arguments: '' }),
        status: event.decision.type === 'deny' ? 'denied' : 'running',
      }));
    case 'tool_output':
      return withTool(model, event.callId, (t) => ({
        ...(t ?? { callId: event.callId, turnId, name: event.name, arguments: '' }),
        status: event.status,
        output: event.output,
        durationMs: event.durationMs,
        ...(event.approvalWaitMs !== undefined ? { approvalWaitMs: event.approvalWaitMs } : {}),
        ...(event.allowedBy ? { allowedBy: event.allowedBy } : {}),
      }));
    case 'retrying':
      return withTurn(model, turnId, (t) => ({
        ...t,
        retrying: { attempt: event.attempt, delayMs: event.delayMs, reason: event.reason },
      }));
    case 'compacted': {
      if (model.compactions.some((c) => c.upToSeq === event.upToSeq)) return model;
      const marker: CompactionMarker = { at: now, turnId, upToSeq: event.upToSeq, summary: '' };
      return { ...model, compactions: [...model.compactions, marker] };
    }
    case 'turn_completed': {
      const draft = model.draft && model.draft.turnId === turnId ? model.draft : null;
      let next = withTurn(model, turnId, (t) => ({
        ...t,
        usage: event.usage,
        stopReason: event.stopReason,
        retrying: undefined,
        partialText: draft?.text || undefined,
        partialReasoning: draft?.reasoning || undefined,
      }));
      const tools = { ...next.tools };
      const parked = event.stopReason === 'awaiting_approval';
      for (const [id, t] of Object.entries(tools)) {
        if (t.turnId === turnId && (t.status === 'running' || (t.status === 'approval' && !parked)))
          tools[id] = { ...t, status: 'interrupted' };
      }
      next = { ...next, tools, sessionUsage: event.sessionUsage, draft: draft ? null : next.draft };
      if (next.activeTurnId === turnId || next.activeTurnId === null)
        next = { ...next, running: false, activeTurnId: null };
      return next;
    }
    case 'error': {
      const next = withTurn(model, turnId, (t) => ({
        ...t,
        error: { code: event.code, message: event.message },
        retrying: undefined,
      }));
      return next.activeTurnId === turnId ? { ...next, running: false } : next;
    }
  }
}

/** Applies a batch of events in order (one store update per animation frame). */
export function applyAgentEvents(model: ChatModel, events: readonly AgentEvent[], now: string): ChatModel {
  let next = model;
  for (const e of events) next = applyAgentEvent(next, e, now);
  return next;
}

/** Adds a local system note after the current end of the transcript. */
export function addNote(model: ChatModel, note: Omit<SystemNote, 'afterSeq'>): ChatModel {
  return { ...model, notes: [...model.notes, { ...note, afterSeq: lastSeq(model) }] };
}

/** A tool output as the card shows it: its text, and its images (data: URLs) when it has any. */
function outputView(output: FunctionCallOutputItem['output']): { output: string; images?: string[] } {
  const images = functionOutputImages(output);
  return { output: functionOutputText(output), ...(images.length > 0 ? { images } : {}) };
}
