// Runtime cold start: settings, credentials, sessions index, tool registry to ready, without plugins.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRuntime } from '../../main/core/runtime';
import { createLogger } from '../../main/core/util/log';
import type { BenchRecord } from './types';

/** Median of 7 createRuntime→ready times on a home holding 200 sessions (first start excluded as warm-up). */
export async function run(): Promise<BenchRecord[]> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-cold-'));
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  const log = createLogger('bench', { level: 'error', sink: () => {} });
  const seed = await createRuntime({ home, env: {}, log });
  for (let i = 0; i < 200; i++) {
    const s = await seed.sessions.create();
    await seed.sessions.appendItems(s.id, 't_seed', [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: `session ${i}` }] },
    ]);
  }
  await seed.close();
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const runtime = await createRuntime({ home, env: {}, log });
    await runtime.sessions.list();
    const ms = performance.now() - t0;
    await runtime.close();
    if (i > 0) times.push(ms);
  }
  await rm(home, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const p50 = Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
  return [
    {
      bench: 'cold-start',
      metric: 'runtime_ready_p50',
      value: p50,
      unit: 'ms',
      baseline: 300,
      ratio: Math.round((p50 / 300) * 1000) / 1000,
    },
  ];
}
