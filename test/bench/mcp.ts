// MCP benchmarks (issue 14): runtime ready time with 5 stdio servers configured vs none (servers start in the
// background), time until all their tools are listed, and per-call overhead of an MCP tool call through
// executeToolCall over a stdio echo server, against the bare SDK client calling the same server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mcpOf } from '../../main/core/mcp/service';
import { createRuntime, type Runtime } from '../../main/core/runtime';
import { executeToolCall } from '../../main/core/tools/execute';
import { createLogger } from '../../main/core/util/log';
import { testServerConfig, MCP_TEST_SERVER } from '../support/mcpWait';
import type { BenchRecord } from './types';

const SERVERS = 5;
const REPEATS = 3;
const CALLS = 300;
const log = createLogger('bench', { level: 'error', sink: () => {} });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function withRuntime<T>(servers: number, fn: (runtime: Runtime, readyMs: number) => Promise<T>): Promise<T> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-mcp-'));
  const configured = Object.fromEntries(Array.from({ length: servers }, (_, i) => [`s${i}`, testServerConfig()]));
  await writeFile(
    path.join(home, 'settings.json'),
    JSON.stringify({ credentialBackend: 'file', approvalPolicy: 'never', mcp: { servers: configured } }),
  );
  const t0 = performance.now();
  const runtime = await createRuntime({ home, env: { OPENAI_API_KEY: 'sk-bench-000000' }, log });
  const readyMs = performance.now() - t0;
  try {
    return await fn(runtime, readyMs);
  } finally {
    await runtime.close();
    await rm(home, { recursive: true, force: true });
  }
}

async function startup(): Promise<BenchRecord[]> {
  const none: number[] = [];
  const five: number[] = [];
  const allTools: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    none.push(await withRuntime(0, async (_, ms) => ms));
    five.push(
      await withRuntime(SERVERS, async (runtime, ms) => {
        const t0 = performance.now();
        await mcpOf(runtime).settled();
        const ready = mcpOf(runtime)
          .list()
          .filter((v) => v.status.state === 'ready').length;
        if (ready !== SERVERS)
          throw new Error(
            `only ${ready} of ${SERVERS} MCP servers became ready: ${JSON.stringify(mcpOf(runtime).list()[0].status)}`,
          );
        allTools.push(ms + performance.now() - t0);
        return ms;
      }),
    );
  }
  const base = median(none);
  const value = median(five);
  return [
    { bench: 'mcp', metric: 'runtime-ready-0-servers', value: Math.round(base), unit: 'ms', repeats: REPEATS },
    {
      bench: 'mcp',
      metric: `runtime-ready-${SERVERS}-servers`,
      value: Math.round(value),
      unit: 'ms',
      baseline: Math.round(base),
      ratio: Math.round((value / base) * 100) / 100,
      repeats: REPEATS,
    },
    { bench: 'mcp', metric: `all-tools-listed-${SERVERS}-servers`, value: Math.round(median(allTools)), unit: 'ms' },
  ];
}

/** Mean ms per call of `call`, after 20 warm-up calls. */
async function perCall(call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await call(i);
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) await call(i);
  return (performance.now() - t0) / CALLS;
}

async function overhead(): Promise<BenchRecord[]> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', MCP_TEST_SERVER],
      stderr: 'ignore',
    }),
  );
  const bareCall = (i: number) => client.callTool({ name: 'echo', arguments: { text: `hi ${i}` } });
  const bareBefore = await perCall(bareCall);
  const ours = await withRuntime(1, async (runtime) => {
    await mcpOf(runtime).settled();
    const signal = new AbortController().signal;
    return perCall((i) =>
      executeToolCall(
        { type: 'function_call', call_id: `c${i}`, name: 's0__echo', arguments: JSON.stringify({ text: `hi ${i}` }) },
        {
          registry: runtime.tools,
          approve: async () => ({ allowed: true }),
          signal,
          defaultTimeoutMs: 60_000,
          maxOutputBytes: 65_536,
          cwd: os.tmpdir(),
          sessionId: 'bench',
          log,
        },
      ),
    );
  });
  // The bare figure is taken before and after ours (the machine's load drifts); its mean is the reference.
  const bare = (bareBefore + (await perCall(bareCall))) / 2;
  await client.close();
  const extra = ours - bare;
  return [
    { bench: 'mcp', metric: 'call-bare-sdk', value: Math.round(bare * 1000) / 1000, unit: 'ms' },
    { bench: 'mcp', metric: 'call-through-runtime', value: Math.round(ours * 1000) / 1000, unit: 'ms' },
    {
      bench: 'mcp',
      metric: 'call-overhead',
      value: Math.round(extra * 1000) / 1000,
      unit: 'ms',
      baseline: 2,
      ratio: Math.round((extra / 2) * 100) / 100,
    },
  ];
}

/** Runs both MCP benchmarks. */
export async function run(): Promise<BenchRecord[]> {
  return [...(await startup()), ...(await overhead())];
}
