// ChatGptAccount on a real file credential store against the fake issuer: storage, refresh, rotation, sign-out, import.
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatGptAccount,
  ChatGptAuthError,
  chatGptEndpoints,
  readCodexLogin,
  startBrowserLogin,
  type ChatGptTokens,
} from '../../../../../main/core/auth/chatgpt';
import { CredentialStore } from '../../../../../main/core/auth/credentials';
import { createLogger } from '../../../../../main/core/util/log';
import { startFakeChatGpt, type FakeChatGpt, type FakeChatGptOptions } from '../../../../support/fakeChatgpt';

let home: string;
let fake: FakeChatGpt;
let lines: string[];
const log = createLogger('chatgpt-test', { level: 'debug', sink: (line) => void lines.push(line) });

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-chatgpt-'));
  lines = [];
});
afterEach(async () => {
  await fake.close();
  await rm(home, { recursive: true, force: true });
});

async function setup(options: FakeChatGptOptions = {}, env: NodeJS.ProcessEnv = {}) {
  fake = await startFakeChatGpt(options);
  const credentials = await CredentialStore.open({ home, backend: 'file', log });
  const account = new ChatGptAccount({
    credentials,
    endpoints: () =>
      chatGptEndpoints({}, { DESKPILOT_AUTH_ISSUER: fake.issuer, DESKPILOT_CHATGPT_BASE_URL: fake.baseUrl }),
    log,
    env,
  });
  return { credentials, account };
}

/** Signs in through the browser flow (fetch plays the browser) and stores the tokens. */
async function signIn(account: ChatGptAccount): Promise<ChatGptTokens> {
  const login = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
  const authorize = await fetch(login.authorizeUrl, { redirect: 'manual' });
  await fetch(authorize.headers.get('location') ?? '');
  const tokens = await login.result;
  await account.save(tokens);
  return tokens;
}

