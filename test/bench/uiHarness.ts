// UI benchmark setup: a runtime harness with its bridge serving the built renderer, and a logged-in headless Chromium page.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { AgentEvent } from '../../preload/contract/events';
import { createHandlers } from '../../main/core/api/handlers';
import { startBridge, type Bridge } from '../../main/core/bridge/server';
import { launchChromium } from '../support/browser';
import { createHarness, type Harness } from '../support/runtimeHarness';

/** The built renderer (`npm run build:renderer`); resolved from this file so tsx (ESM, no __dirname) finds it. */
const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

/** A served runtime plus one logged-in page; `close()` tears everything down. */
export interface UiBench {
  h: Harness;
  bridge: Bridge;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Viewport of the bench page (a typical laptop window), in CSS px. */
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Starts a harness (temp home, fake model server), a bridge serving out/renderer and Chromium; `seed` runs before
 * the page loads (to create sessions). Throws when the renderer is not built or the page does not connect in 20 s.
 */
export async function startUiBench(seed?: (h: Harness) => Promise<void>): Promise<UiBench> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error(
      `The renderer is not built (${RENDERER_DIR}/index.html is missing): run \`npm run build:renderer\` first.`,
    );
  const h = await createHarness();
  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  try {
    await seed?.(h);
    bridge = await startBridge({
      home: h.home,
      handlers: createHandlers(h.runtime),
      bus: h.runtime.bus,
      staticDir: RENDERER_DIR,
      log: h.runtime.log,
    });
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(bridge.loginUrl());
    await waitForConnected(page);
    const started = { h, bridge, browser, page };
    return {
      ...started,
      async close() {
        await browser?.close();
        await bridge?.close();
        await h.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await bridge?.close();
    await h.close();
    throw error;
  }
}

/** Waits until the status bar reads "Connected" (20 s). */
export async function waitForConnected(page: Page): Promise<void> {
  await waitForExpression(
    page,
    `document.querySelector('footer.status-bar .status-conn')?.textContent?.trim() === 'Connected'`,
    20_000,
  );
}

/**
 * Polls a JS expression in the page every 50 ms until it is truthy; throws after `timeoutMs`. (Playwright's
 * waitForFunction with a string needs eval, which the app's CSP forbids; page.evaluate does not.)
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Resolves with the first runtime agent event matching `predicate` from now on; rejects after `timeoutMs`.
 * Unlike the harness's waitFor it clears its timer, so a finished bench process exits at once.
 */
export function nextEvent(h: Harness, predicate: (e: AgentEvent) => boolean, timeoutMs: number): Promise<AgentEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`No matching agent event within ${timeoutMs} ms.`));
    }, timeoutMs);
    const off = h.runtime.bus.on('agent/event', (event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** The value at quantile `q` (0..1) of `values` (nearest rank); NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Rounds to 0.1 (ms values in records). */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** value / baseline rounded to 0.01 (the record's `ratio`). */
export function ratio(value: number, baseline: number): number {
  return Math.round((value / baseline) * 100) / 100;
}
