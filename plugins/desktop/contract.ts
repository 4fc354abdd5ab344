// The desktop plugin's settings (`settings.json` → `plugins.desktop`), every field with a default; the Settings view edits them. Zod only.
import { z } from 'zod';

/**
 * `screenshotMaxSize`: a screenshot is scaled down (never up) so its longer side is at most this many image pixels.
 * `verifyScreenshot`: after an input action (click, type, key, drag, scroll, move) the tool also returns a screenshot
 * of the result. `inputDelayMs`: pause between synthesized key presses (some apps drop keys typed faster).
 */
export const DesktopConfig = z.object({
  screenshotMaxSize: z.number().int().min(320).max(3840).default(1280),
  verifyScreenshot: z.boolean().default(false),
  inputDelayMs: z.number().int().min(0).max(200).default(2),
});
/** Shape of {@link DesktopConfig}. */
export type DesktopConfig = z.infer<typeof DesktopConfig>;

/** One line on whether the plugin can work here (`health`, shown by `deskpilot plugins` and the Settings view). */
export const PluginHealth = z.object({ summary: z.string() });

/** The plugin's UI methods (`plugin/call` with pluginId 'desktop'), as renderer/stores/pluginCall.ts takes them. */
export const DESKTOP_UI = {
  pluginId: 'desktop',
  methods: { health: { params: z.object({}), result: PluginHealth } },
} as const;
