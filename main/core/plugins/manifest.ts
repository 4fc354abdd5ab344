// Reads and validates a plugin's `plugin.json` against the SDK's manifest schema (DESIGN.md §7).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PluginManifest } from '../../../plugins/sdk/manifest';

/** File name of a plugin's manifest inside its directory. */
export const MANIFEST_FILE = 'plugin.json';

/**
 * Plugin ids a plugin may not take, because `<home>/<id>.json` and `<home>/<id>/` would collide with the
 * runtime's own files in the runtime directory (DESIGN.md §8).
 */
export const RESERVED_PLUGIN_IDS: readonly string[] = [
  'settings',
  'approvals',
  'sessions',
  'runtime',
  'logs',
  'runs',
  'wakeups',
];

/**
 * Validates an already-parsed manifest value. `source` names where it came from (a file path or
 * `built-in plugin <name>`) and appears in the error.
 * @throws Error listing every problem (one per line, with the field path) when the value is not a valid manifest
 *   or uses a reserved id ({@link RESERVED_PLUGIN_IDS}).
 */
export function validateManifest(value: unknown, source: string): PluginManifest {
  const result = PluginManifest.safeParse(value);
  if (!result.success) {
    throw new Error(
      `Invalid plugin manifest ${source}:\n${z.prettifyError(result.error)}\nFix these fields and reload the plugin.`,
    );
  }
  if (RESERVED_PLUGIN_IDS.includes(result.data.id)) {
    throw new Error(
      `Invalid plugin manifest ${source}: the id "${result.data.id}" is reserved for the runtime's own files (${RESERVED_PLUGIN_IDS.join(', ')}). Choose another id.`,
    );
  }
  return result.data;
}

/**
 * Reads `<dir>/plugin.json`, parses it as JSON and validates it (defaults applied: `permissions: []`,
 * `activation: 'startup'`).
 * @throws Error naming the file when it is missing or unreadable, is not JSON, or fails validation
 *   (each problem listed with its field path).
 */
export async function readManifest(dir: string): Promise<PluginManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new Error(`Plugin manifest ${path} ${what}: every plugin directory needs a ${MANIFEST_FILE}.`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`Plugin manifest ${path} is not valid JSON (${(error as Error).message}); fix its syntax.`, {
      cause: error,
    });
  }
  return validateManifest(value, path);
}