/** Every file under `dir` as text (the home folder a leak would end up in). */
async function allText(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

describe('ChatGptAccount', () => {
  it('stores the login in the credential store and reports account and plan, never a token', async () => {
    const { credentials, account } = await setup();
    expect(await account.status()).toBeNull();
    const tokens = await signIn(account);
    const status = await account.status();
    expect(status).toMatchObject({
      accountId: 'acct_test_123',
      planType: 'plus',
      email: 'user@example.com',
      source: { kind: 'browser' },
    });
    expect(JSON.stringify(status)).not.toContain(tokens.accessToken);
    expect(JSON.parse((await credentials.get('chatgpt.tokens')) ?? '{}')).toMatchObject({
      refreshToken: tokens.refreshToken,
    });
    expect((await stat(join(home, 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect(await account.bearer()).toEqual({ accessToken: tokens.accessToken, accountId: 'acct_test_123' });
    expect(fake.refreshes).toBe(0);
  });

  it('refreshes before expiry and stores the rotated tokens', async () => {
    const { account } = await setup({ accessTtlSeconds: 30 });
    const first = await signIn(account);
    const bearer = await account.bearer();
    expect(fake.refreshes).toBe(1);
    expect(bearer.accessToken).not.toBe(first.accessToken);
    expect(bearer.accessToken).toBe(fake.issued[1]?.access_token);
    const stored = await account.load();
    expect(stored?.refreshToken).toBe(fake.issued[1]?.refresh_token);
    const refresh = fake.requests.find(
      (r) => r.path === '/oauth/token' && (r.body as Record<string, string>).grant_type === 'refresh_token',
    );
    expect(refresh?.headers['content-type']).toBe('application/json');
    expect(refresh?.body).toEqual({
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
    });
  });

  it('serializes concurrent refreshes after a 401: one refresh, everyone gets the new token', async () => {
    const { account } = await setup({ refreshDelayMs: 100 });
    const first = await signIn(account);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => account.refreshAfterUnauthorized(first.accessToken)),
    );
    expect(fake.refreshes).toBe(1);
    expect(new Set(results.map((r) => r.accessToken))).toEqual(new Set([fake.issued[1]?.access_token]));
    // A later 401 with the new token refreshes again with the new (never the spent) refresh token.
    await account.refreshAfterUnauthorized(results[0]?.accessToken ?? '');
    expect(fake.refreshes).toBe(2);
    const sent = fake.requests
      .filter((r) => (r.body as Record<string, string>).grant_type === 'refresh_token')
      .map((r) => (r.body as Record<string, string>).refresh_token);
    expect(sent).toEqual([first.refreshToken, fake.issued[1]?.refresh_token]);
  });

  it('a reused or revoked refresh token signs out with a clear message and leaves no credential', async () => {
    const { credentials, account } = await setup();
    const first = await signIn(account);
    // Someone else (e.g. a Codex CLI sharing the token) spends it first.
    await fetch(`${fake.issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: first.refreshToken }),
    });
    const error = (await account
      .refreshAfterUnauthorized(first.accessToken)
      .catch((e: unknown) => e)) as ChatGptAuthError;
    expect(error.code).toBe('signed_out');
    expect(error.message).toMatch(/refresh_token_reused.*deskpilot login/);
    expect(await credentials.get('chatgpt.tokens')).toBeNull();
    const notSignedIn = (await account.bearer().catch((e: unknown) => e)) as ChatGptAuthError;
    expect(notSignedIn.code).toBe('not_signed_in');
  });

  it('signs out: deletes the tokens and revokes the refresh token; an issuer without revoke still signs out', async () => {
    const { credentials, account } = await setup();
    const tokens = await signIn(account);
    expect(await account.signOut()).toEqual({ removed: true, revoked: 'revoked' });
    expect(fake.revoked).toEqual([tokens.refreshToken]);
    expect(await credentials.get('chatgpt.tokens')).toBeNull();
    expect(await account.signOut()).toEqual({ removed: false, revoked: 'skipped' });
    await fake.close();
    const second = await setup({ noRevoke: true });
    await signIn(second.account);
    expect(await second.account.signOut()).toEqual({ removed: true, revoked: 'unsupported' });
  });

  it('a new sign-in revokes the previous login', async () => {
    const { account } = await setup();
    const first = await signIn(account);
    await signIn(account);
    expect(fake.revoked).toEqual([first.refreshToken]);
  });

  it('keeps every token out of the logs and out of every file but the 0600 credentials file', async () => {
    const { account } = await setup({ accessTtlSeconds: 30 });
    await signIn(account);
    await account.bearer();
    await account.refreshAfterUnauthorized((await account.bearer()).accessToken);
    await account.signOut();
    const secrets = fake.issued.flatMap((t) => [t.id_token, t.access_token, t.refresh_token]);
    expect(secrets.length).toBeGreaterThanOrEqual(9);
    const logText = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logText).not.toContain(secret);
    const files = await allText(home);
    for (const secret of secrets) expect(files).not.toContain(secret);
  });
});

describe('Codex CLI login import', () => {
  async function writeCodexAuth(
    dir: string,
    tokens: { id_token: string; access_token: string; refresh_token: string },
    accountId: string | null,
  ) {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'auth.json');
    const text = JSON.stringify(
      { OPENAI_API_KEY: null, tokens: { ...tokens, account_id: accountId }, last_refresh: '2026-01-01T00:00:00Z' },
      null,
      2,
    );
    await writeFile(path, text, { mode: 0o600 });
    return { path, text };
  }

  it('reads $CODEX_HOME/auth.json read-only, saying where it came from', async () => {
    const codexHome = join(home, 'codex');
    const { account } = await setup({}, { CODEX_HOME: codexHome });
    const issued = fake.issueTokens();
    const { path, text } = await writeCodexAuth(codexHome, issued, null);
    await chmod(path, 0o400); // proves the import never opens it for writing
    const tokens = await readCodexLogin({ CODEX_HOME: codexHome });
    expect(tokens).toMatchObject({ accountId: 'acct_test_123', planType: 'plus', source: { kind: 'codex-cli', path } });
    await account.save(tokens);
    expect((await account.status())?.source).toEqual({ kind: 'codex-cli', path });
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('falls back to ~/.codex/auth.json and explains a missing or API-key file', async () => {
    const error = (await readCodexLogin({ HOME: home }).catch((e: unknown) => e)) as ChatGptAuthError;
    expect(error.code).toBe('codex_import');
    expect(error.message).toContain(`No Codex CLI login found at ${join(home, '.codex', 'auth.json')}`);
    await mkdir(join(home, '.codex'));
    await writeFile(
      join(home, '.codex', 'auth.json'),
      JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-test-0000000000' }),
    );
    const apiKey = (await readCodexLogin({ HOME: home }).catch((e: unknown) => e)) as ChatGptAuthError;
    expect(apiKey.message).toMatch(/API-key login.*--api-key/);
    fake = await startFakeChatGpt();
  });

  it('adopts tokens the Codex CLI refreshed itself instead of spending its refresh token', async () => {
    const codexHome = join(home, 'codex');
    const { account } = await setup({}, { CODEX_HOME: codexHome });
    const first = fake.issueTokens();
    await writeCodexAuth(codexHome, first, 'acct_test_123');
    await account.save(await readCodexLogin({ CODEX_HOME: codexHome }));
    const newer = fake.issueTokens(); // the CLI refreshed and rewrote its file
    await writeCodexAuth(codexHome, newer, 'acct_test_123');
    const bearer = await account.refreshAfterUnauthorized(first.access_token);
    expect(bearer.accessToken).toBe(newer.access_token);
    expect(fake.refreshes).toBe(0);
    // Signing out forgets an imported login without revoking the CLI's tokens.
    expect(await account.signOut()).toEqual({ removed: true, revoked: 'skipped' });
    expect(fake.revoked).toEqual([]);
  });
});
