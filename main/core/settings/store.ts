// SettingsStore: typed settings in <home>/settings.json with defaults, validation, migrations, backups, change events.
import { copyFile, constants, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from '../util/atomicWrite';
import { createLogger } from '../util/log';
import {
  SettingsError,
  assertKnownKey,
  closeMatches,
  coerceSetting,
  formatIssue,
  unknownKeys,
  type DeepPartial,
} from './keys';
import { migrate } from './migrations';
import { SETTINGS_VERSION, Settings, defaultSettings } from './schema';

export { SettingsError, type DeepPartial } from './keys';

/** Called after a change was saved, with the new and the previous settings (both frozen). */
export type SettingsListener = (settings: Settings, previous: Settings) => void;

/** Options of {@link SettingsStore.open}: clock for backup names (tests) and the logger for listener failures. */
export interface SettingsStoreOptions {
  now?: () => Date;
  logger?: Logger;
}

type Json = Record<string, unknown>;

const FILE = 'settings.json';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
 * Settings on disk (DESIGN.md §8). A missing file means defaults (nothing is written until a change). A file that is
 * not JSON, cannot be migrated or fails the schema never crashes: it is copied to `settings.json.invalid-<time>`,
 * a warning names the key and the problem, and defaults are used; it is only overwritten once that backup exists.
 * Keys the schema does not know are kept in the file (with a warning). Writes are atomic and serialized.
 */
export class SettingsStore {
  /** Problems found when the file was opened, one sentence each; empty when all is well. */
  readonly warnings: string[] = [];
  /** Absolute path of settings.json. */
  readonly path: string;
  private current: Settings = deepFreeze(defaultSettings());
  /** What the file holds (migrated), unknown keys included; updates merge into it and it is what gets written. */
  private user: Json = {};
  /** Set while the file holds content that must be backed up before it may be overwritten (`text` unknown when unreadable). */
  private unsaved: { text?: string } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<SettingsListener>();

  private constructor(
    private readonly home: string,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {
    this.path = join(home, FILE);
  }

  /** Reads `<home>/settings.json`. Never throws: every problem becomes a {@link warnings} entry and defaults are used. */
  static async open(home: string, options: SettingsStoreOptions = {}): Promise<SettingsStore> {
    const store = new SettingsStore(
      home,
      options.now ?? (() => new Date()),
      options.logger ?? createLogger('settings'),
    );
    await store.read();
    return store;
  }

  /** The current settings, every default filled in. Deep-frozen: copy before changing anything. */
  get(): Settings {
    return this.current;
  }

  /**
   * Deep-merges `patch` (arrays replace, `undefined` resets a key to its default), validates, writes atomically and
   * notifies listeners. Throws {@link SettingsError} naming the key and the problem when the result is invalid or a
   * key is unknown (nothing is written), or the fs error when the file cannot be written.
   */
  async update(patch: DeepPartial<Settings>): Promise<Settings> {
    return this.enqueue(async () => {
      const unknown = unknownKeys(patch);
      if (unknown.length > 0) {
        const matches = closeMatches(unknown[0]);
        const hint = matches.length > 0 ? ` Did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?` : '';
        throw new SettingsError(unknown[0], `Unknown setting "${unknown[0]}".${hint} Nothing was saved.`);
      }
      const next = merge(this.user, patch as Json);
      const parsed = Settings.safeParse(next);
      if (!parsed.success) {
        const { key, message } = formatIssue(parsed.error.issues[0], next);
        throw new SettingsError(key, `Invalid setting ${message}. Nothing was saved.`);
      }
      await this.backupBeforeOverwrite();
      const { version: _version, ...rest } = next;
      await atomicWriteJson(this.path, { version: SETTINGS_VERSION, ...rest }, { mode: 0o600 });
      const previous = this.current;
      this.user = next;
      this.current = deepFreeze(parsed.data);
      if (JSON.stringify(previous) !== JSON.stringify(this.current)) this.emit(previous);
      return this.current;
    });
  }

  /**
   * Sets one setting from a raw CLI string, e.g. `setByPath('maxToolRounds', '60')` or
   * `setByPath('disabledPlugins', 'browser, desktop')`; `''` resets an optional setting. See `coerceSetting` in keys.ts
   * for the conversions. Throws {@link SettingsError} for an unknown key (with close matches) or a bad value.
   */
  async setByPath(path: string, raw: string): Promise<Settings> {
    const value = coerceSetting(path, raw);
    const patch = path
      .split('.')
      .reverse()
      .reduce<unknown>((inner, key) => ({ [key]: inner }), value);
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

  private emit(previous: Settings): void {
    for (const listener of this.listeners) {
      try {
        listener(this.current, previous);
      } catch (error) {
        this.logger.error('a settings listener threw', { error });
      }
    }
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.warnings.push(
        `${FILE}: could not be read (${(error as Error).message}); it will not be overwritten; defaults are used`,
      );
      this.unsaved = {};
      return;
    }
    let migrated: unknown;
    try {
      migrated = migrate(JSON.parse(text));
    } catch (error) {
      const problem = error instanceof SyntaxError ? `invalid JSON (${error.message})` : (error as Error).message;
      return this.rejectFile(text, problem);
    }
    const parsed = Settings.safeParse(migrated);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => formatIssue(issue, migrated).message);
      return this.rejectFile(text, [...new Set(problems)].join('; '));
    }
    this.user = migrated as Json;
    this.current = deepFreeze(parsed.data);
    for (const key of unknownKeys(migrated)) {
      const matches = closeMatches(key);
      const hint = matches.length > 0 ? ` (did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?)` : '';
      this.warnings.push(`${FILE}: unknown setting "${key}"${hint} is ignored; it stays in the file`);
    }
  }

  /** Uses defaults instead of an invalid file, after saving a backup of it (or refusing to overwrite it later). */
  private async rejectFile(text: string, problem: string): Promise<void> {
    this.unsaved = { text };
    try {
      const backup = await this.backupBeforeOverwrite();
      const saved = backup ? `a backup was saved to ${backup}` : 'the file is gone now';
      this.warnings.push(`${FILE}: ${problem}; ${saved}; defaults are used`);
    } catch (error) {
      this.warnings.push(
        `${FILE}: ${problem}; it could not be backed up (${(error as Error).message}), so it will not be overwritten; defaults are used`,
      );
    }
  }

  /**
   * Makes sure the invalid file's content is safe before the file is replaced: reuses an identical earlier backup,
   * else copies the file to `settings.json.invalid-<time>`. Resolves to the backup's file name. Throws when the copy fails.
   */
  private async backupBeforeOverwrite(): Promise<string | undefined> {
    const text = this.unsaved?.text;
    if (this.unsaved === undefined) return undefined;
    if (text !== undefined) {
      const earlier = (await readdir(this.home))
        .filter((n) => n.startsWith(`${FILE}.invalid-`))
        .sort()
        .reverse();
      for (const name of earlier) {
        const sameSize = await stat(join(this.home, name)).then(
          (s) => s.size === Buffer.byteLength(text),
          () => false,
        );
        if (sameSize && (await readFile(join(this.home, name), 'utf8')) === text) {
          this.unsaved = undefined;
          return name;
        }
      }
    }
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    for (let n = 0; ; n++) {
      const name = `${FILE}.invalid-${stamp}${n === 0 ? '' : `-${n}`}`;
      try {
        await copyFile(this.path, join(this.home, name), constants.COPYFILE_EXCL);
        this.unsaved = undefined;
        return name;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          this.unsaved = undefined; // the user removed the file meanwhile: nothing left to protect
          return undefined;
        }
        if (code !== 'EEXIST' || n >= 9) throw error;
      }
    }
  }
}
