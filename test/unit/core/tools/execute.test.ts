// Tests for executeToolCall: lookup, JSON and zod validation, approval, errors, timeout, abort, output cutting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { FunctionCallItem } from '../../../../preload/contract/items';
import type { Logger, ToolContext, ToolDefinition } from '../../../../plugins/sdk/types';
import { executeToolCall, type ExecuteDeps } from '../../../../main/core/tools/execute';
import { ToolRegistry } from '../../../../main/core/tools/registry';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function call(name: string, args: string): FunctionCallItem {
  return { type: 'function_call', call_id: 'call_1', name, arguments: args };
}

function setup(tools: ToolDefinition[], overrides: Partial<ExecuteDeps> = {}) {
  const registry = new ToolRegistry();
  for (const t of tools) registry.register(t);
  const approvals: unknown[] = [];
  const deps: ExecuteDeps = {
    registry,
    approve: async (req) => {
      approvals.push(req.args);
      return { allowed: true };
    },
    signal: new AbortController().signal,
    defaultTimeoutMs: 5000,
    maxOutputBytes: 10_000,
    cwd: '/tmp',
    sessionId: 'sess_1',
    log: silent,
    ...overrides,
  };
  return { deps, approvals };
}

const echo: ToolDefinition = {
  name: 'echo',
  description: 'echo',
  parameters: z.object({
    text: z.string(),
    times: z.number().int().min(1).default(1),
    opts: z.object({ upper: z.boolean() }).optional(),
  }),
  risk: 'read',
  async execute(args, ctx) {
    const a = args as { text: string; times: number };
    return `${a.text.repeat(a.times)} in ${ctx.cwd} for ${ctx.sessionId}/${ctx.callId}`;
  },
};

