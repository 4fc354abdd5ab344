// Web-mode UI test helpers: a served harness plus a logged-in Chromium page, screenshots, and the transcript's text.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from '../../support/browser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createServedHarness, type ServedHarness } from '../../support/serveHarness';
import type { HarnessOptions } from '../../support/runtimeHarness';

/** Where the main screens are saved (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../test-results/screenshots');

/** A served runtime and one logged-in tab. `close()` closes the browser context and the harness. */
export interface WebApp {
  h: ServedHarness;
  context: BrowserContext;
  page: Page;
  /** Page errors (uncaught exceptions) seen so far in `page`. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Viewport of every test page (a typical laptop window), in CSS px. */
export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Opens a new browser context on `h` through a fresh single-use ticket (the bridge answers with the HttpOnly cookie
 * and a page that moves on to the app, keeping `hash`) and waits until the status bar says "Connected". Throws when
 * the page does not connect within 15 s.
 */
export async function loginPage(
  browser: Browser,
  h: ServedHarness,
  hash = '',
): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const response = await page.goto(h.bridge.loginUrl() + hash);
  expect(response?.status(), 'the ticket should be accepted').toBe(200);
  await page.waitForURL((url) => !url.searchParams.has('ticket'));
  expect(new URL(page.url()).hash, 'the signed-in page keeps the link hash').toBe(hash);
  await expect.poll(() => connectionText(page), { timeout: 15_000 }).toBe('Connected');
  return { context, page, pageErrors };
}

/** Creates a served harness (fresh temp home, fake model server, bridge) and a logged-in page on it. */
export async function openWebApp(browser: Browser, options: HarnessOptions = {}): Promise<WebApp> {
  const h = await createServedHarness(options);
  try {
    const { context, page, pageErrors } = await loginPage(browser, h);
    return {
      h,
      context,
      page,
      pageErrors,
      async close() {
        await context.close().catch(() => undefined);
        await h.close();
      },
    };
  } catch (error) {
    await h.close();
    throw error;
  }
}

/** What {@link useWebApp} gives a describe block: open an app (closed after the test) and the shared browser. */
export interface WebAppFixture {
  open(options?: HarnessOptions): Promise<WebApp>;
  browser(): Browser;
}

/**
 * Registers the hooks every web UI test file needs: one Chromium for the file, and after each test the app it opened
 * is closed — first asserting the page threw no uncaught exception unless `allowPageErrors` is set.
 */
export function useWebApp(options: { allowPageErrors?: boolean } = {}): WebAppFixture {
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const opened = app;
    app = undefined;
    try {
      if (opened && !options.allowPageErrors)
        expect(opened.pageErrors, 'no uncaught exception in the page').toEqual([]);
    } finally {
      await opened?.close();
    }
  });
  const current = (): Browser => {
    if (!browser) throw new Error('Chromium did not start (see beforeAll).');
    return browser;
  };
  return {
    async open(harnessOptions = {}) {
      app = await openWebApp(current(), harnessOptions);
      return app;
    },
    browser: current,
  };
}

/** The status bar's connection text ("Connecting…", "Connected", "Disconnected — retrying"). */
export async function connectionText(page: Page): Promise<string> {
  const el = page.locator('footer.status-bar .status-conn');
  return (await el.count()) ? (await el.innerText()).trim() : '';
}

/** The visible text of the conversation region ('' when the chat shows no transcript). */
export async function transcriptText(page: Page): Promise<string> {
  const region = page.getByRole('region', { name: 'Conversation' });
  return (await region.count()) ? await region.innerText() : '';
}

/** Types `text` in the composer and presses Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Saves a full-page PNG as `test-results/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the harness saw a `turn_completed` event for the `n`-th time (1-based), returning its stop reason. */
export async function turnCompleted(h: ServedHarness, n = 1, timeoutMs = 15_000): Promise<string> {
  let count = 0;
  const event = await h.waitFor((e) => e.type === 'turn_completed' && ++count === n, timeoutMs);
  return (event as { stopReason?: string }).stopReason ?? '';
}
