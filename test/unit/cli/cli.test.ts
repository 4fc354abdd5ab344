// Every CLI command and exit code, run as a real process against a temp home and the fake model server.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { runCli } from '../../support/runCli';
import { createTestHome } from '../../support/testHome';
import { createRuntime } from '../../../main/core/runtime';
import { createHandlers } from '../../../main/core/api/handlers';
import { startBridge } from '../../../main/core/bridge/server';
import { createLogger } from '../../../main/core/util/log';

// Each test spawns the CLI several times: sized for a loaded 2-core machine.
vi.setConfig({ testTimeout: 240_000 });

let server: FakeModelServer;
let home: string;
let env: NodeJS.ProcessEnv;
const root = path.resolve(__dirname, '../../..');

beforeAll(async () => {
  server = await startFakeModelServer();
  ({ home, env } = await createTestHome({
    prefix: 'deskpilot-cli-',
    serverUrl: server.url,
    settings: { sandbox: 'full-access' },
    env: { OPENAI_API_KEY: 'sk-test-cli-000000' },
  }));
});
afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

describe('deskpilot run', () => {
  it('streams the answer to stdout and exits 0', async () => {
    server.enqueue(scripted.text('Hello from the model.'));
    const r = await runCli(['run', 'say hello'], env);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hello from the model.');
  });

  it('--format ndjson prints one type-tagged event per line', async () => {
    server.enqueue(scripted.text('ndjson answer'));
    const r = await runCli(['run', '--format', 'ndjson', 'hi'], env);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0].type).toBe('turn_started');
    expect(events.at(-1).type).toBe('turn_completed');
    expect(events.some((e) => e.type === 'text_delta')).toBe(true);
  });

  it('reads the prompt from --stdin and continues --session latest', async () => {
    server.enqueue(scripted.text('continued'));
    const r = await runCli(['run', '--stdin', '--session', 'latest'], env, 'piped prompt text');
    expect(r.code).toBe(0);
    const body = server.requests.at(-1)!.body as { input: Array<{ type: string; role?: string }> };
    expect(JSON.stringify(body.input)).toContain('piped prompt text');
    expect(body.input.filter((i) => i.type === 'message' && i.role === 'user').length).toBeGreaterThan(1);
  });

  it('shows tool calls on stderr; --approve deny denies, --approve allow allows', async () => {
    const file = path.join(home, 'cli-write.txt');
    server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' } }),
      scripted.text('denied it'),
    );
    const denied = await runCli(['run', '--approve', 'deny', 'write'], env);
    expect(denied.code).toBe(0);
    expect(denied.stderr).toContain('write_file');
    expect(denied.stderr).toMatch(/denied/);
    expect(existsSync(file)).toBe(false);
    server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' } }),
      scripted.text('wrote it'),
    );
    const allowed = await runCli(['run', '--approve', 'allow', 'write'], env);
    expect(allowed.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  it('--approve ask without a terminal denies', async () => {
    server.enqueue(scripted.toolCalls({ name: 'bash', arguments: { command: 'echo hi' } }), scripted.text('ok'));
    const r = await runCli(['run', 'run echo'], env);
    expect(r.code).toBe(0);
    const outputs = (server.requests.at(-1)!.body as { input: Array<{ type: string; output?: string }> }).input.filter(
      (i) => i.type === 'function_call_output',
    );
    expect(outputs.at(-1)!.output).toMatch(/no terminal/);
  });

  it('exits 1 with the message on stderr when the turn fails', async () => {
    server.enqueue(scripted.httpError(400, { error: { message: 'Invalid value for model.' } }));
    const r = await runCli(['run', 'hi'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid value for model');
  });

  it("exits 1 and lists the onboarding card's four choices with their commands when no model is configured", async () => {
    const r = await runCli(['run', 'hi'], { ...env, OPENAI_API_KEY: '' });
    expect(r.code).toBe(1);
    for (const command of [
      '`deskpilot login`',
      'deskpilot login --device-code',
      'deskpilot login --import-codex',
      'deskpilot login --api-key',
      'deskpilot config set-key openai',
      'deskpilot auth local',
      'deskpilot auth use openai-compatible',
    ])
      expect(r.stderr).toContain(command);
    expect(r.stderr).toContain('same sign-in as the Codex CLI');
    expect(r.stderr).toContain('usage limits apply');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli(['run', '--format', 'xml', 'hi'], env)).code).toBe(2);
    expect((await runCli(['bogus-command'], env)).code).toBe(2);
    const empty = await runCli(['run'], env, '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/Give a prompt/);
  });

  it('slash commands run without a model call', async () => {
    const before = server.requests.length;
    const r = await runCli(['run', '/help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/resume');
    expect(server.requests.length).toBe(before);
  });
});

describe('deskpilot sessions, config, tools', () => {
  it('sessions list / --json / show / delete', async () => {
    const list = await runCli(['sessions', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const sessions = JSON.parse(list.stdout) as Array<{ id: string; title: string }>;
    expect(sessions.length).toBeGreaterThan(0);
    const table = await runCli(['sessions', 'list'], env);
    expect(table.stdout).toContain(sessions[0].id);
    const show = await runCli(['sessions', 'show', sessions[0].id], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('user:');
    const del = await runCli(['sessions', 'delete', sessions[0].id], env);
    expect(del.code).toBe(0);
    const missing = await runCli(['sessions', 'delete', sessions[0].id], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No session/);
  });

  it('config get / set / set-key', async () => {
    const set = await runCli(['config', 'set', 'maxToolRounds=7', 'model=gpt-other'], env);
    expect(set.code).toBe(0);
    expect((await runCli(['config', 'get', 'maxToolRounds'], env)).stdout.trim()).toBe('7');
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8')).model).toBe('gpt-other');
    const bad = await runCli(['config', 'set', 'maxToolRounds=abc'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/maxToolRounds/);
    const unknown = await runCli(['config', 'get', 'noSuchKey'], env);
    expect(unknown.code).toBe(2);
    const key = await runCli(['config', 'set-key', 'openai'], env, 'sk-stored-key-9999\n');
    expect(key.code).toBe(0);
    expect(key.stdout + key.stderr).not.toContain('sk-stored-key-9999');
    const all = JSON.parse((await runCli(['config', 'get', '--json'], env)).stdout);
    expect(all.secrets.openai).toBe(true);
    await runCli(['config', 'set', 'model=gpt-test'], env);
  }, 300_000); // eight CLI spawns on a loaded 2-core machine

  it('tools and tools --json list the built-in tools with their risk', async () => {
    const json = JSON.parse((await runCli(['tools', '--json'], env)).stdout) as Array<{ name: string; risk: string }>;
    const names = json.map((t) => t.name);
    for (const name of ['read_file', 'list_dir', 'glob', 'grep', 'write_file', 'edit_file', 'bash', 'open_url'])
      expect(names).toContain(name);
    expect(json.find((t) => t.name === 'bash')!.risk).toBe('destructive');
    const table = await runCli(['tools'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/open_url\s+external/);
  });
});

describe('one runtime per directory', () => {
  it('a second host without a bridge gets "already running (pid N)"; with the bridge the CLI talks to it', async () => {
    const runtime = await createRuntime({ home, env, log: createLogger('test', { level: 'error', sink: () => {} }) });
    try {
      const blocked = await runCli(['sessions', 'list'], env);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`already running (pid ${process.pid})`);
      const bridge = await startBridge({ home, handlers: createHandlers(runtime), bus: runtime.bus, log: runtime.log });
      try {
        server.enqueue(scripted.text('via the bridge'));
        const viaBridge = await runCli(['run', 'over the bridge'], env);
        expect(viaBridge.code).toBe(0);
        expect(viaBridge.stdout).toContain('via the bridge');
        const list = JSON.parse((await runCli(['sessions', 'list', '--json'], env)).stdout);
        expect(list[0].title).toBe('over the bridge');
      } finally {
        await bridge.close();
      }
    } finally {
      await runtime.close();
    }
  });
});

describe('bin/deskpilot.mjs', () => {
  it('runs the built bundle (npm run build)', () => {
    const bundle = path.join(root, 'out', 'cli', 'cli.mjs');
    if (!existsSync(bundle))
      throw new Error('out/cli/cli.mjs is missing: run `npm run build` before the tests (npm test does).');
    const out = execFileSync(process.execPath, [path.join(root, 'bin', 'deskpilot.mjs'), '--version'], {
      env,
    }).toString();
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
