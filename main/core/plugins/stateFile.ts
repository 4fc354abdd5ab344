// A plugin's schema-checked JSON state file `<home>/<pluginId>.json`: load, backup of invalid files, serialized atomic updates.
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import type { StateHandle } from '../../../plugins/sdk/plugin';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from '../util/atomicWrite';

/** Options for {@link openStateFile}. `now` is injectable for tests (names the backup file). */
export interface StateFileOptions<S extends z.ZodType> {
  /** Absolute path of the JSON file. */
  path: string;
  schema: S;
  /** Value used when the file does not exist (or was invalid and moved aside); must match `schema`. */
  initial: z.infer<S>;
  /** Where load problems are reported (the plugin's scoped logger). */
  log: Logger;
  now?: () => Date;
}

/** Name a rejected state file is moved to: `<path>.invalid-<ISO time with ':' and '.' as '-'>`. */
export function invalidBackupPath(path: string, at: Date): string {
  return `${path}.invalid-${at.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Opens the state file at `options.path` and returns its {@link StateHandle}.
 *
 * - Missing file: the handle starts from `initial` (validated; nothing is written until the first update).
 * - File that is not JSON or fails `schema`: it is renamed to {@link invalidBackupPath} (never deleted), an error
 *   naming the path, the problem and the backup is logged, and the handle starts from `initial`.
 * - `update(fn)`: updates run one at a time in call order; `fn` gets a copy of the current value; the result is
 *   validated and written with {@link atomicWriteJson}. An invalid result rejects with an error naming the path and
 *   the problem, and nothing is written. Listeners run after a successful write; a listener that throws is logged.
 *
 * @throws Error when `initial` does not match `schema` (a plugin bug), or when the file exists but cannot be read
 *   (e.g. permissions), naming the path.
 */
export async function openStateFile<S extends z.ZodType>(
  options: StateFileOptions<S>,
): Promise<StateHandle<z.infer<S>>> {
  const { path, schema, log } = options;
  type T = z.infer<S>;
  const initial = schema.safeParse(options.initial);
  if (!initial.success) {
    throw new Error(
      `The initial value for state file ${path} does not match its schema:\n${z.prettifyError(initial.error)}\nFix the plugin's initial state.`,
    );
  }
  let current: T = await load(options, initial.data as T, log);
  const listeners = new Set<(value: T) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async (fn: (value: T) => T): Promise<T> => {
    const result = schema.safeParse(fn(structuredClone(current)));
    if (!result.success) {
      throw new Error(`State update for ${path} was rejected, nothing was written:\n${z.prettifyError(result.error)}`);
    }
    const next = result.data as T;
    await atomicWriteJson(path, next);
    current = next;
    for (const listener of listeners) {
      try {
        listener(next);
      } catch (error) {
        log.error(`A state change listener for ${path} threw: ${(error as Error).message}`);
      }
    }
    return next;
  };

  return {
    get: () => current,
    update(fn) {
      const run = queue.then(() => apply(fn));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

async function load<S extends z.ZodType>(
  options: StateFileOptions<S>,
  initial: z.infer<S>,
  log: Logger,
): Promise<z.infer<S>> {
  const { path, schema } = options;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return initial;
    throw new Error(`Cannot read state file ${path}: ${(error as Error).message}. Check its permissions.`, {
      cause: error,
    });
  }
  let problem: string;
  try {
    const result = schema.safeParse(JSON.parse(text));
    if (result.success) return result.data;
    problem = z.prettifyError(result.error);
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message})`;
  }
  const backup = invalidBackupPath(path, (options.now ?? (() => new Date()))());
  await rename(path, backup);
  log.error(
    `State file ${path} is invalid and was moved to ${backup}; starting from the initial state. Problem: ${problem}`,
    { path, backup },
  );
  return initial;
}
