// Tests for the bash tool: real processes, exit codes, output cap, timeout and abort killing the process group.
// Timeouts here are 2 s, not less: starting bash can take several hundred ms on a busy machine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadShellParser } from '../../../../../main/core/approvals/shellParse';
import { commandEnv, createBashTool } from '../../../../../main/core/tools/builtins/bash';
import { executeToolCall } from '../../../../../main/core/tools/execute';
import { ToolRegistry } from '../../../../../main/core/tools/registry';
import { context, run, tempDir, text } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const bash = createBashTool();

/** True while `pid` is a live (non-zombie) process. */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntilDead(pid: number, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await alive(pid))) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

async function waitForFile(path: string, ms = 5000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const content = (await readFile(path, 'utf8')).trim();
      if (content) return content;
    } catch {
      // not written yet
    }
    if (Date.now() > until) throw new Error(`${path} never appeared`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bash', () => {
  it('captures stdout and stderr with the exit code, in the working directory', async () => {
    const result = await run(bash, { command: 'pwd; echo out; sleep 0.1; echo err >&2' }, context(dir));
    expect(result).toEqual({ output: `exit code: 0\n${dir}\nout\nerr\n`, isError: false });
  });

  it('reports a non-zero exit code as an error and honours cwd', async () => {
    const result = await run(
      bash,
      { command: 'basename "$PWD"; exit 3', cwd: '..' },
      context(join(dir, 'x', '..', 'x', '..')),
    );
    expect(text(result)).toMatch(/^exit code: 3\n/);
    expect(typeof result === 'object' && result.isError).toBe(true);
  });

  it('reports death by signal and empty output', async () => {
    expect(text(await run(bash, { command: 'kill -TERM $$' }, context(dir)))).toBe('signal: SIGTERM\n(no output)');
  });

  it('rejects a missing cwd', async () => {
    await expect(run(bash, { command: 'true', cwd: 'nope' }, context(dir))).rejects.toThrow(/Directory not found/);
  });

  it('cuts output beyond its capture limit with a note', async () => {
    const small = createBashTool({ captureBytes: 100 });
    const out = text(await run(small, { command: "head -c 1000 /dev/zero | tr '\\0' a" }, context(dir)));
    expect(out).toBe(`exit code: 0\n${'a'.repeat(100)}\n[output cut: 100 of 1000 bytes shown]`);
  });

  it('kills the whole process group when its own timeout fires', async () => {
    const started = Date.now();
    const result = await run(
      bash,
      { command: `sleep 30 & echo $! > ${dir}/pid; sleep 30`, timeoutMs: 2000 },
      context(dir),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(text(result)).toMatch(
      /^timed out after 2000 ms; the command's process group was killed \(signal: SIGTERM\)/,
    );
    expect(await waitUntilDead(Number(await waitForFile(join(dir, 'pid'))))).toBe(true);
  });

  it('kills a `sleep 30` quickly when the runtime timeout fires (via executeToolCall)', async () => {
    const registry = new ToolRegistry();
    registry.register(bash);
    const started = Date.now();
    const outcome = await executeToolCall(
      {
        type: 'function_call',
        call_id: 'c1',
        name: 'bash',
        arguments: JSON.stringify({ command: `echo $$ > ${dir}/pid; sleep 30` }),
      },
      {
        registry,
        approve: async () => ({ allowed: true }),
        signal: new AbortController().signal,
        defaultTimeoutMs: 2000,
        maxOutputBytes: 10_000,
        cwd: dir,
        sessionId: 's',
        log: { debug() {}, info() {}, warn() {}, error() {} },
      },
    );
    expect(outcome.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await waitUntilDead(Number(await waitForFile(join(dir, 'pid'))))).toBe(true);
  });

  it('kills the process group on abort', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = run(bash, { command: `sleep 30 & echo $! > ${dir}/pid; wait` }, context(dir, controller.signal));
    const pid = Number(await waitForFile(join(dir, 'pid')));
    expect(await alive(pid)).toBe(true);
    controller.abort();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text(result)).toMatch(/^interrupted; the command's process group was killed/);
    expect(await waitUntilDead(pid)).toBe(true);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(run(bash, { command: `touch ${dir}/ran` }, context(dir, controller.signal))).rejects.toThrow();
    await expect(readFile(join(dir, 'ran'))).rejects.toThrow();
  });

  it('withholds credential-looking variables from commands', () => {
    const env = commandEnv({
      PATH: '/bin',
      OPENAI_API_KEY: 'sk-x',
      GITHUB_TOKEN: 't',
      DB_PASSWORD: 'p',
      client_secret: 's',
      HOME: '/h',
    });
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', PAGER: 'cat', GIT_PAGER: 'cat' });
  });

  it('is destructive, matches rules on parsed commands and never suggests a bare first word (issue 9 #1)', async () => {
    await loadShellParser();
    expect(bash.risk).toBe('destructive');
    expect(bash.ruleArgs).toEqual({ command: 'shell', cwd: 'workdir' });
    expect(bash.suggestRule?.({ command: '  git status --short' })).toEqual({ command: 'git status *' });
    expect(bash.suggestRule?.({ command: 'rm -f /tmp/x' })).toEqual({ command: 'rm -f /tmp/x' });
    expect(bash.suggestRule?.({ command: 'ls*' })).toEqual({ command: 'ls\\*' });
    expect(bash.suggestRule?.({ command: 'make', cwd: 'sub' })).toEqual({ command: 'make', cwd: 'sub' });
    expect(z.toJSONSchema(bash.parameters, { io: 'input' })).toMatchObject({ required: ['command'] });
  });
});
