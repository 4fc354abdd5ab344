// Builds a request's input from the transcript: compaction summary, verbatim items, ephemeral context.
import type { CompactionMarker } from '../../../preload/contract/sessions';
import type { MessageItem, SessionItem } from '../../../preload/contract/items';
import { latestCompaction, summaryMessage, type SeqItem } from './compaction';

/**
 * The items the model sees: the latest compaction summary (if any) in place of the items it covers,
 * then every later item verbatim, with `context` inserted right before the last user message.
 */
export function buildInput(
  entries: readonly SeqItem[],
  compactions: readonly CompactionMarker[],
  context: MessageItem | null,
): SessionItem[] {
  const compaction = latestCompaction(compactions);
  const visible = compaction ? entries.filter((e) => e.seq > compaction.upToSeq) : entries;
  const input: SessionItem[] = [];
  if (compaction) input.push(summaryMessage(compaction.summary));
  for (const entry of visible) input.push(entry.item);
  if (context) {
    let at = input.length;
    for (let i = input.length - 1; i >= 0; i--) {
      const item = input[i];
      if (item.type === 'message' && item.role === 'user') {
        at = i;
        break;
      }
    }
    input.splice(at, 0, context);
  }
  return input;
}

/** Text of the latest user message ('' when there is none). */
export function latestUserText(entries: readonly SeqItem[]): string {
  for (let i = entries.length - 1; i >= 0; i--) {
    const item = entries[i].item;
    if (item.type === 'message' && item.role === 'user') {
      return item.content.map((part) => (part.type === 'input_text' ? part.text : '')).join('\n');
    }
  }
  return '';
}

/** `function_call` items at the end of the transcript that have no `function_call_output` yet, in order. */
export function unansweredCalls(entries: readonly SeqItem[]): Extract<SessionItem, { type: 'function_call' }>[] {
  const answered = new Set<string>();
  for (const entry of entries) if (entry.item.type === 'function_call_output') answered.add(entry.item.call_id);
  const out: Extract<SessionItem, { type: 'function_call' }>[] = [];
  for (const entry of entries)
    if (entry.item.type === 'function_call' && !answered.has(entry.item.call_id)) out.push(entry.item);
  return out;
}
