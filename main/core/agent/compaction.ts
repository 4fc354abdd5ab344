// Compaction: summarize older transcript items into a record when the input nears the context budget.
import type { AgentEvent } from '../../../preload/contract/events';
import { functionOutputText, type MessageItem, type SessionItem } from '../../../preload/contract/items';
import type { CompactionMarker } from '../../../preload/contract/sessions';
import type { ModelAdapter, ReasoningEffort } from '../models/types';
import type { Settings } from '../settings/schema';
import type { SessionStore } from '../sessions/store';
import { estimateItemTokens, estimateTokens } from '../context/tokens';

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
 * Share of the context budget one summarizing request may fill; the rest is room for the summary the model writes
 * and for the request's own overhead (instructions, JSON framing).
 */
export const SUMMARY_REQUEST_SHARE = 0.5;

/** A `/compact` that would summarize fewer estimated tokens than this has nothing to gain (a summary is not shorter). */
export const MIN_COMPACTION_GAIN_TOKENS = 1000;

const SUMMARIZE_INSTRUCTION = 'Summarize the conversation above as instructed.';

/**
 * Summarizes `items` into one rolling summary: the items are sent in chunks that each fit
 * {@link SUMMARY_REQUEST_SHARE} of `budgetTokens` (estimated, ~4 characters per token) together with the summary so
 * far, so no request ever exceeds the model's context window however long the session is. An item too large for a
 * chunk on its own is cut with a note. Resolves to the final summary and how many requests it took; throws an Error
 * naming the model failure when a request fails (nothing is recorded then).
 */
export async function summarize(
  adapter: ModelAdapter,
  opts: {
    model: string;
    items: readonly SessionItem[];
    previousSummary?: string;
    /** The model's context budget in tokens (settings `contextBudgetTokens`). */
    budgetTokens: number;
    reasoningEffort?: ReasoningEffort;
    signal: AbortSignal;
  },
): Promise<{ summary: string; requests: number }> {
  const requestTokens = Math.max(256, Math.floor(opts.budgetTokens * SUMMARY_REQUEST_SHARE));
  const fixedTokens = estimateTokens(COMPACTION_PROMPT) + estimateTokens(SUMMARIZE_INSTRUCTION) + 16;
  // The summary so far may take at most half of a request; the rest is for new items.
  const summaryCap = Math.floor((requestTokens - fixedTokens) / 2);
  let summary = opts.previousSummary ? capText(opts.previousSummary, summaryCap) : undefined;
  let requests = 0;
  let chunk: SessionItem[] = [];
  let chunkTokens = 0;
  const room = () => requestTokens - fixedTokens - (summary ? estimateItemTokens(summaryMessage(summary)) : 0);
  const flush = async () => {
    if (chunk.length === 0) return;
    summary = capText(await summarizeChunk(adapter, opts, chunk, summary), summaryCap);
    requests += 1;
    chunk = [];
    chunkTokens = 0;
  };
  for (const item of opts.items) {
    let flat = flattenForSummary(item);
    let tokens = estimateItemTokens(flat);
    if (chunkTokens + tokens > room()) await flush();
    // After a flush the room is for this item alone; one that is still too large is cut to fit.
    if (tokens > room()) {
      flat = cutItem(flat, room());
      tokens = estimateItemTokens(flat);
    }
    chunk.push(flat);
    chunkTokens += tokens;
  }
  await flush();
  if (!summary?.trim())
    throw new Error(
      'Compaction failed: the model returned an empty summary. Try /compact again or start a new session.',
    );
  return { summary: summary.trim(), requests };
}

/** One summarizing request: the summary so far (if any), `items`, then the instruction. */
async function summarizeChunk(
  adapter: ModelAdapter,
  opts: { model: string; reasoningEffort?: ReasoningEffort; signal: AbortSignal },
  items: SessionItem[],
  previousSummary: string | undefined,
): Promise<string> {
  const input: SessionItem[] = [];
  if (previousSummary) input.push(summaryMessage(previousSummary));
  input.push(...items);
  input.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: SUMMARIZE_INSTRUCTION }] });
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

/** `text` cut to about `tokens` estimated tokens, saying how much was left out. */
function capText(text: string, tokens: number): string {
  const max = Math.max(0, tokens * 4 - 64);
  return text.length <= max ? text : `${text.slice(0, max)}\n[… ${text.length - max} more characters cut for length]`;
}

