// The session store's public shapes: what load() returns, what the append methods take, and its options.
import type { Logger } from '../../../plugins/sdk/types';
import type { CompactionRecord, SessionCompaction, SessionEntry, SessionTurn, TurnRecord } from './records';
import type { CommandNote } from '../../../preload/contract/sessions';
import type { SessionSummary } from './sessionIndex';

/**
 * A whole session as read from disk: summary, transcript entries, turns and compactions in file order, and the
 * skipped-line warnings. Contract shapes: with `running` added it is a `SessionDetail` (preload/contract/sessions.ts).
 */
export interface LoadedSession {
  summary: SessionSummary;
  entries: SessionEntry[];
  turns: SessionTurn[];
  compactions: SessionCompaction[];
  notes: CommandNote[];
  warnings: string[];
}

/** What appendTurn takes: a {@link TurnRecord} without its tag; `at` (ISO 8601) defaults to now. */
export type TurnInput = Omit<TurnRecord, 't' | 'at'> & { at?: string };
/** What appendCompaction takes: a {@link CompactionRecord} without its tag; `at` (ISO 8601) defaults to now. */
export type CompactionInput = Omit<CompactionRecord, 't' | 'at'> & { at?: string };

/**
 * Options of {@link SessionStore}: clock (tests), append handles kept open (default 16), index write debounce (ms,
 * default 250), and the logger that receives failures no caller sees (index writes, closing evicted files): required.
 */
export interface SessionStoreOptions {
  now?: () => Date;
  maxOpenFiles?: number;
  indexDebounceMs?: number;
  logger: Logger;
}
