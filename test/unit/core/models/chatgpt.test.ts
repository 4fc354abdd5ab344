// The `chatgpt` adapter against the fake issuer + Codex backend: headers, body, 401 refresh, usage limits, model list.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatGptAccount, chatGptEndpoints, startBrowserLogin } from '../../../../main/core/auth/chatgpt';
import { CredentialStore } from '../../../../main/core/auth/credentials';
import { createChatGptAdapter, listChatGptModels } from '../../../../main/core/models/chatgpt';
import type { ChatGptRateLimits } from '../../../../main/core/models/chatgptLimits';
import type { ModelRequest, ModelStreamEvent } from '../../../../main/core/models/types';
import { createLogger } from '../../../../main/core/util/log';
import { scripted } from '../../../support/fakeModelServer';
import { startFakeChatGpt, type FakeChatGpt } from '../../../support/fakeChatgpt';

let home: string;
let fake: FakeChatGpt;
let account: ChatGptAccount;
const log = createLogger('chatgpt-adapter-test', { level: 'error', sink: () => undefined });

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-chatgpt-adapter-'));
  fake = await startFakeChatGpt();
  const credentials = await CredentialStore.open({ home, backend: 'file', log });
  account = new ChatGptAccount({
    credentials,
    endpoints: () =>
      chatGptEndpoints({}, { DESKPILOT_AUTH_ISSUER: fake.issuer, DESKPILOT_CHATGPT_BASE_URL: fake.baseUrl }),
    log,
  });
});
afterEach(async () => {
  await fake.close();
  await rm(home, { recursive: true, force: true });
});

async function signIn(): Promise<void> {
  const login = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
  const authorize = await fetch(login.authorizeUrl, { redirect: 'manual' });
  await fetch(authorize.headers.get('location') ?? '');
  await account.save(await login.result);
}

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: 'gpt-5.2-codex',
    instructions: 'You are Deskpilot.',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thought' }], encrypted_content: 'gAAAA-enc' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'answer' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }] },
    ],
    tools: [],
    sessionId: 'sess-123',
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const responsesCalls = () => fake.requests.filter((r) => r.path === '/backend-api/codex/responses');

