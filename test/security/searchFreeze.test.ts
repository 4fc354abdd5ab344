// Issue 8 Medium #6: `grep "^(a+)+$"` over 28 a's blocked the runtime 10.7 s and the tool timeout never fired;
// `glob **/*` over / and `grep` over /usr blocked it 14-18 s at 1.7 GB RSS. The search now runs in a worker
// thread that the tool timeout terminates; the main thread must stay free and its memory bounded.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globTool } from '../../main/core/tools/builtins/glob';
import { grepTool } from '../../main/core/tools/builtins/grep';
import { executeToolCall, type ToolCallOutcome } from '../../main/core/tools/execute';
import { ToolRegistry } from '../../main/core/tools/registry';
import { WALK_MAX_ENTRIES } from '../../main/core/tools/workers/fsSearchProtocol';
import { watchMainThread, type MainThreadReport } from '../support/mainThreadWatch';

const MB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskpilot-sec-search-'));
  await writeFile(join(dir, 'aaa.txt'), `${'a'.repeat(28)}!\n${'a'.repeat(40)}!\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Threads of this process right now (the main thread, libuv and V8 helpers, and any live worker). */
async function threadCount(): Promise<number> {
  return (await readdir('/proc/self/task')).length;
}

/** Resolves once the thread count is back at `baseline` or below; fails after `timeoutMs`. */
async function threadsBackTo(baseline: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await threadCount();
    if (now <= baseline) return;
    if (Date.now() > deadline) throw new Error(`${now} threads still running, expected ${baseline}: a worker survived`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function callTool(
  name: 'grep' | 'glob',
  args: Record<string, unknown>,
  timeoutMs: number,
): Promise<{ outcome: ToolCallOutcome; report: MainThreadReport }> {
  const registry = new ToolRegistry();
  registry.register(name === 'grep' ? grepTool : globTool);
  const watch = watchMainThread();
  const outcome = await executeToolCall(
    { type: 'function_call', call_id: `call_${name}`, name, arguments: JSON.stringify(args) },
    {
      registry,
      approve: async () => ({ allowed: true }),
      signal: new AbortController().signal,
      defaultTimeoutMs: timeoutMs,
      maxOutputBytes: 64 * 1024,
      cwd: dir,
      sessionId: 'sess_sec',
      log: { debug() {}, info() {}, warn() {}, error() {} },
    },
  ).finally(() => watch.stop());
  return { outcome, report: watch.stop() };
}

function expectResponsive(report: MainThreadReport, maxRssGrowth: number): void {
  const detail = JSON.stringify(report);
  expect(report.maxBlockCpuMs, `longest event-loop block in main-thread CPU ms: ${detail}`).toBeLessThan(50);
  expect(report.peakRssBytes - report.startRssBytes, `RSS growth: ${detail}`).toBeLessThan(maxRssGrowth);
}

describe('grep and glob cannot freeze the runtime', () => {
  it('warms up the worker (built once per process from source)', async () => {
    const { outcome } = await callTool('grep', { pattern: '^a{28}!', path: 'aaa.txt' }, 60_000);
    expect(outcome.output).toBe(`aaa.txt:1:${'a'.repeat(28)}!`);
  }, 90_000);

  it('`grep "^(a+)+$"` over 28 a\'s is refused at once with the reason', async () => {
    const { outcome, report } = await callTool('grep', { pattern: '^(a+)+$', path: 'aaa.txt' }, 5000);
    expect(outcome.status).toBe('error');
    expect(outcome.output).toMatch(/repeats a repeated group \("\(a\+\)\+"\), which can take exponential time/);
    expect(outcome.durationMs).toBeLessThan(2000);
    expectResponsive(report, 32 * MB);
  });

  it('a catastrophic pattern the check misses ends at the tool timeout: worker terminated, loop free', async () => {
    const baseline = await threadCount();
    const { outcome, report } = await callTool('grep', { pattern: '^(\\w+\\s?)+$', path: 'aaa.txt' }, 1500);
    expect(outcome.status).toBe('timeout');
    expect(outcome.output).toMatch(/"grep" timed out after 1\.5 s and was stopped/);
    expect(outcome.durationMs).toBeLessThan(1500 + 1000);
    expectResponsive(report, 64 * MB);
    await threadsBackTo(baseline);
  }, 30_000);

  it('`glob **/*` over / ends bounded (entry cap or timeout) without blocking the loop', async () => {
    const baseline = await threadCount();
    const { outcome, report } = await callTool('glob', { pattern: '**/*', path: '/' }, 20_000);
    expect(['ok', 'timeout']).toContain(outcome.status);
    if (outcome.status === 'ok') {
      expect(outcome.output).toMatch(/\[showing the first 500 of \d+ matches/);
      expect(outcome.output).toContain(`[stopped listing after ${WALK_MAX_ENTRIES} directory entries`);
    }
    expectResponsive(report, 256 * MB);
    await threadsBackTo(baseline);
  }, 60_000);

  it('`grep` over /usr ends bounded (caps or timeout) without blocking the loop', async () => {
    const baseline = await threadCount();
    const { outcome, report } = await callTool('grep', { pattern: 'zzq_no_such_text_qzz', path: '/usr' }, 8000);
    expect(['ok', 'timeout']).toContain(outcome.status);
    expectResponsive(report, 256 * MB);
    await threadsBackTo(baseline);
  }, 60_000);
});
