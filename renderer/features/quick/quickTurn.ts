// Pure projection of one turn of the chat model into what the quick prompt shows: answer text, tools, approval, error.
import type { MessageItem, PendingApproval } from '../../../preload/contract';
import type { ChatModel, ToolView } from '../../stores/chatModel';
import { messageText } from '../chat/messageParts';

/** What the quick prompt shows for the turn it started. */
export interface QuickTurnView {
  /** What the user asked: the turn's user message, or its input until that message arrives. */
  prompt: string;
  /** The answer so far: the turn's assistant messages (blank-line separated) plus the text still streaming. */
  text: string;
  /** True while the turn runs. */
  live: boolean;
  /** True while the turn runs and no answer text has arrived yet. */
  thinking: boolean;
  /** The turn's tool calls in the order they were made. */
  tools: ToolView[];
  /** An approval this turn waits for (the oldest), or null. */
  approval: PendingApproval | null;
  /** Why the turn failed, or null. */
  error: string | null;
  /** True when the turn ended before its answer was complete (stopped, out of tool rounds, incomplete). */
  cutShort: boolean;
}

/**
 * Builds the {@link QuickTurnView} of `turnId` in `model` (null when `turnId` is null). `approvals` may hold
 * approvals of any session; only those of this session and turn count.
 */
export function quickTurnView(
  model: ChatModel,
  turnId: string | null,
  approvals: readonly PendingApproval[],
): QuickTurnView | null {
  if (!turnId) return null;
  const turn = model.turns[turnId];
  const userEntry = model.entries.find(
    (e) => e.turnId === turnId && e.item.type === 'message' && e.item.role === 'user',
  );
  const prompt = userEntry ? messageText(userEntry.item as MessageItem) : (turn?.input ?? '');
  const parts = model.entries
    .filter((e) => e.turnId === turnId && e.item.type === 'message' && e.item.role === 'assistant')
    .map((e) => messageText(e.item as MessageItem))
    .filter((t) => t !== '');
  const draft = model.draft && model.draft.turnId === turnId ? model.draft.text : (turn?.partialText ?? '');
  if (draft) parts.push(draft);
  const live = model.running && (model.activeTurnId === turnId || (model.activeTurnId === null && !turn?.stopReason));
  const text = parts.join('\n\n');
  const approval = approvals.find((a) => a.sessionId === model.sessionId && a.turnId === turnId) ?? null;
  const stop = turn?.stopReason;
  return {
    prompt,
    text,
    live,
    thinking: live && text === '' && approval === null,
    tools: Object.values(model.tools).filter((t) => t.turnId === turnId),
    approval,
    error: turn?.error?.message ?? null,
    cutShort: !live && (stop === 'interrupted' || stop === 'max_tool_rounds' || stop === 'incomplete'),
  };
}
