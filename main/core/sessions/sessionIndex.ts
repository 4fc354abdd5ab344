// Session summaries and `sessions/index.json`, the summary cache behind a fast list(): reconciled, rebuilt, written atomically.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { addUsage, zeroUsage, type SessionItem } from '../../../preload/contract/items';
import { SessionSummary as ContractSessionSummary } from '../../../preload/contract/sessions';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from '../util/atomicWrite';
import { SerialQueue } from '../util/serialQueue';
import { isSessionId, sessionIdTime } from './ids';
import type { ParsedSessionFile, SessionRecord } from './records';

/** Title of a session that has neither an explicit title nor a user message with text yet. */
export const UNTITLED = 'New session';
/** Longest derived title, in characters. */
export const TITLE_MAX_CHARS = 80;

/**
 * What list() shows per session (the contract's SessionSummary). `createdAt`/`updatedAt` are ISO 8601 (`updatedAt` =
 * time of the last record other than a rename: renaming does not move a session up the list); `itemCount` counts transcript items; `usage` sums the tokens of every recorded turn.
 */
export type SessionSummary = ContractSessionSummary;

/** A summary plus the byte size of the file it describes; a size mismatch means the entry is stale. */
export const IndexEntry = ContractSessionSummary.extend({ size: z.number().int().nonnegative() });
/** Shape of {@link IndexEntry}. */
export type IndexEntry = z.infer<typeof IndexEntry>;

const IndexFile = z.object({ v: z.literal(1), sessions: z.array(IndexEntry) });

/**
 * The title derived from one item: the first non-blank line of a user message's text, trimmed,
 * cut to {@link TITLE_MAX_CHARS} characters (code points, ending in `…` when cut); `undefined` for other items.
 */
export function titleFromItem(item: SessionItem): string | undefined {
  if (item.type !== 'message' || item.role !== 'user') return undefined;
  for (const part of item.content) {
    if (part.type !== 'input_text') continue;
    const line = part.text.split('\n').find((l) => l.trim() !== '');
    if (line === undefined) continue;
    const chars = Array.from(line.trim()); // code points, so an emoji is never cut in half
    return chars.length <= TITLE_MAX_CHARS ? chars.join('') : `${chars.slice(0, TITLE_MAX_CHARS - 1).join('')}…`;
  }
  return undefined;
}

/** The explicit title of a file: the last rename, else the meta title; `undefined` when unset or renamed to `''`. */
export function explicitTitleOf(parsed: ParsedSessionFile): string | undefined {
  return (parsed.renamedTitle !== undefined ? parsed.renamedTitle : parsed.meta?.title) || undefined;
}

/** The title derived from the first user message with text, if any. */
export function derivedTitleOf(parsed: ParsedSessionFile): string | undefined {
  for (const entry of parsed.entries) {
    const title = titleFromItem(entry.item);
    if (title !== undefined) return title;
  }
  return undefined;
}

/**
 * Builds the summary of a parsed file; `id` is the file's id (the creation time falls back to the id's time).
 * The title is the explicit title, else the first user message's, else {@link UNTITLED}.
 */
export function summarize(id: string, parsed: ParsedSessionFile): SessionSummary {
  const createdAt = parsed.meta?.createdAt ?? (sessionIdTime(id) ?? new Date(0)).toISOString();
  return {
    id,
    title: explicitTitleOf(parsed) ?? derivedTitleOf(parsed) ?? UNTITLED,
    createdAt,
    updatedAt: parsed.lastAt !== undefined && parsed.lastAt > createdAt ? parsed.lastAt : createdAt,
    itemCount: parsed.entries.length,
    usage: parsed.turns.reduce((sum, turn) => addUsage(sum, turn.usage), zeroUsage),
    ...(parsed.meta?.forkedFrom ? { forkedFrom: parsed.meta.forkedFrom } : {}),
  };
}

/** The summary of a session this process writes to, kept current record by record so list() needs no reread. */
export class SummaryTracker {
  private explicitTitle: string | undefined;
  private derivedTitle: string | undefined;
  private readonly base: Omit<SessionSummary, 'title'>;

  /** Starts from the parsed file of session `id`. */
  constructor(id: string, parsed: ParsedSessionFile) {
    const { title: _title, ...base } = summarize(id, parsed);
    this.base = base;
    this.explicitTitle = explicitTitleOf(parsed);
    this.derivedTitle = derivedTitleOf(parsed);
  }

  /** Accounts for one record that was just appended to the file. */
  apply(record: SessionRecord): void {
    if (record.t === 'meta' || record.t === 'note') return; // a command's output is not activity either
    if (record.t === 'item') {
      this.base.itemCount += 1;
      this.derivedTitle ??= titleFromItem(record.item);
    } else if (record.t === 'turn') {
      this.base.usage = addUsage(this.base.usage, record.usage);
    } else if (record.t === 'title') {
      this.explicitTitle = record.title || undefined;
      return; // a rename is not activity: the session keeps its place in the list
    }
    this.base.updatedAt = record.at;
  }

  /** The current summary (a fresh object). */
  get summary(): SessionSummary {
    return { ...this.base, title: this.explicitTitle ?? this.derivedTitle ?? UNTITLED };
  }
}

/** Thrown when a session id or reference matches no session file. `code` is the contract error code `not_found`. */
export class SessionNotFoundError extends Error {
  readonly code = 'not_found';
  constructor(
    /** The id or reference that matched nothing. */
    readonly ref: string,
    message = `Session "${ref}" was not found. Run \`deskpilot sessions list\` to see the sessions.`,
  ) {
    super(message);
    this.name = 'SessionNotFoundError';
  }
}

