// Loads renderer modules, bundled with esbuild as one script, into a blank page of Debian's Chromium for tests.
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

/** A page that exposes `entries`' exports as `window[globalName]`; `close()` closes the browser. */
export interface BundlePage {
  page: Page;
  close(): Promise<void>;
}

/**
 * Bundles the given module files (absolute paths; their exports are merged) as an IIFE named `globalName`, opens a
 * blank page with a `#out` element and loads the bundle into it. Throws when Chromium is missing (says what to install).
 */
export async function openBundlePage(entries: string[], globalName: string): Promise<BundlePage> {
  const contents = entries.map((e) => `export * from ${JSON.stringify(e)};`).join('\n');
  const bundle = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  return { page, close: () => browser.close() };
}
