// `deskpilot plugins` and `deskpilot memory …` run as real processes on a temp home with the built-in plugins.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { runCli } from '../../support/runCli';
import { createRuntime } from '../../../main/core/runtime';
import { createHandlers } from '../../../main/core/api/handlers';
import { startBridge } from '../../../main/core/bridge/server';
import { createLogger } from '../../../main/core/util/log';

const homes: string[] = [];

/** A temp DESKPILOT_HOME with `settings` (file credential backend) and the environment to run the CLI on it. */
async function makeHome(settings: Record<string, unknown> = {}): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-cli-plugins-'));
  homes.push(home);
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file', ...settings }));
  return { home, env: { PATH: process.env.PATH, HOME: home, DESKPILOT_HOME: home } };
}

interface MemoryJson {
  id: string;
  text: string;
  kind: string;
  tags: string[];
  source: { sessionId: string | null } | null;
}

let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ env } = await makeHome());
});
afterAll(async () => {
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

describe('deskpilot plugins', () => {
  it('lists memory, planner, browser, desktop and scheduler as active with their tools and health, as a table and as JSON', async () => {
    const table = await runCli(['plugins'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^memory\s+active\s+1\.0\.0\s+memory_add, memory_search/m);
    expect(table.stdout).toMatch(/^planner\s+active\s+1\.0\.0\s+planner_create, planner_add/m);
    expect(table.stdout).toMatch(/^browser\s+active\s+1\.0\.0\s+browser_open, browser_goto/m);
    expect(table.stdout).toMatch(/^desktop\s+active\s+1\.0\.0\s+desktop_screenshot, desktop_move/m);
    // The CLI runs without DISPLAY here: the desktop health line says so with the fix.
    expect(table.stdout).toMatch(/^\s+health: display not reachable: No display: DISPLAY is not set/m);
    expect(table.stdout).toMatch(/^scheduler\s+active\s+1\.0\.0\s+scheduler_schedule, scheduler_list/m);

    const json = await runCli(['plugins', '--json'], env);
    expect(json.code).toBe(0);
    const plugins = JSON.parse(json.stdout) as Array<{
      id: string;
      status: string;
      version: string;
      tools: string[];
      health?: string;
      error?: string;
    }>;
    expect(plugins.map(({ id, status }) => [id, status])).toEqual([
      ['memory', 'active'],
      ['planner', 'active'],
      ['browser', 'active'],
      ['desktop', 'active'],
      ['scheduler', 'active'],
    ]);
    expect(plugins[3].health).toMatch(/^display not reachable: No display/);
    expect(plugins[0].tools).toEqual(['memory_add', 'memory_search', 'memory_edit', 'memory_delete', 'memory_list']);
    expect(plugins[1].tools).toContain('planner_check');
    expect(plugins.every((p) => p.error === undefined)).toBe(true);
  });
});

describe('deskpilot memory', () => {
  it('add → list → search finds it → delete → list is empty', async () => {
    const added = await runCli(
      ['memory', 'add', "The user's cat is named Miso", '--kind', 'fact', '--tags', 'pets, Family'],
      env,
    );
    expect(added.stderr).not.toMatch(/rror/);
    expect(added.code).toBe(0);
    const id = /Added (mem_[a-z0-9]+)/.exec(added.stdout)?.[1];
    expect(id, added.stdout).toBeDefined();
    expect(added.stdout).toContain("The user's cat is named Miso #pets #family");

    const list = await runCli(['memory', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { memories: MemoryJson[]; total: number };
    expect(page.total).toBe(1);
    expect(page.memories[0]).toMatchObject({
      id,
      text: "The user's cat is named Miso",
      kind: 'fact',
      tags: ['pets', 'family'],
      source: { sessionId: null },
    });
    const table = await runCli(['memory', 'list', '--kind', 'fact', '--limit', '5'], env);
    expect(table.stdout).toMatch(
      new RegExp(`^${id}\\s+fact\\s+\\d{4}-\\d\\d-\\d\\d\\s+The user's cat is named Miso #pets #family$`, 'm'),
    );

    const search = await runCli(['memory', 'search', 'what', 'is', 'my', 'cat', 'called?', '--json'], env);
    expect(search.code).toBe(0);
    const result = JSON.parse(search.stdout) as { hits: { memory: MemoryJson; score: number }[]; mode: string };
    expect(result.mode).toBe('fts');
    expect(result.hits.map((hit) => hit.memory.id)).toEqual([id]);
    expect(result.hits[0].score).toBeGreaterThan(0);
    const none = await runCli(['memory', 'search', 'volcano'], env);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('No memories match "volcano".');

    const deleted = await runCli(['memory', 'delete', id!], env);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout.trim()).toBe(`Deleted ${id}.`);
    const empty = await runCli(['memory', 'list'], env);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^No memories stored yet/);
  }, 300_000); // seven CLI spawns on a loaded 2-core machine

  it('exits 1 with the reason on stderr for an unknown or malformed id and for empty text', async () => {
    const unknown = await runCli(['memory', 'delete', 'mem_doesnotexist1'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No memory has id mem_doesnotexist1/);
    const malformed = await runCli(['memory', 'delete', 'not-an-id'], env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/id: is not a memory id/);
    const blank = await runCli(['memory', 'add', '   '], env);
    expect(blank.code).toBe(1);
    expect(blank.stderr).toMatch(/memory text is empty/);
  });

  it('exits 2 on usage errors: missing text or id, bad --kind, bad --limit', async () => {
    for (const args of [
      ['memory', 'add'],
      ['memory', 'delete'],
      ['memory', 'search'],
      ['memory', 'add', 'x', '--kind', 'gossip'],
      ['memory', 'list', '--limit', '0'],
    ]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(
        /missing required argument|Allowed choices are fact, preference, event, note|--limit must be a whole number from 1 to 100/,
      );
    }
  });

  it('exits 1 saying why when the memory plugin is disabled', async () => {
    const disabled = await makeHome({ disabledPlugins: ['memory'] });
    const listed = JSON.parse((await runCli(['plugins', '--json'], disabled.env)).stdout) as Array<{
      id: string;
      status: string;
    }>;
    expect(listed.find((p) => p.id === 'memory')?.status).toBe('disabled');
    const r = await runCli(['memory', 'list'], disabled.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The memory plugin is disabled\. Enable it in Settings/);
  });

  it('talks to a running runtime over the bridge', async () => {
    const running = await makeHome();
    const runtime = await createRuntime({
      home: running.home,
      env: running.env,
      plugins: builtinPlugins,
      log: createLogger('test', { level: 'error', sink: () => {} }),
    });
    const bridge = await startBridge({
      home: running.home,
      handlers: createHandlers(runtime),
      bus: runtime.bus,
      log: runtime.log,
    });
    try {
      const added = await runCli(['memory', 'add', 'Standup is at 9:30', '--json'], running.env);
      expect(added.code).toBe(0);
      const outcome = JSON.parse(added.stdout) as { action: string; memory: MemoryJson };
      expect(outcome.action).toBe('added');
      const inRuntime = await runtime.plugins.call('memory', 'get', { id: outcome.memory.id });
      expect(inRuntime).toMatchObject({ text: 'Standup is at 9:30', kind: 'note' });
    } finally {
      await bridge.close();
      await runtime.close();
    }
  });
});
