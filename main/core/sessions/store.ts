// SessionStore: one append-only JSONL file per session under <home>/sessions/, serialized appends, fork, delete, list.
import { mkdir, open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { SessionItem } from '../../../preload/contract/items';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWrite } from '../util/atomicWrite';
import { SerialQueue } from '../util/serialQueue';
import { isSessionId, newSessionId } from './ids';
import {
  CompactionRecord,
  NoteRecord,
  SESSION_FORMAT_VERSION,
  TurnRecord,
  compactionFromRecord,
  encodeRecord,
  parseSessionFile,
  turnFromRecord,
} from './records';
import type {
  ForkedFrom,
  MetaRecord,
  ParsedSessionFile,
  SessionCompaction,
  SessionEntry,
  SessionRecord,
  SessionTurn,
} from './records';
import { SessionIndex, SessionNotFoundError, SummaryTracker, newestFirst, resolveRef, summarize } from './sessionIndex';
import type { IndexEntry, SessionSummary } from './sessionIndex';
import type { CommandNote } from '../../../preload/contract/sessions';
import type { CompactionInput, LoadedSession, SessionStoreOptions, TurnInput } from './storeTypes';

export { SessionNotFoundError } from './sessionIndex';
export type { SessionSummary } from './sessionIndex';
export type { SessionCompaction, SessionEntry, SessionTurn } from './records';
export type { CompactionInput, LoadedSession, SessionStoreOptions, TurnInput } from './storeTypes';

/** In-memory state of a session this process writes to: everything needed to append without rereading the file. */
interface LiveSession {
  id: string;
  path: string;
  handle?: FileHandle;
  /** This session's operations, one at a time: every write waits for the previous one. */
  queue: SerialQueue;
  deleted: boolean;
  nextSeq: number;
  /** The file ends in a torn line (or a failed write): the next append starts with `\n`. */
  needsNewline: boolean;
  /** File size in bytes, compared with the index entry to spot stale entries. */
  size: number;
  tracker: SummaryTracker;
}

/**
 * Sessions on disk (DESIGN.md §5, §8): `<home>/sessions/<id>.jsonl`, one record per line (see records.ts),
 * plus `index.json` with summaries. Appends to one session are serialized so lines never interleave; each batch
 * is one write of whole lines through a cached append-mode handle; `sync()` fsyncs. Call `close()` on shutdown.
 * Methods taking an id throw {@link SessionNotFoundError} when no such session exists.
 */
/** Appends up to this many bytes are written synchronously (see write()). */
const SYNC_WRITE_MAX_BYTES = 64 * 1024;

export class SessionStore {
  /** The folder holding the session files. */
  readonly dir: string;
  private readonly sessions = new Map<string, LiveSession>();
  private readonly opening = new Map<string, Promise<LiveSession>>();
  /** Sessions holding an open handle, least recently used first. */
  private readonly handles = new Map<string, LiveSession>();
  private readonly index: SessionIndex;
  private readonly now: () => Date;
  private readonly maxOpenFiles: number;
  private readonly log: Logger;

  /** A store over `<home>/sessions/`; nothing is read or created until a method needs it. */
  constructor(home: string, options: SessionStoreOptions) {
    this.dir = join(home, 'sessions');
    this.now = options.now ?? (() => new Date());
    this.maxOpenFiles = Math.max(1, options.maxOpenFiles ?? 16);
    this.log = options.logger;
    const hooks = { scan: (id: string) => this.scanEntry(id), live: (id: string) => this.liveEntry(id) };
    this.index = new SessionIndex(this.dir, hooks, { debounceMs: options.indexDebounceMs, logger: options.logger });
  }

  /** Creates a store over `<home>/sessions/` (the folder is made on the first create). Never throws. */
  static async open(home: string, options: SessionStoreOptions): Promise<SessionStore> {
    return new SessionStore(home, options);
  }

  /** Creates an empty session (the file holds only its meta line) and returns its summary. `title` is optional. */
  async create(opts: { title?: string } = {}): Promise<SessionSummary> {
    return this.writeNew(this.newMeta(cleanTitle(opts.title ?? '')), [], []);
  }

  /**
   * Appends transcript items produced by turn `turnId` and returns them with their `seq` (one more than the last)
   * and `at` (now). Throws an Error naming the item when one does not match the SessionItem schema (nothing written).
   */
  async appendItems(id: string, turnId: string, items: SessionItem[]): Promise<SessionEntry[]> {
    const checked = items.map((item, i) => {
      const parsed = SessionItem.safeParse(item);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new Error(
        `Cannot append item ${i} to session ${id}: ${issue.path.join('.') || 'item'}: ${issue.message}. Nothing was written.`,
      );
    });
    return this.run(id, async (s) => {
      if (checked.length === 0) return [];
      const at = this.now().toISOString();
      const entries = checked.map((item, i) => ({ seq: s.nextSeq + i, at, turnId, item }));
      s.nextSeq += entries.length; // before writing: a failed write may still have landed some lines, never reuse their seqs
      await this.write(s, entries.map(itemRecord));
      return entries;
    });
  }

