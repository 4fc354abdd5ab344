// Session shapes the renderer and CLI see (summaries, transcript entries, compaction markers).
import { z } from 'zod';
import { ContextReceiptEntry, StopReason } from './events';
import { Risk, AllowedBy } from './approvals';
import { SessionItem, Usage } from './items';

/** One row of the session list. Times are ISO 8601 strings. */
export const SessionSummary = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  itemCount: z.number().int().nonnegative(),
  usage: Usage,
  forkedFrom: z.object({ id: z.string(), seq: z.number().int() }).optional(),
});
/** Shape of {@link SessionSummary}. */
export type SessionSummary = z.infer<typeof SessionSummary>;

/** One transcript item with its sequence number (1-based, per session), time and turn. */
export const TranscriptEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  turnId: z.string(),
  item: SessionItem,
});
/** Shape of {@link TranscriptEntry}. */
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

/**
 * One message that matches a `session/search` query: its chat (id and title), where it is (`seq`, `at` ISO 8601),
 * who wrote it, and the matching line (`line`, cut to about 200 characters around the match).
 */
export const SessionSearchHit = z.object({
  sessionId: z.string(),
  title: z.string(),
  seq: z.number().int(),
  at: z.string(),
  role: z.enum(['user', 'assistant']),
  line: z.string(),
});
/** Shape of {@link SessionSearchHit}. */
export type SessionSearchHit = z.infer<typeof SessionSearchHit>;

/** `session/search` answer: hits, newest chats first, and whether more matched than `limit` allowed. */
export const SessionSearchResult = z.object({ hits: z.array(SessionSearchHit), truncated: z.boolean() });
/** Shape of {@link SessionSearchResult}. */
export type SessionSearchResult = z.infer<typeof SessionSearchResult>;

/** How one tool call of a turn ended; `durationMs` in ms. `status` as main/core/tools/execute.ts reports it. */
export const ToolResultInfo = z.object({
  callId: z.string(),
  status: z.enum(['ok', 'error', 'denied', 'invalid', 'aborted', 'timeout']),
  isError: z.boolean(),
  durationMs: z.number().nonnegative(),
  /** Time (ms) the call waited for the user's approval, when it was asked; `durationMs` is the run time after it. */
  approvalWaitMs: z.number().nonnegative().optional(),
  risk: Risk.optional(),
  /** Why the call ran without asking (a rule, a session grant, or the policy); absent when the user was asked. */
  allowedBy: AllowedBy.optional(),
});
/** Shape of {@link ToolResultInfo}. */
export type ToolResultInfo = z.infer<typeof ToolResultInfo>;

/** A finished turn: its usage, why it stopped, what context it was given and how its tool calls ended. */
export const TurnInfo = z.object({
  turnId: z.string(),
  at: z.string(),
  stopReason: StopReason,
  usage: Usage,
  error: z.string().optional(),
  receipt: z.array(ContextReceiptEntry).optional(),
  toolResults: z.array(ToolResultInfo).optional(),
});
/** Shape of {@link TurnInfo}. */
export type TurnInfo = z.infer<typeof TurnInfo>;

/** Where compaction happened: items up to `upToSeq` are summarized for the model (the transcript keeps them). */
export const CompactionMarker = z.object({
  at: z.string(),
  turnId: z.string(),
  upToSeq: z.number().int(),
  summary: z.string(),
});
/** Shape of {@link CompactionMarker}. */
export type CompactionMarker = z.infer<typeof CompactionMarker>;

/**
 * The output of a slash command run in a session (`/config`, `/sessions`, `/compact`, …), kept in the transcript so
 * it survives a reload. `afterSeq` is the last item's seq when it ran (0 = before any item); `command` is the name
 * without the slash. Never part of the model's input.
 */
export const CommandNote = z.object({
  at: z.string(),
  afterSeq: z.number().int().nonnegative(),
  command: z.string(),
  text: z.string(),
});
/** Shape of {@link CommandNote}. */
export type CommandNote = z.infer<typeof CommandNote>;

/** Most entries one `session/get` (`tail`) or `session/entries` (`limit`) request returns. */
export const MAX_PAGE_ENTRIES = 5000;

/**
 * A whole session as the UI opens it. `running` is true while a turn is in progress. When `session/get` was asked
 * for a `tail`, `entries` holds only the last entries (by seq); `firstSeq` is the seq of the first of them (null
 * when there are none) and `totalEntries` counts every entry of the session. Turns and compactions are always complete.
 */
export const SessionDetail = z.object({
  summary: SessionSummary,
  entries: z.array(TranscriptEntry),
  turns: z.array(TurnInfo),
  compactions: z.array(CompactionMarker),
  /** Slash command outputs kept in the transcript, in the order they ran (always complete, like turns). */
  notes: z.array(CommandNote),
  running: z.boolean(),
  warnings: z.array(z.string()),
  firstSeq: z.number().int().nullable().optional(),
  totalEntries: z.number().int().nonnegative().optional(),
});
/** Shape of {@link SessionDetail}. */
export type SessionDetail = z.infer<typeof SessionDetail>;

/**
 * A page of older transcript entries (`session/entries`): in seq order, all with seq below the request's
 * `beforeSeq`. `firstSeq` is the seq of the first entry (null when the page is empty); pass it as the next
 * request's `beforeSeq`. A page shorter than the request's `limit` means nothing older is left.
 */
export const TranscriptPage = z.object({ entries: z.array(TranscriptEntry), firstSeq: z.number().int().nullable() });
/** Shape of {@link TranscriptPage}. */
export type TranscriptPage = z.infer<typeof TranscriptPage>;

/** Formats `session/export` writes: `md` = readable Markdown, `json` = the whole session as {@link SessionExportDocument}. */
export const SessionExportFormat = z.enum(['md', 'json']);
/** Shape of {@link SessionExportFormat}. */
export type SessionExportFormat = z.infer<typeof SessionExportFormat>;

/**
 * The `json` export of a session (`format: "deskpilot.session"`, `version` 1): its summary, every transcript entry,
 * turn and compaction, and when it was exported (`exportedAt`, ISO 8601). Readable back with this schema.
 */
export const SessionExportDocument = z.object({
  format: z.literal('deskpilot.session'),
  version: z.literal(1),
  exportedAt: z.string(),
  summary: SessionSummary,
  entries: z.array(TranscriptEntry),
  turns: z.array(TurnInfo),
  compactions: z.array(CompactionMarker),
});
/** Shape of {@link SessionExportDocument}. */
export type SessionExportDocument = z.infer<typeof SessionExportDocument>;

/**
 * A session exported as one file (`session/export`): `content` is the whole file text (UTF-8), `fileName` a safe
 * suggested name (`<title>-<id>.md|json`, no path), `mimeType` `text/markdown` or `application/json`.
 */
export const SessionExport = z.object({
  fileName: z.string(),
  mimeType: z.enum(['text/markdown', 'application/json']),
  content: z.string(),
});
/** Shape of {@link SessionExport}. */
export type SessionExport = z.infer<typeof SessionExport>;
