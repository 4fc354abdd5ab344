// Benchmark: opening a 20,000-item session in the web UI, from the click (or the page load) to the first transcript row painted.
import type { SessionItem } from '../../preload/contract/items';
import type { Harness } from '../support/runtimeHarness';
import { quantile, ratio, round1, startUiBench, waitForConnected, waitForExpression } from './uiHarness';
import type { BenchRecord } from './types';

const ITEMS = 20_000;
const RUNS = 5;
const RELOADS = 3;
const FIRST_PAINT_BUDGET_MS = 300;
const BIG = 'Big bench session';
const SMALL = 'Small bench session';

/** A realistic item for position `i` (as in sessionLoad.ts): user message, function_call, a ~3 KB output, answer. */
function itemAt(i: number): SessionItem {
  const callId = `call_${Math.floor(i / 4)}`;
  switch (i % 4) {
    case 0:
      return {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: `Please look at file ${i} and summarize what changed.\nThanks!` }],
      };
    case 1:
      return {
        type: 'function_call',
        call_id: callId,
        name: 'read_file',
        arguments: JSON.stringify({ path: `/home/user/project/src/module${i}.ts` }),
      };
    case 2: {
      const line = `export function handler${i}(input: string): string { return input.replace(/"quoted"/g, '\\t'); }\n`;
      return { type: 'function_call_output', call_id: callId, output: line.repeat(30) };
    }
    default:
      return {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: `The module defines ${i} handlers. `.repeat(12) }],
      };
  }
}

async function seed(h: Harness): Promise<void> {
  const big = await h.runtime.sessions.create({ title: BIG });
  for (let start = 0; start < ITEMS; start += 4)
    await h.runtime.sessions.appendItems(
      big.id,
      `t_${start / 4}`,
      [0, 1, 2, 3].map((k) => itemAt(start + k)),
    );
  const small = await h.runtime.sessions.create({ title: SMALL });
  await h.runtime.sessions.appendItems(small.id, 't_0', [itemAt(0), itemAt(3)]);
}

/** True in the page when the chat titled `title` shows at least one transcript row (title and rows commit together). */
const shows = (title: string) =>
  `document.querySelector('.chat-title')?.textContent === ${JSON.stringify(title)} && document.querySelector('[aria-label="Conversation"] .transcript-row') !== null`;

/**
 * Clicks the sidebar entry titled `title` and resolves with the ms from the click to the first task after the
 * animation frame that paints the first transcript row of that chat (page clock).
 */
const openAndTime = (title: string) => `new Promise((resolve, reject) => {
  const button = [...document.querySelectorAll('.session-open')].find((b) => b.querySelector('.session-title')?.textContent === ${JSON.stringify(title)});
  if (!button) return reject(new Error('no sidebar entry ' + ${JSON.stringify(title)}));
  const ready = () => ${shows(title)};
  const channel = new MessageChannel();
  const t0 = performance.now();
  channel.port1.onmessage = () => resolve(performance.now() - t0);
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => channel.port2.postMessage(0));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  button.click();
  setTimeout(() => { observer.disconnect(); reject(new Error('the chat did not open within 30 s')); }, 30000);
})`;

/** Injected before the app's scripts on reload: the time from navigation start to the first big-chat row painted. */
const RELOAD_PROBE = `(() => {
  const ready = () => ${shows(BIG)};
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { window.__firstRowMs = performance.now(); };
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => channel.port2.postMessage(0));
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})()`;

/**
 * Seeds a 20,000-item session and a small one, then measures (page clock, ms): opening the big chat from the
 * sidebar (median of 5, the small chat opened in between) and reloading the page on the big chat's URL
 * (navigation start to first row, median of 3).
 */
export async function run(): Promise<BenchRecord[]> {
  const bench = await startUiBench(seed);
  try {
    const { page } = bench;
    await waitForExpression(page, `document.querySelectorAll('.session-open').length === 2`, 20_000);
    const opens: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      await page.evaluate(openAndTime(SMALL));
      opens.push((await page.evaluate(openAndTime(BIG))) as number);
    }
    const rowsShown = (await page.evaluate(
      `document.querySelectorAll('[aria-label="Conversation"] .transcript-row').length`,
    )) as number;
    if (rowsShown === 0 || rowsShown > 200)
      throw new Error(`Expected a virtualized transcript, found ${rowsShown} rendered rows.`);

    await page.context().addInitScript({ content: RELOAD_PROBE });
    const reloads: number[] = [];
    for (let r = 0; r < RELOADS; r++) {
      await page.reload();
      await waitForConnected(page);
      await waitForExpression(page, `typeof window.__firstRowMs === 'number'`, 30_000);
      reloads.push((await page.evaluate('window.__firstRowMs')) as number);
    }

    const name = 'ui-open-session';
    const p50 = quantile(opens, 0.5);
    return [
      {
        bench: name,
        metric: `open_${ITEMS}_items_click_to_first_row_p50`,
        value: round1(p50),
        unit: 'ms',
        baseline: FIRST_PAINT_BUDGET_MS,
        ratio: ratio(p50, FIRST_PAINT_BUDGET_MS),
      },
      {
        bench: name,
        metric: `open_${ITEMS}_items_click_to_first_row_max`,
        value: round1(Math.max(...opens)),
        unit: 'ms',
      },
      {
        bench: name,
        metric: `reload_${ITEMS}_items_navigation_to_first_row_p50`,
        value: round1(quantile(reloads, 0.5)),
        unit: 'ms',
      },
    ];
  } finally {
    await bench.close();
  }
}
