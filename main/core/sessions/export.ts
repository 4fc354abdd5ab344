// Session export (`session/export`, `deskpilot sessions export`): a whole session as Markdown or JSON text.
import { functionOutputImages, functionOutputText, type SessionItem } from '../../../preload/contract/items';
import type {
  SessionExport,
  SessionExportDocument,
  SessionExportFormat,
  TurnInfo,
} from '../../../preload/contract/sessions';
import type { LoadedSession } from './storeTypes';

/**
 * The readable text of a message item: its parts in order, separated by a blank line (never glued together);
 * images show as `[image]`, refusals as `[refused: …]`. Other items give `''`.
 */
export function messageText(item: SessionItem): string {
  if (item.type !== 'message') return '';
  return item.content
    .map((p) =>
      p.type === 'input_image' ? '[image]' : p.type === 'refusal' ? `[refused: ${p.refusal}]` : p.text.trimEnd(),
    )
    .filter((text) => text !== '')
    .join('\n\n');
}

/**
 * Exports `session` as one file. `md`: a Markdown transcript (title, metadata, each message under its role, tool
 * calls with their arguments and full output in fences, compaction points marked). `json`: a
 * {@link SessionExportDocument}. `now` is the export time (ISO 8601 in the JSON). Never throws.
 */
export function exportSession(session: LoadedSession, format: SessionExportFormat, now = new Date()): SessionExport {
  const base = `${slug(session.summary.title)}-${session.summary.id}`;
  if (format === 'json') {
    const document: SessionExportDocument = {
      format: 'deskpilot.session',
      version: 1,
      exportedAt: now.toISOString(),
      summary: session.summary,
      entries: session.entries,
      turns: session.turns.map(turnInfo),
      compactions: session.compactions,
    };
    return {
      fileName: `${base}.json`,
      mimeType: 'application/json',
      content: `${JSON.stringify(document, null, 2)}\n`,
    };
  }
  return { fileName: `${base}.md`, mimeType: 'text/markdown', content: toMarkdown(session) };
}

/** The contract's TurnInfo of a stored turn (drops store-only fields such as `model` and `toolRounds`). */
function turnInfo(turn: TurnInfo): TurnInfo {
  const { turnId, at, stopReason, usage, error, receipt, toolResults } = turn;
  return {
    turnId,
    at,
    stopReason,
    usage,
    ...(error !== undefined ? { error } : {}),
    ...(receipt ? { receipt } : {}),
    ...(toolResults ? { toolResults } : {}),
  };
}

const ROLE_TITLES: Record<string, string> = {
  user: 'User',
  assistant: 'Assistant',
  system: 'System',
  developer: 'Developer',
};

function toMarkdown({ summary, entries, turns, compactions }: LoadedSession): string {
  const out: string[] = [`# ${summary.title}`, ''];
  out.push(`- Session: \`${summary.id}\``, `- Created: ${summary.createdAt}`, `- Last activity: ${summary.updatedAt}`);
  if (summary.forkedFrom)
    out.push(`- Forked from: \`${summary.forkedFrom.id}\` after message ${summary.forkedFrom.seq}`);
  out.push('');
  const compactedAt = new Set(compactions.map((c) => c.upToSeq));
  const errors = new Map(turns.filter((t) => t.error).map((t) => [t.turnId, t.error!]));
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  ordered.forEach(({ seq, at, turnId, item }, i) => {
    if (item.type === 'message') {
      out.push(`## ${ROLE_TITLES[item.role] ?? item.role}`, '', `<sub>${at}</sub>`, '', messageText(item), '');
    } else if (item.type === 'function_call') {
      out.push(`**Tool call:** \`${item.name}\``, '', fenced(prettyJson(item.arguments), 'json'), '');
    } else if (item.type === 'function_call_output') {
      const images = functionOutputImages(item.output).map(() => '[image]');
      out.push(
        '**Tool result:**',
        '',
        fenced(functionOutputText(item.output), ''),
        '',
        ...images.flatMap((i) => [i, '']),
      );
    } else if (item.type === 'reasoning' && item.summary.length > 0) {
      out.push(`> *Reasoning:* ${item.summary.map((s) => s.text).join(' ')}`, '');
    }
    const turnEnds = ordered[i + 1]?.turnId !== turnId;
    if (turnEnds && errors.has(turnId)) out.push(`> **Error:** ${errors.get(turnId)}`, '');
    if (compactedAt.has(seq)) out.push('---', '', '*Earlier messages were compacted for the model here.*', '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

/** The JSON text re-indented when it parses, else as the model sent it. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A fenced code block whose fence is longer than any backtick run inside `text` (CommonMark §4.5). */
function fenced(text: string, info: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** A file-name-safe form of a title: letters, digits and dashes, at most 40 characters, `session` when empty. */
function slug(title: string): string {
  const cleaned = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
    .toLowerCase();
  return cleaned || 'session';
}
