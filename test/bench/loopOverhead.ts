// Loop overhead: a scripted 50-round tool-calling turn, our runtime vs @openai/agents vs a bare SDK loop, same server and tool.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { z } from 'zod';
import { Agent, run as runAgent, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import { defineTool } from '../../plugins/sdk';
import { createRuntime } from '../../main/core/runtime';
import { createLogger } from '../../main/core/util/log';
import { scripted, startFakeModelServer, type CapturedRequest, type FakeModelServer } from '../support/fakeModelServer';
import type { BenchRecord } from './types';

const ROUNDS = 50;
const REPEATS = 3;

/** Serves ROUNDS tool-call responses, then a text answer, counting rounds by function_call_output items in the input. */
function scriptRounds(server: FakeModelServer): void {
  server.setHandler((req: CapturedRequest) => {
    const input = ((req.body as { input?: unknown[] }).input ?? []) as Array<{ type?: string }>;
    const done = input.filter((i) => i.type === 'function_call_output').length;
    return done < ROUNDS
      ? scripted.toolCalls({ name: 'echo', arguments: { text: `round ${done}` }, callId: `call_${done}` })
      : scripted.text('all rounds done');
  });
}

async function timeOurs(server: FakeModelServer): Promise<number> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-'));
  await writeFile(
    path.join(home, 'settings.json'),
    JSON.stringify({
      credentialBackend: 'file',
      model: 'gpt-bench',
      reasoningEffort: 'none',
      maxToolRounds: ROUNDS + 5,
      disabledContextProviders: [],
    }),
  );
  const runtime = await createRuntime({
    home,
    env: { OPENAI_API_KEY: 'sk-bench-000000', OPENAI_BASE_URL: server.url },
    log: createLogger('bench', { level: 'error', sink: () => {} }),
  });
  // Same tools as the other contenders: only `echo` (the built-in file and shell tools are unregistered).
  for (const name of runtime.tools.names()) runtime.tools.unregister(name);
  runtime.tools.register(
    defineTool({
      name: 'echo',
      description: 'Echo text back.',
      parameters: z.object({ text: z.string() }),
      risk: 'read',
      execute: async ({ text }) => text,
    }),
    { source: 'bench' },
  );
  const t0 = performance.now();
  const sent = await runtime.send({ sessionId: null, text: 'run the rounds' });
  const outcome = await sent.done!;
  const ms = performance.now() - t0;
  if (outcome.toolRounds !== ROUNDS) throw new Error(`our loop ran ${outcome.toolRounds} rounds, expected ${ROUNDS}`);
  await runtime.close();
  await rm(home, { recursive: true, force: true });
  return ms;
}

async function timeAgents(server: FakeModelServer): Promise<number> {
  setDefaultOpenAIClient(new OpenAI({ apiKey: 'sk-bench-000000', baseURL: server.url, maxRetries: 0 }));
  setOpenAIAPI('responses');
  setTracingDisabled(true);
  const echo = tool({
    name: 'echo',
    description: 'Echo text back.',
    parameters: z.object({ text: z.string() }),
    execute: async ({ text }) => text,
  });
  const agent = new Agent({ name: 'bench', instructions: 'Run the rounds.', tools: [echo], model: 'gpt-bench' });
  const t0 = performance.now();
  const result = await runAgent(agent, 'run the rounds', { stream: true, maxTurns: ROUNDS + 5 });
  for await (const _event of result) {
    /* drain the stream like a UI would */
  }
  await result.completed;
  return performance.now() - t0;
}

/** The floor: a hand-written SDK loop with no framework (stream, collect calls, append outputs). */
async function timeBare(server: FakeModelServer): Promise<number> {
  const client = new OpenAI({ apiKey: 'sk-bench-000000', baseURL: server.url, maxRetries: 0 });
  const input: Record<string, unknown>[] = [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run the rounds' }] },
  ];
  const t0 = performance.now();
  for (;;) {
    const stream = await client.responses.create({
      model: 'gpt-bench',
      // Cast: the SDK's input item union is narrower than the plain wire items this bench sends.
      input: input as never,
      stream: true,
      store: false,
    });
    const calls: { call_id: string; name: string; arguments: string }[] = [];
    for await (const event of stream) {
      if (event.type === 'response.output_item.done' && event.item.type === 'function_call') calls.push(event.item);
    }
    if (calls.length === 0) break;
    for (const call of calls) {
      input.push({ type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments });
      input.push({ type: 'function_call_output', call_id: call.call_id, output: JSON.parse(call.arguments).text });
    }
  }
  return performance.now() - t0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs each contender REPEATS times (after one warm-up) and reports per-round medians and overhead ratios. */
export async function run(): Promise<BenchRecord[]> {
  const server = await startFakeModelServer();
  scriptRounds(server);
  try {
    await timeBare(server);
    await timeOurs(server);
    await timeAgents(server);
    const bare: number[] = [];
    const ours: number[] = [];
    const agents: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      bare.push(await timeBare(server));
      ours.push(await timeOurs(server));
      agents.push(await timeAgents(server));
    }
    const perRound = (ms: number) => ms / (ROUNDS + 1);
    const b = perRound(median(bare));
    const o = perRound(median(ours));
    const a = perRound(median(agents));
    const ourOverhead = Math.max(o - b, 0);
    const theirOverhead = Math.max(a - b, 0.001);
    return [
      { bench: 'loop-overhead', metric: 'bare_sdk_ms_per_round', value: round(b), unit: 'ms' },
      { bench: 'loop-overhead', metric: 'deskpilot_ms_per_round', value: round(o), unit: 'ms' },
      { bench: 'loop-overhead', metric: 'openai_agents_ms_per_round', value: round(a), unit: 'ms' },
      {
        bench: 'loop-overhead',
        metric: 'deskpilot_overhead_ms_per_round',
        value: round(ourOverhead),
        unit: 'ms',
        baseline: round(theirOverhead / 2),
        ratio: round(ourOverhead / (theirOverhead / 2)),
      },
      {
        bench: 'loop-overhead',
        metric: 'overhead_ratio_vs_openai_agents',
        value: round(ourOverhead / theirOverhead),
        unit: 'x',
        baseline: 0.5,
        ratio: round(ourOverhead / theirOverhead / 0.5),
      },
    ];
  } finally {
    await server.close();
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