/** A flattened message whose text is cut so the whole item fits `tokens`. */
function cutItem(item: SessionItem, tokens: number): SessionItem {
  if (item.type !== 'message') return item;
  const text = item.content.map((part) => ('text' in part ? part.text : '')).join('\n');
  const overhead = estimateItemTokens({ ...item, content: [] }) + 32;
  return textMessage(item.role === 'assistant' ? 'assistant' : 'user', capText(text, Math.max(16, tokens - overhead)));
}

/** Tool calls and outputs become plain text for the summarizer, which is sent no tools. */
function flattenForSummary(item: SessionItem): SessionItem {
  if (item.type === 'function_call')
    return textMessage('assistant', `[called tool ${item.name} with ${item.arguments}]`);
  if (item.type === 'function_call_output')
    return textMessage('user', `[tool output for ${item.call_id}]\n${functionOutputText(item.output).slice(0, 4000)}`);
  if (item.type === 'reasoning')
    return textMessage('assistant', `[reasoning] ${item.summary.map((s) => s.text).join(' ')}`);
  return item;
}

function textMessage(role: 'user' | 'assistant', text: string): MessageItem {
  return { type: 'message', role, content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }] };
}

/** The latest compaction record, or undefined when the session was never compacted. */
export function latestCompaction(compactions: readonly CompactionMarker[]): CompactionMarker | undefined {
  return compactions.reduce<CompactionMarker | undefined>(
    (best, c) => (!best || c.upToSeq > best.upToSeq ? c : best),
    undefined,
  );
}

/** What {@link compactSession} needs. */
export interface CompactDeps {
  sessions: SessionStore;
  settings: Settings;
  getAdapter(): ModelAdapter;
  emit(event: AgentEvent): void;
}

/**
 * The compaction decision and its record. Automatic (`onlyIfNeeded`): when `extraTokens` plus the visible items
 * reach `compactionThreshold` of the budget, summarizes all but the newest turns within 30% of it. Forced (`/compact`):
 * summarizes all but the latest turn when that gains at least {@link MIN_COMPACTION_GAIN_TOKENS}. Appends the record
 * to the session, pushes it on `compactions`, emits `compacted`, and resolves to a sentence saying what happened, or
 * null when nothing was done. Throws the summarizer's Error (nothing is recorded then).
 */
export async function compactSession(
  deps: CompactDeps,
  at: { sessionId: string; turnId: string; signal: AbortSignal },
  entries: readonly SeqItem[],
  compactions: CompactionMarker[],
  extraTokens: number,
  onlyIfNeeded: boolean,
): Promise<string | null> {
  const { settings } = deps;
  const { sessionId, turnId, signal } = at;
  const budget = settings.contextBudgetTokens;
  const previous = latestCompaction(compactions);
  const visible = previous ? entries.filter((e) => e.seq > previous.upToSeq) : entries;
  const estimate = extraTokens + visible.reduce((sum, e) => sum + estimateItemTokens(e.item), 0);
  if (onlyIfNeeded && estimate < budget * settings.compactionThreshold) return null;
  const upToSeq = chooseCompactionPoint(visible, onlyIfNeeded ? Math.floor(budget * 0.3) : 0);
  if (upToSeq === null) return null;
  const toSummarize = visible.filter((e) => e.seq <= upToSeq).map((e) => e.item);
  if (toSummarize.length === 0) return null;
  const gain = toSummarize.reduce((sum, item) => sum + estimateItemTokens(item), 0);
  if (!onlyIfNeeded && gain < MIN_COMPACTION_GAIN_TOKENS)
    return `Nothing to gain from compacting: the earlier part of this chat is only about ${gain} tokens of the ${budget}-token context budget, so a summary would not be shorter.`;
  const { summary } = await summarize(deps.getAdapter(), {
    model: settings.model,
    items: toSummarize,
    previousSummary: previous?.summary,
    budgetTokens: budget,
    signal,
  });
  const record = { at: new Date().toISOString(), turnId, upToSeq, summary };
  await deps.sessions.appendCompaction(sessionId, { turn: turnId, at: record.at, upToSeq, summary });
  compactions.push(record);
  deps.emit({
    type: 'compacted',
    sessionId,
    turnId,
    upToSeq,
    summarizedItems: toSummarize.length,
    summaryTokens: estimateTokens(summary),
  });
  return `Compacted ${toSummarize.length} earlier ${toSummarize.length === 1 ? 'item' : 'items'} into a summary of about ${estimateTokens(summary)} tokens.`;
}
