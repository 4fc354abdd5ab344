// Pure mapping between the browser and desktop plugins' settings (`plugins.browser`, `plugins.desktop`) and the
// "Browser & desktop" form fields, the patch a save sends and the problem that blocks a save.
// Field meanings, allowed values and defaults: plugins/browser/contract.ts and plugins/desktop/contract.ts.
import { z } from 'zod';
import { BrowserConfig } from '../../../plugins/browser/contract';
import { DesktopConfig } from '../../../plugins/desktop/contract';
import type { Settings } from '../../../preload/contract';

/** The automation fields as the form edits them (sites one per line, the size as typed). */
export interface AutomationForm {
  browserExecutable: string;
  browserHeadless: BrowserConfig['headless'];
  /** Allowed sites, one host per line (`*.example.com` for a domain and its subdomains). */
  browserAllowedHosts: string;
  desktopScreenshotMaxSize: string;
  desktopVerifyScreenshot: boolean;
}

/** A plugin's stored settings object with the schema's defaults filled in (defaults when it is invalid). */
function stored<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}

/** Reads the form from the runtime's settings `values`. */
export function automationFormFrom(values: Settings): AutomationForm {
  const browser = stored(BrowserConfig, values.plugins.browser);
  const desktop = stored(DesktopConfig, values.plugins.desktop);
  return {
    browserExecutable: browser.executablePath,
    browserHeadless: browser.headless,
    browserAllowedHosts: browser.allowedHosts.join('\n'),
    desktopScreenshotMaxSize: String(desktop.screenshotMaxSize),
    desktopVerifyScreenshot: desktop.verifyScreenshot,
  };
}

/** The allowed sites of the textarea: trimmed, lowercased, without blanks and duplicates. */
export function parseHosts(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

/** What keeps the form from being saved (a bad site or size), with the fix; null when it can be saved. */
export function automationProblem(form: AutomationForm): string | null {
  const bad = parseHosts(form.browserAllowedHosts).find((h) => !HOST.test(h));
  if (bad)
    return `"${bad}" is not a site: give a host name such as shop.example.com or *.example.com (no https:// or path), one per line.`;
  const size = Number(form.desktopScreenshotMaxSize);
  if (!Number.isInteger(size) || size < 320 || size > 3840)
    return 'The desktop screenshot size must be a whole number of pixels from 320 to 3840.';
  return null;
}

/**
 * The `settings/update` patch for what changed between `initial` and `form`: `plugins` sent whole, starting from its
 * current `values` so other plugins' settings and unrelated keys survive. Empty when nothing changed. Assumes
 * {@link automationProblem} returned null.
 */
export function automationPatch(
  values: Settings,
  initial: AutomationForm,
  form: AutomationForm,
): Record<string, unknown> {
  const browserChanged =
    form.browserExecutable.trim() !== initial.browserExecutable ||
    form.browserHeadless !== initial.browserHeadless ||
    parseHosts(form.browserAllowedHosts).join('\n') !== parseHosts(initial.browserAllowedHosts).join('\n');
  const desktopChanged =
    Number(form.desktopScreenshotMaxSize) !== Number(initial.desktopScreenshotMaxSize) ||
    form.desktopVerifyScreenshot !== initial.desktopVerifyScreenshot;
  if (!browserChanged && !desktopChanged) return {};
  const plugins: Record<string, Record<string, unknown>> = { ...values.plugins };
  if (browserChanged)
    plugins.browser = {
      ...values.plugins.browser,
      executablePath: form.browserExecutable.trim(),
      headless: form.browserHeadless,
      allowedHosts: parseHosts(form.browserAllowedHosts),
    };
  if (desktopChanged)
    plugins.desktop = {
      ...values.plugins.desktop,
      screenshotMaxSize: Number(form.desktopScreenshotMaxSize),
      verifyScreenshot: form.desktopVerifyScreenshot,
    };
  return { plugins };
}
