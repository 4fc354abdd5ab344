// The plugin host: holds plugin entries, activates them (timed, isolated, rolled back on failure), tracks status, disposes contributions.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginContributions, PluginDefinition } from '../../../plugins/sdk/plugin';
import { SerialQueue } from '../util/serialQueue';
import { readManifest, validateManifest } from './manifest';
import { createPluginContext, type BuiltPluginContext } from './pluginContext';
import type { PluginEntry, PluginHostDeps, PluginInfo, PluginStatus } from './types';

export type { PluginEntry, PluginHostDeps, PluginInfo, PluginStatus } from './types';

/** Longest a plugin's load + activate may take before it is marked failed, in ms (default of `activationTimeoutMs`). */
export const DEFAULT_ACTIVATION_TIMEOUT_MS = 15_000;

/** Entry files tried by {@link PluginHost.addFromDirectory}, in order. */
export const PLUGIN_ENTRY_FILES: readonly string[] = ['index.js', 'index.mjs', 'index.ts'];

interface Activation {
  definition: PluginDefinition;
  context: BuiltPluginContext;
  unregister: (() => void)[];
  tools: string[];
  contextProviders: string[];
  slashCommands: string[];
  promptSections: string[];
  rpc: Record<string, (params: unknown) => Promise<unknown> | unknown>;
}

interface PluginRecord {
  entry: PluginEntry;
  active?: Activation;
  error?: string;
  activationMs?: number;
  /** Serializes activate/deactivate of this plugin. */
  queue: SerialQueue;
}

/** Model-visible prefix of a plugin's tools: the id with dashes as underscores, plus `_` (`web-search` → `web_search_`). */
export function toolPrefix(pluginId: string): string {
  return `${pluginId.replace(/-/g, '_')}_`;
}

/**
 * Runs plugins (DESIGN.md §7). Plugins are added with {@link add} / {@link addFromDirectory}; core never imports them.
 *
 * Activation rule: `startup` plugins activate in {@link activateStartup}, one after another in the order added.
 * `lazy` plugins activate on the first {@link ensureActive} for their id (or {@link ensureAllActive}); the runtime calls
 * `ensureAllActive()` before each turn and `ensureActive(pluginIdForTool(name))` when a tool with a lazy plugin's prefix
 * is requested. A lazy plugin's tools, providers and commands exist only once it is active.
 *
 * Isolation: a plugin whose load or activate throws, exceeds the activation timeout, or contributes a name that is already
 * taken (tool, context provider id, slash command) is marked `failed`: everything it registered and every event listener
 * it subscribed is removed, and `deactivate` is called when its `activate` had completed (for a timed-out activation, once
 * it completes); other plugins are unaffected. Per-plugin operations run one at a time in call order.
 */
export class PluginHost {
  private readonly records = new Map<string, PluginRecord>();
  /** Ids in activation order, for disposal in reverse. */
  private readonly activeOrder: string[] = [];
  private readonly enabledOverride = new Map<string, boolean>();
  private readonly listeners = new Set<(info: PluginInfo) => void>();
  private disposed = false;

  constructor(private readonly deps: PluginHostDeps) {}

  /**
   * Adds a plugin (not activated yet); returns its info.
   * @throws Error when the manifest is invalid (see validateManifest), the id is already added, or the host is disposed.
   */
  add(entry: PluginEntry): PluginInfo {
    if (this.disposed) throw new Error(`Cannot add plugin "${entry.manifest?.id}": the plugin host is disposed.`);
    const manifest = validateManifest(entry.manifest, `of plugin "${entry.manifest?.id}"`);
    if (this.records.has(manifest.id))
      throw new Error(`A plugin with id "${manifest.id}" is already added; plugin ids must be unique.`);
    const record: PluginRecord = { entry: { manifest, load: entry.load }, queue: new SerialQueue() };
    this.records.set(manifest.id, record);
    return this.info(record);
  }

