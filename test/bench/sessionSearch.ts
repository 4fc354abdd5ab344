// Benchmark: full-text `session/search` over 1,000 chats of 40 messages each (temp home, real session files).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionItem } from '../../preload/contract/items';
import { searchSessions } from '../../main/core/sessions/search';
import { SessionStore } from '../../main/core/sessions/store';
import { createLogger } from '../../main/core/util/log';
import type { BenchRecord } from './types';

const CHATS = 1_000;
const TURNS = 20;
const RUNS = 5;
const SEARCH_BUDGET_MS = 500;

/** Turn `t` of chat `c`: a question and a markdown answer; chat 777 alone mentions "zanzibar". */
function turn(c: number, t: number): SessionItem[] {
  const rare = c === 777 && t === 10 ? ' We could also fly to Zanzibar in June.' : '';
  return [
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: `Chat ${c}, question ${t}: how do I configure module ${t}?` }],
    },
    {
      type: 'message',
      role: 'assistant',
      content: [
        {
          type: 'output_text',
          text: `Module ${t} reads **its settings** once.\n\n- Set \`enabled\`\n- Restart it\n\n${'It is safe to change. '.repeat(20)}${rare}`,
        },
      ],
    },
  ];
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Writes 1,000 chats, then times searchSessions (median of 5 runs, ms) for a rare word (one chat matches: every file
 * is read, one parsed) and a common one (every chat matches: every file is parsed, results capped at 50).
 */
export async function run(): Promise<BenchRecord[]> {
  const home = await mkdtemp(join(tmpdir(), 'deskpilot-bench-search-'));
  const store = new SessionStore(home, { logger: createLogger('bench') });
  try {
    for (let c = 0; c < CHATS; c++) {
      const { id } = await store.create({ title: `Chat ${c}` });
      await store.appendItems(id, 't', Array.from({ length: TURNS }, (_, t) => turn(c, t)).flat());
    }
    await store.close();
    const reader = new SessionStore(home, { logger: createLogger('bench') });
    const sessions = await reader.list();
    const time = async (query: string) => {
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const result = await searchSessions(reader.dir, sessions, query, 50);
        runs.push(performance.now() - started);
        if (result.hits.length === 0) throw new Error(`The search for "${query}" found nothing.`);
      }
      return median(runs);
    };
    const rare = await time('zanzibar');
    const common = await time('configure module');
    await reader.close();
    const name = 'session-search';
    return [
      {
        bench: name,
        metric: 'rare_word_1000_chats',
        value: Math.round(rare),
        unit: 'ms',
        baseline: SEARCH_BUDGET_MS,
        ratio: Math.round((rare / SEARCH_BUDGET_MS) * 100) / 100,
      },
      {
        bench: name,
        metric: 'common_word_1000_chats',
        value: Math.round(common),
        unit: 'ms',
        baseline: SEARCH_BUDGET_MS,
        ratio: Math.round((common / SEARCH_BUDGET_MS) * 100) / 100,
      },
    ];
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
