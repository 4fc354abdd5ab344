// The line records of a session file (`sessions/<id>.jsonl`, one JSON object per line) and their tolerant parser.
import { z } from 'zod';
import { SessionItem, Usage } from '../../../preload/contract/items';
import { ContextReceiptEntry, StopReason } from '../../../preload/contract/events';
import {
  CommandNote,
  ToolResultInfo,
  type CompactionMarker,
  type TranscriptEntry,
  type TurnInfo,
} from '../../../preload/contract/sessions';

/** Version of the session file format, written in the meta line's `v`. */
export const SESSION_FORMAT_VERSION = 1;

/** Where a forked session came from: the source session id and the last item seq copied from it. */
export const ForkedFrom = z.object({ id: z.string(), seq: z.number().int().nonnegative() });
/** Shape of {@link ForkedFrom}. */
export type ForkedFrom = z.infer<typeof ForkedFrom>;

/** First line of every session file. `createdAt` is ISO 8601; `title` is the explicit title, `''` = derive it from the first user message. */
export const MetaRecord = z.object({
  t: z.literal('meta'),
  v: z.literal(SESSION_FORMAT_VERSION),
  id: z.string(),
  createdAt: z.string(),
  title: z.string(),
  forkedFrom: ForkedFrom.optional(),
});
/** Shape of {@link MetaRecord}. */
export type MetaRecord = z.infer<typeof MetaRecord>;

/** One transcript item. `seq` (1, 2, 3, …) increases per session; `at` is ISO 8601; `turn` is the turn id that produced it. */
export const ItemRecord = z.object({
  t: z.literal('item'),
  seq: z.number().int().positive(),
  at: z.string(),
  turn: z.string(),
  item: SessionItem,
});
/** Shape of {@link ItemRecord}. */
export type ItemRecord = z.infer<typeof ItemRecord>;

/** A rename; the last one wins over the meta title and the derived title. */
export const TitleRecord = z.object({ t: z.literal('title'), title: z.string(), at: z.string() });
/** Shape of {@link TitleRecord}. */
export type TitleRecord = z.infer<typeof TitleRecord>;

/**
 * The end of one turn: why it stopped and the tokens it used (`usage`, in tokens).
 * Optional: `model` that answered, `toolRounds` run, the turn's context `receipt` (DESIGN.md §5), and the `error`
 * message when `stopReason` is `error`.
 */
export const TurnRecord = z.object({
  t: z.literal('turn'),
  turn: z.string(),
  at: z.string(),
  stopReason: StopReason,
  usage: Usage,
  model: z.string().optional(),
  toolRounds: z.number().int().nonnegative().optional(),
  receipt: z.array(ContextReceiptEntry).optional(),
  error: z.string().optional(),
  toolResults: z.array(ToolResultInfo).optional(),
});
/** Shape of {@link TurnRecord}. */
export type TurnRecord = z.infer<typeof TurnRecord>;

/**
 * A compaction: items with `seq <= upToSeq` are replaced by `summary` in the model's input from now on.
 * The file keeps every item; only the model's view changes (DESIGN.md §5).
 */
export const CompactionRecord = z.object({
  t: z.literal('compaction'),
  at: z.string(),
  turn: z.string(),
  upToSeq: z.number().int().nonnegative(),
  summary: z.string(),
});
/** Shape of {@link CompactionRecord}. */
export type CompactionRecord = z.infer<typeof CompactionRecord>;

/** A slash command's output kept in the transcript (contract {@link CommandNote} with its tag); not model input. */
export const NoteRecord = CommandNote.extend({ t: z.literal('note') });
/** Shape of {@link NoteRecord}. */
export type NoteRecord = z.infer<typeof NoteRecord>;

/** Any line of a session file, tagged by `t`. */
export const SessionRecord = z.discriminatedUnion('t', [
  MetaRecord,
  ItemRecord,
  TitleRecord,
  TurnRecord,
  CompactionRecord,
  NoteRecord,
]);
/** Shape of {@link SessionRecord}. */
export type SessionRecord = z.infer<typeof SessionRecord>;

/** One transcript item as the store hands it out: `seq`, ISO `at`, the producing `turnId`, the item (contract TranscriptEntry). */
export type SessionEntry = TranscriptEntry;

/** A finished turn as the store hands it out: the contract's TurnInfo plus `model` and `toolRounds` when recorded. */
export type SessionTurn = TurnInfo & { model?: string; toolRounds?: number };

