// Scheduler benchmarks (issue 10): fire delay over 200 wakeups, idle cost with 10,000 scheduled wakeups, and start-up
// with 10,000 wakeups and 1,000,000 receipt lines (time to the first armed timer). Real clock, real files.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReceiptLine, Wakeup } from '../../preload/contract/scheduler';
import { Scheduler, type RunRequest, type RunResult } from '../../main/core/scheduler/scheduler';
import { createLogger } from '../../main/core/util/log';
import { loadAverage } from './benchPlugin';
import type { BenchRecord } from './types';

const FIRE_COUNT = 200;
const FIRE_SPACING_MS = 20;
const IDLE_WAKEUPS = 10_000;
/** The idle window (ms); `BENCH_SCHEDULER_IDLE_MS` shortens it for a quick look. */
const IDLE_MS = Number(process.env.BENCH_SCHEDULER_IDLE_MS ?? 60_000);
const RECEIPT_LINES = 1_000_000;
const RECEIPT_FILES = 1_000;

const log = createLogger('bench', { level: 'error', sink: () => {} });
const quiet: RunResult = { status: 'succeeded', sessionId: null, text: '', toolsUsed: [], tokens: 0 };

function wakeup(i: number, dueAt: number): Wakeup {
  const at = new Date(dueAt).toISOString();
  return {
    id: `wk_bench${i.toString(36)}`,
    title: `Bench ${i}`,
    prompt: 'bench',
    schedule: { type: 'once', dueAt: at },
    target: { type: 'fresh' },
    enabled: true,
    misfire: { policy: 'once', maxLatenessMs: null, maxCatchUp: 5 },
    envelope: { readOnly: true, grants: [], budget: { toolCalls: 50, minutes: 15, tokens: 200_000 } },
    notify: 'never',
    createdBy: 'user',
    createdAt: at,
    updatedAt: at,
    nextDueAt: at,
    pausedAt: null,
    pausedReason: null,
    queue: [],
    retry: null,
    inFlight: null,
    consecutiveFailures: 0,
    last: null,
  };
}

/** A temp home whose wakeups.json holds `wakeups`. */
async function homeWith(wakeups: Wakeup[]): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-sched-'));
  await writeFile(path.join(home, 'wakeups.json'), JSON.stringify({ version: 1, wakeups, digestSeenAt: null }));
  return home;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 100) / 100;

/** Fire delay: 200 one-shots due 20 ms apart; delay = executor start minus due time (after the durable claim). */
async function fireDelay(): Promise<BenchRecord[]> {
  const start = Date.now() + 1500;
  const home = await homeWith(Array.from({ length: FIRE_COUNT }, (_, i) => wakeup(i, start + i * FIRE_SPACING_MS)));
  const delays: number[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const scheduler = await Scheduler.open({
    home,
    log,
    fire: true,
    executor: {
      async run(request: RunRequest) {
        delays.push(Date.now() - Date.parse(request.scheduledFor));
        if (delays.length === FIRE_COUNT) done();
        return quiet;
      },
    },
  });
  // The scheduler's timers are unref'd (a wakeup never keeps a CLI alive): hold the process open meanwhile.
  const keepAlive = setTimeout(() => undefined, 120_000);
  await all;
  clearTimeout(keepAlive);
  await scheduler.close();
  await rm(home, { recursive: true, force: true });
  const sorted = [...delays].sort((a, b) => a - b);
  const common = { bench: 'scheduler-fire-delay', unit: 'ms', repeats: FIRE_COUNT, loadAverage: loadAverage() };
  return [
    { ...common, metric: 'p50', value: pct(sorted, 50) },
    { ...common, metric: 'p95', value: pct(sorted, 95), baseline: 50, ratio: round(pct(sorted, 95) / 50) },
    { ...common, metric: 'max', value: sorted.at(-1)! },
  ];
}

/** Idle cost: 10,000 wakeups due in a day or more; CPU time over the idle window and the memory they add. */
async function idleCost(): Promise<BenchRecord[]> {
  const now = Date.now();
  const home = await homeWith(Array.from({ length: IDLE_WAKEUPS }, (_, i) => wakeup(i, now + 86_400_000 + i * 60_000)));
  globalThis.gc?.();
  const before = process.memoryUsage();
  const scheduler = await Scheduler.open({ home, log, fire: true, executor: { run: async () => quiet } });
  await scheduler.idle();
  globalThis.gc?.();
  const after = process.memoryUsage();
  const cpu = process.cpuUsage();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const used = process.cpuUsage(cpu);
  await scheduler.close();
  await rm(home, { recursive: true, force: true });
  const cpuMs = round((used.user + used.system) / 1000);
  const extraMb = round((after.heapUsed + after.external - before.heapUsed - before.external) / 1_048_576);
  const common = { bench: 'scheduler-idle', loadAverage: loadAverage() };
  return [
    { ...common, metric: `cpu over ${Math.round(IDLE_MS / 1000)} s idle`, value: cpuMs, unit: 'ms' },
    {
      ...common,
      metric: 'extra memory (heap + external)',
      value: extraMb,
      unit: 'MB',
      baseline: 30,
      ratio: round(extraMb / 30),
    },
    { ...common, metric: 'extra rss', value: round((after.rss - before.rss) / 1_048_576), unit: 'MB' },
  ];
}

/** Start-up: 10,000 wakeups and 1,000,000 receipt lines over 1,000 files; time from open to the first armed timer. */
async function startUp(): Promise<BenchRecord[]> {
  const now = Date.now();
  const wakeups = Array.from({ length: IDLE_WAKEUPS }, (_, i) => wakeup(i, now + 3_600_000 + i * 1000));
  const home = await homeWith(wakeups);
  await mkdir(path.join(home, 'runs'));
  const perFile = RECEIPT_LINES / RECEIPT_FILES;
  for (let f = 0; f < RECEIPT_FILES; f++) {
    const id = wakeups[f].id;
    const lines: string[] = [];
    for (let i = 0; i < perFile; i++) {
      const at = new Date(now - (perFile - i) * 60_000).toISOString();
      const line: ReceiptLine = {
        v: 1,
        runId: `run_${f}x${i}`,
        wakeupId: id,
        scheduledFor: at,
        phase: 'ended',
        at,
        status: 'quiet',
      };
      lines.push(JSON.stringify(line));
    }
    await writeFile(path.join(home, 'runs', `${id}.jsonl`), `${lines.join('\n')}\n`);
  }
  const t0 = performance.now();
  const scheduler = await Scheduler.open({ home, log, fire: true, executor: { run: async () => quiet } });
  const armedMs = round(performance.now() - t0);
  if (scheduler.armedFor === null) throw new Error('no timer armed after open');
  await scheduler.close();
  await rm(home, { recursive: true, force: true });
  return [
    {
      bench: 'scheduler-start',
      metric: 'time to first armed timer (10,000 wakeups, 1,000,000 receipt lines)',
      value: armedMs,
      unit: 'ms',
      baseline: 200,
      ratio: round(armedMs / 200),
      loadAverage: loadAverage(),
    },
  ];
}

/** Runs the three scheduler benchmarks. */
export async function run(): Promise<BenchRecord[]> {
  return [...(await fireDelay()), ...(await startUp()), ...(await idleCost())];
}
