// The CLI approval prompt under a real pseudo-terminal: "always allow" shows, edits or cancels the exact rule; a prompt
// closes when its approval is decided elsewhere (web inbox via `deskpilot serve`) or times out. Real processes.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridge } from '../../../main/core/bridge/client';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { spawnCliInPty, type PtyCli } from '../../support/ptyCli';
import { startServeProcess, type ServeProcess } from '../../support/serveProcess';
import { writeTestSettings } from '../../support/testHome';

/** Spawning tsx processes on a loaded 2-core machine: generous per step, more per test. */
const STEP_MS = 60_000;
const TEST_MS = 300_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(settings: Record<string, unknown> = {}) {
  const server = await startFakeModelServer();
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-cli-approve-'));
  cleanups.push(
    () => server.close(),
    () => rm(home, { recursive: true, force: true }),
  );
  // full-access: the files the tool writes here sit inside the Deskpilot home, which workspace-write keeps read-only;
  // this test is about the prompt, the sandbox has its own tests (test/security/pathRules, protectedPaths).
  await writeTestSettings(home, { sandbox: 'full-access', ...settings });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    DESKPILOT_HOME: home,
    OPENAI_API_KEY: 'sk-test-cli-approve-0000',
    OPENAI_BASE_URL: server.url,
    TERM: 'dumb',
  };
  return { server, home, env };
}

function run(args: string[], env: NodeJS.ProcessEnv): PtyCli {
  const cli = spawnCliInPty(['run', ...args], env);
  cleanups.push(() => cli.kill());
  return cli;
}

const writeCall = (server: FakeModelServer, file: string, answer: string) =>
  server.enqueue(
    scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' } }),
    scripted.text(answer),
  );

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+[:(]\d+/);

describe('CLI approval prompt: "always allow" shows the rule', () => {
  it(
    'shows the exact rule, lets the user edit the pattern, and saves what was shown',
    async () => {
      const { server, home, env } = await setUp();
      const file = path.join(home, 'notes', 'a.txt');
      writeCall(server, file, 'wrote it');
      const cli = run(['write a note'], env);
      await cli.waitFor('Allow?', STEP_MS);
      cli.type('a\r');
      await cli.waitFor('Use it? [y] yes, [e] edit, [c] cancel:', STEP_MS);
      expect(cli.output()).toContain(`"Always allow" will save this rule`);
      expect(cli.output()).toContain(`write_file: path \`${file}\``);
      cli.type('e\r');
      await cli.waitFor('Pattern for path:', STEP_MS);
      const edited = `${path.join(home, 'notes')}/*`;
      cli.type(`\x15${edited}\r`);
      const shown = cli.output().length;
      await cli.waitFor(`write_file: path \`${edited}\``, STEP_MS, shown);
      await cli.waitFor('Use it?', STEP_MS, shown);
      cli.type('y\r');
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain('wrote it');
      noStackTrace(cli.output());
      expect(await readFile(file, 'utf8')).toBe('x');
      const saved = JSON.parse(await readFile(path.join(home, 'approvals.json'), 'utf8')) as {
        rules: Array<{ tool: string; match: Record<string, string> }>;
      };
      expect(saved.rules.map((r) => [r.tool, r.match])).toEqual([['write_file', { path: edited }]]);
    },
    TEST_MS,
  );

  it(
    'cancel goes back to the question and saves nothing',
    async () => {
      const { server, home, env } = await setUp();
      const file = path.join(home, 'b.txt');
      writeCall(server, file, 'did not write');
      const cli = run(['write b'], env);
      await cli.waitFor('Allow?', STEP_MS);
      cli.type('a\r');
      await cli.waitFor('Use it?', STEP_MS);
      const before = cli.output().length;
      cli.type('c\r');
      await cli.waitFor('Allow?', STEP_MS, before);
      cli.type('n\r');
      await cli.waitFor('Reason for the model', STEP_MS);
      cli.type('\r');
      expect(await cli.exited).toBe(0);
      expect(existsSync(file)).toBe(false);
      expect(existsSync(path.join(home, 'approvals.json'))).toBe(false);
    },
    TEST_MS,
  );
});

describe('CLI approval prompt: a call no rule could cover', () => {
  it(
    'offers only once or deny, and says why (a redirection outside the working directory is never covered)',
    async () => {
      const { server, env } = await setUp();
      server.enqueue(
        scripted.toolCalls({ name: 'bash', arguments: { command: 'echo hi > /tmp/deskpilot-cli-unusable.txt' } }),
        scripted.text('not written'),
      );
      const cli = run(['write outside'], env);
      await cli.waitFor('Allow? [y] once, [n] deny:', STEP_MS);
      expect(cli.output()).toContain(
        'No rule can allow this later: a redirection targets > /tmp/deskpilot-cli-unusable.txt',
      );
      expect(cli.output()).not.toContain('[a] always');
      const before = cli.output().length;
      cli.type('a\r'); // not offered: asked again
      await cli.waitFor('Allow? [y] once, [n] deny:', STEP_MS, before);
      cli.type('n\r');
      await cli.waitFor('Reason for the model', STEP_MS);
      cli.type('\r');
      expect(await cli.exited).toBe(0);
      noStackTrace(cli.output());
    },
    TEST_MS,
  );
});

describe('CLI approval prompt: decided elsewhere or timed out', () => {
  it(
    'with `deskpilot serve` running, an approval answered in another client closes the prompt and the CLI exits 0',
    async () => {
      const { server, home, env } = await setUp();
      const serve: ServeProcess = await startServeProcess([], { home, env: { ...env, DESKPILOT_HOME: home } });
      cleanups.push(() => serve.stop());
      const file = path.join(home, 'c.txt');
      writeCall(server, file, 'allowed from the inbox');
      const cli = run(['write c'], env);
      await cli.waitFor('Allow?', STEP_MS);
      const inbox = await connectBridge(home, 10_000);
      if (!inbox) throw new Error('could not connect to the serve bridge');
      cleanups.push(() => inbox.close());
      const [pending] = await inbox.invoke('approval/list', {});
      expect(pending?.tool).toBe('write_file');
      await inbox.invoke('approval/decide', { callId: pending!.callId, decision: { type: 'allow_once' } });
      await cli.waitFor('The approval was answered elsewhere (allowed once).', STEP_MS);
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain('allowed from the inbox');
      noStackTrace(cli.output());
      expect(cli.output()).not.toContain('ClientError');
      expect(await readFile(file, 'utf8')).toBe('x');
      expect(serve.alive()).toBe(true);
    },
    TEST_MS,
  );

  it(
    'a prompt left until the approval times out closes with a clear message; a late answer changes nothing',
    async () => {
      const { server, home, env } = await setUp({ approvalTimeoutMs: 4_000 });
      const file = path.join(home, 'd.txt');
      writeCall(server, file, 'it timed out');
      const cli = run(['write d'], env);
      await cli.waitFor('Allow?', STEP_MS);
      await cli.waitFor('The approval timed out, so the call was denied.', STEP_MS);
      cli.type('y\r');
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain('it timed out');
      noStackTrace(cli.output());
      expect(existsSync(file)).toBe(false);
    },
    TEST_MS,
  );
});
