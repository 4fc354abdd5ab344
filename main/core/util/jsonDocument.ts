// JsonDocument<T>: one typed JSON file (zod schema, version + migrations, atomic 0600 writes, one backup policy).
import { readFile, rename, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { createStateHandle, describeIssues, type ValidatedState } from '../../../plugins/sdk/stateHandle';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from './atomicWrite';

export { describeIssues } from '../../../plugins/sdk/stateHandle';

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
  /**
   * Turns a schema failure of the (migrated) content into the one-line problem that is logged and returned; default
   * {@link describeIssues}. Lets a file give friendlier messages (settings name the key and the value found).
   */
  describe?: (error: z.ZodError, content: unknown) => string;
  /**
   * The content is secret (credentials): a problem never quotes it (the JSON parser's message, which may contain a
   * fragment of the file, is left out).
   */
  sensitive?: boolean;
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

/**
 * Reads, migrates and validates a JSON document. A missing file gives `initial()`. A file that is not JSON, has an
 * unknown or newer version, fails a migration or fails the schema is moved aside (see {@link backupInvalidFile}), the
 * problem is logged with both paths, and `initial()` is returned. Throws an Error naming the path and the next step
 * when the file exists but cannot be read (e.g. permissions, a directory), or is invalid and cannot be moved aside
 * (it is then left as it was).
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
    problem = (options.describe ?? describeIssues)(parsed.error, migrated);
  } catch (error) {
    if (!(error instanceof SyntaxError)) problem = (error as Error).message;
    else problem = options.sensitive ? 'not valid JSON' : `not valid JSON (${error.message})`;
  }
  let backup: string;
  try {
    backup = await backupInvalidFile(path, options.now);
  } catch (error) {
    throw new Error(
      `${path} is invalid (${problem}) and could not be moved aside (${(error as Error).message}); it was left as it was. ` +
        'Fix or move the file away, then try again.',
      { cause: error },
    );
  }
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
 * A typed JSON file kept in memory: {@link get} returns the current value, {@link update} changes it one write at a
 * time (each on the value the previous left), validates the result and writes it atomically with mode 0600 (see
 * plugins/sdk/stateHandle.ts, the one implementation of these rules). Load problems are in {@link problem} /
 * {@link backup} and were logged. Usable wherever a plugin `StateHandle` is expected.
 */
export class JsonDocument<T> implements ValidatedState<T> {
  private readonly state: ValidatedState<T>;

  private constructor(
    private readonly options: JsonDocumentOptions<T>,
    value: T,
    /** Whether a valid file existed when opened (false: it was missing, or invalid and moved aside). */
    readonly existed: boolean,
    /** What was wrong with the file when it was opened (it was moved to {@link backup}); undefined when it was fine. */
    readonly problem: string | undefined,
    /** Where the invalid file was moved. */
    readonly backup: string | undefined,
  ) {
    this.state = createStateHandle({
      schema: options.schema,
      value,
      save: (next) => atomicWriteJson(options.path, next, { mode: options.mode ?? 0o600 }),
      log: options.log,
      label: options.path,
    });
  }

  /**
   * Opens the document (see {@link readJsonDocument}, whose errors it throws); throws when `initial()` fails the
   * schema (a programming error).
   */
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
    return this.state.get();
  }

  /**
   * Applies `change` to a copy of the current value (it may mutate the copy and return nothing, or return a new value),
   * validates the result and writes it atomically. Updates run one at a time in call order. Rejects, writing nothing,
   * when `change` throws (its error), the result fails the schema (naming the path and the problem) or the write fails
   * (the fs error).
   */
  update(change: (draft: T) => T | void): Promise<T> {
    return this.state.update(change);
  }

  /** Replaces the whole value (see {@link update}). */
  set(value: T): Promise<T> {
    return this.update(() => value);
  }

  /** Calls `listener` after each saved change; returns an unsubscribe function. A throwing listener is logged. */
  onChange(listener: (value: T) => void): () => void {
    return this.state.onChange(listener);
  }

  /** Resolves when every update issued so far has settled. */
  flush(): Promise<void> {
    return this.state.flush();
  }
}
