// SettingsStore: typed settings in <home>/settings.json (a JsonDocument) with defaults, migrations, warnings, change events.
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../../plugins/sdk/types';
import { JsonDocument } from '../util/jsonDocument';
import { describeStrictest, STRICTEST_SECURITY_SETTINGS } from './fallbacks';
import {
  SettingsError,
  assertKnownKey,
  closeMatches,
  coerceSetting,
  formatIssue,
  unknownKeys,
  type DeepPartial,
} from './keys';
import { SETTINGS_MIGRATIONS } from './migrations';
import { SETTINGS_VERSION, Settings, defaultSettings } from './schema';

export { SettingsError, type DeepPartial } from './keys';

/** Called after a change was saved, with the new and the previous settings (both frozen). */
export type SettingsListener = (settings: Settings, previous: Settings) => void;

/**
 * Options of {@link SettingsStore.open}: clock for backup names (tests) and the logger that receives the file's
 * problems and listener failures (required: a settings problem must never vanish).
 */
export interface SettingsStoreOptions {
  now?: () => Date;
  logger: Logger;
}

type Json = Record<string, unknown>;

const FILE = 'settings.json';

/** What settings.json holds: the user's settings as written (unknown keys kept), valid against {@link Settings}. */
const SettingsFile = z.custom<Json>(
  (value) => isObject(value) && Settings.safeParse(value).success,
  'invalid settings',
);

/** Every problem the schema finds in `content`, one phrase each (key, expectation and the value found). */
function describeProblems(content: unknown): string {
  const parsed = Settings.safeParse(content);
  if (parsed.success) return 'expected a JSON object with settings';
  return [...new Set(parsed.error.issues.map((issue) => formatIssue(issue, content).message))].join('; ');
}

const STRICT = `the security settings are at their strictest (${describeStrictest()})`;
const NEXT_STEP =
  'Compare with the backup, then set your settings again in Settings or with `deskpilot config set key=value`.';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `value` at `path` inside `target`, creating objects on the way; an `undefined` value is kept (a reset). */
function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[path[path.length - 1]] = value;
}

/** Deep merge for patches: objects merge key by key, anything else (arrays included) replaces; `undefined` deletes. */
function merge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = merge(out[key] as Json, value);
    else out[key] = value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Settings on disk (DESIGN.md §8), kept in a {@link JsonDocument} (atomic 0600 writes, one at a time, migrations). A
 * missing file means defaults (nothing is written until a change). Opening never throws:
 * - an invalid file (not JSON, unknown or newer version, a value the schema refuses) is moved to
 *   `settings.json.invalid-<time>` (the one backup policy: never overwritten); defaults are used, except the
 *   security-relevant settings, which take their strictest values (fallbacks.ts) and are saved so they stay strict
 *   after a restart; a warning says all of this;
 * - a file that cannot be read (or moved aside) is left alone: strictest security, defaults otherwise, every change
 *   refused until it is fixed; a warning says so.
 * Keys the schema does not know are kept in the file (with a warning).
 */
export class SettingsStore {
  /** Problems found when the file was opened, one sentence each; empty when all is well. */
  readonly warnings: string[] = [];
  /** Absolute path of settings.json. */
  readonly path: string;
  private current: Settings = deepFreeze(defaultSettings());
  /** The file; undefined when it could not be read, moved aside or reset (then {@link refused} says why). */
  private file: JsonDocument<Json> | undefined;
  private refused: string | undefined;
  private readonly listeners = new Set<SettingsListener>();

  private constructor(
    home: string,
    private readonly logger: Logger,
  ) {
    this.path = join(home, FILE);
  }

  /** Reads `<home>/settings.json`. Never throws: every problem becomes a {@link warnings} entry (see the class). */
  static async open(home: string, options: SettingsStoreOptions): Promise<SettingsStore> {
    const store = new SettingsStore(home, options.logger);
    await store.read(options.now);
    return store;
  }

  /** The current settings, every default filled in. Deep-frozen: copy before changing anything. */
  get(): Settings {
    return this.current;
  }

  /**
   * Deep-merges `patch` (arrays replace, `undefined` resets a key to its default), validates, writes atomically and
   * notifies listeners (a patch that changes nothing writes nothing). Throws {@link SettingsError} naming the key and
   * the problem when the result is invalid or a key is unknown (nothing is written), an Error naming the file and the
   * next step when settings.json could not be used at open (see {@link warnings}), or the fs error when the write fails.
   */
  async update(patch: DeepPartial<Settings>): Promise<Settings> {
    const unknown = unknownKeys(patch);
    if (unknown.length > 0) {
      const matches = closeMatches(unknown[0]);
      const hint = matches.length > 0 ? ` Did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?` : '';
      throw new SettingsError(unknown[0], `Unknown setting "${unknown[0]}".${hint} Nothing was saved.`);
    }
    if (!this.file) throw new Error(`${this.refused} Nothing was saved.`);
    const saved = await this.file.update((user) => {
      const next = merge(user, patch as Json);
      const parsed = Settings.safeParse(next);
      if (!parsed.success) {
        const { key, message } = formatIssue(parsed.error.issues[0], next);
        throw new SettingsError(key, `Invalid setting ${message}. Nothing was saved.`);
      }
      const { version: _version, ...rest } = next;
      return { version: SETTINGS_VERSION, ...rest };
    });
    return deepFreeze(Settings.parse(saved));
  }