  /**
   * Adds the plugin in `dir`: `plugin.json` plus the default export of the first of {@link PLUGIN_ENTRY_FILES} that
   * exists (imported only on activation; `.ts` entries load only under tsx/vitest).
   * @throws Error from readManifest, when no entry file exists (naming the directory), or as {@link add}.
   */
  async addFromDirectory(dir: string): Promise<PluginInfo> {
    const manifest = await readManifest(dir);
    const file = await firstExisting(PLUGIN_ENTRY_FILES.map((name) => join(dir, name)));
    if (!file)
      throw new Error(
        `Plugin directory ${dir} has no entry file (${PLUGIN_ENTRY_FILES.join(', ')}); add one that default-exports definePlugin({...}).`,
      );
    const load = async (): Promise<PluginDefinition> => {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      return mod.default as PluginDefinition;
    };
    return this.add({ manifest, load });
  }

  /** Activates every enabled `startup` plugin, one at a time in the order added. Never rejects: failures become status `failed`. */
  async activateStartup(): Promise<void> {
    for (const record of this.records.values()) {
      if (record.entry.manifest.activation === 'startup') await this.run(record, () => this.activate(record));
    }
  }

  /**
   * Activates the plugin if it is enabled and `inactive` (a `failed` plugin is not retried; re-enable it with
   * {@link setEnabled}). Resolves to its info after the attempt; cheap when already active.
   * @throws Error when no plugin has this id.
   */
  async ensureActive(id: string): Promise<PluginInfo> {
    const record = this.record(id);
    await this.run(record, () => this.activate(record));
    return this.info(record);
  }

  /** {@link ensureActive} for every plugin, one at a time in the order added (lazy plugins before a turn). Never rejects. */
  async ensureAllActive(): Promise<void> {
    for (const record of this.records.values()) await this.run(record, () => this.activate(record));
  }

  /** Id of the plugin whose tool prefix (see {@link toolPrefix}) starts `toolName` (longest match), or undefined. */
  pluginIdForTool(toolName: string): string | undefined {
    let best: string | undefined;
    for (const id of this.records.keys()) {
      if (toolName.startsWith(toolPrefix(id)) && (!best || id.length > best.length)) best = id;
    }
    return best;
  }

  /** Every plugin's info, in the order added. */
  list(): PluginInfo[] {
    return [...this.records.values()].map((record) => this.info(record));
  }

  /**
   * Calls a UI method a plugin contributed (`rpc`), activating a lazy plugin first. Resolves to its JSON result.
   * @throws Error with `code` `not_found` (unknown plugin or method, or the plugin is not active) or the method's own error.
   */
  async call(pluginId: string, method: string, params: unknown): Promise<unknown> {
    if (!this.records.has(pluginId)) throw Object.assign(new Error(`No plugin "${pluginId}".`), { code: 'not_found' });
    const info = await this.ensureActive(pluginId);
    const active = this.records.get(pluginId)?.active;
    if (!active)
      throw Object.assign(
        new Error(
          `The ${pluginId} plugin is ${info.status}${info.error ? `: ${info.error}` : ''}. Enable it in Settings → Plugins.`,
        ),
        { code: 'not_found' },
      );
    const fn = Object.hasOwn(active.rpc, method) ? active.rpc[method] : undefined;
    if (!fn) throw Object.assign(new Error(`The ${pluginId} plugin has no method "${method}".`), { code: 'not_found' });
    return await fn(params);
  }

  /** Prompt sections of the active plugins, in the order the plugins were added. */
  promptSections(): string[] {
    return [...this.records.values()].flatMap((record) => record.active?.promptSections ?? []);
  }