/**
 * Picks the session `ref` names among `all` (sorted newest first): `'latest'` = the first, else an exact id,
 * else a unique id prefix of 4+ characters. Throws {@link SessionNotFoundError} when none or several match;
 * `dir` names the sessions folder in the message.
 */
export function resolveRef(all: SessionSummary[], ref: string, dir: string): SessionSummary {
  if (ref === 'latest') {
    if (all[0]) return all[0];
    throw new SessionNotFoundError(
      ref,
      `There are no sessions in ${dir} yet. Start one first, e.g. \`deskpilot run "hello"\`.`,
    );
  }
  const exact = all.find((s) => s.id === ref);
  if (exact) return exact;
  const matches = ref.length >= 4 ? all.filter((s) => s.id.startsWith(ref)) : [];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const ids = matches.map((s) => s.id).join(', ');
    throw new SessionNotFoundError(ref, `Session "${ref}" is ambiguous: it matches ${ids}. Give more of the id.`);
  }
  throw new SessionNotFoundError(ref);
}

/** Orders summaries newest first: by `updatedAt`, then by id (creation order). */
export function newestFirst(a: SessionSummary, b: SessionSummary): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** How {@link SessionIndex} reaches the store: scan a file from disk, or get the live entry of a session open for writing. */
export interface SessionIndexHooks {
  /** Reads and summarizes `sessions/<id>.jsonl`; `undefined` when the file vanished. */
  scan(id: string): Promise<IndexEntry | undefined>;
  /** The entry of a session this process is writing (always current), or `undefined`. */
  live(id: string): IndexEntry | undefined;
}

/** Options of {@link SessionIndex}: `debounceMs` coalesces index writes (default 250 ms); `logger` gets failed writes. */
export interface SessionIndexOptions {
  debounceMs?: number;
  logger: Logger;
}

/**
 * The summary cache in `<dir>/index.json`. Every `all()` lists the folder, keeps entries whose recorded size matches
 * the file, and rescans the rest, so a missing, corrupt or stale index (e.g. after a crash) heals itself.
 * Writes are debounced and coalesced; `flush()` forces one.
 */
export class SessionIndex {
  private entries = new Map<string, IndexEntry>();
  private loaded = false;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly writes = new SerialQueue();
  private readonly path: string;
  private readonly debounceMs: number;

  constructor(
    private readonly dir: string,
    private readonly hooks: SessionIndexHooks,
    private readonly options: SessionIndexOptions,
  ) {
    this.path = join(dir, 'index.json');
    this.debounceMs = options.debounceMs ?? 250;
  }

  /** Every session's summary (unordered), reconciled with the folder. Throws only if the folder cannot be listed. */
  async all(): Promise<SessionSummary[]> {
    if (!this.loaded) await this.readFromDisk();
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const ids = new Set(
      names
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => n.slice(0, -'.jsonl'.length))
        .filter(isSessionId),
    );
    for (const id of this.entries.keys()) {
      if (!ids.has(id)) this.remove(id);
    }
    const stale: string[] = [];
    await Promise.all(
      [...ids].map(async (id) => {
        const live = this.hooks.live(id);
        if (live) return this.put(live);
        const known = this.entries.get(id);
        const size = await stat(join(this.dir, `${id}.jsonl`)).then(
          (s) => s.size,
          () => -1,
        );
        if (size < 0) return this.remove(id);
        if (!known || known.size !== size) stale.push(id);
      }),
    );
    await this.rescan(stale);
    return [...this.entries.values()].map(({ size: _size, ...summary }) => summary);
  }

  /** Records the current entry of one session and schedules a write. */
  put(entry: IndexEntry): void {
    const known = this.entries.get(entry.id);
    if (known && JSON.stringify(known) === JSON.stringify(entry)) return;
    this.entries.set(entry.id, entry);
    this.schedule();
  }

  /** Forgets one session and schedules a write. */
  remove(id: string): void {
    if (this.entries.delete(id)) this.schedule();
  }

  /** Writes the index now if anything changed; resolves when it is on disk. Throws the write error. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Queued behind any write in progress; a flush that finds nothing changed since (another flush wrote it) is free.
    await this.writes.run(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await atomicWriteJson(this.path, { v: 1, sessions: [...this.entries.values()] }, { mode: 0o600 });
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    });
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) =>
        this.options.logger.warn(`Could not write ${this.path}; it will be rebuilt from the session files`, { error }),
      );
    }, this.debounceMs);
    this.timer.unref();
  }

  private async readFromDisk(): Promise<void> {
    this.loaded = true;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return; // missing: every session is rescanned by all()
    }
    let parsed: z.infer<typeof IndexFile> | undefined;
    try {
      parsed = IndexFile.parse(JSON.parse(text));
    } catch (error) {
      this.options.logger.warn(`${this.path} is corrupt; rebuilding it from the session files`, { error });
      this.schedule();
      return;
    }
    for (const entry of parsed.sessions) {
      if (!this.entries.has(entry.id)) this.entries.set(entry.id, entry);
    }
  }

  private async rescan(ids: string[]): Promise<void> {
    const queue = ids.slice();
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const entry = await this.hooks.scan(id);
        if (entry) this.put(entry);
        else this.remove(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  }
}