  /**
   * Sets one setting from a raw CLI string, e.g. `setByPath('maxToolRounds', '60')` or
   * `setByPath('disabledPlugins', 'browser, desktop')`; `''` resets an optional setting. See `coerceSetting` in keys.ts
   * for the conversions. Throws {@link SettingsError} for an unknown key (with close matches) or a bad value.
   */
  async setByPath(path: string, raw: string): Promise<Settings> {
    return this.setByPaths([{ key: path, value: raw }]);
  }

  /**
   * Sets several settings from raw CLI strings (see {@link setByPath}) all or nothing: every pair is checked first,
   * then they are saved in one write. Throws one {@link SettingsError} naming every bad key (keyed by the first) and
   * saying nothing was saved.
   */
  async setByPaths(values: ReadonlyArray<{ key: string; value: string }>): Promise<Settings> {
    const patch: Json = {};
    const problems: SettingsError[] = [];
    for (const { key, value } of values) {
      try {
        setPath(patch, key.split('.'), coerceSetting(key, value));
      } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        problems.push(error);
      }
    }
    if (problems.length > 0)
      throw new SettingsError(
        problems[0].key,
        `${problems.map((p) => p.message.replace(/([^.?!])$/, '$1.')).join(' ')} Nothing was saved.`,
      );
    return this.update(patch as DeepPartial<Settings>);
  }

  /** The current value at a dotted path (a leaf or a group). Throws {@link SettingsError} for an unknown key. */
  getByPath(path: string): unknown {
    assertKnownKey(path);
    return path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), this.current);
  }

  /** Calls `listener` after every saved change; returns the unsubscribe function. A throwing listener is logged. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Takes a saved file content as the current settings and tells the listeners when anything changed. */
  private saved(user: Json): void {
    const previous = this.current;
    this.current = deepFreeze(Settings.parse(user));
    if (JSON.stringify(previous) === JSON.stringify(this.current)) return;
    for (const listener of this.listeners) {
      try {
        listener(this.current, previous);
      } catch (error) {
        this.logger.error('a settings listener threw', { error });
      }
    }
  }

  private async read(now: (() => Date) | undefined): Promise<void> {
    let file: JsonDocument<Json>;
    try {
      file = await JsonDocument.open<Json>({
        path: this.path,
        schema: SettingsFile,
        initial: () => ({ version: SETTINGS_VERSION }),
        version: SETTINGS_VERSION,
        migrations: SETTINGS_MIGRATIONS,
        describe: (_error, content) => describeProblems(content),
        log: this.logger,
        now,
      });
    } catch (error) {
      this.current = deepFreeze({ ...defaultSettings(), ...STRICTEST_SECURITY_SETTINGS });
      this.refused = `${FILE} cannot be used: ${(error as Error).message}`;
      this.warnings.push(
        `${this.refused} Until then, defaults are used and ${STRICT}; changes cannot be saved. Restart Deskpilot after fixing it.`,
      );
      return;
    }
    this.file = file;
    file.onChange((user) => this.saved(user));
    if (file.problem === undefined) {
      this.current = deepFreeze(Settings.parse(file.get()));
      for (const key of unknownKeys(file.get())) {
        const matches = closeMatches(key);
        const hint = matches.length > 0 ? ` (did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?)` : '';
        this.warnings.push(`${FILE}: unknown setting "${key}"${hint} is ignored; it stays in the file`);
      }
      return;
    }
    const moved = `${FILE} was invalid (${file.problem}); it was moved to ${basename(file.backup ?? '')}, so nothing is lost.`;
    try {
      await file.set({ version: SETTINGS_VERSION, ...STRICTEST_SECURITY_SETTINGS });
      this.warnings.push(`${moved} Defaults are used, except that ${STRICT}, saved in ${FILE}. ${NEXT_STEP}`);
    } catch (error) {
      // Later changes would be merged into content without the strict values: refuse them until a restart.
      this.file = undefined;
      this.current = deepFreeze({ ...defaultSettings(), ...STRICTEST_SECURITY_SETTINGS });
      this.refused = `${FILE} cannot be saved: ${(error as Error).message}.`;
      this.warnings.push(
        `${moved} Defaults are used, except that ${STRICT}; saving them failed (${(error as Error).message}), so changes cannot be saved until Deskpilot restarts. ${NEXT_STEP}`,
      );
    }
  }
}
