// A plugin's schema-checked JSON state file (`<home>/<pluginId>.json` or `<dataDir>/<name>.json`) on JsonDocument.
import type { z } from 'zod';
import type { StateHandle } from '../../../plugins/sdk/plugin';
import type { Logger } from '../../../plugins/sdk/types';
import { JsonDocument } from '../util/jsonDocument';

/** Options for {@link openStateFile}. `now` is injectable for tests (names the backup file). */
export interface StateFileOptions<T> {
  /** Absolute path of the JSON file. */
  path: string;
  schema: z.ZodType<T>;
  /** Value used when the file does not exist (or was invalid and moved aside); must match `schema`. */
  initial: T;
  /** Where load problems are reported (the plugin's scoped logger). */
  log: Logger;
  now?: () => Date;
}

/**
 * Opens the state file at `options.path` as a {@link JsonDocument} and returns it as the plugin's {@link StateHandle}:
 * a missing file starts from `initial` (nothing is written until the first update); a file that is not JSON or fails
 * `schema` is moved to `<path>.invalid-<time>` (never overwritten), logged, and `initial` is used; updates are
 * validated, serialized and written atomically with mode 0600 (rules in plugins/sdk/stateHandle.ts).
 * @throws Error when `initial` does not match `schema` (a plugin bug), or when the file exists but cannot be read
 *   or moved aside, naming the path.
 */
export async function openStateFile<T>(options: StateFileOptions<T>): Promise<StateHandle<T>> {
  return JsonDocument.open<T>({
    path: options.path,
    schema: options.schema,
    initial: () => structuredClone(options.initial),
    log: options.log,
    now: options.now,
  });
}
