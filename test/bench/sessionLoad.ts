// Benchmark: load() of a 20,000-item session, and list() over a home holding it plus 100 small sessions (temp home).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SessionItem } from '../../preload/contract/items';
import { SessionStore } from '../../main/core/sessions/store';
import { createLogger } from '../../main/core/util/log';
import type { BenchRecord } from './types';

const ITEMS = 20_000;
const RUNS = 5;
const LOAD_BUDGET_MS = 150;
const SMALL_SESSIONS = 100;

/** A realistic item for position `i`: a turn is user message, function_call, a few-KB output, assistant answer. */
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
        name: 'files_read',
        arguments: JSON.stringify({ path: `/home/user/project/src/module${i}.ts`, maxBytes: 65536 }),
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

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Builds the sessions, then measures load() of the big one (median of 5 runs, ms, a fresh store each run) and
 * list() (median of 5 runs, ms, a fresh store each run reading index.json, as `deskpilot sessions list` does).
 */
export async function run(): Promise<BenchRecord[]> {
  const home = await mkdtemp(join(tmpdir(), 'deskpilot-bench-'));
  const logger = createLogger('bench');
  try {
    const writer = new SessionStore(home, { logger });
    const { id } = await writer.create();
    for (let start = 0; start < ITEMS; start += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => itemAt(start + k));
      await writer.appendItems(id, `t_${start / 100}`, batch);
    }
    for (let i = 0; i < SMALL_SESSIONS; i++) {
      const small = await writer.create();
      await writer.appendItems(
        small.id,
        't_0',
        Array.from({ length: 8 }, (_, k) => itemAt(i * 8 + k)),
      );
    }
    await writer.close();

    const loadMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const store = new SessionStore(home, { logger }); // a fresh store each run: nothing cached
      const t0 = performance.now();
      const loaded = await store.load(id);
      loadMs.push(performance.now() - t0);
      if (loaded.entries.length !== ITEMS)
        throw new Error(`bench setup: loaded ${loaded.entries.length} items, expected ${ITEMS}`);
    }
    const listMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const lister = new SessionStore(home, { logger });
      const t0 = performance.now();
      const all = await lister.list();
      listMs.push(performance.now() - t0);
      if (all.length !== SMALL_SESSIONS + 1) throw new Error(`bench setup: listed ${all.length} sessions`);
    }
    const load = median(loadMs);
    return [
      {
        bench: 'session-load',
        metric: `load_${ITEMS}_items_p50`,
        value: load,
        unit: 'ms',
        baseline: LOAD_BUDGET_MS,
        ratio: load / LOAD_BUDGET_MS,
      },
      { bench: 'session-load', metric: `list_${SMALL_SESSIONS + 1}_sessions_p50`, value: median(listMs), unit: 'ms' },
    ];
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const record of await run()) console.log(JSON.stringify(record));
}
