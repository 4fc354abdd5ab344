// Web UI e2e (issue 12): first run shows the onboarding card; a probed local server's model, the device code and the
// browser (PKCE) sign-in against the fake issuer each get to a working model; Settings → Accounts shows the account.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatResetTime } from '../../../main/core/models/chatgptLimits';
import { startFakeChatGpt, type FakeChatGpt } from '../../support/fakeChatgpt';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

/** A fresh home: no API key in the environment, so no model is configured. */
const FRESH = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined } as const;

describe('web UI: first-run onboarding', () => {
  let local: FakeModelServer | undefined;
  let fake: FakeChatGpt | undefined;
  /** A home this file created (the harness removes only the homes it made). */
  let ownHome: string | undefined;
  afterEach(async () => {
    await local?.close();
    await fake?.close();
    if (ownHome) await rm(ownHome, { recursive: true, force: true });
    local = fake = ownHome = undefined;
  });
  // Registered after the cleanup above, so that (after-hooks run in reverse) the app closes before its servers and home go.
  const web = useWebApp();

  it('a fresh home shows the card; picking the probed local server model makes the next message work', async () => {
    local = await startFakeModelServer({ requireAuth: false, models: ['qwen3:8b', 'llama3.2:3b'] });
    const { page, h } = await web.open({
      env: { ...FRESH, DESKPILOT_LOCAL_SERVERS: `Ollama=${local.url},LM Studio=http://127.0.0.1:9/v1` },
    });
    const card = page.getByRole('region', { name: 'Set up a model' });
    await card.waitFor({ state: 'visible' });
    await expect.poll(() => card.innerText()).toContain('same sign-in as the Codex CLI');
    const text = await card.innerText();
    expect(text).toContain('usage limits');
    expect(text).toContain('Paste an API key');
    expect(text).toContain('Use a local server');
    // No Codex CLI login in this home: that option is absent.
    expect(text).not.toContain('Import Codex CLI login');

    const servers = page.getByTestId('local-servers');
    await servers.getByRole('button', { name: 'Use qwen3:8b' }).waitFor();
    expect(await servers.innerText()).toMatch(/LM Studio[\s\S]*Not running/);
    await screenshot(page, 'onboarding-card');

    await servers.getByRole('button', { name: 'Use qwen3:8b' }).click();
    await card.waitFor({ state: 'detached' });
    const settings = h.runtime.settings.get();
    expect(settings).toMatchObject({ provider: 'openai-compatible', model: 'qwen3:8b' });
    expect(settings.compatible.baseUrl).toBe(local.url);

    local.enqueue(scripted.text('Hello from the local model.'));
    await sendMessage(page, 'hi');
    expect(await turnCompleted(h)).toBe('completed');
    await expect.poll(() => transcriptText(page)).toContain('Hello from the local model.');
    const call = local.requests.find((r) => r.path.endsWith('/chat/completions'));
    expect((call?.body as { model?: string }).model).toBe('qwen3:8b');
    await expect.poll(() => page.locator('.model-picker-button').innerText()).toBe('Local · qwen3:8b');
  }, 90_000);

  it('the composer model picker lists the configured providers and switches the next turn', async () => {
    local = await startFakeModelServer({ requireAuth: false, models: ['qwen3:8b', 'llama3.2:3b'] });
    const { page, h } = await web.open({
      settings: { provider: 'openai-compatible', model: 'qwen3:8b', compatible: { baseUrl: local.url } },
      env: FRESH,
    });
    await page.locator('.model-picker-button').click();
    const menu = page.getByRole('menu', { name: 'Models' });
    await menu.getByRole('menuitemradio', { name: 'llama3.2:3b' }).click();
    await expect.poll(() => h.runtime.settings.get().model).toBe('llama3.2:3b');
    await expect.poll(() => page.locator('.model-picker-button').innerText()).toBe('Local · llama3.2:3b');
    local.enqueue(scripted.text('From llama.'));
    await sendMessage(page, 'which model?');
    expect(await turnCompleted(h)).toBe('completed');
    const call = local.requests.find((r) => r.path.endsWith('/chat/completions'));
    expect((call?.body as { model?: string }).model).toBe('llama3.2:3b');
  }, 90_000);

  it('device code: the code is shown large with a copy button and live status until approved', async () => {
    fake = await startFakeChatGpt({ email: 'ada@example.com', planType: 'plus' });
    const { page, h } = await web.open({
      env: { ...FRESH, DESKPILOT_AUTH_ISSUER: fake.issuer, DESKPILOT_CHATGPT_BASE_URL: fake.baseUrl },
    });
    const card = page.getByRole('region', { name: 'Set up a model' });
    await card.getByRole('button', { name: 'Use a device code' }).click();
    const device = page.getByTestId('device-code');
    await device.waitFor();
    const code = (await device.getByLabel('Device code').innerText()).trim();
    const issued = fake.requests.find((r) => r.path === '/api/accounts/deviceauth/usercode');
    expect(issued, 'the UI asked the issuer for a user code').toBeTruthy();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4,}$/);
    expect(await device.innerText()).toContain(`${fake.issuer}/codex/device`);
    expect(await device.innerText()).toMatch(/Waiting for approval… the code expires in 1[45]:\d\d/);
    await expect(device.getByRole('button', { name: 'Copy code' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'onboarding-device-code');

    fake.approveDevice();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    expect(h.runtime.settings.get().provider).toBe('chatgpt');
    await expect.poll(() => page.locator('.model-picker-button').innerText()).toMatch(/^ChatGPT · /);

    // Settings → Accounts shows the account, its plan and where the tokens are.
    await page.locator('footer.status-bar .status-model').click();
    const section = page.getByTestId('accounts-section');
    await section.waitFor();
    await expect.poll(() => section.innerText()).toContain('ada@example.com');
    const shown = await section.innerText();
    expect(shown).toContain('plus plan');
    expect(shown).toContain('In a private file (mode 0600)');
    expect(shown).toMatch(/Active provider\s+ChatGPT/);
    await screenshot(page, 'settings-accounts');

    await section.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => section.innerText()).not.toContain('ada@example.com');
    expect(fake.revoked.length).toBeGreaterThan(0);
  }, 90_000);

  it('browser sign-in: Chromium follows the authorize redirect to the loopback callback', async () => {
    fake = await startFakeChatGpt({ email: 'grace@example.com', planType: 'pro' });
    const { page, context, h } = await web.open({
      env: { ...FRESH, DESKPILOT_AUTH_ISSUER: fake.issuer, DESKPILOT_CHATGPT_BASE_URL: fake.baseUrl },
    });
    const card = page.getByRole('region', { name: 'Set up a model' });
    const opened = context.waitForEvent('page', { timeout: 20_000 });
    await card.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
    const tab = await opened;
    await tab.waitForLoadState('load');
    await expect.poll(() => tab.locator('body').innerText(), { timeout: 20_000 }).toMatch(/close/i);
    expect(new URL(tab.url()).hostname).toBe('localhost');
    expect(fake.requests.some((r) => r.path === '/oauth/authorize')).toBe(true);
    expect(fake.requests.some((r) => r.path === '/oauth/token')).toBe(true);
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    const status = await h.runtime.chatgpt.status();
    expect(status?.email).toBe('grace@example.com');

    // The next message goes to the Codex backend with the signed-in account.
    fake.model.enqueue(scripted.text('Hi from ChatGPT.'));
    await sendMessage(page, 'hello');
    expect(await turnCompleted(h)).toBe('completed');
    await expect.poll(() => transcriptText(page)).toContain('Hi from ChatGPT.');
    await tab.close();
  }, 90_000);

  it('imports an existing Codex CLI login from the card; a plan usage limit shows "limit reached, resets at HH:MM"', async () => {
    fake = await startFakeChatGpt({ email: 'lin@example.com', planType: 'plus' });
    const home = (ownHome = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-onboarding-')));
    const authFile = path.join(home, 'codex', 'auth.json');
    await mkdir(path.dirname(authFile), { recursive: true });
    const authJson = JSON.stringify({ tokens: fake.issueTokens(), last_refresh: new Date().toISOString() });
    await writeFile(authFile, authJson, { mode: 0o600 });
    const { page, h } = await web.open({
      home,
      env: { ...FRESH, DESKPILOT_AUTH_ISSUER: fake.issuer, DESKPILOT_CHATGPT_BASE_URL: fake.baseUrl },
    });
    const card = page.getByRole('region', { name: 'Set up a model' });
    await expect.poll(() => card.innerText()).toContain(authFile);
    await card.getByRole('button', { name: 'Import Codex CLI login' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await h.runtime.chatgpt.status())?.email).toBe('lin@example.com');
    expect(await readFile(authFile, 'utf8'), 'the Codex CLI file is only read').toBe(authJson);

    const resetsAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    fake.model.enqueue({
      kind: 'http_error',
      status: 429,
      body: {
        error: { type: 'usage_limit_reached', message: 'The usage limit has been reached', resets_at: resetsAt },
      },
    });
    await sendMessage(page, 'hello');
    expect(await turnCompleted(h)).toBe('error');
    const limit = page.getByTestId('status-plan-usage');
    await expect
      .poll(() => limit.innerText())
      .toBe(`ChatGPT limit reached, resets at ${formatResetTime(resetsAt * 1000)}`);
    // Not retried: one request reached the backend.
    expect(fake.model.requests.filter((r) => r.path.endsWith('/responses'))).toHaveLength(1);
    await screenshot(page, 'usage-limit-status');
  }, 90_000);

  it('paste an API key: a wrong key gets a clear verdict, a working one switches to OpenAI; Settings removes it', async () => {
    const key = 'sk-onboarding-test-7Q2x';
    local = await startFakeModelServer({ apiKey: key, models: ['gpt-5-mini', 'gpt-5', 'text-embedding-3-small'] });
    const { page, h } = await web.open({ settings: { openai: { baseUrl: local.url } }, env: FRESH });
    const card = page.getByRole('region', { name: 'Set up a model' });
    const field = card.getByLabel('OpenAI API key');
    await field.fill('sk-wrong-key-0000');
    await card.getByRole('button', { name: 'Test and save' }).click();
    const verdict = card.getByTestId('verdict');
    await expect.poll(() => verdict.innerText()).toContain('The API key was rejected (401)');
    expect(h.runtime.status().modelConfigured, 'a rejected key is not stored').toBe(false);
    expect(await h.runtime.credentials.get('openai.apiKey')).toBeFalsy();

    await field.fill(key);
    await card.getByRole('button', { name: 'Test and save' }).click();
    await card.waitFor({ state: 'detached' });
    // The card goes once the key is stored; the switch to a listed model follows.
    await expect.poll(() => h.runtime.settings.get().model).toBe('gpt-5-mini');
    expect(h.runtime.settings.get().provider).toBe('openai');
    local.enqueue(scripted.text('Answered with the pasted key.'));
    await sendMessage(page, 'hi');
    expect(await turnCompleted(h)).toBe('completed');
    const turn = local.requests.find((r) => r.path.endsWith('/responses'));
    expect(turn?.headers.authorization).toBe(`Bearer ${key}`);
    // The key never reaches settings.json.
    expect(await readFile(path.join(h.home, 'settings.json'), 'utf8')).not.toContain(key);

    await page.locator('footer.status-bar .status-model').click();
    const openai = page.getByTestId('account-openai');
    await expect.poll(() => openai.innerText()).toContain('ending in 7Q2x');
    await openai.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => openai.getByTestId('verdict').innerText()).toContain('The API key works: 3 models');
    await openai.getByRole('button', { name: 'Remove API key' }).click();
    await expect.poll(() => openai.innerText()).toContain('No key stored.');
    expect(h.runtime.status().modelConfigured).toBe(false);
  }, 90_000);
});
