// Pure projection of a ChatModel (plus pending approvals) into the flat row list the virtualized transcript renders.
import type { CompactionMarker, PendingApproval, TranscriptEntry, Usage } from '../../preload/contract';
import type { ChatModel, SystemNote, ToolView, TurnView } from './chatModel';

/** One row of the transcript. Payload objects keep their identity across rebuilds so memoized rows skip work. */
export type TranscriptRow =
  | { kind: 'user'; key: string; entry: TranscriptEntry }
  | { kind: 'pendingUser'; key: string; text: string }
  | { kind: 'assistant'; key: string; entry: TranscriptEntry }
  | { kind: 'reasoning'; key: string; entry: TranscriptEntry }
  | { kind: 'tool'; key: string; tool: ToolView; approval: PendingApproval | undefined }
  | {
      kind: 'stream';
      key: string;
      turnId: string;
      text: string;
      reasoning: string;
      live: boolean;
      retrying: TurnView['retrying'];
    }
  | { kind: 'compaction'; key: string; marker: CompactionMarker }
  | { kind: 'note'; key: string; note: SystemNote }
  | { kind: 'error'; key: string; turn: TurnView; canRetry: boolean }
  | { kind: 'usage'; key: string; turn: TurnView }
  | { kind: 'approval'; key: string; approval: PendingApproval };

interface Group {
  turnId: string;
  entries: TranscriptEntry[];
}

function groupByTurn(entries: readonly TranscriptEntry[]): Group[] {
  const groups: Group[] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    if (last && last.turnId === e.turnId) last.entries.push(e);
    else groups.push({ turnId: e.turnId, entries: [e] });
  }
  return groups;
}

/** True when the server reported token counts (a turn that failed early, or a server without usage, has all zeros). */
export function usageKnown(usage: Usage | undefined): usage is Usage {
  return !!usage && (usage.totalTokens > 0 || usage.inputTokens > 0 || usage.outputTokens > 0);
}

/** A turn gets a usage row when its token counts are known, or it was stopped or ended at a limit (the row says which). */
function showsUsageRow(turn: TurnView): boolean {
  return (
    usageKnown(turn.usage) ||
    turn.stopReason === 'interrupted' ||
    turn.stopReason === 'max_tool_rounds' ||
    turn.stopReason === 'incomplete'
  );
}

/**
 * Puts the turns of `turnOrder` that recorded no item (e.g. a retry that failed before the model answered) among
 * `groups` where they started: before the first later-started turn with items, so a failed retry stays above the
 * retry that succeeded after it. Groups of turns missing from `turnOrder` keep their place; `skip` leaves turns out.
 */
function withItemlessTurns(groups: Group[], turnOrder: readonly string[], skip: (turnId: string) => boolean): Group[] {
  const order = new Map(turnOrder.map((id, i) => [id, i]));
  const seen = new Set(groups.map((g) => g.turnId));
  const itemless = turnOrder.filter((id) => !seen.has(id) && !skip(id));
  if (itemless.length === 0) return groups;
  const out: Group[] = [];
  let next = 0;
  for (const group of groups) {
    const at = order.get(group.turnId);
    if (at !== undefined)
      while (next < itemless.length && order.get(itemless[next]!)! < at)
        out.push({ turnId: itemless[next++]!, entries: [] });
    out.push(group);
  }
  while (next < itemless.length) out.push({ turnId: itemless[next++]!, entries: [] });
  return out;
}

function entryRow(
  entry: TranscriptEntry,
  model: ChatModel,
  approvals: ReadonlyMap<string, PendingApproval>,
): TranscriptRow | null {
  const key = `e${entry.seq}`;
  const item = entry.item;
  switch (item.type) {
    case 'message':
      if (item.role === 'user') return { kind: 'user', key, entry };
      if (item.role === 'assistant') return { kind: 'assistant', key, entry };
      return null;
    case 'reasoning':
      return item.summary.length || item.content?.length ? { kind: 'reasoning', key, entry } : null;
    case 'function_call': {
      const tool = model.tools[item.call_id];
      if (!tool) return null;
      return { kind: 'tool', key: `t${item.call_id}`, tool, approval: approvals.get(item.call_id) };
    }
    case 'function_call_output':
      return null;
  }
}

