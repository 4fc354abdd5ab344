// The browser plugin's settings (`settings.json` → `plugins.browser`), every field with a default; the Settings view edits them. Zod only.
import { z } from 'zod';

/**
 * `executablePath`: a browser to use instead of discovery ('' = discover). `headless`: `auto` = headless only when no
 * display exists. `allowedHosts`: sites (host names, `*.example.com` for subdomains) where click/fill/press/select run
 * without asking. `navigationTimeoutMs`: how long a navigation may take. `screenshotMaxWidth`: screenshots are scaled
 * down to this width in CSS pixels.
 */
export const BrowserConfig = z.object({
  executablePath: z.string().default(''),
  headless: z.enum(['auto', 'always', 'never']).default('auto'),
  allowedHosts: z.array(z.string()).default([]),
  navigationTimeoutMs: z.number().int().positive().default(30_000),
  screenshotMaxWidth: z.number().int().min(320).max(3840).default(1280),
});
/** Shape of {@link BrowserConfig}. */
export type BrowserConfig = z.infer<typeof BrowserConfig>;

/** True when `host` matches an allowlist entry: exact (case-insensitive) or `*.domain` for the domain and subdomains. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (!e) return false;
    if (e.startsWith('*.')) return h === e.slice(2) || h.endsWith(e.slice(1));
    return h === e;
  });
}

/** One line on whether the plugin can work here (`health`, shown by `deskpilot plugins` and the Settings view). */
export const PluginHealth = z.object({ summary: z.string() });

/** The plugin's UI methods (`plugin/call` with pluginId 'browser'), as renderer/stores/pluginCall.ts takes them. */
export const BROWSER_UI = {
  pluginId: 'browser',
  methods: { health: { params: z.object({}), result: PluginHealth } },
} as const;
