// Test helpers for plugin authors: an in-memory PluginContext with recorded logs, notifications and turn events.
// Imports only zod and the SDK's own files (DESIGN.md §3), so plugin tests need nothing from the runtime.
import { z } from 'zod';
import { PluginManifest, type Permission } from './manifest';
import type {
  EventsCapability,
  ModelCapability,
  NotificationsCapability,
  PluginContext,
  StateHandle,
  TurnCompletedInfo,
} from './plugin';
import { assertStateName, createStateHandle } from './stateHandle';
import type { Logger } from './types';
import type { WakeupsCapability } from './wakeups';

/** One recorded log line. */
export interface TestLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** Options of {@link createTestPluginContext}. Every field is optional. */
export interface TestPluginContextOptions {
  /** Merged over `{id: 'test-plugin', version: '0.0.0', displayName: 'Test plugin', description: '', permissions: [], activation: 'startup'}`. */
  manifest?: Partial<PluginManifest>;
  /** The runtime directory; pass a real temp dir. Reading `ctx.home` without it throws. */
  home?: string;
  /** The plugin's data dir; pass a real temp dir. Defaults to `<home>/<id>` when `home` is given (not created). */
  dataDir?: string;
  /** The plugin's settings object (`settings.plugins.<id>`), parsed by `ctx.config(schema)`. */
  config?: Record<string, unknown>;
  /** Runtime settings read by `ctx.setting(path)` (permission `settings:read`). */
  settings?: Record<string, unknown>;
  /** A stored state value, as if read from the state file; validated by `ctx.state()` (invalid → logged, `initial` used). */
  state?: unknown;
  /** Stored values of named state files (`ctx.state(schema, initial, name)`), by name; validated like `state`. */
  namedState?: Record<string, unknown>;
  /** The model capability (permission `model`); when granted but not given, calls throw a clear error. */
  model?: ModelCapability;
  /** The scheduler port (permission `wakeups`); e.g. a runtime's, or a fake. Undefined when not given. */
  wakeups?: WakeupsCapability;
}

/** What {@link createTestPluginContext} returns: a PluginContext plus what the plugin did, for assertions. */
export type TestPluginContext = PluginContext & {
  /** Every log line the plugin wrote, in order. */
  logs: TestLogEntry[];
  /** Every notification sent through `ctx.notifications.notify` (permission `notifications`). */
  sentNotifications: { title: string; body: string; sessionId?: string }[];
  /** The last value saved through the state handle, or the named one (undefined until its first update). */
  savedState(name?: string): unknown;
  /** Delivers a completed turn to the plugin's `events.onTurnCompleted` listeners. Throws without permission `events`. */
  emitTurnCompleted(info: TurnCompletedInfo): void;
};

/**
 * Builds a {@link PluginContext} for unit-testing a plugin without the runtime. Capabilities follow the manifest's
 * `permissions` exactly as in the runtime: an ungranted capability is `undefined`. State is in memory but runs the
 * runtime's own handle (stateHandle.ts: validated load and updates, serialized, listeners after save); `config(schema)`
 * behaves like the runtime (invalid → warn + defaults).
 * @throws Error when the merged manifest is invalid.
 */
export function createTestPluginContext(options: TestPluginContextOptions = {}): TestPluginContext {
  const manifest = PluginManifest.parse({
    id: 'test-plugin',
    version: '0.0.0',
    displayName: 'Test plugin',
    description: '',
    ...options.manifest,
  });
  const granted = new Set<Permission>(manifest.permissions);
  const logs: TestLogEntry[] = [];
  const sentNotifications: TestPluginContext['sentNotifications'] = [];
  const turnListeners = new Set<(info: TurnCompletedInfo) => void>();
  const record = (level: TestLogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    logs.push(fields ? { level, message, fields } : { level, message });
  };
  const log: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const home = options.home;
  const dataDir = options.dataDir ?? (home === undefined ? undefined : `${home.replace(/[\\/]+$/, '')}/${manifest.id}`);
  const saved = new Map<string, unknown>();
  const states = new Map<string, Promise<StateHandle<unknown>>>();

  const events: EventsCapability = {
    onTurnCompleted(listener) {
      turnListeners.add(listener);
      return () => {
        turnListeners.delete(listener);
      };
    },
  };
  const notifier: NotificationsCapability = {
    notify: (notification) => void sentNotifications.push({ ...notification }),
  };
  const model: ModelCapability = options.model ?? {
    complete: () =>
      Promise.reject(new Error('createTestPluginContext: pass `model` in the options to use ctx.model.complete.')),
    embed: () =>
      Promise.reject(new Error('createTestPluginContext: pass `model` in the options to use ctx.model.embed.')),
  };

  const ctx: TestPluginContext = {
    manifest,
    get home(): string {
      if (home === undefined) throw new Error('createTestPluginContext: pass `home` (a temp dir) to use ctx.home.');
      return home;
    },
    get dataDir(): string {
      if (dataDir === undefined)
        throw new Error('createTestPluginContext: pass `dataDir` or `home` (a temp dir) to use ctx.dataDir.');
      return dataDir;
    },
    log,
    permissions: manifest.permissions,
    async state<S extends z.ZodType>(schema: S, initial: z.infer<S>, name?: string) {
      if (name !== undefined) assertStateName(name);
      const key = name ?? '';
      let state = states.get(key);
      if (!state) {
        const stored = name === undefined ? options.state : options.namedState?.[name];
        const label = name === undefined ? 'state' : `state "${name}"`;
        // One map for every schema: each name's handle is returned typed as its caller's schema.
        state = Promise.resolve(
          memoryState(schema, initial, stored, log, label, (value) => void saved.set(key, value)),
        ) as Promise<StateHandle<unknown>>;
        states.set(key, state);
      }
      return state as Promise<StateHandle<z.infer<S>>>;
    },
    config<S extends z.ZodType>(schema: S): z.infer<S> {
      const result = schema.safeParse(options.config ?? {});
      if (result.success) return result.data;
      log.warn(`Settings plugins.${manifest.id} are invalid; using the defaults:\n${z.prettifyError(result.error)}`);
      return schema.parse({});
    },
    setting: granted.has('settings:read') ? (path: string) => readPath(options.settings ?? {}, path) : undefined,
    model: granted.has('model') ? model : undefined,
    events: granted.has('events') ? events : undefined,
    notifications: granted.has('notifications') ? notifier : undefined,
    wakeups: granted.has('wakeups') ? options.wakeups : undefined,
    logs,
    sentNotifications,
    savedState: (name) => saved.get(name ?? ''),
    emitTurnCompleted(info) {
      if (!granted.has('events'))
        throw new Error(
          'emitTurnCompleted: the manifest does not grant the `events` permission, so the plugin cannot listen.',
        );
      for (const listener of turnListeners) listener(info);
    },
  };
  return ctx;
}

/** In-memory {@link StateHandle}: the runtime's handle (stateHandle.ts) over a validated stored value, saving to memory. */
function memoryState<T>(
  schema: z.ZodType<T>,
  initial: T,
  stored: unknown,
  log: Logger,
  label: string,
  save: (value: unknown) => void,
): StateHandle<T> {
  let value: T = schema.parse(initial);
  if (stored !== undefined) {
    const result = schema.safeParse(stored);
    if (result.success) value = result.data;
    else
      log.error(`The ${label} is invalid; starting from the initial state. Problem: ${z.prettifyError(result.error)}`);
  }
  return createStateHandle<T>({
    schema,
    value,
    save: async (next) => save(structuredClone(next)),
    log,
    label: `the ${label}`,
  });
}

function readPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