/**
 * Flattens the chat into rows, turn by turn: the user's input (or a pending copy from `turn_started`), items
 * in seq order (outputs fold into their tool card), the live stream, any partial text left by an interrupted turn,
 * an error with Retry on the latest turn, and the turn's usage (when known). Turns without items (a retry that failed
 * before the model answered) sit where they started. A compaction marker follows the entry `upToSeq`
 * (after the turn's usage when that entry ends its turn).
 * Notes sit after the turn they followed; pending approvals with no tool card yet come last. While older history is
 * not loaded yet (`historyBefore`), turns recorded before the first loaded entry are left out (their rows come with their items).
 */
export function buildTranscriptRows(model: ChatModel, pending: readonly PendingApproval[]): TranscriptRow[] {
  const approvals = new Map(pending.filter((a) => a.sessionId === model.sessionId).map((a) => [a.callId, a]));
  const rows: TranscriptRow[] = [];
  const markers = new Map<number, CompactionMarker[]>();
  for (const m of model.compactions) markers.set(m.upToSeq, [...(markers.get(m.upToSeq) ?? []), m]);
  const notes = [...model.notes].sort((a, b) => a.afterSeq - b.afterSeq);
  let noteIndex = 0;
  const flushNotes = (uptoSeq: number) => {
    while (noteIndex < notes.length && notes[noteIndex]!.afterSeq <= uptoSeq) {
      const note = notes[noteIndex++]!;
      rows.push({ kind: 'note', key: `n${note.id}`, note });
    }
  };

  // While older pages are still loading, a turn that ended before the first loaded entry has its items among them.
  const loadedFrom = model.historyBefore !== null && model.entries[0] ? Date.parse(model.entries[0].at) : Number.NaN;
  const unloaded = (t: TurnView | undefined) => t?.startedAt !== undefined && Date.parse(t.startedAt) < loadedFrom;
  const groups = withItemlessTurns(groupByTurn(model.entries), model.turnOrder, (turnId) =>
    unloaded(model.turns[turnId]),
  );
  const lastTurnId = model.turnOrder[model.turnOrder.length - 1] ?? groups[groups.length - 1]?.turnId;
  const toolRowKeys = new Set<string>();
  // Tools grouped by turn once, so the per-turn lookup below stays linear in the transcript size.
  const toolsByTurn = new Map<string, ToolView[]>();
  for (const tool of Object.values(model.tools)) {
    const list = toolsByTurn.get(tool.turnId);
    if (list) list.push(tool);
    else toolsByTurn.set(tool.turnId, [tool]);
  }

  for (const group of groups) {
    const firstSeq = group.entries[0]?.seq;
    if (firstSeq !== undefined) flushNotes(firstSeq - 1);
    const turn = model.turns[group.turnId];
    const hasUser = group.entries.some((e) => e.item.type === 'message' && e.item.role === 'user');
    if (turn?.input && !hasUser) rows.push({ kind: 'pendingUser', key: `u${group.turnId}`, text: turn.input });
    const lastSeqOfGroup = group.entries[group.entries.length - 1]?.seq;
    const pushMarkers = (seq: number) => {
      for (const marker of markers.get(seq) ?? [])
        rows.push({ kind: 'compaction', key: `c${marker.at}-${marker.upToSeq}`, marker });
    };
    for (const entry of group.entries) {
      const row = entryRow(entry, model, approvals);
      if (row && !(row.kind === 'tool' && toolRowKeys.has(row.key))) {
        if (row.kind === 'tool') toolRowKeys.add(row.key);
        rows.push(row);
      }
      if (entry.seq !== lastSeqOfGroup) pushMarkers(entry.seq);
    }
    for (const tool of toolsByTurn.get(group.turnId) ?? []) {
      const key = `t${tool.callId}`;
      if (toolRowKeys.has(key)) continue;
      if (group.entries.some((e) => e.item.type === 'function_call' && e.item.call_id === tool.callId)) continue;
      toolRowKeys.add(key);
      rows.push({ kind: 'tool', key, tool, approval: approvals.get(tool.callId) });
    }
    const draft = model.draft && model.draft.turnId === group.turnId ? model.draft : null;
    const waitingForUser = [...approvals.values()].some((a) => a.turnId === group.turnId);
    if (draft && (draft.text || draft.reasoning || (model.running && !waitingForUser))) {
      rows.push({
        kind: 'stream',
        key: `s${group.turnId}`,
        turnId: group.turnId,
        text: draft.text,
        reasoning: draft.reasoning,
        live: model.running,
        retrying: turn?.retrying,
      });
    } else if (turn && (turn.partialText || turn.partialReasoning)) {
      rows.push({
        kind: 'stream',
        key: `s${group.turnId}`,
        turnId: group.turnId,
        text: turn.partialText ?? '',
        reasoning: turn.partialReasoning ?? '',
        live: false,
        retrying: undefined,
      });
    }
    if (turn?.error)
      rows.push({
        kind: 'error',
        key: `x${group.turnId}`,
        turn,
        canRetry: group.turnId === lastTurnId && !model.running,
      });
    if (turn && showsUsageRow(turn)) rows.push({ kind: 'usage', key: `k${group.turnId}`, turn });
    if (lastSeqOfGroup !== undefined) {
      pushMarkers(lastSeqOfGroup);
      flushNotes(lastSeqOfGroup);
    }
  }
  flushNotes(Number.POSITIVE_INFINITY);
  for (const approval of approvals.values()) {
    if (!toolRowKeys.has(`t${approval.callId}`)) rows.push({ kind: 'approval', key: `a${approval.callId}`, approval });
  }
  return rows;
}