describe('executeToolCall', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a valid call with parsed (defaulted) arguments and the context', async () => {
    const { deps, approvals } = setup([echo]);
    const outcome = await executeToolCall(call('echo', '{"text":"hi","times":2}'), deps);
    expect(outcome).toMatchObject({ status: 'ok', isError: false, output: 'hihi in /tmp for sess_1/call_1' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(approvals).toEqual([{ text: 'hi', times: 2 }]);
  });

  it('reports the run time after the approval and the approval wait apart, the wait only when the user was asked', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const slow: ToolDefinition = {
      ...echo,
      name: 'slow',
      async execute() {
        vi.advanceTimersByTime(300);
        return 'done';
      },
    };
    const asked = setup([slow], {
      approve: async () => {
        vi.advanceTimersByTime(5000);
        return { allowed: true };
      },
    });
    const outcome = await executeToolCall(call('slow', '{"text":"x"}'), asked.deps);
    expect(outcome).toMatchObject({ status: 'ok', durationMs: 300, approvalWaitMs: 5000 });
    const byRule = setup([slow], {
      approve: async () => ({ allowed: true, allowedBy: { type: 'policy' as const, reason: 'read-only tool' } }),
    });
    const ruled = await executeToolCall(call('slow', '{"text":"x"}'), byRule.deps);
    expect(ruled.durationMs).toBe(300);
    expect(ruled.approvalWaitMs).toBeUndefined();
  });

  it('treats empty arguments as {} (then zod decides)', async () => {
    const noArgs: ToolDefinition = {
      name: 'ping',
      description: 'p',
      parameters: z.object({}),
      risk: 'read',
      execute: async () => 'pong',
    };
    const { deps } = setup([noArgs, echo]);
    expect(await executeToolCall(call('ping', ''), deps)).toMatchObject({ status: 'ok', output: 'pong' });
    const missing = await executeToolCall(call('echo', '  '), deps);
    expect(missing.status).toBe('invalid');
    expect(missing.output).toContain('- text:');
  });

  it('reports an unknown tool and lists the available ones', async () => {
    const { deps, approvals } = setup([echo]);
    const outcome = await executeToolCall(call('nope', '{}'), deps);
    expect(outcome.status).toBe('invalid');
    expect(outcome.isError).toBe(true);
    expect(outcome.output).toContain('Unknown tool "nope"');
    expect(outcome.output).toContain('Available tools: echo');
    expect(approvals).toEqual([]);
  });

  it('reports bad JSON with the parse error and asks for a resend', async () => {
    const { deps, approvals } = setup([echo]);
    const outcome = await executeToolCall(call('echo', '{"text": "hi"'), deps);
    expect(outcome.status).toBe('invalid');
    expect(outcome.output).toMatch(/not valid JSON \(.+\)/);
    expect(outcome.output).toContain('resend the call with valid JSON');
    expect(approvals).toEqual([]);
  });

  it('lists every zod issue with its path', async () => {
    const { deps, approvals } = setup([echo]);
    const outcome = await executeToolCall(call('echo', '{"text": 5, "times": "x", "opts": {"upper": "yes"}}'), deps);
    expect(outcome.status).toBe('invalid');
    expect(outcome.output).toMatch(/- text: .*expected string/);
    expect(outcome.output).toMatch(/- times: .*expected number/);
    expect(outcome.output).toMatch(/- opts\.upper: .*expected boolean/);
    expect(approvals).toEqual([]);
    const root = await executeToolCall(call('echo', '[1]'), deps);
    expect(root.output).toMatch(/- \(root\): .*expected object/);
  });

  it('does not run a denied call and tells the model why', async () => {
    let ran = false;
    const t: ToolDefinition = {
      ...echo,
      name: 'danger',
      risk: 'destructive',
      execute: async () => ((ran = true), 'ran'),
    };
    const { deps } = setup([t], { approve: async () => ({ allowed: false, reason: 'not today' }) });
    const outcome = await executeToolCall(call('danger', '{"text":"x"}'), deps);
    expect(outcome).toMatchObject({ status: 'denied', isError: true });
    expect(outcome.output).toContain('Denied: not today');
    expect(outcome.output).toContain('did not run');
    expect(ran).toBe(false);
  });

  it('turns a failing approval step into an error without running the tool', async () => {
    const { deps } = setup([echo], { approve: async () => Promise.reject(new Error('broker gone')) });
    const outcome = await executeToolCall(call('echo', '{"text":"x"}'), deps);
    expect(outcome.status).toBe('error');
    expect(outcome.output).toContain('broker gone');
  });

  it('reports a thrown error as "Error: <message>"', async () => {
    const t: ToolDefinition = {
      ...echo,
      name: 'boom',
      execute: async () => {
        throw new Error('disk on fire');
      },
    };
    const sync: ToolDefinition = {
      ...echo,
      name: 'sync_boom',
      execute: () => {
        throw new Error('sync fail');
      },
    };
    const { deps } = setup([t, sync]);
    expect(await executeToolCall(call('boom', '{"text":"x"}'), deps)).toMatchObject({
      status: 'error',
      isError: true,
      output: 'Error: disk on fire',
    });
    expect(await executeToolCall(call('sync_boom', '{"text":"x"}'), deps)).toMatchObject({
      status: 'error',
      output: 'Error: sync fail',
    });
  });

  it('passes through an isError result', async () => {
    const t: ToolDefinition = {
      ...echo,
      name: 'soft',
      execute: async () => ({ output: 'soft failure', isError: true }),
    };
    const { deps } = setup([t]);
    expect(await executeToolCall(call('soft', '{"text":"x"}'), deps)).toMatchObject({
      status: 'error',
      isError: true,
      output: 'soft failure',
    });
  });

  it('times out a tool that ignores its signal, using the tool timeout over the default', async () => {
    let seen: ToolContext | undefined;
    const stuck: ToolDefinition = {
      ...echo,
      name: 'stuck',
      timeoutMs: 50,
      execute: (_args, ctx) => {
        seen = ctx;
        return new Promise(() => {});
      },
    };
    const { deps } = setup([stuck], { defaultTimeoutMs: 60_000 });
    const started = Date.now();
    const outcome = await executeToolCall(call('stuck', '{"text":"x"}'), deps);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ status: 'timeout', isError: true });
    expect(outcome.output).toContain('timed out after 50 ms');
    expect(seen?.signal.aborted).toBe(true);
  });

  it('uses the default timeout when the tool declares none', async () => {
    const stuck: ToolDefinition = { ...echo, name: 'stuck', execute: () => new Promise(() => {}) };
    const { deps } = setup([stuck], { defaultTimeoutMs: 30 });
    expect((await executeToolCall(call('stuck', '{"text":"x"}'), deps)).status).toBe('timeout');
  });

  it('aborts a running tool when the turn signal fires', async () => {
    const controller = new AbortController();
    let toolSawAbort = false;
    const slow: ToolDefinition = {
      ...echo,
      name: 'slow',
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            toolSawAbort = true;
            reject(new Error('stopped'));
          });
          setTimeout(() => controller.abort(), 20);
        }),
    };
    const { deps } = setup([slow], { signal: controller.signal });
    const outcome = await executeToolCall(call('slow', '{"text":"x"}'), deps);
    expect(outcome).toMatchObject({ status: 'aborted', isError: true });
    expect(outcome.output).toContain('interrupted');
    expect(toolSawAbort).toBe(true);
  });

  it('stops waiting for approval when the turn is aborted', async () => {
    const controller = new AbortController();
    const { deps } = setup([echo], {
      signal: controller.signal,
      approve: () => {
        setTimeout(() => controller.abort(), 10);
        return new Promise(() => {});
      },
    });
    expect((await executeToolCall(call('echo', '{"text":"x"}'), deps)).status).toBe('aborted');
  });

  it('cuts long output to maxOutputBytes with a note', async () => {
    const big: ToolDefinition = { ...echo, name: 'big', execute: async () => 'é'.repeat(100) };
    const { deps } = setup([big], { maxOutputBytes: 51 });
    const outcome = await executeToolCall(call('big', '{"text":"x"}'), deps);
    expect(outcome.status).toBe('ok');
    expect(outcome.output).toBe(`${'é'.repeat(25)}\n[output cut: 50 of 200 bytes shown]`);
  });

  it('cuts error output too', async () => {
    const t: ToolDefinition = {
      ...echo,
      name: 'loud',
      execute: async () => {
        throw new Error('x'.repeat(500));
      },
    };
    const { deps } = setup([t], { maxOutputBytes: 100 });
    const outcome = await executeToolCall(call('loud', '{"text":"x"}'), deps);
    expect(outcome.output).toContain('[output cut: 100 of 507 bytes shown]');
  });
});
