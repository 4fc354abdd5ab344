// Compaction: summarize older transcript items into a record when the input nears the context budget.
import type { MessageItem, SessionItem } from '../../../preload/contract/items';
import type { ModelAdapter, ReasoningEffort } from '../models/types';
import { estimateItemTokens } from '../context/tokens';

/** A transcript entry as the loop sees it (seq is 1-based per session). */
export interface SeqItem {
  seq: number;
  item: SessionItem;
}

/** Instructions for the summarizing request. */
export const COMPACTION_PROMPT = [
  'You are compacting a conversation between a user and Deskpilot, a desktop assistant, so it can continue within a limited context window.',
  "Write a faithful summary of everything below: the user's goals and preferences, decisions made, facts learned, files and commands touched (with paths), tool results that still matter, open questions and the current state of the work.",
  'Keep exact names, paths, numbers and identifiers. Do not invent anything. Use concise Markdown bullet points.',
].join('\n');

/**
 * Picks how many leading items to summarize: everything before the start of the most recent user turns
 * that fit in `keepTokens`, always cutting right before a user message so a `function_call` is never
 * separated from its output. Returns the seq to compact up to (inclusive), or null when nothing can be cut.
 */
export function chooseCompactionPoint(items: readonly SeqItem[], keepTokens: number): number | null {
  let kept = 0;
  let cut: number | null = null;
  for (let i = items.length - 1; i > 0; i--) {
    kept += estimateItemTokens(items[i].item);
    const entry = items[i].item;
    if (entry.type === 'message' && entry.role === 'user') {
      cut = items[i - 1].seq;
      if (kept >= keepTokens) break;
    }
  }
  return cut;
}

/** The message that stands in for compacted items in every later request. */
export function summaryMessage(summary: string): MessageItem {
  return {
    type: 'message',
    role: 'user',
    content: [
      {
        type: 'input_text',
        text: `Summary of the earlier part of this conversation (older messages were compacted):\n\n${summary}`,
      },
    ],
  };
}

/**
 * Asks the model to summarize `items` (with the previous summary, if any, prepended).
 * Resolves to the summary text; throws an Error naming the model failure when the request fails.
 */
export async function summarize(
  adapter: ModelAdapter,
  opts: {
    model: string;
    items: readonly SessionItem[];
    previousSummary?: string;
    reasoningEffort?: ReasoningEffort;
    signal: AbortSignal;
  },
): Promise<string> {
  const input: SessionItem[] = [];
  if (opts.previousSummary) input.push(summaryMessage(opts.previousSummary));
  input.push(...opts.items.map(flattenForSummary));
  input.push({
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text: 'Summarize the conversation above as instructed.' }],
  });
  let text = '';
  for await (const event of adapter.stream({
    model: opts.model,
    instructions: COMPACTION_PROMPT,
    input,
    tools: [],
    reasoningEffort: opts.reasoningEffort,
    signal: opts.signal,
  })) {
    if (event.type === 'text_delta') text += event.delta;
    if (event.type === 'item_done' && event.item.type === 'message') {
      text = event.item.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('');
    }
    if (event.type === 'error') throw new Error(`Compaction failed: ${event.error.message}`);
  }
  if (!text.trim())
    throw new Error(
      'Compaction failed: the model returned an empty summary. Try /compact again or start a new session.',
    );
  return text.trim();
}

/** Tool calls and outputs become plain text for the summarizer, which is sent no tools. */
function flattenForSummary(item: SessionItem): SessionItem {
  if (item.type === 'function_call')
    return textMessage('assistant', `[called tool ${item.name} with ${item.arguments}]`);
  if (item.type === 'function_call_output')
    return textMessage('user', `[tool output for ${item.call_id}]\n${item.output.slice(0, 4000)}`);
  if (item.type === 'reasoning')
    return textMessage('assistant', `[reasoning] ${item.summary.map((s) => s.text).join(' ')}`);
  return item;
}

function textMessage(role: 'user' | 'assistant', text: string): MessageItem {
  return { type: 'message', role, content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }] };
}
