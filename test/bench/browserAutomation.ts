// Benchmark: the browser plugin on real Chromium. Cold start to first snapshot (floor: bare Playwright launch, goto
// and ariaSnapshot in the same run), and browser_snapshot time and size (tokens) on a 2,000-element page (floor:
// Playwright's own ariaSnapshot of the same page). Goals (issue 11): snapshot under 150 ms and 8,000 tokens.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { estimateTokens } from '../../main/core/context/tokens';
import browserPlugin from '../../plugins/browser/index';
import { QUIET_FLAGS } from '../../plugins/browser/session';
import { activatePlugin, loadAverage, median, round } from './benchPlugin';
import type { BenchRecord } from './types';

const EXECUTABLE = '/usr/bin/chromium';
const COLD_REPEATS = 3;
const SNAPSHOTS = 10;
const SNAPSHOT_GOAL_MS = 150;
const SNAPSHOT_GOAL_TOKENS = 8000;

/** A page of 2,000 elements: 400 rows, each a heading-like label, a link, a button, an input and a checkbox. */
function bigPage(): string {
  const rows = Array.from(
    { length: 400 },
    (_, i) =>
      `<div><span>Item ${i}</span> <a href="/item/${i}">Open item ${i}</a> <button>Buy ${i}</button> <input aria-label="Quantity ${i}" value="1"> <input type="checkbox" aria-label="Gift ${i}"></div>`,
  ).join('\n');
  return `<!doctype html><title>Catalogue</title><h1>Catalogue</h1>${rows}`;
}

async function serve(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const body =
      req.url === '/big' ? bigPage() : '<!doctype html><title>Start</title><h1>Start</h1><a href="/big">Big</a>';
    res.writeHead(200, { 'content-type': 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function coldOurs(url: string): Promise<number> {
  const plugin = await activatePlugin('browser', browserPlugin, { executablePath: EXECUTABLE, headless: 'always' });
  try {
    const t0 = performance.now();
    await plugin.call('goto', { url });
    await plugin.call('snapshot');
    return performance.now() - t0;
  } finally {
    await plugin.close();
  }
}

async function coldFloor(url: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-pw-'));
  const t0 = performance.now();
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: EXECUTABLE,
    headless: true,
    args: QUIET_FLAGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('body').ariaSnapshot();
    return performance.now() - t0;
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the browser benchmarks and returns their records. */
export async function run(): Promise<BenchRecord[]> {
  const site = await serve();
  try {
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < COLD_REPEATS; i++) {
      floor.push(await coldFloor(`${site.url}/`));
      ours.push(await coldOurs(`${site.url}/`));
    }
    const records: BenchRecord[] = [
      {
        bench: 'browser',
        metric: 'cold_start_to_first_snapshot_ms',
        value: round(median(ours)),
        unit: 'ms',
        baseline: round(median(floor)),
        ratio: round(median(ours) / median(floor)),
        min: round(Math.min(...ours)),
        max: round(Math.max(...ours)),
        baselineMin: round(Math.min(...floor)),
        baselineMax: round(Math.max(...floor)),
        repeats: COLD_REPEATS,
        loadAverage: loadAverage(),
      },
    ];

    const plugin = await activatePlugin('browser', browserPlugin, { executablePath: EXECUTABLE, headless: 'always' });
    try {
      await plugin.call('goto', { url: `${site.url}/big` });
      const times: number[] = [];
      let text = '';
      for (let i = 0; i < SNAPSHOTS; i++) {
        const t0 = performance.now();
        text = String(await plugin.call('snapshot'));
        times.push(performance.now() - t0);
      }
      // The floor: Playwright's own accessibility snapshot of the same page, in the same browser.
      const floorDir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-pw-'));
      const context = await chromium.launchPersistentContext(floorDir, {
        executablePath: EXECUTABLE,
        headless: true,
        args: QUIET_FLAGS,
      });
      const floorTimes: number[] = [];
      let floorText = '';
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${site.url}/big`, { waitUntil: 'domcontentloaded' });
        for (let i = 0; i < SNAPSHOTS; i++) {
          const t0 = performance.now();
          floorText = await page.locator('body').ariaSnapshot();
          floorTimes.push(performance.now() - t0);
        }
      } finally {
        await context.close();
        await rm(floorDir, { recursive: true, force: true });
      }
      const ms = median(times);
      const tokens = estimateTokens(text);
      records.push(
        {
          bench: 'browser',
          metric: 'snapshot_2000_elements_playwright_floor_ms',
          value: round(median(floorTimes)),
          unit: 'ms',
          repeats: SNAPSHOTS,
        },
        {
          bench: 'browser',
          metric: 'snapshot_2000_elements_ms',
          value: round(ms),
          unit: 'ms',
          baseline: SNAPSHOT_GOAL_MS,
          ratio: round(ms / SNAPSHOT_GOAL_MS),
          min: round(Math.min(...times)),
          max: round(Math.max(...times)),
          repeats: SNAPSHOTS,
          loadAverage: loadAverage(),
        },
        {
          bench: 'browser',
          metric: 'snapshot_2000_elements_playwright_floor_tokens',
          value: estimateTokens(floorText),
          unit: 'tokens',
        },
        {
          bench: 'browser',
          metric: 'snapshot_2000_elements_tokens',
          value: tokens,
          unit: 'tokens',
          baseline: SNAPSHOT_GOAL_TOKENS,
          ratio: Math.round((tokens / SNAPSHOT_GOAL_TOKENS) * 100) / 100,
        },
      );
    } finally {
      await plugin.close();
    }
    return records;
  } finally {
    site.close();
  }
}
