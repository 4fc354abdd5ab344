// Builders for contract-shaped test data (sessions, entries, approvals, agent events).
import type {
  AgentEvent,
  PendingApproval,
  SessionDetail,
  SessionItem,
  TranscriptEntry,
  Usage,
} from '../../../preload/contract';

/** A usage record with the given input/output tokens (total = sum). */
export function usage(input = 10, output = 5): Usage {
  return {
    inputTokens: input,
    cachedInputTokens: 0,
    outputTokens: output,
    reasoningTokens: 0,
    totalTokens: input + output,
  };
}

/** A transcript entry at `seq` in `turnId`. */
export function entry(seq: number, turnId: string, item: SessionItem): TranscriptEntry {
  return { seq, at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`, turnId, item };
}

/** A user message item. */
export function userMsg(text: string): SessionItem {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

/** An assistant message item. */
export function assistantMsg(text: string): SessionItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] };
}

/** A session detail for session `id` with the given entries. */
export function detail(id: string, entries: TranscriptEntry[], extra: Partial<SessionDetail> = {}): SessionDetail {
  return {
    summary: {
      id,
      title: 'Test',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      itemCount: entries.length,
      usage: usage(0, 0),
    },
    entries,
    turns: [],
    compactions: [],
    notes: [],
    running: false,
    warnings: [],
    ...extra,
  };
}

/** A pending approval for `callId` in session `sessionId`, turn `turnId`. */
export function approval(callId: string, sessionId = 's1', turnId = 't1'): PendingApproval {
  return {
    callId,
    sessionId,
    turnId,
    tool: 'shell_run',
    arguments: { command: 'ls' },
    risk: 'destructive',
    suggestedRule: { tool: 'shell_run', match: { command: 'ls*' } },
    requestedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-01T00:10:00Z',
  };
}

type EventOf<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;

/** An agent event of `type` for session s1 / turn t1 unless overridden. */
export function ev<T extends AgentEvent['type']>(
  type: T,
  fields: Omit<EventOf<T>, 'type' | 'sessionId' | 'turnId'> & { sessionId?: string; turnId?: string },
): EventOf<T> {
  return { sessionId: 's1', turnId: 't1', ...fields, type } as EventOf<T>;
}
