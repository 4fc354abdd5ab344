// Hardening (issue 8, Low): private home and files, settings that fail closed, a corrupt credentials.json, stale locks.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsView } from '../../main/core/api/handlers';
import { lockPathOf, processIdentity } from '../../main/core/util/lock';
import { builtinPlugins } from '../../plugins/index';
import { scripted } from '../support/fakeModelServer';
import { runCli } from '../support/runCli';
import { createHarness, type Harness } from '../support/runtimeHarness';

/** A CLI command is one tsx-started Node process: allow for a loaded 2-core machine. */
const CLI_TEST_MS = 120_000;

let h: Harness | undefined;
const homes: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await h?.close();
  h = undefined;
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

async function newHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'deskpilot-sec-'));
  homes.push(home);
  return home;
}

/** Every path under `dir` with its mode, files and folders, relative to `dir`. */
async function modes(dir: string): Promise<Map<string, { mode: number; isDir: boolean }>> {
  const found = new Map<string, { mode: number; isDir: boolean }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    found.set(relative(dir, path), { mode: info.mode & 0o777, isDir: info.isDirectory() });
  }
  return found;
}

/** A CLI home with the file credential backend and the fake model's key in the environment. */
async function cliHome(): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await newHome();
  await writeFile(join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file', model: 'gpt-test' }));
  return {
    home,
    env: { PATH: process.env.PATH, HOME: home, DESKPILOT_HOME: home, OPENAI_API_KEY: 'sk-test-sec-000000' },
  };
}

describe('the Deskpilot home is private', () => {
  it('makes an existing 0755 home 0700 and writes every file it owns 0600', async () => {
    const home = await newHome();
    await chmod(home, 0o755);
    h = await createHarness({ home, plugins: builtinPlugins });
    const { runtime } = h;
    expect((await stat(home)).mode & 0o777).toBe(0o700);

    h.server.enqueue(scripted.text('noted'));
    await (
      await runtime.send({ sessionId: null, text: 'remember the milk' })
    ).done;
    await runtime.settings.update({ theme: 'dark' });
    await runtime.grants.addRule({ tool: 'write_file', match: { path: '/tmp/x' } });
    const create = runtime.tools.get('planner_create')?.tool;
    const toolCtx = {
      signal: new AbortController().signal,
      sessionId: 's_x',
      callId: 'c_1',
      cwd: home,
      log: runtime.log,
    };
    expect(await create?.execute({ name: 'Errands', items: ['buy milk'], activate: true }, toolCtx)).toMatch(/Created/);
    await runtime.close();

    const all = await modes(home);
    for (const name of ['settings.json', 'approvals.json', 'planner.json', 'sessions/index.json']) {
      expect(all.get(name), name).toEqual({ mode: 0o600, isDir: false });
    }
    expect([...all.keys()].some((name) => /^sessions\/s_.*\.jsonl$/.test(name))).toBe(true);
    for (const dir of ['sessions', 'runtime', 'memory'])
      expect(all.get(dir), dir).toEqual({ mode: 0o700, isDir: true });
    // Nothing Deskpilot writes itself is open to other users; the memory dataset (LanceDB's own files) sits in a
    // 0700 folder, and the home itself is 0700, so no other user can reach any of it.
    const open = [...all].filter(([name, { mode }]) => !name.startsWith('memory/') && (mode & 0o077) !== 0);
    expect(open).toEqual([]);
  });
});

describe('a corrupt settings.json fails closed', () => {
  it('keeps the approval policy at "untrusted" (never the default "on-request") and the Settings view says so', async () => {
    h = await createHarness({ settings: { approvalPolicy: 'untrusted' } });
    await h.runtime.close();
    // An attacker (or a crash) truncates the file: the user's "untrusted" must not become "on-request".
    await writeFile(join(h.home, 'settings.json'), '{"approvalPolicy": "untrusted", "credentialBackend": "fi');
    const runtime = await h.restart();
    expect(runtime.settings.get().approvalPolicy).toBe('untrusted');
    const session = await runtime.sessions.create();
    expect(runtime.loop.policyFor(session.id)).toBe('untrusted');
    const view = settingsView(runtime);
    expect(view.values.approvalPolicy).toBe('untrusted');
    expect(view.warnings).toEqual([
      expect.stringMatching(
        /^settings\.json was invalid .*moved to settings\.json\.invalid-.*the security settings are at their strictest \(approvalPolicy "untrusted"\)/,
      ),
    ]);

    // Still strict after another restart: the strict value was saved, not only held in memory.
    await runtime.close();
    expect((await h.restart()).settings.get().approvalPolicy).toBe('untrusted');
  });
});

describe('a corrupt credentials.json', () => {
  it(
    'never stops an unrelated CLI command: it warns, moves the file aside and says what to do',
    async () => {
      const { home, env } = await cliHome();
      await writeFile(join(home, 'credentials.json'), '{"version": 1, "secrets": {"openai.apiKey": "sk-trunc', {
        mode: 0o600,
      });
      const r = await runCli(['sessions', 'list'], env, '', 60_000);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /Stored credentials are unavailable: .*credentials\.json was invalid \(not valid JSON\)/,
      );
      expect(r.stderr).toContain('deskpilot config set-key openai');
      expect(r.stderr).not.toContain('sk-trunc');
      const backups = (await readdir(home)).filter((name) => name.startsWith('credentials.json.invalid-'));
      expect(backups).toHaveLength(1);
    },
    CLI_TEST_MS,
  );
});

describe('a stale lock', () => {
  async function foreignPid(): Promise<number> {
    const child = spawn('sleep', ['120'], { stdio: 'ignore' });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new Error(`Cannot start \`sleep\` (install coreutils): ${error.message}`)));
    });
    return child.pid as number;
  }

  async function writeLock(home: string, owner: Record<string, unknown>): Promise<void> {
    await mkdir(join(home, 'runtime'), { recursive: true });
    await writeFile(lockPathOf(home), JSON.stringify(owner));
  }

  it(
    'whose pid now belongs to another process does not block start-up',
    async () => {
      const { home, env } = await cliHome();
      const pid = await foreignPid();
      // Left by a runtime that crashed; its pid was reused by `sleep`, which started later.
      const { start } = await processIdentity(process.pid);
      await writeLock(home, { pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), processStart: start });
      const r = await runCli(['sessions', 'list'], env, '', 60_000);
      expect(r.stderr).not.toMatch(/already running/);
      expect(r.code).toBe(0);
    },
    CLI_TEST_MS,
  );

  it(
    'that cannot be judged (an old lock of a live process) is refused with the file to delete',
    async () => {
      const { home, env } = await cliHome();
      const pid = await foreignPid();
      await writeLock(home, { pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname() });
      const r = await runCli(['sessions', 'list'], env, '', 60_000);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`already running (pid ${pid})`);
      expect(r.stderr).toContain(`delete ${lockPathOf(home)} (rm '${lockPathOf(home)}')`);
      expect(await readFile(lockPathOf(home), 'utf8')).toContain(`"pid":${pid}`);
    },
    CLI_TEST_MS,
  );
});
