// `deskpilot config` as real processes, each test on its own temp home: all-or-nothing set, restart marks, set-key
// refusing empty input, remove-key, and the keychain note said once, when a secret is stored.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/runCli';

const SPAWN_TIMEOUT_MS = 60_000;
const TEST_MS = 300_000;
const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => rm(h, { recursive: true, force: true })));
});

async function freshHome() {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-cli-config-'));
  homes.push(home);
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  const env = { PATH: process.env.PATH, HOME: home, DESKPILOT_HOME: home, OPENAI_API_KEY: '' };
  const settings = async () => JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'));
  return { home, env, settings };
}

describe('deskpilot config', () => {
  it(
    'set a=1 b=bad saves nothing and exits 2 naming the bad key; a good set saves all',
    async () => {
      const { env, settings } = await freshHome();
      const bad = await runCli(
        ['config', 'set', 'maxToolRounds=7', 'approvalTimeoutMs=soon'],
        env,
        '',
        SPAWN_TIMEOUT_MS,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/approvalTimeoutMs/);
      expect(bad.stderr).toMatch(/Nothing was saved/);
      expect((await settings()).maxToolRounds).toBeUndefined();
      const good = await runCli(
        ['config', 'set', 'maxToolRounds=7', 'credentialBackend=auto'],
        env,
        '',
        SPAWN_TIMEOUT_MS,
      );
      expect(good.code).toBe(0);
      expect(good.stdout).toContain('maxToolRounds = 7\n');
      expect(good.stdout).toMatch(/credentialBackend = auto {2}\(applies after a restart\): /);
      expect(await settings()).toMatchObject({ maxToolRounds: 7, credentialBackend: 'auto' });
    },
    TEST_MS,
  );

  it(
    'get prints readable lines marking the settings that need a restart; --json stays machine-readable',
    async () => {
      const { env } = await freshHome();
      const text = await runCli(['config', 'get'], env, '', SPAWN_TIMEOUT_MS);
      expect(text.code).toBe(0);
      expect(text.stderr).toBe('');
      expect(text.stdout).toContain('credentialBackend = file  (applies after a restart)\n');
      expect(text.stdout).toContain('approvalTimeoutMs = 600000\n');
      expect(text.stdout).toContain('openai API key: not set');
      const json = JSON.parse((await runCli(['config', 'get', '--json'], env, '', SPAWN_TIMEOUT_MS)).stdout);
      expect(json.restartRequired).toEqual(['credentialBackend']);
      expect(json.secrets).toEqual({ openai: false, compatible: false });
    },
    TEST_MS,
  );

  it(
    'set-key with empty stdin is an error that keeps the stored key; remove-key removes it; the file-store note comes once, on storing',
    async () => {
      const { home, env } = await freshHome();
      const stored = await runCli(['config', 'set-key', 'openai'], env, 'sk-cli-config-test-1234\n', SPAWN_TIMEOUT_MS);
      expect(stored.code).toBe(0);
      expect(stored.stdout).toContain('Stored the openai API key in the credentials file (mode 0600).');
      expect(stored.stderr).toMatch(/^note: Secrets are stored in .*credentials\.json \(mode 0600\).*'auto' backend/);
      const empty = await runCli(['config', 'set-key', 'openai'], env, '', SPAWN_TIMEOUT_MS);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('nothing was changed');
      expect(empty.stderr).toContain('deskpilot config remove-key openai');
      const credentials = await readFile(path.join(home, 'credentials.json'), 'utf8');
      expect(credentials).toContain('sk-cli-config-test-1234');
      const removed = await runCli(['config', 'remove-key', 'openai'], env, '', SPAWN_TIMEOUT_MS);
      expect(removed.code).toBe(0);
      expect(removed.stderr).toBe('');
      expect(removed.stdout).toContain('Removed the openai API key');
      expect(await readFile(path.join(home, 'credentials.json'), 'utf8')).not.toContain('sk-cli-config-test-1234');
      const again = await runCli(['config', 'remove-key', 'openai'], env, '', SPAWN_TIMEOUT_MS);
      expect(again.stdout).toContain('No openai API key is stored');
    },
    TEST_MS,
  );
});
