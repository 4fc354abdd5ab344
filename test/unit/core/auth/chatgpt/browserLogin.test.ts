// Browser sign-in against the fake issuer: authorize URL, loopback callback, state check, denial, cancel, timeout, ports.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHATGPT_CLIENT_ID, ChatGptAuthError, startBrowserLogin } from '../../../../../main/core/auth/chatgpt';
import { pkceChallenge } from '../../../../../main/core/auth/chatgpt/pkce';
import { startFakeChatGpt, type FakeChatGpt } from '../../../../support/fakeChatgpt';

let fake: FakeChatGpt;
beforeEach(async () => {
  fake = await startFakeChatGpt();
});
afterEach(async () => {
  await fake.close();
});

/** Follows redirects like a browser would, returning every hop's status and the final page text. */
async function follow(url: string): Promise<{ hops: string[]; status: number; text: string }> {
  const hops: string[] = [];
  let current = url;
  for (let i = 0; i < 5; i++) {
    const res = await fetch(current, { redirect: 'manual' });
    hops.push(`${res.status} ${new URL(current).pathname}`);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      current = new URL(location, current).toString();
      await res.text();
      continue;
    }
    return { hops, status: res.status, text: await res.text() };
  }
  throw new Error('too many redirects');
}

const expectAuthError = async (p: Promise<unknown>, code: string) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatGptAuthError);
  expect((error as ChatGptAuthError).code).toBe(code);
  return error as ChatGptAuthError;
};

describe('startBrowserLogin', () => {
  it('builds the Codex authorize URL and signs in through the loopback callback', async () => {
    const login = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
    const url = new URL(login.authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${fake.issuer}/oauth/authorize`);
    const q = url.searchParams;
    expect(q.get('client_id')).toBe(CHATGPT_CLIENT_ID);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('redirect_uri')).toBe(login.redirectUri);
    expect(login.redirectUri).toMatch(/^http:\/\/localhost:\d+\/auth\/callback$/);
    expect(q.get('scope')).toContain('offline_access');

    const page = await follow(login.authorizeUrl);
    expect(page.hops).toEqual(['302 /oauth/authorize', '200 /auth/callback']);
    expect(page.text).toContain('You can close this tab');
    const tokens = await login.result;
    expect(tokens).toMatchObject({
      accountId: 'acct_test_123',
      planType: 'plus',
      email: 'user@example.com',
      source: { kind: 'browser' },
    });
    expect(tokens.refreshToken).toBe(fake.issued[0]?.refresh_token);
    // The exchange sent the verifier whose S256 challenge was in the URL.
    const exchange = fake.requests.find((r) => r.path === '/oauth/token');
    const body = exchange?.body as Record<string, string>;
    expect(body.grant_type).toBe('authorization_code');
    expect(pkceChallenge(body.code_verifier ?? '')).toBe(q.get('code_challenge'));
    expect(body.redirect_uri).toBe(login.redirectUri);
  });

  it('rejects a callback with a wrong state and stores nothing', async () => {
    const login = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
    const res = await fetch(`${login.redirectUri}?code=abc&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('wrong state');
    const error = await expectAuthError(login.result, 'state_mismatch');
    expect(error.message).toMatch(/Start the sign-in again/);
    expect(fake.requests.some((r) => r.path === '/oauth/token')).toBe(false);
  });

  it('reports denied consent with the next step', async () => {
    await fake.close();
    fake = await startFakeChatGpt({ denyConsent: true });
    const login = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
    const page = await follow(login.authorizeUrl);
    expect(page.status).toBe(400);
    const error = await expectAuthError(login.result, 'denied');
    expect(error.message).toMatch(/access_denied.*API key or a local server/);
  });

  it('cancels through cancel(), /cancel and an abort signal', async () => {
    const a = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
    a.cancel();
    await expectAuthError(a.result, 'cancelled');
    const b = await startBrowserLogin({ issuer: fake.issuer, ports: [0] });
    await fetch(b.redirectUri.replace('/auth/callback', '/cancel'));
    await expectAuthError(b.result, 'cancelled');
    const controller = new AbortController();
    const c = await startBrowserLogin({ issuer: fake.issuer, ports: [0], signal: controller.signal });
    controller.abort();
    await expectAuthError(c.result, 'cancelled');
    // The server is gone once the login ended.
    await expect(fetch(c.redirectUri)).rejects.toThrow();
  });

  it('times out with a message naming the device-code alternative', async () => {
    const login = await startBrowserLogin({ issuer: fake.issuer, ports: [0], timeoutMs: 50 });
    const error = await expectAuthError(login.result, 'timeout');
    expect(error.message).toContain('--device-code');
  });

  it('falls back to the next port when the first is busy, and fails clearly when all are', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      const login = await startBrowserLogin({ issuer: fake.issuer, ports: [busy, 0] });
      expect(login.redirectUri).not.toContain(`:${busy}/`);
      login.cancel();
      await login.result.catch(() => undefined);
      const error = await expectAuthError(startBrowserLogin({ issuer: fake.issuer, ports: [busy] }), 'port_in_use');
      expect(error.message).toMatch(new RegExp(`Ports ${busy} .*--device-code`));
    } finally {
      blocker.close();
    }
  });
});
