// `deskpilot login --device-code | --api-key | --import-codex`, `auth status`, `auth test`, `logout` through the real CLI.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeChatGpt, type FakeChatGpt } from '../../support/fakeChatgpt';
import { runCli } from '../../support/runCli';

let home: string;
let fake: FakeChatGpt;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-cli-login-'));
  fake = await startFakeChatGpt({ deviceInterval: '0.2' });
  env = {
    PATH: process.env.PATH,
    HOME: home,
    DESKPILOT_HOME: join(home, 'deskpilot'),
    DESKPILOT_AUTH_ISSUER: fake.issuer,
    DESKPILOT_CHATGPT_BASE_URL: fake.baseUrl,
    DESKPILOT_NO_BROWSER: '1',
    CODEX_HOME: join(home, 'codex'),
  };
});
afterEach(async () => {
  await fake.close();
  await rm(home, { recursive: true, force: true });
});

/** Every file under `dir` as text. */
async function allText(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += await readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => '');
  }
  return out;
}

describe('deskpilot login', () => {
  it('signs in with a device code, reports status without secrets, tests, and signs out', async () => {
    const login = runCli(['login', '--device-code'], env);
    // Approve once the CLI has requested its code and polled at least once (the user typed it on the web page).
    while (!fake.requests.some((r) => r.path === '/api/accounts/deviceauth/token'))
      await new Promise((r) => setTimeout(r, 50));
    fake.approveDevice();
    const run = await login;
    expect(run.code, run.stderr).toBe(0);
    const code = fake.requests.find((r) => r.path === '/api/accounts/deviceauth/usercode');
    expect(code).toBeDefined();
    expect(run.stdout).toContain(`${fake.issuer}/codex/device`);
    expect(run.stdout).toMatch(/[0-9A-F]{4}-[0-9A-F]{4}/);
    expect(run.stdout).toContain(
      'Signed in with ChatGPT as user@example.com, plus plan. Active: chatgpt / gpt-5.2-codex.',
    );
    expect(run.stderr).toContain('same sign-in as the Codex CLI');

    const status = await runCli(['auth', 'status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      provider: 'chatgpt',
      model: 'gpt-5.2-codex',
      ready: true,
      chatgpt: { signedIn: true, planType: 'plus', accountId: 'acct_test_123', source: 'device-code' },
    });
    const text = await runCli(['auth', 'status'], env);
    expect(text.stdout).toContain('ChatGPT: signed in as user@example.com, plus plan (via device-code)');

    const test = await runCli(['auth', 'test'], env);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toContain('OK chatgpt: ChatGPT works (plus plan): 2 models available.');
    expect(test.stdout).toContain('gpt-5.2-codex');

    const tokens = fake.issued.flatMap((t) => [t.id_token, t.access_token, t.refresh_token]);
    for (const out of [run, status, text, test])
      for (const t of tokens) expect(out.stdout + out.stderr).not.toContain(t);

    const logout = await runCli(['logout'], env);
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toContain('Signed out of ChatGPT');
    expect(fake.revoked).toEqual([fake.issued[0]?.refresh_token]);
    const after = JSON.parse((await runCli(['auth', 'status', '--json'], env)).stdout);
    expect(after.chatgpt.signedIn).toBe(false);
    // Nothing in the home folder (logs, sessions, settings, credentials) holds a token any more.
    const files = await allText(home);
    for (const t of tokens) expect(files).not.toContain(t);
  }, 180_000);

  it('imports a Codex CLI login read-only and stores an API key from stdin, never echoing it', async () => {
    const issued = fake.issueTokens();
    await mkdir(join(home, 'codex'), { recursive: true });
    const authJson = JSON.stringify({
      tokens: { ...issued, account_id: 'acct_test_123' },
      last_refresh: '2026-01-01T00:00:00Z',
    });
    await writeFile(join(home, 'codex', 'auth.json'), authJson, { mode: 0o600 });
    const imported = await runCli(['login', '--import-codex'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      `Imported the Codex CLI login from ${join(home, 'codex', 'auth.json')} (the file was only read)`,
    );
    expect(await readFile(join(home, 'codex', 'auth.json'), 'utf8')).toBe(authJson);

    const key = 'sk-test-abcdefghijklmnop1234WXYZ';
    const stored = await runCli(['login', '--api-key'], env, `${key}\n`);
    expect(stored.stdout).toContain('Stored the openai API key');
    expect(stored.stdout).toContain('Active: openai / gpt-5-mini');
    const status = await runCli(['auth', 'status', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({
      provider: 'openai',
      openai: { configured: true, last4: 'WXYZ' },
    });
    for (const out of [stored, status]) expect(out.stdout + out.stderr).not.toContain(key);
    const settings = await readFile(join(home, 'deskpilot', 'settings.json'), 'utf8');
    expect(settings).not.toContain(key);
    expect(settings).not.toContain(issued.refresh_token);

    const removed = await runCli(['logout', '--provider', 'openai'], env);
    expect(removed.stdout).toContain('Removed the openai API key.');
  }, 180_000);
});
