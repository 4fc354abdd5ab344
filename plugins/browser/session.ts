// One browser per runtime: a persistent Chromium profile launched over a pipe (Playwright), its tabs and the active one.
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import type { Logger } from '../sdk';
import type { BrowserConfig } from './contract';
import { discoverBrowser, systemDiscoveryEnv, type FoundBrowser } from './discovery';

/** Flags that keep Chromium quiet and offline-friendly (no background updates, sync or first-run UI). */
export const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
];

/** A tool error the model can act on (the message says what to do next). */
export class BrowserToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserToolError';
  }
}

/** True when the process can show windows: a display on Linux (X11 or Wayland); always on macOS and Windows. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** What {@link BrowserSession} needs. */
export interface BrowserSessionOptions {
  /** `<DESKPILOT_HOME>/browser/profile`: logins and cookies survive restarts. */
  profileDir: string;
  config(): BrowserConfig;
  log: Logger;
  /** Called when tabs, the active tab or their titles/URLs change (context provider updates). */
  onChange?(): void;
}

/** The running browser: its persistent context, tabs (pages in open order) and which tab is active. */
export class BrowserSession {
  private context: BrowserContext | null = null;
  private launching: Promise<BrowserContext> | null = null;
  private active: Page | null = null;
  /** The browser the last launch used. */
  found: FoundBrowser | null = null;

  constructor(private readonly opts: BrowserSessionOptions) {}

  /** True while a browser runs. */
  get isOpen(): boolean {
    return this.context !== null;
  }

  /** Finds the browser per settings and discovery order; throws with what to install when none. */
  async discover(): Promise<FoundBrowser> {
    const managed = await playwrightManagedPath();
    return discoverBrowser(
      this.opts.config().executablePath,
      systemDiscoveryEnv(() => managed),
    );
  }

  /** Launches the browser when none runs (persistent profile, over a pipe, never a debugging port); returns its context. */
  async ensure(): Promise<BrowserContext> {
    if (this.context) return this.context;
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<BrowserContext> {
    const config = this.opts.config();
    const found = await this.discover();
    await mkdir(this.opts.profileDir, { recursive: true, mode: 0o700 });
    const headless = config.headless === 'always' || (config.headless === 'auto' && !hasDisplay());
    const { chromium } = await import('playwright-core');
    let context: BrowserContext;
    try {
      context = await chromium.launchPersistentContext(this.opts.profileDir, {
        executablePath: found.executablePath,
        headless,
        args: QUIET_FLAGS,
        viewport: { width: 1280, height: 800 },
        timeout: 60_000,
      });
    } catch (error) {
      throw new BrowserToolError(
        `The browser ${found.executablePath} did not start: ${firstLine(error)}. If another Deskpilot browser uses the profile ${this.opts.profileDir}, close it; otherwise set another browser in Settings → Plugins → Browser.`,
      );
    }
    this.found = found;
    this.context = context;
    context.setDefaultNavigationTimeout(config.navigationTimeoutMs);
    context.setDefaultTimeout(5_000);
    context.on('close', () => {
      if (this.context !== context) return;
      this.context = null;
      this.active = null;
      this.opts.log.info('the browser closed');
      this.opts.onChange?.();
    });
    context.on('page', (page) => this.track(page));
    for (const page of context.pages()) this.track(page);
    this.active = context.pages()[0] ?? (await context.newPage());
    this.opts.log.info('browser started', { executablePath: found.executablePath, source: found.source, headless });
    this.opts.onChange?.();
    return context;
  }

  private track(page: Page): void {
    page.on('close', () => {
      if (this.active === page) this.active = this.pages().at(-1) ?? null;
      this.opts.onChange?.();
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.opts.onChange?.();
    });
    page.on('crash', () => this.opts.log.warn('a browser tab crashed', { url: page.url() }));
    // A page the site opens (target=_blank, window.open) becomes the active tab, as in a browser.
    if (this.context) this.active = page;
  }

  /** Open tabs in open order (empty when no browser runs). */
  pages(): Page[] {
    return this.context ? this.context.pages() : [];
  }

  /** The active tab; throws an actionable error when no browser or tab is open. */
  page(): Page {
    if (!this.context)
      throw new BrowserToolError('No browser is open. Call browser_open (or browser_goto with a URL) first.');
    const page = this.active && !this.active.isClosed() ? this.active : this.pages().at(-1);
    if (!page) throw new BrowserToolError('The browser has no open tab. Call browser_open with a URL to open one.');
    this.active = page;
    return page;
  }

  /** Opens a new tab (launching the browser when needed) and makes it active. */
  async newTab(): Promise<Page> {
    const context = await this.ensure();
    const page = await context.newPage();
    this.active = page;
    return page;
  }

  /** Makes tab `index` (0-based, as browser_tabs lists them) active; throws naming the valid range. */
  switchTo(index: number): Page {
    const pages = this.pages();
    const page = pages[index];
    if (!page)
      throw new BrowserToolError(
        `There is no tab ${index}; open tabs are 0..${pages.length - 1}. Call browser_tabs to list them.`,
      );
    this.active = page;
    this.opts.onChange?.();
    return page;
  }

  /** Closes the browser (the profile stays on disk). */
  async close(): Promise<void> {
    const context = this.context;
    this.context = null;
    this.active = null;
    if (context) await context.close().catch(() => undefined);
    this.opts.onChange?.();
  }
}

/** The Playwright-managed Chromium's path (it may not be installed), or null when playwright-core cannot tell. */
async function playwrightManagedPath(): Promise<string | null> {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
