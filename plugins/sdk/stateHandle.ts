// The one StateHandle implementation: a validated value with serialized updates, persisted by a caller-given save().
// Shared by the runtime's JSON files (main/core/util/jsonDocument.ts) and the SDK's test context (testing.ts).
import type { z } from 'zod';
import type { StateHandle } from './plugin';
import { SerialQueue } from './serialQueue';
import type { Logger } from './types';

/** Options of {@link createStateHandle}. */
export interface StateHandleOptions<T> {
  /** Validates every new value (the result of an update) before it is saved. */
  schema: z.ZodType<T>;
  /** The starting value; already validated by the caller. */
  value: T;
  /** Persists a validated new value (e.g. an atomic file write). A rejection rejects the update and keeps the old value. */
  save: (value: T) => Promise<void>;
  /** Receives errors thrown by change listeners. */
  log: Logger;
  /** Names the state in messages, e.g. the file path. */
  label: string;
}

/**
 * A {@link StateHandle} whose `update` may also mutate the draft and return nothing, plus `flush()`.
 * Assignable to `StateHandle<T>`.
 */
export interface ValidatedState<T> extends StateHandle<T> {
  /**
   * Applies `change` to a deep copy of the current value (mutate the copy and return nothing, or return a new value),
   * validates the result with the schema, saves it, then calls the listeners. Updates run one at a time in call order,
   * each on the value the previous one left. A result equal to the current value (the same JSON) saves nothing and
   * notifies no one. Rejects, saving nothing and keeping the current value, when `change`
   * throws (its error), the result fails the schema (an Error naming the label and each problem) or `save` fails.
   */
  update(change: (draft: T) => T | void): Promise<T>;
  /** Resolves when every update issued so far has settled (never rejects). */
  flush(): Promise<void>;
}

/** A schema's complaint in one line: `key.path: message; ...` (`(root)` for the value itself). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** Creates a {@link ValidatedState} over `options.value`; see {@link ValidatedState.update} for the update rules. */
export function createStateHandle<T>(options: StateHandleOptions<T>): ValidatedState<T> {
  const { schema, save, log, label } = options;
  const queue = new SerialQueue();
  const listeners = new Set<(value: T) => void>();
  let current = options.value;
  return {
    get: () => current,
    update(change) {
      return queue.run(async () => {
        const draft = structuredClone(current);
        const returned = change(draft);
        const parsed = schema.safeParse(returned === undefined ? draft : returned);
        if (!parsed.success) {
          throw new Error(`Not saved: the new content of ${label} is invalid (${describeIssues(parsed.error)}).`);
        }
        if (JSON.stringify(parsed.data) === JSON.stringify(current)) return current;
        await save(parsed.data);
        current = parsed.data;
        for (const listener of listeners) {
          try {
            listener(current);
          } catch (error) {
            log.error(`A change listener of ${label} threw: ${(error as Error)?.message ?? String(error)}`, { error });
          }
        }
        return current;
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    flush: () => queue.idle(),
  };
}

/** What a named state file may be called (see `PluginContext.state`): 1-64 letters, digits, `.`, `_`, `-`, not `.`-first. */
export const STATE_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** Throws an Error saying what a state name may contain when `name` does not match {@link STATE_NAME_PATTERN}. */
export function assertStateName(name: string): void {
  if (!STATE_NAME_PATTERN.test(name)) {
    throw new Error(
      `Invalid state name ${JSON.stringify(name)}: use 1-64 letters, digits, '.', '_' or '-', not starting with '.' (e.g. "embedder").`,
    );
  }
}