/** The last {@link transcriptRowsFor} call, reused while only the live draft grows. */
let lastBuild: { model: ChatModel; pending: readonly PendingApproval[]; rows: TranscriptRow[] } | null = null;

/** True when `next` differs from `prev` in nothing but `draft`, and both drafts belong to the same turn. */
function onlyDraftChanged(prev: ChatModel, next: ChatModel): boolean {
  if (!prev.draft || !next.draft || prev.draft.turnId !== next.draft.turnId) return false;
  for (const key of Object.keys(next) as (keyof ChatModel)[])
    if (key !== 'draft' && prev[key] !== next[key]) return false;
  return Object.keys(prev).length === Object.keys(next).length;
}

/**
 * {@link buildTranscriptRows}, remembering its last result: when the model changed only in its streaming draft
 * (a frame of deltas), the previous rows are kept, with a new stream row carrying the draft's text, instead of
 * walking the whole transcript again. Gives the same rows as buildTranscriptRows.
 */
export function transcriptRowsFor(model: ChatModel, pending: readonly PendingApproval[]): TranscriptRow[] {
  const prev = lastBuild;
  const draft = model.draft;
  if (
    prev &&
    prev.pending === pending &&
    draft &&
    (draft.text || draft.reasoning) &&
    onlyDraftChanged(prev.model, model)
  ) {
    const key = `s${draft.turnId}`;
    const index = prev.rows.findLastIndex((r) => r.key === key);
    const row = prev.rows[index];
    if (row?.kind === 'stream') {
      const rows = [...prev.rows];
      rows[index] = { ...row, text: draft.text, reasoning: draft.reasoning };
      lastBuild = { model, pending, rows };
      return rows;
    }
  }
  const rows = buildTranscriptRows(model, pending);
  lastBuild = { model, pending, rows };
  return rows;
}
