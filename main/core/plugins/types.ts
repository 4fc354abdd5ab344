// The plugin host's public shapes: entries handed to it, what it reports per plugin, what it needs from the runtime.
import type { Permission, PluginManifest } from '../../../plugins/sdk/manifest';
import type { PluginDefinition } from '../../../plugins/sdk/plugin';
import type { Logger } from '../../../plugins/sdk/types';
import type { CommandRegistry } from '../commands/registry';
import type { ContextRegistry } from '../context/registry';
import type { Settings } from '../settings/schema';
import type { ToolRegistry } from '../tools/registry';
import type { PluginCapabilities } from './pluginContext';

/** A plugin as composition roots hand it to the host: its manifest and a loader for its definition. */
export interface PluginEntry {
  manifest: PluginManifest;
  load: () => Promise<PluginDefinition> | PluginDefinition;
}

/**
 * `active`: activated, contributions registered. `inactive`: enabled, not activated (a lazy plugin before its first use,
 * or after `deactivate`). `failed`: load, activate or registration failed (see `error`); it stays failed until re-enabled.
 * `disabled`: listed in `settings.disabledPlugins` (or switched off with `setEnabled`), never activated.
 */
export type PluginStatus = 'active' | 'inactive' | 'failed' | 'disabled';

/** What the UI and CLI list for each plugin. Tool names are the model-visible `<prefix>_<name>` names. */
export interface PluginInfo {
  id: string;
  displayName: string;
  version: string;
  description: string;
  activation: 'startup' | 'lazy';
  status: PluginStatus;
  /** Why it failed (status `failed`). */
  error?: string;
  /** Time its last activation attempt took (load + activate + registration), in ms. */
  activationMs?: number;
  tools: string[];
  contextProviders: string[];
  slashCommands: string[];
  permissions: Permission[];
}

/** What the host needs from the runtime. `log` receives host messages; plugins get child loggers of it. */
export interface PluginHostDeps {
  /** The runtime directory (DESKPILOT_HOME), absolute. */
  home: string;
  tools: ToolRegistry;
  context: ContextRegistry;
  commands: CommandRegistry;
  getSettings: () => Settings;
  capabilities: PluginCapabilities;
  log: Logger & { child?(scope: string): Logger };
  /** Overrides `DEFAULT_ACTIVATION_TIMEOUT_MS` (host.ts), in ms. */
  activationTimeoutMs?: number;
}