  /** Records the end of a turn (stop reason, usage in tokens); the session's usage grows by `record.usage`. Throws on an invalid record. */
  async appendTurn(id: string, record: TurnInput): Promise<SessionTurn> {
    const turn = TurnRecord.parse({ ...record, t: 'turn', at: record.at ?? this.now().toISOString() });
    return this.run(id, async (s) => {
      await this.write(s, [turn]);
      return turnFromRecord(turn);
    });
  }

  /** Records a compaction of items with `seq <= upToSeq`. Throws when `upToSeq` is past the last item or the record is invalid. */
  async appendCompaction(id: string, record: CompactionInput): Promise<SessionCompaction> {
    const compaction = CompactionRecord.parse({
      ...record,
      t: 'compaction',
      at: record.at ?? this.now().toISOString(),
    });
    return this.run(id, async (s) => {
      if (compaction.upToSeq >= s.nextSeq) {
        throw new Error(
          `Cannot compact session ${id} up to seq ${compaction.upToSeq}: its last item has seq ${s.nextSeq - 1}.`,
        );
      }
      await this.write(s, [compaction]);
      return compactionFromRecord(compaction);
    });
  }

  /**
   * Keeps a slash command's output in the transcript after the last item (a `note` line; never model input, not
   * activity for the chat list's order). `command` is the name without the slash. Throws for an unknown session.
   */
  async appendNote(id: string, note: { command: string; text: string }): Promise<CommandNote> {
    return this.run(id, async (s) => {
      const record = NoteRecord.parse({ t: 'note', at: this.now().toISOString(), afterSeq: s.nextSeq - 1, ...note });
      await this.write(s, [record]);
      const { t: _t, ...stored } = record;
      return stored;
    });
  }

  /** Sets the title (one line, trimmed); `''` goes back to the title derived from the first user message. */
  async rename(id: string, title: string): Promise<SessionSummary> {
    return this.run(id, async (s) => {
      await this.write(s, [{ t: 'title', title: cleanTitle(title), at: this.now().toISOString() }]);
      return s.tracker.summary;
    });
  }

  /** Flushes the session's appended lines to disk (fsync). The agent loop calls it at turn boundaries. */
  async sync(id: string): Promise<void> {
    await this.run(id, async (s) => {
      await s.handle?.sync();
    });
  }

  /** Reads the whole session. Torn or corrupt lines are skipped and reported in `warnings`; the rest is returned. */
  async load(id: string): Promise<LoadedSession> {
    const parsed = await this.readSettled(id);
    const { entries, turns, compactions, notes, warnings } = parsed;
    return { summary: summarize(id, parsed), entries, turns, compactions, notes, warnings };
  }

  /** The current summary of one session; cheap after the first call (no reread of the file). */
  async summary(id: string): Promise<SessionSummary> {
    return this.run(id, async (s) => s.tracker.summary);
  }

  /** Every session's summary, newest first (by last activity, then creation). */
  async list(): Promise<SessionSummary[]> {
    return (await this.index.all()).sort(newestFirst);
  }

  /** The most recently active session, or `undefined` when there is none. */
  async latest(): Promise<SessionSummary | undefined> {
    return (await this.list())[0];
  }

  /**
   * Finds a session by `'latest'`, a full id, or a unique id prefix of 4+ characters (e.g. `s_01jh`).
   * Throws {@link SessionNotFoundError} (suggesting `deskpilot sessions list`) when nothing or several match.
   */
  async resolve(ref: 'latest' | string): Promise<SessionSummary> {
    return resolveRef(await this.list(), ref, this.dir);
  }