  /**
   * Switches a plugin on or off for this host (the runtime persists the choice in `settings.disabledPlugins`).
   * Off: deactivates it, status `disabled`. On: clears a failure; a `startup` plugin activates now, a `lazy` one stays
   * `inactive` until {@link ensureActive}. Resolves to its info afterwards.
   * @throws Error when no plugin has this id.
   */
  async setEnabled(id: string, enabled: boolean): Promise<PluginInfo> {
    const record = this.record(id);
    this.enabledOverride.set(id, enabled);
    await this.run(record, async () => {
      if (!enabled) return this.deactivateNow(record);
      record.error = undefined;
      if (record.entry.manifest.activation === 'startup') await this.activate(record);
    });
    return this.info(record);
  }

  /**
   * Deactivates an active plugin: calls its `deactivate` (errors are logged), removes its tools, context providers,
   * slash commands and event listeners; status becomes `inactive`. No-op when it is not active.
   * @throws Error when no plugin has this id.
   */
  async deactivate(id: string): Promise<void> {
    const record = this.record(id);
    await this.run(record, () => this.deactivateNow(record));
  }

  /** Deactivates every active plugin in reverse activation order; afterwards the host activates and adds nothing. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const id of [...this.activeOrder].reverse()) await this.deactivate(id);
  }

  /** Subscribes to status changes (activated, failed, deactivated, enabled/disabled); returns an unsubscribe. */
  onChanged(listener: (info: PluginInfo) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private record(id: string): PluginRecord {
    const record = this.records.get(id);
    if (!record)
      throw new Error(
        `No plugin with id "${id}" is installed; known plugins: ${[...this.records.keys()].join(', ') || 'none'}.`,
      );
    return record;
  }

  private isDisabled(id: string): boolean {
    return !(this.enabledOverride.get(id) ?? !this.deps.getSettings().disabledPlugins.includes(id));
  }

  private info(record: PluginRecord): PluginInfo {
    const { manifest } = record.entry;
    const active = record.active;
    const status: PluginStatus = active
      ? 'active'
      : this.isDisabled(manifest.id)
        ? 'disabled'
        : record.error !== undefined
          ? 'failed'
          : 'inactive';
    return {
      id: manifest.id,
      displayName: manifest.displayName,
      version: manifest.version,
      description: manifest.description,
      activation: manifest.activation,
      status,
      ...(status === 'failed' ? { error: record.error } : {}),
      ...(record.activationMs === undefined ? {} : { activationMs: record.activationMs }),
      tools: [...(active?.tools ?? [])],
      contextProviders: [...(active?.contextProviders ?? [])],
      slashCommands: [...(active?.slashCommands ?? [])],
      permissions: [...manifest.permissions],
    };
  }

  /** Queues `op` after earlier operations on the same plugin, then notifies listeners. Never rejects: failures are logged. */
  private run(record: PluginRecord, op: () => Promise<void>): Promise<void> {
    return record.queue
      .run(async () => {
        await op();
        this.emit(record);
      })
      .catch((error: unknown) => {
        this.deps.log.error(
          `Plugin host operation on "${record.entry.manifest.id}" failed: ${(error as Error).message}`,
        );
      });
  }

  private emit(record: PluginRecord): void {
    const info = this.info(record);
    for (const listener of this.listeners) {
      try {
        listener(info);
      } catch (error) {
        this.deps.log.error(`A plugin status listener threw: ${(error as Error).message}`);
      }
    }
  }

  private async activate(record: PluginRecord): Promise<void> {
    const { manifest } = record.entry;
    if (this.disposed || record.active || record.error !== undefined || this.isDisabled(manifest.id)) return;
    const started = performance.now();
    const timeoutMs = this.deps.activationTimeoutMs ?? DEFAULT_ACTIVATION_TIMEOUT_MS;
    const work = this.loadAndActivate(record.entry);
    try {
      const { definition, context, contributions } = await withTimeout(work, timeoutMs);
      try {
        record.active = this.register(manifest.id, definition, context, contributions ?? {});
        this.activeOrder.push(manifest.id);
      } catch (error) {
        await this.release(manifest.id, definition, context);
        throw error;
      }
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      // A timed-out activation may still finish later: release whatever it produces.
      if (error instanceof ActivationTimeout)
        void work.then(
          (late) => this.release(manifest.id, late.definition, late.context),
          () => undefined,
        );
    }
    record.activationMs = Math.round((performance.now() - started) * 100) / 100;
    if (record.active)
      this.deps.log.info(`Plugin "${manifest.id}" activated in ${record.activationMs} ms.`, {
        plugin: manifest.id,
        ms: record.activationMs,
      });
    else
      this.deps.log.error(`Plugin "${manifest.id}" failed to activate and was isolated: ${record.error}`, {
        plugin: manifest.id,
      });
  }

  private async loadAndActivate(
    entry: PluginEntry,
  ): Promise<{ definition: PluginDefinition; context: BuiltPluginContext; contributions?: PluginContributions }> {
    const { manifest } = entry;
    const definition = await entry.load();
    if (typeof definition?.activate !== 'function') {
      throw new Error(
        `Plugin "${manifest.id}" does not export a plugin definition; its entry must default-export definePlugin({ activate }).`,
      );
    }
    const context = await createPluginContext({
      manifest,
      home: this.deps.home,
      getSettings: this.deps.getSettings,
      capabilities: this.deps.capabilities,
      log: this.deps.log,
    });
    try {
      return { definition, context, contributions: await definition.activate(context.ctx) };
    } catch (error) {
      context.dispose();
      throw error;
    }
  }

  /** Registers the contributions; on any conflict removes what was already registered and rethrows. */
  private register(
    id: string,
    definition: PluginDefinition,
    context: BuiltPluginContext,
    contributions: PluginContributions,
  ): Activation {
    const activation: Activation = {
      definition,
      context,
      unregister: [],
      tools: [],
      contextProviders: [],
      slashCommands: [],
      promptSections: [],
      rpc: { ...(contributions.rpc ?? {}) },
    };
    try {
      for (const tool of contributions.tools ?? []) {
        const exposedName = `${toolPrefix(id)}${tool.name}`;
        activation.unregister.push(this.deps.tools.register(tool, { source: id, exposedName }));
        activation.tools.push(exposedName);
      }
      for (const provider of contributions.contextProviders ?? []) {
        activation.unregister.push(this.deps.context.register(provider, id));
        activation.contextProviders.push(provider.id);
      }
      for (const command of contributions.slashCommands ?? []) {
        activation.unregister.push(this.deps.commands.register(command, id));
        activation.slashCommands.push(command.name);
      }
      activation.promptSections = (contributions.promptSections ?? []).filter(
        (section) => typeof section === 'string' && section.trim() !== '',
      );
      return activation;
    } catch (error) {
      for (const unregister of activation.unregister.reverse()) unregister();
      throw error;
    }
  }

  private async deactivateNow(record: PluginRecord): Promise<void> {
    const active = record.active;
    if (!active) return;
    const id = record.entry.manifest.id;
    record.active = undefined;
    this.activeOrder.splice(this.activeOrder.indexOf(id), 1);
    for (const unregister of [...active.unregister].reverse()) unregister();
    await this.release(id, active.definition, active.context);
    this.deps.log.info(`Plugin "${id}" deactivated.`, { plugin: id });
  }

  /** Calls the plugin's `deactivate` (errors logged, never thrown) and drops its event listeners. */
  private async release(id: string, definition: PluginDefinition, context: BuiltPluginContext): Promise<void> {
    try {
      await definition.deactivate?.();
    } catch (error) {
      this.deps.log.error(`Plugin "${id}" threw in deactivate: ${(error as Error).message}`, { plugin: id });
    } finally {
      context.dispose();
    }
  }
}

/** Rejection of {@link withTimeout}: the plugin's load + activate did not settle in time. */
class ActivationTimeout extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ActivationTimeout(
            `activation took longer than ${ms} ms; make activate() return sooner (start slow work in the background).`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await access(path);
      return path;
    } catch {
      // not there: try the next candidate
    }
  }
  return undefined;
}
