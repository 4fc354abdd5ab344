// Runs every benchmark (or those named on the command line) and prints one JSON object per line.
// `--compare BASE.jsonl` adds each figure's value from a saved earlier run (`base`) and value / base (`change`).
import { readFileSync } from 'node:fs';
import type { BenchRecord } from './types';

const benches: Record<string, () => Promise<{ run(): Promise<BenchRecord[]> }>> = {
  'cold-start': () => import('./coldStart'),
  'process-start': () => import('./processStart'),
  'session-load': () => import('./sessionLoad'),
  'session-search': () => import('./sessionSearch'),
  'loop-overhead': () => import('./loopOverhead'),
  'memory-search': () => import('./memorySearch'),
  'ui-streaming': () => import('./uiStreaming'),
  'ui-open-session': () => import('./uiOpenSession'),
  'ws-fanout': () => import('./wsFanout'),
  // Wakeups: fire delay, idle cost with 10,000 wakeups, start-up with 1,000,000 receipt lines.
  scheduler: () => import('./scheduler'),
  mcp: () => import('./mcp'),
  browser: () => import('./browserAutomation'),
  // Desktop screenshot and the kill switch (both on one Xvfb).
  desktop: () => import('./desktopAutomation'),
};

const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const basePath = compareAt >= 0 ? args[compareAt + 1] : undefined;
if (compareAt >= 0 && !basePath) throw new Error('--compare needs a file: npm run bench -- --compare BASE.jsonl');
const wanted = args.filter((_, i) => compareAt < 0 || (i !== compareAt && i !== compareAt + 1));
/** The saved run's values by `bench/metric` (lines that are not records are skipped). */
const base = new Map<string, number>();
if (basePath) {
  for (const line of readFileSync(basePath, 'utf8').split('\n')) {
    try {
      const r = JSON.parse(line) as BenchRecord;
      if (typeof r.value === 'number') base.set(`${r.bench}/${r.metric}`, r.value);
    } catch {
      // npm's banner lines and blank lines
    }
  }
}
function withBase(record: BenchRecord): BenchRecord {
  const was = base.get(`${record.bench}/${record.metric}`);
  if (was === undefined) return record;
  return { ...record, base: was, change: was === 0 ? 0 : Math.round((record.value / was) * 100) / 100 };
}
let failed = false;
for (const [name, load] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  try {
    for (const record of await (await load()).run()) process.stdout.write(`${JSON.stringify(withBase(record))}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(
      `${JSON.stringify({ bench: name, metric: 'error', value: 0, unit: 'none', error: (error as Error).message })}\n`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