describe('createChatGptAdapter', () => {
  it('sends the required headers and a store:false, stream:true body with reasoning replayed', async () => {
    await signIn();
    fake.model.enqueue(scripted.text('Hello from Codex'));
    const adapter = createChatGptAdapter({ account, baseUrl: fake.baseUrl, maxAttempts: 1 });
    const events = await collect(adapter.stream(request()));
    expect(
      events
        .filter((e) => e.type === 'text_delta')
        .map((e) => (e as { delta: string }).delta)
        .join(''),
    ).toBe('Hello from Codex');
    expect(events.at(-1)?.type).toBe('completed');
    const [call] = responsesCalls();
    const token = (await account.load())?.accessToken;
    expect(call?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'chatgpt-account-id': 'acct_test_123',
      'openai-beta': 'responses=experimental',
      originator: 'deskpilot',
      session_id: 'sess-123',
      accept: 'text/event-stream',
    });
    expect(call?.headers['user-agent']).toMatch(/^deskpilot\/\S+ \(/);
    const body = call?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'gpt-5.2-codex',
      store: false,
      stream: true,
      instructions: 'You are Deskpilot.',
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'sess-123',
    });
    expect(body.input).toContainEqual({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'thought' }],
      encrypted_content: 'gAAAA-enc',
    });
    expect(JSON.stringify(body.input)).not.toMatch(/"id":/);
  });

  it('sends an empty string when there are no instructions', async () => {
    await signIn();
    fake.model.enqueue(scripted.text('ok'));
    const adapter = createChatGptAdapter({ account, baseUrl: fake.baseUrl, maxAttempts: 1 });
    // A caller outside TypeScript (plugin, RPC) can omit instructions; the backend still needs a string.
    await collect(adapter.stream(request({ instructions: undefined as unknown as string })));
    expect((responsesCalls()[0]?.body as Record<string, unknown>).instructions).toBe('');
  });

  it('refreshes once on a 401 and retries once with the new token', async () => {
    await signIn();
    const before = (await account.load())?.accessToken;
    fake.invalidateAccessTokens();
    fake.model.enqueue(scripted.text('after refresh'));
    const adapter = createChatGptAdapter({ account, baseUrl: fake.baseUrl, maxAttempts: 1 });
    const events = await collect(adapter.stream(request()));
    expect(events.at(-1)?.type).toBe('completed');
    expect(fake.refreshes).toBe(1);
    const calls = responsesCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${before}`);
    expect(calls[1]?.headers.authorization).toBe(`Bearer ${fake.issued[1]?.access_token}`);
  });

  it('ends with an auth error naming the next step when the refresh token was revoked', async () => {
    await signIn();
    const tokens = await account.load();
    await fetch(`${fake.issuer}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokens?.refreshToken }),
    });
    fake.invalidateAccessTokens();
    const adapter = createChatGptAdapter({ account, baseUrl: fake.baseUrl, maxAttempts: 3 });
    const events = await collect(adapter.stream(request()));
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { code: 'auth' } });
    expect((last as { error: { message: string } }).error.message).toMatch(
      /refresh_token_invalidated.*deskpilot login/,
    );
    expect(responsesCalls()).toHaveLength(1);
  });

  it('says how to sign in when there is no login, without calling the backend', async () => {
    const adapter = createChatGptAdapter({ account, baseUrl: fake.baseUrl, maxAttempts: 1 });
    const events = await collect(adapter.stream(request()));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'auth' } });
    expect((events[0] as { error: { message: string } }).error.message).toContain('deskpilot login');
    expect(responsesCalls()).toHaveLength(0);
  });

  it('surfaces a usage limit as "limit reached, resets at HH:MM", with x-codex headers, and never retries', async () => {
    await signIn();
    const resetsAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    fake.model.enqueue({
      kind: 'http_error',
      status: 429,
      body: {
        error: {
          type: 'usage_limit_reached',
          message: 'The usage limit has been reached',
          plan_type: 'plus',
          resets_at: resetsAt,
        },
      },
      headers: {
        'x-codex-primary-used-percent': '100',
        'x-codex-primary-window-minutes': '300',
        'x-codex-primary-reset-at': String(resetsAt),
        'x-codex-secondary-used-percent': '40',
        'x-codex-secondary-window-minutes': '10080',
      },
    });
    const seen: ChatGptRateLimits[] = [];
    const adapter = createChatGptAdapter({
      account,
      baseUrl: fake.baseUrl,
      maxAttempts: 4,
      onRateLimits: (l) => seen.push(l),
    });
    const events = await collect(adapter.stream(request()));
    const reset = new Date(resetsAt * 1000);
    const hhmm = `${String(reset.getHours()).padStart(2, '0')}:${String(reset.getMinutes()).padStart(2, '0')}`;
    expect(events).toEqual([
      {
        type: 'error',
        error: expect.objectContaining({
          code: 'usage_limit',
          message: expect.stringContaining(`ChatGPT usage limit reached (plus plan), resets at ${hhmm}.`),
        }),
      },
    ]);
    expect(responsesCalls()).toHaveLength(1);
    expect(seen[0]).toEqual({
      primary: { usedPercent: 100, windowMinutes: 300, resetAt: resetsAt * 1000 },
      secondary: { usedPercent: 40, windowMinutes: 10080 },
    });
  });
});

describe('listChatGptModels', () => {
  it('lists {base}/models with the sign-in headers', async () => {
    await signIn();
    const models = await listChatGptModels(account, fake.baseUrl);
    expect(models.map((m) => m.id)).toEqual(['gpt-5.2-codex', 'gpt-5.2']);
    const call = fake.requests.find((r) => r.path === '/backend-api/codex/models');
    expect(call?.headers['chatgpt-account-id']).toBe('acct_test_123');
  });
});
