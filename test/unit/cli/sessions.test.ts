// `deskpilot sessions rename|fork|export|show|list` as real processes, each test on its own temp home.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionExportDocument } from '../../../preload/contract/sessions';
import { SessionStore } from '../../../main/core/sessions/store';
import { runCli } from '../../support/runCli';
import { assistantItem, userItem } from '../../support/items';

/** One CLI spawn on a loaded 2-core machine; a test spawns up to three. */
const SPAWN_TIMEOUT_MS = 60_000;
const TEST_MS = 240_000;
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env, '', SPAWN_TIMEOUT_MS);
const homes: string[] = [];
const logger = { debug() {}, info() {}, warn() {}, error() {} };

afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => rm(h, { recursive: true, force: true })));
});

/** A home with two sessions, "Older chat" then "Newer chat" (newest activity last), and an env pointing at it. */
async function homeWithSessions() {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-cli-sessions-'));
  homes.push(home);
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  let clock = Date.parse('2026-06-01T10:00:00Z');
  const store = new SessionStore(home, { logger, now: () => new Date((clock += 60_000)) });
  const older = await store.create();
  await store.appendItems(older.id, 't1', [
    userItem('Older chat', 'second part'),
    { type: 'function_call', call_id: 'c1', name: 'bash', arguments: '{"command":"seq 8"}' },
    { type: 'function_call_output', call_id: 'c1', output: '1\n2\n3\n4\n5\n6\n7\n8\n' },
    assistantItem('Done.'),
  ]);
  const newer = await store.create();
  await store.appendItems(newer.id, 't1', [userItem('Newer chat'), assistantItem('Hi.')]);
  await store.close();
  const env = { PATH: process.env.PATH, HOME: home, DESKPILOT_HOME: home, OPENAI_API_KEY: '' };
  return { home, env, older: older.id, newer: newer.id };
}

describe('deskpilot sessions', () => {
  it(
    'rename changes the title but not the order of the list',
    async () => {
      const { env, older, newer } = await homeWithSessions();
      const renamed = await cli(['sessions', 'rename', older, 'Trip', 'plans'], env);
      expect(renamed.stderr).toBe(''); // no keychain warning on commands that store no secret
      expect(renamed.code).toBe(0);
      expect(renamed.stdout).toContain('"Trip plans"');
      const list = await cli(['sessions', 'list', '--json'], env);
      expect(JSON.parse(list.stdout).map((s: { id: string; title: string }) => [s.id, s.title])).toEqual([
        [newer, 'Newer chat'],
        [older, 'Trip plans'],
      ]);
    },
    TEST_MS,
  );

  it(
    'fork prints the new id and titles it "<title> (fork)"',
    async () => {
      const { env, older } = await homeWithSessions();
      const forked = await cli(['sessions', 'fork', older], env);
      expect(forked.code).toBe(0);
      const forkId = forked.stdout.trim();
      expect(forked.stderr).toContain('Forked into "Older chat (fork)"');
      const list = JSON.parse((await cli(['sessions', 'list', '--json'], env)).stdout) as Array<{
        id: string;
        title: string;
        itemCount: number;
      }>;
      expect(list.find((s) => s.id === forkId)).toMatchObject({ title: 'Older chat (fork)', itemCount: 4 });
    },
    TEST_MS,
  );

  it(
    'export writes Markdown to stdout and JSON to --out',
    async () => {
      const { home, env, older } = await homeWithSessions();
      const md = await cli(['sessions', 'export', older], env);
      expect(md.code).toBe(0);
      expect(md.stdout).toMatch(/^# Older chat\n/);
      expect(md.stdout).toContain('Older chat\n\nsecond part');
      expect(md.stdout).toContain('1\n2\n3\n4\n5\n6\n7\n8\n```');
      const out = path.join(home, 'export.json');
      const json = await cli(['sessions', 'export', 'latest', '--format', 'json', '--out', out], env);
      expect(json.code).toBe(0);
      expect(json.stderr).toContain(out);
      const doc = SessionExportDocument.parse(JSON.parse(await readFile(out, 'utf8')));
      expect(doc.summary.title).toBe('Newer chat');
      const bad = await cli(['sessions', 'export', older, '--format', 'pdf'], env);
      expect(bad.code).toBe(2);
    },
    TEST_MS,
  );

  it(
    'show keeps message parts apart, marks cut tool output with "…", and says "1 item" / "2 items"',
    async () => {
      const { env, older } = await homeWithSessions();
      const shown = await cli(['sessions', 'show', older], env);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain('user: Older chat\n\nsecond part\n');
      expect(shown.stdout).toContain('← 1\n  2\n  3\n  4\n  5\n  … (3 more lines)\n');
      const list = await cli(['sessions', 'list'], env);
      expect(list.stdout).toMatch(/ 2 items {2}Newer chat/);
      expect(list.stdout).toMatch(/ 4 items {2}Older chat/);
    },
    TEST_MS,
  );

  it(
    'an unknown session is a clear error without a stack trace',
    async () => {
      const { env } = await homeWithSessions();
      const r = await cli(['sessions', 'export', 's_doesnotexist'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/No session s_doesnotexist/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    TEST_MS,
  );
});
