// ChatGPT tokens in a REAL OS keychain (gnome-keyring in a private D-Bus session): a runtime signs in (device code
// against the fake issuer), stores the tokens in the keychain, reads them back after a restart and uses them for a
// turn, and sign-out deletes them; no token is in settings.json, any file of the home, the logs or the events.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringAvailable, runInKeyringSession } from '../../../support/keyring';
import type { ChatGptKeychainReport } from './fixtures/chatgptKeychainProbe';

const probeScript = fileURLToPath(new URL('./fixtures/chatgptKeychainProbe.ts', import.meta.url));

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-chatgpt-kc-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('ChatGPT tokens with a real keychain', () => {
  it('stores, reads back, uses and deletes the tokens in gnome-keyring; none reaches settings, files, logs or events', async () => {
    const available = keyringAvailable();
    if (!available.ok) throw new Error(`A real keychain is required for this test: ${available.why}`);
    const run = await runInKeyringSession(probeScript, { DESKPILOT_TEST_HOME: home }, { timeoutMs: 90_000 });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.code !== 0 || !line.startsWith('{'))
      throw new Error(`probe exited with ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    const report = JSON.parse(line) as ChatGptKeychainReport;
    expect(report).toMatchObject({
      backend: 'keychain',
      storedInKeychain: true,
      readBackEmail: 'kc@example.com',
      turnUsedToken: true,
      turnStop: 'completed',
      entryAfterSignOut: false,
      signedInAfterSignOut: false,
      leaks: [],
    });
    // The search covered real material: settings.json and the session file at least, the log and the events.
    expect(report.searched.files).toBeGreaterThanOrEqual(2);
    expect(report.searched.logLines).toBeGreaterThan(0);
    expect(report.searched.events).toBeGreaterThan(0);
  }, 120_000);
});
