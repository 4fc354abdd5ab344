// Builds the PluginContext a plugin's activate() receives: dirs, scoped logger, state, config and granted capabilities only.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Permission, PluginManifest } from '../../../plugins/sdk/manifest';
import type {
  DocumentsCapability,
  EventsCapability,
  ModelCapability,
  NotificationsCapability,
  PluginContext,
  StateHandle,
} from '../../../plugins/sdk/plugin';
import type { WakeupsCapability } from '../../../plugins/sdk/wakeups';
import { assertStateName } from '../../../plugins/sdk/stateHandle';
import type { Logger } from '../../../plugins/sdk/types';
import type { Settings } from '../settings/schema';
import { createLogger } from '../util/log';
import { openStateFile } from './stateFile';

/** The capabilities the runtime can hand out; each reaches a plugin only when its manifest grants the permission. */
export interface PluginCapabilities {
  /** Granted by permission `model`. */
  model?: ModelCapability;
  /** Granted by permission `events`. */
  events?: EventsCapability;
  /** Granted by permission `notifications`. */
  notifications?: NotificationsCapability;
  /** Granted by permission `wakeups`. */
  wakeups?: WakeupsCapability;
  /** Given to every plugin (no permission): pure document conversion. */
  documents?: DocumentsCapability;
}

/** Inputs of {@link createPluginContext}. */
export interface PluginContextOptions {
  manifest: PluginManifest;
  /** The runtime directory (DESKPILOT_HOME), absolute. */
  home: string;
  /** Current settings; read on every `config()` / `setting()` call so the plugin sees the latest values. */
  getSettings: () => Settings;
  capabilities: PluginCapabilities;
  /**
   * Parent logger. With a `child(scope)` method the plugin gets `child('plugin:<id>')`; without one, every line
   * carries a `plugin: <id>` field. Absent: `createLogger('plugin:<id>')`.
   */
  log?: Logger & { child?(scope: string): Logger };
}

/** A built context plus `dispose()`, which removes the event listeners the plugin subscribed through it. */
export interface BuiltPluginContext {
  ctx: PluginContext;
  dispose(): void;
}

/**
 * Creates `<home>/<pluginId>/` (mode 0700, also reset to 0700 when it exists) and builds the plugin's context:
 * `state(schema, initial, name?)` opens `<home>/<pluginId>.json`, or `<dataDir>/<name>.json` with a name (see
 * openStateFile; later calls with the same name return the same handle),
 * `config(schema)` parses `settings.plugins[<pluginId>]` (invalid → logged, schema defaults used),
 * `setting(path)` reads a dotted settings path (permission `settings:read`), and `model` / `events` /
 * `notifications` are set only when the permission is granted and the runtime provides the capability
 * (otherwise `undefined`).
 * @throws Error naming the directory when `dataDir` cannot be created.
 */
export async function createPluginContext(options: PluginContextOptions): Promise<BuiltPluginContext> {
  const { manifest, home, getSettings, capabilities } = options;
  const id = manifest.id;
  const dataDir = join(home, id);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') await chmod(dataDir, 0o700);
  } catch (error) {
    throw new Error(`Cannot create the data directory ${dataDir} of plugin "${id}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  const log = scopedLogger(id, options.log);
  const granted = new Set<Permission>(manifest.permissions);
  const unsubscribes = new Set<() => void>();
  const states = new Map<string, Promise<StateHandle<unknown>>>();

  const pick = <K extends keyof PluginCapabilities>(permission: Permission, key: K): PluginCapabilities[K] => {
    if (!granted.has(permission)) return undefined;
    if (!capabilities[key])
      log.warn(
        `Permission "${permission}" is granted but this runtime provides no ${key} capability; ctx.${key} is undefined.`,
      );
    return capabilities[key];
  };
  const events = pick('events', 'events');

  const ctx: PluginContext = {
    manifest,
    home,
    dataDir,
    log,
    permissions: manifest.permissions,
    async state<S extends z.ZodType>(schema: S, initial: z.infer<S>, name?: string) {
      if (name !== undefined) assertStateName(name);
      const key = name ?? '';
      let state = states.get(key);
      if (!state) {
        const path = name === undefined ? join(home, `${id}.json`) : join(dataDir, `${name}.json`);
        // One map for every schema: each name's handle is returned typed as its caller's schema.
        state = openStateFile({ path, schema, initial, log }) as Promise<StateHandle<unknown>>;
        states.set(key, state);
      }
      return state as Promise<StateHandle<z.infer<S>>>;
    },
    config<S extends z.ZodType>(schema: S): z.infer<S> {
      return parseConfig(id, schema, getSettings().plugins[id] ?? {}, log);
    },
    model: pick('model', 'model'),
    notifications: pick('notifications', 'notifications'),
    wakeups: pick('wakeups', 'wakeups'),
    documents: capabilities.documents,
    events: events && {
      onTurnCompleted(listener) {
        const unsubscribe = events.onTurnCompleted(listener);
        unsubscribes.add(unsubscribe);
        return () => {
          unsubscribes.delete(unsubscribe);
          unsubscribe();
        };
      },
    },
    setting: granted.has('settings:read') ? (path: string) => readPath(getSettings(), path) : undefined,
  };
  return {
    ctx,
    dispose() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes.clear();
    },
  };
}

/**
 * Parses a plugin's settings object with its schema. Invalid values are logged and `schema.parse({})` (the defaults)
 * is returned.
 * @throws Error naming the plugin when the schema has no defaults for the invalid fields (a plugin bug).
 */
function parseConfig<S extends z.ZodType>(id: string, schema: S, value: unknown, log: Logger): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  log.warn(
    `Settings plugins.${id} are invalid; using the defaults. Fix them in settings.json:\n${z.prettifyError(result.error)}`,
  );
  const defaults = schema.safeParse({});
  if (!defaults.success) {
    throw new Error(
      `Plugin "${id}" config schema has no default for every field:\n${z.prettifyError(defaults.error)}\nGive each field a default.`,
    );
  }
  return defaults.data;
}

/** Reads `a.b.c` from a plain object; undefined when any step is missing. */
function readPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function scopedLogger(id: string, parent: PluginContextOptions['log']): Logger {
  const scope = `plugin:${id}`;
  if (!parent) return createLogger(scope);
  if (parent.child) return parent.child(scope);
  const tag = (fields?: Record<string, unknown>) => ({ plugin: id, ...fields });
  return {
    debug: (message, fields) => parent.debug(message, tag(fields)),
    info: (message, fields) => parent.info(message, tag(fields)),
    warn: (message, fields) => parent.warn(message, tag(fields)),
    error: (message, fields) => parent.error(message, tag(fields)),
  };
}