/** A compaction as the store hands it out (contract CompactionMarker): items with `seq <= upToSeq` are summarized. */
export type SessionCompaction = CompactionMarker;

/** The contract shape of a turn record (`turn` becomes `turnId`, the tag is dropped). */
export function turnFromRecord({ t: _t, turn, ...rest }: TurnRecord): SessionTurn {
  return { turnId: turn, ...rest };
}

/** The contract shape of a compaction record (`turn` becomes `turnId`, the tag is dropped). */
export function compactionFromRecord({ t: _t, turn, ...rest }: CompactionRecord): SessionCompaction {
  return { turnId: turn, ...rest };
}

/**
 * Everything read from one session file. `warnings` name each skipped line; `endsWithNewline` is false when the
 * file ends in a torn line (the next append must start on a new line); `lastAt` is the `at` of the last valid record other than a
 * rename (renaming is not activity).
 */
export interface ParsedSessionFile {
  meta?: MetaRecord;
  entries: SessionEntry[];
  turns: SessionTurn[];
  compactions: SessionCompaction[];
  /** Slash command outputs, in file order. */
  notes: CommandNote[];
  /** The title of the last rename record, if any. */
  renamedTitle?: string;
  lastAt?: string;
  maxSeq: number;
  warnings: string[];
  endsWithNewline: boolean;
}

// z.compile (zod >= 4.6) generates a specialised validator; with validate() (no output copy) checking a 20,000-line
// file costs a few ms instead of ~20 ms for the interpreted parse. safeParse runs only to describe a failure.
const fastRecord = z.compile(SessionRecord);

/** Serializes one record as a whole line (JSON + `\n`). JSON escapes every newline inside strings, so one record = one line. */
export function encodeRecord(record: SessionRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function describeInvalid(value: unknown): string {
  const result = SessionRecord.safeParse(value);
  const issue = result.error?.issues[0];
  if (!issue) return 'not a valid session record';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `not a valid session record (${where}${issue.message})`;
}

/**
 * Parses the bytes of a session file (UTF-8 JSONL) line by line. A line that is not JSON or fails
 * {@link SessionRecord} is skipped with the warning `<label> line N: <problem>; the line was skipped`; every other
 * line is kept. `label` names the file in warnings, e.g. `sessions/s_….jsonl`. Never throws.
 * Lines are decoded one by one from the buffer: one non-ASCII character then slows only its own line, not the file.
 * Records are validated, not copied: keys the schema does not know (a newer version, a hand edit) stay on the objects.
 */
export function parseSessionFile(data: Buffer, label: string): ParsedSessionFile {
  const out: ParsedSessionFile = {
    entries: [],
    turns: [],
    compactions: [],
    notes: [],
    maxSeq: 0,
    warnings: [],
    endsWithNewline: data.length === 0 || data[data.length - 1] === 0x0a,
  };
  let lineNo = 0;
  for (let start = 0; start < data.length;) {
    let end = data.indexOf(0x0a, start);
    const isLast = end < 0;
    if (isLast) end = data.length;
    lineNo += 1;
    const line = data.toString('utf8', start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const problem = isLast
        ? 'the line is incomplete (an interrupted write)'
        : `invalid JSON (${(error as Error).message})`;
      out.warnings.push(`${label} line ${lineNo}: ${problem}; the line was skipped`);
      continue;
    }
    if (!fastRecord.validate(value)) {
      out.warnings.push(`${label} line ${lineNo}: ${describeInvalid(value)}; the line was skipped`);
      continue;
    }
    const record: SessionRecord = value;
    switch (record.t) {
      case 'meta':
        if (out.meta) out.warnings.push(`${label} line ${lineNo}: a second meta line; the line was skipped`);
        else out.meta = record;
        continue;
      case 'item':
        out.entries.push({ seq: record.seq, at: record.at, turnId: record.turn, item: record.item });
        if (record.seq > out.maxSeq) out.maxSeq = record.seq;
        break;
      case 'title':
        out.renamedTitle = record.title;
        continue; // a rename is not activity (lastAt)
      case 'turn':
        out.turns.push(turnFromRecord(record));
        break;
      case 'compaction':
        out.compactions.push(compactionFromRecord(record));
        break;
      case 'note': {
        const { t: _t, ...note } = record;
        out.notes.push(note);
        continue; // a command's output is not chat activity (lastAt): /sessions must not move a chat to the top
      }
    }
    out.lastAt = record.at;
  }
  return out;
}
