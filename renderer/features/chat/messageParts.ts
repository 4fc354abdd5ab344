// Pure helpers that pull displayable text and images out of Responses-style message and reasoning items.
import type { MessageItem, ReasoningItem } from '../../../preload/contract';

/** The message's text parts joined by blank lines (input_text, output_text and refusals). */
export function messageText(item: MessageItem): string {
  const parts: string[] = [];
  for (const p of item.content) {
    if (p.type === 'input_text' || p.type === 'output_text') parts.push(p.text);
    else if (p.type === 'refusal') parts.push(p.refusal);
  }
  return parts.join('\n\n');
}

/** URLs of the message's input_image parts (data: or https:), in order. */
export function messageImages(item: MessageItem): string[] {
  return item.content.flatMap((p) => (p.type === 'input_image' ? [p.image_url] : []));
}

/** True when the message is (or contains) a refusal. */
export function isRefusal(item: MessageItem): boolean {
  return item.content.some((p) => p.type === 'refusal');
}

/** Reasoning summaries joined by blank lines, or the raw reasoning text when there is no summary (local models). */
export function reasoningText(item: ReasoningItem): string {
  const summary = item.summary.map((s) => s.text).join('\n\n');
  if (summary) return summary;
  return (item.content ?? []).map((c) => c.text).join('\n\n');
}
