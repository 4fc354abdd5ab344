// Full-text search over every session file (`session/search`): the messages whose text contains the query.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionSearchHit, SessionSearchResult } from '../../../preload/contract/sessions';
import { messageText } from './export';
import { parseSessionFile } from './records';
import type { SessionSummary } from './sessionIndex';

/** Most hits kept per chat (its latest matching messages). */
export const HITS_PER_SESSION = 3;
/** Characters of the matching line shown around the match. */
const LINE_CHARS = 200;
/** Session files read at once. */
const CONCURRENCY = 16;

/** The part of `line` (trimmed) around `index`, at most {@link LINE_CHARS} characters, with `…` where it was cut. */
function around(line: string, index: number, length: number): string {
  const trimmed = line.trim();
  const at = Math.max(0, index - (line.length - line.trimStart().length));
  if (trimmed.length <= LINE_CHARS) return trimmed;
  const start = Math.max(0, Math.min(at - Math.floor((LINE_CHARS - length) / 2), trimmed.length - LINE_CHARS));
  const end = start + LINE_CHARS;
  return `${start > 0 ? '…' : ''}${trimmed.slice(start, end)}${end < trimmed.length ? '…' : ''}`;
}

/** The hits in one parsed session: user and assistant messages with a line containing `needle` (lower case). */
function hitsIn(summary: SessionSummary, data: Buffer, needle: string): SessionSearchHit[] {
  const parsed = parseSessionFile(data, `sessions/${summary.id}.jsonl`);
  const hits: SessionSearchHit[] = [];
  for (let i = parsed.entries.length - 1; i >= 0 && hits.length < HITS_PER_SESSION; i--) {
    const { item, seq, at } = parsed.entries[i]!;
    if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) continue;
    for (const line of messageText(item).split('\n')) {
      const index = line.toLowerCase().indexOf(needle);
      if (index < 0) continue;
      hits.push({
        sessionId: summary.id,
        title: summary.title,
        seq,
        at,
        role: item.role,
        line: around(line, index, needle.length),
      });
      break;
    }
  }
  return hits;
}

/**
 * Searches the messages of `sessions` (newest first) in the files of `dir` (`<id>.jsonl`) for `query`,
 * case-insensitively. A file is parsed only when its raw text contains the query (as JSON would encode it), so a
 * search reads each file once and parses only the few that match; reading stops once newer chats gave more than
 * `limit` hits. Returns at most `limit` hits, at most {@link HITS_PER_SESSION} per chat; `truncated` says more
 * matched. Unreadable files are skipped.
 */
export async function searchSessions(
  dir: string,
  sessions: readonly SessionSummary[],
  query: string,
  limit: number,
): Promise<SessionSearchResult> {
  const needle = query.trim().toLowerCase();
  // The query as it appears inside a JSON string on disk, matched without copying the file into lower case.
  const raw = new RegExp(
    JSON.stringify(needle)
      .slice(1, -1)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    'i',
  );
  const ordered = [...sessions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const perSession: SessionSearchHit[][] = [];
  let next = 0;
  let found = 0;
  const worker = async () => {
    // Chats are taken newest first; once the chats taken so far hold more than `limit` hits, older ones cannot show.
    while (next < ordered.length && found <= limit) {
      const i = next++;
      const summary = ordered[i]!;
      const data = await readFile(join(dir, `${summary.id}.jsonl`)).catch(() => null);
      const hits = data && raw.test(data.toString('utf8')) ? hitsIn(summary, data, needle) : [];
      perSession[i] = hits;
      found += hits.length;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ordered.length) }, worker));
  const all = perSession.flat(); // holes (chats never read) count as none
  return { hits: all.slice(0, limit), truncated: all.length > limit };
}