  /**
   * Starts a new session with the items of `id` up to `uptoSeq` (all when omitted), keeping their seq, time and turn,
   * plus the compactions that only cover copied items. Turn records are not copied: the fork's usage starts at zero.
   * The fork is titled after the source with a fork mark ({@link forkTitle}: "Trip (fork)", then "Trip (fork 2)" …)
   * and records `forkedFrom: {id, seq}`. Throws on a negative or fractional `uptoSeq`.
   */
  async fork(id: string, uptoSeq?: number): Promise<SessionSummary> {
    if (uptoSeq !== undefined && (!Number.isInteger(uptoSeq) || uptoSeq < 0)) {
      throw new Error(`Cannot fork session ${id} at seq ${uptoSeq}: give a whole number of 0 or more.`);
    }
    const source = await this.readSettled(id);
    const cut = Math.min(uptoSeq ?? source.maxSeq, source.maxSeq);
    const meta = this.newMeta(forkTitle(summarize(id, source).title), { id, seq: cut });
    const entries = source.entries.filter((e) => e.seq <= cut);
    return this.writeNew(
      meta,
      entries,
      source.compactions.filter((c) => c.upToSeq <= cut),
    );
  }

  /** Deletes the session file and its index entry. */
  async delete(id: string): Promise<void> {
    assertId(id);
    if (this.sessions.has(id) || this.opening.has(id)) {
      await this.run(id, async (s) => {
        await this.closeHandle(s);
        await unlink(s.path);
        s.deleted = true;
        this.sessions.delete(id);
      });
    } else {
      await unlink(this.pathOf(id)).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new SessionNotFoundError(id) : error;
      });
    }
    this.index.remove(id);
  }

  /** True when a session file with this id exists. */
  async exists(id: string): Promise<boolean> {
    if (!isSessionId(id)) return false;
    return stat(this.pathOf(id)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /** Waits for pending appends, fsyncs and closes every open file, and writes the index. The store stays usable. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    await Promise.all(
      [...this.sessions.values()].map(async (s) => {
        await s.queue.idle();
        await this.closeHandle(s);
      }),
    );
    await this.index.flush();
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  private newMeta(title: string, forkedFrom?: ForkedFrom): MetaRecord {
    const createdAt = this.now();
    const id = newSessionId(createdAt);
    return {
      t: 'meta',
      v: SESSION_FORMAT_VERSION,
      id,
      createdAt: createdAt.toISOString(),
      title,
      ...(forkedFrom ? { forkedFrom } : {}),
    };
  }

  /**
   * Reads the file after every queued write of this session has landed (so no half-written line is seen),
   * and keeps the result as the live state when the session was not open yet.
   */
  private async readSettled(id: string): Promise<ParsedSessionFile> {
    assertId(id);
    if (this.sessions.has(id) || this.opening.has(id)) return this.run(id, async (s) => (await this.read(s.id)).parsed);
    const { parsed, size } = await this.read(id);
    if (!this.sessions.has(id) && !this.opening.has(id)) this.sessions.set(id, this.liveFrom(id, parsed, size));
    return parsed;
  }

  /** Writes a whole new session file atomically (create and fork) and makes it live. */
  private async writeNew(
    meta: MetaRecord,
    entries: SessionEntry[],
    compactions: SessionCompaction[],
  ): Promise<SessionSummary> {
    const copied = compactions.map(({ turnId, ...rest }): SessionRecord => ({
      t: 'compaction',
      turn: turnId,
      ...rest,
    }));
    const text = [meta, ...entries.map(itemRecord), ...copied].map(encodeRecord).join('');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await atomicWrite(this.pathOf(meta.id), text, { mode: 0o600 });
    const maxSeq = entries.reduce((max, e) => Math.max(max, e.seq), 0);
    const parsed: ParsedSessionFile = {
      meta,
      entries,
      turns: [],
      compactions,
      notes: [],
      maxSeq,
      warnings: [],
      endsWithNewline: true,
    };
    const s = this.liveFrom(meta.id, parsed, Buffer.byteLength(text));
    this.sessions.set(meta.id, s);
    this.index.put(entryOf(s));
    return s.tracker.summary;
  }

  private async read(id: string): Promise<{ parsed: ParsedSessionFile; size: number }> {
    let buffer: Buffer;
    try {
      buffer = await readFile(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SessionNotFoundError(id);
      throw error;
    }
    return { parsed: parseSessionFile(buffer, `sessions/${id}.jsonl`), size: buffer.length };
  }

  private liveFrom(id: string, parsed: ParsedSessionFile, size: number): LiveSession {
    const tracker = new SummaryTracker(id, parsed);
    const nextSeq = parsed.maxSeq + 1;
    return {
      id,
      path: this.pathOf(id),
      queue: new SerialQueue(),
      deleted: false,
      nextSeq,
      needsNewline: !parsed.endsWithNewline,
      size,
      tracker,
    };
  }

  /** The live state of a session, reading its file once. Always a promise, so callers queue in call order. */
  private live(id: string): Promise<LiveSession> {
    assertId(id);
    const known = this.sessions.get(id);
    if (known) return Promise.resolve(known);
    let opening = this.opening.get(id);
    if (!opening) {
      const settle = () => this.opening.delete(id);
      opening = this.read(id).then(({ parsed, size }) => {
        const s = this.sessions.get(id) ?? this.liveFrom(id, parsed, size);
        this.sessions.set(id, s);
        return s;
      });
      opening.then(settle, settle);
      this.opening.set(id, opening);
    }
    return opening;
  }

  /** Runs `op` after every earlier operation on the same session; a failed op does not block later ones. */
  private async run<T>(id: string, op: (s: LiveSession) => Promise<T>): Promise<T> {
    const s = await this.live(id);
    const value = await s.queue.run(() => {
      if (s.deleted) throw new SessionNotFoundError(id);
      return op(s);
    });
    if (!s.deleted) this.index.put(entryOf(s));
    return value;
  }

  /** Appends whole lines in one write; after a torn last line (or a failed write) starts on a fresh line. */
  private async write(s: LiveSession, records: SessionRecord[]): Promise<void> {
    const text = (s.needsNewline ? '\n' : '') + records.map(encodeRecord).join('');
    const buffer = Buffer.from(text, 'utf8');
    const handle = await this.handleOf(s);
    let offset = 0;
    try {
      // Small appends (one turn's items) go straight to the fd: a synchronous write of a few KB costs microseconds,
      // an async one a thread-pool round trip per agent round. Large ones stay async so the event loop never stalls.
      const sync = buffer.length <= SYNC_WRITE_MAX_BYTES;
      while (offset < buffer.length) {
        offset += sync
          ? writeSync(handle.fd, buffer, offset, buffer.length - offset)
          : (await handle.write(buffer, offset, buffer.length - offset, null)).bytesWritten;
      }
    } finally {
      s.size += offset;
      if (offset > 0) s.needsNewline = offset < buffer.length;
    }
    for (const record of records) s.tracker.apply(record);
  }

  /** The session's append handle, opened on demand; beyond `maxOpenFiles` the least recently used is synced and closed. */
  private async handleOf(s: LiveSession): Promise<FileHandle> {
    this.handles.delete(s.id);
    this.handles.set(s.id, s);
    if (s.handle) return s.handle;
    s.handle = await open(s.path, 'a', 0o600);
    for (const [otherId, other] of this.handles) {
      if (this.handles.size <= this.maxOpenFiles) break;
      if (otherId === s.id) continue;
      this.handles.delete(otherId);
      const evicted = other.handle;
      other.handle = undefined;
      // Close behind the evicted session's queued operations, which may still hold this handle.
      void other.queue
        .run(() => evicted?.sync().finally(() => evicted.close()))
        .catch((error: unknown) =>
          this.log.warn(`Could not sync and close ${other.path}; its last appends may not be on disk`, { error }),
        );
    }
    return s.handle;
  }

  private async closeHandle(s: LiveSession): Promise<void> {
    const handle = s.handle;
    s.handle = undefined;
    this.handles.delete(s.id);
    if (!handle) return;
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async scanEntry(id: string): Promise<IndexEntry | undefined> {
    try {
      const { parsed, size } = await this.read(id);
      return { ...summarize(id, parsed), size };
    } catch (error) {
      if (error instanceof SessionNotFoundError) return undefined;
      throw error;
    }
  }

  private liveEntry(id: string): IndexEntry | undefined {
    const s = this.sessions.get(id);
    return s && !s.deleted ? entryOf(s) : undefined;
  }
}

function assertId(id: string): void {
  if (!isSessionId(id)) {
    throw new SessionNotFoundError(
      id,
      `"${id}" is not a session id. Run \`deskpilot sessions list\` to see the sessions.`,
    );
  }
}

/**
 * The title of a fork of a session titled `title`: `"<title> (fork)"`; a fork of a fork counts up
 * (`"Trip (fork)"` -> `"Trip (fork 2)"` -> `"Trip (fork 3)"`), so a fork never has its original's title.
 */
export function forkTitle(title: string): string {
  const marked = /^(.*) \(fork(?: (\d+))?\)$/.exec(title);
  if (!marked) return cleanTitle(`${title} (fork)`);
  return cleanTitle(`${marked[1]} (fork ${marked[2] ? Number(marked[2]) + 1 : 2})`);
}

/** Titles are one line: runs of whitespace (newlines included) become one space. */
function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}

function itemRecord(e: SessionEntry): SessionRecord {
  return { t: 'item', seq: e.seq, at: e.at, turn: e.turnId, item: e.item };
}

function entryOf(s: LiveSession): IndexEntry {
  return { ...s.tracker.summary, size: s.size };
}
