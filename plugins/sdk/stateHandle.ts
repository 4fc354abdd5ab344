// The one StateHandle implementation: a validated value with serialized updates, persisted by a caller-given save().
// Shared by the runtime's JSON files (main/core/util/jsonDocument.ts) and the SDK's test context (testing.ts).
import type { z } from 'zod';
import type { StateHandle } from './plugin';
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
   * validates the result with the schema, saves it, then calls the listeners. Updates apply one at a time in call order,
   * each on the value the previous one left; updates issued while a save is in flight are saved together by the next
   * save (group commit: one write, one listener call) and each resolves to the value its own change produced. A
   * batch whose result equals the current value (the same JSON) saves nothing and notifies no one. Rejects, keeping
   * the value without its change, when `change` throws (its error) or its result fails the schema (an Error naming
   * the label and each problem); when `save` fails, every update of that batch rejects with its error.
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
  const listeners = new Set<(value: T) => void>();
  let current = options.value;
  /** Updates waiting for the next save, in call order. */
  let waiting: Array<{
    change: (draft: T) => T | void;
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
  }> = [];
  /** The running drain (saves batch after batch until nothing waits), or null when idle. */
  let draining: Promise<void> | null = null;

  const notify = () => {
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        log.error(`A change listener of ${label} threw: ${(error as Error)?.message ?? String(error)}`, { error });
      }
    }
  };

  // Group commit: the updates that arrive while a save is in flight are applied one by one (each validated on its
  // own, a failing one rejected alone) and written together by the next single save, so a burst of updates (e.g.
  // many wakeups claimed at once) costs one write instead of one each.
  const drain = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      let next = current;
      const applied: Array<{ resolve: (value: T) => void; reject: (error: unknown) => void; value: T }> = [];
      for (const { change, resolve, reject } of batch) {
        try {
          const draft = structuredClone(next);
          const returned = change(draft);
          const parsed = schema.safeParse(returned === undefined ? draft : returned);
          if (!parsed.success) {
            throw new Error(`Not saved: the new content of ${label} is invalid (${describeIssues(parsed.error)}).`);
          }
          next = parsed.data;
          applied.push({ resolve, reject, value: next });
        } catch (error) {
          reject(error);
        }
      }
      if (applied.length === 0) continue;
      if (JSON.stringify(next) !== JSON.stringify(current)) {
        try {
          await save(next);
        } catch (error) {
          for (const { reject } of applied) reject(error);
          continue;
        }
        current = next;
        notify();
      }
      for (const { resolve, value } of applied) resolve(value);
    }
  };

  // Starts a drain unless one runs. It begins on a microtask, so updates issued in the same tick share the first
  // save; one that arrives after a drain's last batch but before it ended starts the next drain.
  const kick = (): void => {
    if (draining) return;
    draining = (async () => {
      try {
        await Promise.resolve();
        await drain();
      } finally {
        draining = null;
        if (waiting.length > 0) kick();
      }
    })();
  };

  return {
    get: () => current,
    update(change) {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ change, resolve, reject });
        kick();
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    flush: async () => {
      while (draining) await draining;
    },
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
