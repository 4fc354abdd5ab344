// plugin.json: the manifest every plugin ships (DESIGN.md §7).
import { z } from 'zod';

/**
 * Capabilities a plugin may ask for. `model`: call the configured model (completions, embeddings);
 * `network`: reach the network; `events`: observe completed turns; `notifications`: notify the user;
 * `settings:read`: read runtime settings; `wakeups`: create and manage wakeups (the scheduler).
 */
export const Permission = z.enum(['model', 'network', 'events', 'notifications', 'settings:read', 'wakeups']);
/** One of {@link Permission}'s values. */
export type Permission = z.infer<typeof Permission>;

/** The parsed `plugin.json`. `id` is lowercase letters/digits/dashes and prefixes the plugin's tool names. */
export const PluginManifest = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}$/, 'id must be 2-32 lowercase letters, digits or dashes, starting with a letter'),
  version: z.string().regex(/^\d+\.\d+\.\d+/, 'version must be semver, e.g. 1.0.0'),
  displayName: z.string().min(1),
  description: z.string(),
  permissions: z.array(Permission).default([]),
  activation: z.enum(['startup', 'lazy']).default('startup'),
});
/** Shape of {@link PluginManifest}. */
export type PluginManifest = z.infer<typeof PluginManifest>;
