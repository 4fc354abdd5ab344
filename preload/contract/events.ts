// The AgentEvent union: everything a host learns about a running turn (DESIGN.md §4, §5).
import { z } from 'zod';
import { ApprovalDecision, DecidedBy, PendingApproval, Risk, AllowedBy } from './approvals';
import { SessionItem, Usage } from './items';

const base = { sessionId: z.string(), turnId: z.string() };

/** Context a provider injected in one turn; `tokens` is an estimate (characters / 4). */
export const ContextReceiptEntry = z.object({
  providerId: z.string(),
  title: z.string(),
  text: z.string(),
  tokens: z.number().int().nonnegative(),
  error: z.string().optional(),
  /** Provider-specific structured detail, e.g. which memories were injected. */
  detail: z.unknown().optional(),
});
/** Shape of {@link ContextReceiptEntry}. */
export type ContextReceiptEntry = z.infer<typeof ContextReceiptEntry>;

/**
 * Why a turn ended. `awaiting_approval`: the turn is parked on a decision (its `TurnState` is on disk, agent/turnState.ts);
 * a decision from any client resumes it with the same turn id (`turn_resumed`), and it ends again later.
 */
export const StopReason = z.enum([
  'completed',
  'interrupted',
  'max_tool_rounds',
  'error',
  'incomplete',
  'awaiting_approval',
]);
/** One of {@link StopReason}'s values. */
export type StopReason = z.infer<typeof StopReason>;

/** Every event a turn emits, tagged by `type`. */
export const AgentEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turn_started'), ...base, at: z.string(), input: z.string() }),
  /** A parked turn (stopReason `awaiting_approval`) continues after its decision, in this process or after a restart. */
  z.object({ type: z.literal('turn_resumed'), ...base, at: z.string() }),
  z.object({ type: z.literal('context_gathered'), ...base, receipt: z.array(ContextReceiptEntry) }),
  z.object({ type: z.literal('text_delta'), ...base, delta: z.string() }),
  z.object({ type: z.literal('reasoning_delta'), ...base, delta: z.string() }),
  /** An item was appended to the session transcript (assistant message, reasoning, call, output). */
  z.object({ type: z.literal('item_added'), ...base, seq: z.number().int(), at: z.string(), item: SessionItem }),
  z.object({
    type: z.literal('tool_call_requested'),
    ...base,
    callId: z.string(),
    name: z.string(),
    arguments: z.string(),
    risk: Risk.optional(),
  }),
  z.object({ type: z.literal('approval_requested'), ...base, approval: PendingApproval }),
  z.object({
    type: z.literal('approval_decided'),
    ...base,
    callId: z.string(),
    decision: ApprovalDecision,
    decidedBy: DecidedBy,
  }),
  z.object({
    type: z.literal('tool_output'),
    ...base,
    callId: z.string(),
    name: z.string(),
    output: z.string(),
    isError: z.boolean(),
    durationMs: z.number().nonnegative(),
    /** Time (ms) the call waited for the user's approval; `durationMs` is the tool's own run time after it. */
    approvalWaitMs: z.number().nonnegative().optional(),
    status: z.enum(['ok', 'error', 'denied', 'invalid', 'aborted', 'timeout']),
    /** Why the call ran without asking (a rule, a session grant, or the policy); absent when the user was asked. */
    allowedBy: AllowedBy.optional(),
  }),
  z.object({
    type: z.literal('retrying'),
    ...base,
    attempt: z.number().int(),
    delayMs: z.number().nonnegative(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal('compacted'),
    ...base,
    upToSeq: z.number().int(),
    summarizedItems: z.number().int(),
    summaryTokens: z.number().int(),
  }),
  z.object({
    type: z.literal('turn_completed'),
    ...base,
    stopReason: StopReason,
    usage: Usage,
    sessionUsage: Usage,
    toolRounds: z.number().int(),
  }),
  z.object({ type: z.literal('error'), ...base, code: z.string(), message: z.string() }),
]);
/** Shape of {@link AgentEvent}. */
export type AgentEvent = z.infer<typeof AgentEvent>;
/** The `type` tag of an {@link AgentEvent}. */
export type AgentEventType = AgentEvent['type'];
