// Finds a browser executable: settings, then a Playwright-managed browser, then system Chrome/Chromium/Edge/Brave.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A browser found on this machine and where the path came from. */
export interface FoundBrowser {
  executablePath: string;
  source: 'settings' | 'playwright' | 'system';
}

/** What discovery needs from the machine (injectable for tests). */
export interface DiscoveryEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  /** The Playwright-managed Chromium's path (may not exist), or null when Playwright cannot say. */
  playwrightPath(): string | null;
}

/** The usual install paths of Chrome, Chromium, Edge and Brave on `platform`, in preference order. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const rel = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
      'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
    ];
    return rel.flatMap((r) => roots.map((root) => path.win32.join(root, r)));
  }
  return [
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/brave-browser',
  ];
}

/** The message shown when no browser is found: what to install (never downloaded at run time). */
export function noBrowserMessage(platform: NodeJS.Platform): string {
  const install =
    platform === 'linux'
      ? 'Install Chromium or Google Chrome (e.g. `sudo apt install chromium`)'
      : platform === 'darwin'
        ? 'Install Google Chrome, Chromium, Microsoft Edge or Brave into /Applications'
        : 'Install Google Chrome, Microsoft Edge or Brave';
  return `No browser found for the browser plugin. ${install}, or set its path in Settings → Plugins → Browser (plugins.browser.executablePath). Deskpilot never downloads a browser.`;
}

/**
 * Finds a browser in order: `configured` (must exist, else an error naming it), the Playwright-managed Chromium when
 * the user installed one, then {@link systemBrowserPaths}. Throws an Error with {@link noBrowserMessage} when none.
 */
export function discoverBrowser(configured: string, d: DiscoveryEnv): FoundBrowser {
  if (configured) {
    if (d.exists(configured)) return { executablePath: configured, source: 'settings' };
    throw new Error(
      `The browser set in Settings (plugins.browser.executablePath = ${configured}) does not exist. Fix the path or clear it to use discovery.`,
    );
  }
  const managed = d.playwrightPath();
  if (managed && d.exists(managed)) return { executablePath: managed, source: 'playwright' };
  const found = systemBrowserPaths(d.platform, d.env).find((p) => d.exists(p));
  if (found) return { executablePath: found, source: 'system' };
  throw new Error(noBrowserMessage(d.platform));
}

/** The real machine's {@link DiscoveryEnv}; `playwrightPath` asks playwright-core (without downloading anything). */
export function systemDiscoveryEnv(playwrightPath: () => string | null): DiscoveryEnv {
  return { platform: process.platform, env: process.env, exists: (f) => existsSync(f), playwrightPath };
}
