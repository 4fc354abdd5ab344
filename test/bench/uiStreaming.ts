// Benchmark: delta-to-paint latency and long tasks while 5,000 deltas stream at ~200/s into a 2,000-message chat.
import type { SessionItem } from '../../preload/contract/items';
import type { Harness } from '../support/runtimeHarness';
import { nextEvent, quantile, ratio, round1, startUiBench, waitForExpression } from './uiHarness';
import type { BenchRecord } from './types';

const HISTORY_MESSAGES = 2_000;
const DELTAS = 5_000;
/** Pause between streamed SSE events (ms): ~200 deltas/s. */
const DELAY_MS = 5;
const LATENCY_P95_BUDGET_MS = 16;
const LONGEST_TASK_BUDGET_MS = 50;

/**
 * Delta `i` as streamed: a plain word of exactly 8 characters (`z0042zz `), so the fake server's even split puts
 * one marker in each delta and the markdown stays ordinary prose.
 */
function marker(i: number): string {
  return `z${String(i).padStart(4, '0')}zz `;
}

/** History message `i`: alternating user questions and markdown assistant answers (no markers). */
function historyItem(i: number): SessionItem {
  if (i % 2 === 0)
    return {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: `Question ${i}: what does module ${i} do, and is it safe to change?` }],
    };
  const text = `Module ${i} parses the **configuration** and exposes \`load()\`.\n\n- It reads the file once\n- It caches the result\n\n${'It is safe to change as long as the tests pass. '.repeat(4)}`;
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] };
}

async function seedHistory(h: Harness): Promise<string> {
  const { id } = await h.runtime.sessions.create({ title: 'Streaming bench' });
  for (let i = 0; i < HISTORY_MESSAGES; i += 2)
    await h.runtime.sessions.appendItems(id, `t_hist_${i / 2}`, [historyItem(i), historyItem(i + 1)]);
  return id;
}

/**
 * Runs in the page once the chat is open: a MutationObserver on the conversation notes each DOM change, then
 * timestamps the first task after the next animation frame (the frame that paints it) and records the highest
 * marker visible in the last assistant message. A PerformanceObserver collects long tasks (> 50 ms).
 */
const PAGE_PROBE = `(() => {
  const region = document.querySelector('[aria-label="Conversation"]');
  if (!region) throw new Error('no conversation region on the page');
  const bench = { paints: [], longTasks: [], startedAt: performance.now() };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  const channel = new MessageChannel();
  let pending = false;
  channel.port1.onmessage = () => {
    pending = false;
    const messages = region.querySelectorAll('.msg-assistant');
    const text = messages.length ? messages[messages.length - 1].textContent : '';
    const found = text.slice(-40).match(/z\\d{4}zz/g);
    if (!found) return;
    bench.paints.push({ epoch: performance.timeOrigin + performance.now(), max: Number(found[found.length - 1].slice(1, 5)) });
  };
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => channel.port2.postMessage(0));
  }).observe(region, { childList: true, subtree: true, characterData: true });
})()`;

/**
 * Seeds a 2,000-message session, opens it, sends a message, and streams 5,000 one-marker deltas with 5 ms between
 * events. Latency of delta i = page paint time (epoch ms) of the first frame showing marker i minus the time the
 * runtime emitted it (same machine clock). Reports p50/p95/max latency (ms), the longest task (ms) and the count
 * of long tasks during the stream.
 */
export async function run(): Promise<BenchRecord[]> {
  let sessionId = '';
  const bench = await startUiBench(async (h) => {
    sessionId = await seedHistory(h);
  });
  try {
    const { h, page } = bench;
    await page.locator('.session-open', { hasText: 'Streaming bench' }).click();
    await waitForExpression(
      page,
      `document.querySelectorAll('[aria-label="Conversation"] .transcript-row').length > 0`,
      30_000,
    );

    const emitted = new Float64Array(DELTAS).fill(Number.NaN);
    const off = h.runtime.bus.on('agent/event', (event) => {
      if (event.type !== 'text_delta') return;
      const now = performance.timeOrigin + performance.now();
      for (const m of event.delta.matchAll(/z(\d{4})zz/g)) emitted[Number(m[1])] = now;
    });
    const text = Array.from({ length: DELTAS }, (_, i) => marker(i)).join('');
    h.server.enqueue({ kind: 'response', outputs: [{ type: 'text', text, deltas: DELTAS }], delayMs: DELAY_MS });

    await page.evaluate(PAGE_PROBE);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Stream five thousand pieces, please');
    const t0 = Date.now();
    const done = nextEvent(h, (e) => e.type === 'turn_completed' && e.sessionId === sessionId, 110_000);
    await box.press('Enter');
    await done;
    const streamMs = Date.now() - t0;
    await page.waitForTimeout(300);
    off();

    const result = (await page.evaluate('window.__bench')) as {
      paints: Array<{ epoch: number; max: number }>;
      longTasks: Array<{ start: number; duration: number }>;
    };
    const latencies: number[] = [];
    let shown = -1;
    for (const paint of result.paints) {
      for (let i = shown + 1; i <= Math.min(paint.max, DELTAS - 1); i++)
        if (Number.isFinite(emitted[i])) latencies.push(paint.epoch - emitted[i]!);
      shown = Math.max(shown, paint.max);
    }
    if (shown !== DELTAS - 1) throw new Error(`Only markers up to ${shown} of ${DELTAS - 1} reached the screen.`);
    const longest = result.longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const p95 = quantile(latencies, 0.95);
    const name = 'ui-streaming';
    return [
      { bench: name, metric: 'delta_to_paint_p50', value: round1(quantile(latencies, 0.5)), unit: 'ms' },
      {
        bench: name,
        metric: 'delta_to_paint_p95',
        value: round1(p95),
        unit: 'ms',
        baseline: LATENCY_P95_BUDGET_MS,
        ratio: ratio(p95, LATENCY_P95_BUDGET_MS),
      },
      { bench: name, metric: 'delta_to_paint_max', value: round1(Math.max(...latencies)), unit: 'ms' },
      {
        bench: name,
        metric: 'longest_task',
        value: round1(longest),
        unit: 'ms',
        baseline: LONGEST_TASK_BUDGET_MS,
        ratio: ratio(longest, LONGEST_TASK_BUDGET_MS),
      },
      { bench: name, metric: 'long_tasks', value: result.longTasks.length, unit: 'count' },
      { bench: name, metric: 'paints_with_new_text', value: result.paints.length, unit: 'count' },
      { bench: name, metric: 'stream_duration', value: streamMs, unit: 'ms' },
    ];
  } finally {
    await bench.close();
  }
}
