// Tests the credential store's file backend on real files: 0600 mode, persistence, mode repair, invalid files, redaction.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialFileError, CredentialStore } from '../../../../main/core/auth/credentials';
import { createLogger } from '../../../../main/core/util/log';

let home: string;
const file = () => join(home, 'credentials.json');
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
/** Every line the store logged, as written (so a leaked secret would show). */
let lines: string[];
const log = createLogger('cred-test', { level: 'debug', sink: (line) => void lines.push(line) });
const open = (at = home) => CredentialStore.open({ home: at, backend: 'file', log });
const backups = async () => (await readdir(home)).filter((name) => name.startsWith('credentials.json.invalid-'));

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-cred-'));
  lines = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('CredentialStore with the file backend', () => {
  it('sets, gets, checks and deletes secrets in a 0600 file', async () => {
    const store = await open();
    expect(store.backend).toBe('file');
    expect(await store.get('openai.apiKey')).toBeNull();
    expect(await store.has('openai.apiKey')).toBe(false);

    await store.set('openai.apiKey', 'sk-file-test-0123456789');
    await store.set('compatible.apiKey', 'local-key-abcdefgh');
    expect(await modeOf(file())).toBe(0o600);
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      version: 1,
      secrets: { 'openai.apiKey': 'sk-file-test-0123456789', 'compatible.apiKey': 'local-key-abcdefgh' },
    });
    expect(await store.get('openai.apiKey')).toBe('sk-file-test-0123456789');
    expect(await store.has('compatible.apiKey')).toBe(true);

    await store.set('openai.apiKey', 'sk-file-test-replaced-999');
    expect(await store.get('openai.apiKey')).toBe('sk-file-test-replaced-999');

    expect(await store.delete('openai.apiKey')).toBe(true);
    expect(await store.delete('openai.apiKey')).toBe(false);
    expect(await store.get('openai.apiKey')).toBeNull();
    expect(await store.get('compatible.apiKey')).toBe('local-key-abcdefgh');
    expect(await modeOf(file())).toBe(0o600);
  });

  it('warns that the file is in use when the file backend is chosen', async () => {
    const store = await open();
    expect(store.warning).toContain(file());
    expect(store.warning).toContain('0600');
  });

  it('persists across instances and sees other instances’ changes', async () => {
    const first = await open();
    await first.set('openai.apiKey', 'sk-persist-abcdefghij');
    const second = await open();
    expect(await second.get('openai.apiKey')).toBe('sk-persist-abcdefghij');
    expect(await second.delete('openai.apiKey')).toBe(true);
    expect(await first.get('openai.apiKey')).toBeNull();
  });

  it('loses no update when two instances write concurrently', async () => {
    const a = await open();
    const b = await open();
    const accounts = Array.from({ length: 12 }, (_, i) => `acct${i}.apiKey`);
    await Promise.all(accounts.map((account, i) => (i % 2 === 0 ? a : b).set(account, `secret-value-${i}`)));
    const stored = JSON.parse(await readFile(file(), 'utf8')) as { secrets: Record<string, string> };
    expect(Object.keys(stored.secrets).sort()).toEqual([...accounts].sort());
  });

  it('creates a missing home directory on the first write', async () => {
    const nested = join(home, 'a', 'b');
    const store = await open(nested);
    await store.set('openai.apiKey', 'sk-nested-0123456789');
    expect(await modeOf(join(nested, 'credentials.json'))).toBe(0o600);
  });

  it('resets a widened mode to 0600 on open and says so', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, secrets: { 'openai.apiKey': 'sk-wide-0123456789' } }));
    await chmod(file(), 0o644);
    const store = await open();
    expect(await modeOf(file())).toBe(0o600);
    expect(store.warning).toMatch(/had mode 0644 \(readable by other users\); it was reset to 0600/);
    expect(await store.get('openai.apiKey')).toBe('sk-wide-0123456789');
  });

  it('does not warn about the mode when it is already 0600', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, secrets: {} }), { mode: 0o600 });
    const store = await open();
    expect(store.warning).not.toMatch(/had mode/);
  });

  it('moves an unparsable file aside and warns instead of failing, never quoting it', async () => {
    const broken = '{"version": 1, "secrets": {"openai.apiKey": sk-oops-0123456789';
    await writeFile(file(), broken, { mode: 0o600 });
    const store = await open();
    expect(store.warning).toMatch(
      /Stored credentials are unavailable: .*credentials\.json was invalid \(not valid JSON\); it was moved to .*credentials\.json\.invalid-.*, so nothing is lost\. Enter your API keys again \(Settings, or `deskpilot config set-key openai`\), or repair the backup and move it back/,
    );
    expect(await store.get('openai.apiKey')).toBeNull();
    const [backup] = await backups();
    expect(await readFile(join(home, backup), 'utf8')).toBe(broken);
    expect(await modeOf(join(home, backup))).toBe(0o600);
    expect(lines.join('\n')).not.toContain('sk-oops');
    expect(store.warning).not.toContain('sk-oops');

    // The store works on: a new key goes to a new file; the backup is never overwritten.
    await store.set('openai.apiKey', 'sk-after-0123456789');
    expect(await store.get('openai.apiKey')).toBe('sk-after-0123456789');
    expect(await backups()).toEqual([backup]);
  });

  it('names the bad field of a file of the wrong shape', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, secrets: { 'openai.apiKey': 42 } }), { mode: 0o600 });
    const store = await open();
    expect(store.warning).toMatch(/credentials\.json was invalid \(secrets\.openai\.apiKey: /);
    expect(await backups()).toHaveLength(1);
  });

  it('moves a file that became invalid after open aside instead of writing over it', async () => {
    const store = await open();
    await store.set('openai.apiKey', 'sk-before-0123456789');
    await writeFile(file(), 'garbage');
    await store.set('compatible.apiKey', 'local-key-abcdefgh');
    const [backup] = await backups();
    expect(await readFile(join(home, backup), 'utf8')).toBe('garbage');
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      version: 1,
      secrets: { 'compatible.apiKey': 'local-key-abcdefgh' },
    });
    expect(lines.some((line) => line.includes('credentials.json is invalid'))).toBe(true);
  });

  it('warns (never fails) when credentials.json is not a regular file, and refuses to store into it', async () => {
    await mkdir(file());
    const store = await open();
    expect(store.warning).toMatch(/Stored credentials are unavailable: Credentials file .* is not a regular file/);
    expect(await store.get('openai.apiKey')).toBeNull();
    await expect(store.set('openai.apiKey', 'sk-never-0123456789')).rejects.toBeInstanceOf(CredentialFileError);
    expect((await stat(file())).isDirectory()).toBe(true);
  });

  it('rejects bad account names and empty secrets', async () => {
    const store = await open();
    await expect(store.get('')).rejects.toThrow(/Invalid credential account name/);
    await expect(store.set('../etc/passwd', 'x-secret-value')).rejects.toThrow(/Invalid credential account name/);
    await expect(store.set('openai.apiKey', '')).rejects.toThrow(/empty secret/);
  });

  it('keeps loaded and stored secrets out of log lines', async () => {
    // Shapes that no built-in redaction pattern recognizes: only registration can mask them.
    const written = `plain-written-${Date.now()}-value`;
    const onDisk = `plain-on-disk-${Date.now()}-value`;
    await writeFile(file(), JSON.stringify({ version: 1, secrets: { 'compatible.apiKey': onDisk } }), { mode: 0o600 });
    const store = await open();
    await store.set('openai.apiKey', written);
    expect(await store.get('compatible.apiKey')).toBe(onDisk);
    log.warn(`request failed with key ${written} and ${onDisk}`);
    const all = lines.join('\n');
    expect(all).toContain('request failed with key [redacted] and [redacted]');
    expect(all).not.toContain(written);
    expect(all).not.toContain(onDisk);
  });
});
