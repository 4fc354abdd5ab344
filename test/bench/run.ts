// Runs every benchmark (or those named on the command line) and prints one JSON object per line.
import type { BenchRecord } from './types';

const benches: Record<string, () => Promise<{ run(): Promise<BenchRecord[]> }>> = {
  'cold-start': () => import('./coldStart'),
  'session-load': () => import('./sessionLoad'),
  'session-search': () => import('./sessionSearch'),
  'loop-overhead': () => import('./loopOverhead'),
  'memory-search': () => import('./memorySearch'),
  'ui-streaming': () => import('./uiStreaming'),
  'ui-open-session': () => import('./uiOpenSession'),
  'ws-fanout': () => import('./wsFanout'),
};

const wanted = process.argv.slice(2);
let failed = false;
for (const [name, load] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  try {
    for (const record of await (await load()).run()) process.stdout.write(`${JSON.stringify(record)}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(
      `${JSON.stringify({ bench: name, metric: 'error', value: 0, unit: 'none', error: (error as Error).message })}\n`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
