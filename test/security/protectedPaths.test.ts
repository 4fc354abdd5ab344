// Issue 8 #5 / #10 and issue 7 §5 as attacks: tools reading Deskpilot's own secrets, and bash escaping the sandbox.
// Real runtime (policy untrusted, even with rules that cover the calls), real files, real bwrap.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../preload/contract/events';
import { createFileAccess } from '../../main/core/tools/sandbox/fileAccess';
import { detectShellSandbox } from '../../main/core/tools/sandbox/shellSandbox';
import { withdrawSecrets } from '../../main/core/util/secretEnv';
import { scripted } from '../support/fakeModelServer';
import { createHarness, type Harness } from '../support/runtimeHarness';

let h: Harness;
afterEach(async () => h?.close());

const SECRET = 'sk-very-secret-value-0123456789';

async function setup(settings: Record<string, unknown> = {}) {
  const home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'dp-sec-protect-')));
  const work = path.join(home, 'work');
  await mkdir(work);
  await mkdir(path.join(home, 'runtime'), { recursive: true });
  await writeFile(path.join(home, 'runtime', 'login-abc123.html'), `<a href="/login?ticket=${SECRET}">`);
  h = await createHarness({
    home,
    settings: { approvalPolicy: 'untrusted', workingDirectory: work, sandbox: 'workspace-write', ...settings },
  });
  await h.runtime.credentials.set('openai', SECRET).catch(() => undefined);
  await writeFile(path.join(home, 'credentials.json'), JSON.stringify({ version: 1, secrets: { openai: SECRET } }));
  return { home, work };
}

async function call(name: string, args: Record<string, unknown>, callId: string) {
  h.server.enqueue(scripted.toolCalls({ name, arguments: args, callId }), scripted.text('done'));
  const started = await h.runtime.send({ sessionId: null, text: 'go' });
  await started.done!;
  return (await h.waitFor((e) => e.type === 'tool_output' && e.callId === callId, 60_000)) as Extract<
    AgentEvent,
    { type: 'tool_output' }
  >;
}

describe('protected paths (issue 8 #5, #10)', () => {
  it('no read tool returns Deskpilot secrets, even with rules covering the calls', { timeout: 180_000 }, async () => {
    const { home } = await setup();
    for (const tool of ['read_file', 'grep', 'glob', 'list_dir', 'bash'])
      await h.runtime.grants.addRule({ tool, match: {} });
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['read_file', { path: path.join(home, 'credentials.json') }],
      ['read_file', { path: path.join(home, 'runtime', 'bridge.json') }],
      ['read_file', { path: path.join(home, 'runtime', 'login-abc123.html') }],
      ['read_file', { path: `/proc/${process.pid}/environ` }],
      ['read_file', { path: '/proc/self/environ' }],
      ['grep', { pattern: 'sk-', path: home }],
      ['grep', { pattern: 'ticket', path: path.join(home, 'runtime') }],
      ['glob', { pattern: '**/*', path: path.join(home, 'runtime') }],
      ['list_dir', { path: path.join(home, 'runtime') }],
      ['bash', { command: `cat ${home}/credentials.json` }],
      ['bash', { command: 'cat /proc/$PPID/environ' }],
      ['bash', { command: `cat /proc/${process.pid}/environ` }],
      ['bash', { command: 'secret-tool lookup service Deskpilot account openai' }],
      ['bash', { command: `cd ${home} && cat cred*.json runtime/*` }],
    ];
    for (const [i, [tool, args]] of attempts.entries()) {
      const out = await call(tool, args, `call_${i}`);
      expect(out.output, `${tool} ${JSON.stringify(args)}`).not.toContain(SECRET);
      if (tool === 'read_file' || tool === 'list_dir') expect(out.output).toMatch(/Deskpilot's own secret files/);
    }
    // The refusals never reached the model with a secret either.
    for (const request of h.server.requests) expect(JSON.stringify(request.body)).not.toContain(SECRET);
  });

  it('secrets in the environment are copied and taken out of process.env', () => {
    process.env.DP_TEST_API_KEY = 'sk-env-secret';
    const env = withdrawSecrets(process.env);
    expect(env.DP_TEST_API_KEY).toBe('sk-env-secret');
    expect(process.env.DP_TEST_API_KEY).toBeUndefined();
  });
});

describe('sandbox policy (issue 7 §5)', () => {
  it('file tools enforce workspace-write and read-only on real paths', async () => {
    const home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'dp-sec-fa-')));
    const work = path.join(home, 'work');
    await mkdir(path.join(work, '.git', 'hooks'), { recursive: true });
    const access = createFileAccess({ cwd: work, home: path.join(home, 'dphome'), policy: 'workspace-write' });
    expect(access.resolveForWrite('a.txt')).toBe(path.join(work, 'a.txt'));
    expect(() => access.resolveForWrite('../outside.txt')).toThrow(/outside the writable folders/);
    expect(() => access.resolveForWrite('.git/hooks/pre-commit')).toThrow(/\.git\/hooks/);
    expect(() => access.resolveForWrite(path.join(home, 'dphome', 'settings.json'))).toThrow(/Deskpilot's own folder/);
    const ro = createFileAccess({ cwd: work, policy: 'read-only' });
    expect(() => ro.resolveForWrite('a.txt')).toThrow(/read-only/);
    const full = createFileAccess({ cwd: work, policy: 'full-access', home: path.join(home, 'dphome') });
    expect(full.resolveForWrite('../outside.txt')).toBe(path.join(home, 'outside.txt'));
    expect(() => full.resolveForRead(path.join(home, 'dphome', 'credentials.json'))).toThrow(/secret files/);
  });

  it('bash runs in bwrap: a write outside the roots and the network are blocked', { timeout: 180_000 }, async () => {
    expect(detectShellSandbox().kind).toBe('bwrap');
    const { home, work } = await setup({ approvalPolicy: 'never' });
    await h.runtime.grants.addRule({ tool: 'bash', match: { command: '*' } });
    const outside = path.join(home, 'outside.txt');
    const write = await call('bash', { command: `touch ${outside}; echo rc=$?` }, 'call_write');
    expect(write.output).toMatch(/Read-only file system|rc=1/);
    expect(existsSync(outside)).toBe(false);
    const inside = await call('bash', { command: 'echo ok > inside.txt' }, 'call_inside');
    expect(inside.status).toBe('ok');
    expect(existsSync(path.join(work, 'inside.txt'))).toBe(true);
    const port = new URL(h.server.url).port;
    // An interpreter with -e is only covered by an exact rule.
    const netCommand = `node -e "require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', () => console.log('blocked'))"`;
    await h.runtime.grants.addRule({ tool: 'bash', match: { command: netCommand } });
    const net = await call('bash', { command: netCommand }, 'call_net');
    expect(net.output).toContain('blocked');
    expect(net.output).not.toContain('connected');
    const proc = await call('bash', { command: `ls /proc/${process.pid} 2>&1 | head -1; echo done` }, 'call_proc');
    expect(proc.output).not.toMatch(/environ/);
  });
});
