// Pure merging of older transcript pages (`session/entries`) into the open chat, which was opened from its tail.
import type { ToolResultInfo, TranscriptEntry, TranscriptPage } from '../../preload/contract';
import { toolViewsFrom, type ChatModel, type ToolView } from './chatModel';

/**
 * What the chat's `historyBefore` becomes after the page `page`, fetched with `limit`: the page's first seq
 * while the page was full (more may be older), null (history complete) when it came back short.
 */
export function historyAfterPage(page: TranscriptPage, limit: number): number | null {
  return page.entries.length < limit ? null : page.firstSeq;
}

/**
 * Puts `older` entries in front of the chat's entries and sets `historyBefore` (null = the transcript is now
 * complete). Only entries with a seq below the first loaded one are taken, so a page applied twice or overlapping
 * live items adds nothing twice. Function calls among them get tool cards exactly as a whole-session load would build
 * them (`results` are the turns' recorded tool results, see toolResultsOf; outputs may sit in newer entries already
 * loaded). A card live events already made for the same call keeps its live state and takes the call's name and
 * arguments from the entry. Returns `model` itself when nothing changes.
 */
export function prependHistory(
  model: ChatModel,
  older: readonly TranscriptEntry[],
  results: ReadonlyMap<string, ToolResultInfo>,
  historyBefore: number | null,
): ChatModel {
  const firstLoaded = model.entries[0]?.seq ?? Number.POSITIVE_INFINITY;
  const fresh = older.filter((e) => e.seq < firstLoaded).sort((a, b) => a.seq - b.seq);
  if (fresh.length === 0) return historyBefore === model.historyBefore ? model : { ...model, historyBefore };
  const made = toolViewsFrom(fresh, results, model.running, model.entries);
  const tools: Record<string, ToolView> = { ...model.tools };
  for (const [callId, tool] of Object.entries(made)) {
    const live = model.tools[callId];
    tools[callId] = live ? { ...live, name: tool.name, arguments: tool.arguments } : tool;
  }
  return { ...model, entries: [...fresh, ...model.entries], tools, historyBefore };
}
