// JsonDocument<T>: one typed JSON file (zod schema, version + migrations, atomic 0600 writes, one backup policy).
import { readFile, rename, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from './atomicWrite';
import { SerialQueue } from './serialQueue';

/** A migration from version `n` to `n + 1`, given the parsed file content of version `n`. */
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** Options of {@link JsonDocument.open} and {@link readJsonDocument}. */
export interface JsonDocumentOptions<T> {
  /** Absolute path of the JSON file. */
  path: string;
  /** Validates the whole file content (after migrations). For versioned files it includes the `version` key. */
  schema: z.ZodType<T>;
  /** The value used when the file does not exist or was invalid (and moved aside). Must satisfy `schema`. */
  initial: () => T;
  /**
   * The current schema version. When set, the file is an object with a numeric `version` key (absent = 0);
   * `migrations[n]` upgrades version n to n + 1. A file newer than `version` is invalid (it is never downgraded).
   */
  version?: number;
  migrations?: Record<number, Migration>;
  /** Receives the load problems (and failed listeners): required, so that no failure vanishes. */
  log: Logger;
  /** POSIX mode of the written file; default 0o600 (the runtime's files are private). */
  mode?: number;
  /** Clock for the backup file name (tests). */
  now?: () => Date;
}

/** What {@link readJsonDocument} found. `problem` and `backup` are set when the file was invalid and moved aside. */
export interface JsonDocumentRead<T> {
  value: T;
  /** True when the file existed and was valid. */
  existed: boolean;
  /** One sentence: what was wrong with the file. */
  problem?: string;
  /** Where the invalid file now is. */
  backup?: string;
}

/**
 * Name an invalid file is moved to: `<path>.invalid-<ISO time with ':' and '.' as '-'>`, with `-2`, `-3`… appended
 * when that name exists, so an earlier backup is never overwritten.
 */
export async function invalidBackupPath(path: string, at: Date): Promise<string> {
  const base = `${path}.invalid-${at.toISOString().replace(/[:.]/g, '-')}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      await stat(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      throw error;
    }
  }
}

/** Moves an invalid file aside to {@link invalidBackupPath} (never deletes, never overwrites); returns the new path. */
export async function backupInvalidFile(path: string, now: () => Date = () => new Date()): Promise<string> {
  const backup = await invalidBackupPath(path, now());
  await rename(path, backup);
  return backup;
}

/** The schema's complaint in one line: `key.path: message; ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Reads, migrates and validates a JSON document. A missing file gives `initial()`. A file that is not JSON, has an
 * unknown or newer version, fails a migration or fails the schema is moved aside (see {@link backupInvalidFile}), the
 * problem is logged with both paths, and `initial()` is returned. Throws only when the file exists but cannot be read
 * (e.g. permissions), with an Error naming the path and what to check.
 */
export async function readJsonDocument<T>(options: JsonDocumentOptions<T>): Promise<JsonDocumentRead<T>> {
  const { path, log } = options;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: options.initial(), existed: false };
    throw new Error(`Cannot read ${path}: ${(error as Error).message}. Check the file's owner and permissions.`, {
      cause: error,
    });
  }
  let problem: string;
  try {
    const migrated = migrateContent(JSON.parse(text), options);
    const parsed = options.schema.safeParse(migrated);
    if (parsed.success) return { value: parsed.data, existed: true };
    problem = describeIssues(parsed.error);
  } catch (error) {
    problem = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
  }
  const backup = await backupInvalidFile(path, options.now);
  log.error(`${path} is invalid (${problem}); it was moved to ${backup} and defaults are used.`, { path, backup });
  return { value: options.initial(), existed: true, problem, backup };
}

function migrateContent<T>(content: unknown, options: JsonDocumentOptions<T>): unknown {
  if (options.version === undefined) return content;
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new Error('expected a JSON object');
  }
  let data = content as Record<string, unknown>;
  const found = data.version ?? 0;
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) throw new Error('"version" is not a number');
  if (found > options.version) {
    throw new Error(`version ${found} is newer than this Deskpilot understands (${options.version}); update Deskpilot`);
  }
  for (let v = found; v < options.version; v++) {
    const step = options.migrations?.[v];
    if (!step) throw new Error(`no migration from version ${v} to ${v + 1}`);
    data = { ...step(data), version: v + 1 };
  }
  return data;
}

/**
 * A typed JSON file kept in memory: {@link get} returns the current value, {@link update} changes it through a
 * {@link SerialQueue} (one write at a time, each on the value the previous left), validates the result and writes it
 * atomically with mode 0600. Load problems are in {@link problem} / {@link backup} and were logged.
 */
export class JsonDocument<T> {
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<(value: T) => void>();

  private constructor(
    private readonly options: JsonDocumentOptions<T>,
    private current: T,
    /** Whether a valid file existed when opened (false: it was missing, or invalid and moved aside). */
    readonly existed: boolean,
    /** What was wrong with the file when it was opened (it was moved to {@link backup}); undefined when it was fine. */
    readonly problem: string | undefined,
    /** Where the invalid file was moved. */
    readonly backup: string | undefined,
  ) {}

  /** Opens the document (see {@link readJsonDocument}); throws when `initial()` fails the schema (a programming error). */
  static async open<T>(options: JsonDocumentOptions<T>): Promise<JsonDocument<T>> {
    const initial = options.schema.safeParse(options.initial());
    if (!initial.success) {
      throw new Error(
        `The initial value for ${options.path} does not match its schema: ${describeIssues(initial.error)}.`,
      );
    }
    const read = await readJsonDocument(options);
    return new JsonDocument(options, read.value, read.existed && !read.problem, read.problem, read.backup);
  }

  /** Absolute path of the file. */
  get path(): string {
    return this.options.path;
  }

  /** The current value. Treat it as read-only: change it with {@link update}. */
  get(): T {
    return this.current;
  }

  /**
   * Applies `change` to a copy of the current value (it may mutate the copy and return nothing, or return a new value),
   * validates the result and writes it atomically. Updates run one at a time in call order. Rejects, writing nothing,
   * when the result fails the schema (naming the path and the problem) or the write fails (the fs error).
   */
  update(change: (draft: T) => T | void): Promise<T> {
    return this.queue.run(async () => {
      const draft = structuredClone(this.current);
      const next = change(draft) ?? draft;
      const parsed = this.options.schema.safeParse(next);
      if (!parsed.success) {
        throw new Error(`Not saved: the new content of ${this.path} is invalid (${describeIssues(parsed.error)}).`);
      }
      await atomicWriteJson(this.path, parsed.data, { mode: this.options.mode ?? 0o600 });
      this.current = parsed.data;
      for (const listener of this.listeners) {
        try {
          listener(this.current);
        } catch (error) {
          this.options.log.error(`A change listener of ${this.path} threw`, { error });
        }
      }
      return this.current;
    });
  }

  /** Replaces the whole value (see {@link update}). */
  set(value: T): Promise<T> {
    return this.update(() => value);
  }

  /** Calls `listener` after each saved change; returns an unsubscribe function. */
  onChange(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every update issued so far has settled. */
  flush(): Promise<void> {
    return this.queue.idle();
  }
}
