// The list of built-in plugins, imported by composition roots (main/index.ts, main/cli.ts), never by main/core.
import { z } from 'zod';
import { PluginManifest } from './sdk/manifest';
import type { PluginDefinition } from './sdk/plugin';
import memoryJson from './memory/plugin.json' with { type: 'json' };
import plannerJson from './planner/plugin.json' with { type: 'json' };
import browserJson from './browser/plugin.json' with { type: 'json' };
import desktopJson from './desktop/plugin.json' with { type: 'json' };
import schedulerJson from './scheduler/plugin.json' with { type: 'json' };

/** A built-in plugin as the host's `add()` takes it: the parsed manifest and a lazy loader of its definition. */
export interface BuiltinPlugin {
  manifest: PluginManifest;
  /** Imports the plugin's modules (only when it activates) and resolves to its default export. */
  load: () => Promise<PluginDefinition>;
}

function builtin(json: unknown, load: () => Promise<PluginDefinition>): BuiltinPlugin {
  const result = PluginManifest.safeParse(json);
  if (!result.success)
    throw new Error(`A built-in plugin's plugin.json is invalid; fix it:\n${z.prettifyError(result.error)}`);
  return { manifest: result.data, load };
}

/** Every built-in plugin, in activation order. Manifests are validated when this module loads (throws when one is invalid). */
export const builtinPlugins: BuiltinPlugin[] = [
  builtin(memoryJson, () => import('./memory/index').then((m) => m.default)),
  builtin(plannerJson, () => import('./planner/index').then((m) => m.default)),
  builtin(browserJson, () => import('./browser/index').then((m) => m.default)),
  builtin(desktopJson, () => import('./desktop/index').then((m) => m.default)),
  builtin(schedulerJson, () => import('./scheduler/index').then((m) => m.default)),
];
