// Device-code sign-in against the fake issuer: user code, polling until approval, expiry, disabled issuer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatGptAuthError, pollDeviceCode, requestDeviceCode } from '../../../../../main/core/auth/chatgpt';
import { startFakeChatGpt, type FakeChatGpt } from '../../../../support/fakeChatgpt';

let fake: FakeChatGpt | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('device-code sign-in', () => {
  it('shows a user code, polls until approved and exchanges the code', async () => {
    fake = await startFakeChatGpt({ deviceInterval: '0.05' });
    const code = await requestDeviceCode(fake.issuer);
    expect(code.userCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(code.verificationUrl).toBe(`${fake.issuer}/codex/device`);
    expect(code.intervalMs).toBe(50);
    const polls = () => fake?.requests.filter((r) => r.path === '/api/accounts/deviceauth/token').length ?? 0;
    const result = pollDeviceCode(fake.issuer, code);
    // Approve only once the client has been told "pending" at least twice.
    while (polls() < 2) await new Promise((r) => setTimeout(r, 10));
    fake.approveDevice();
    const tokens = await result;
    expect(tokens).toMatchObject({ accountId: 'acct_test_123', planType: 'plus', source: { kind: 'device-code' } });
    const exchange = fake.requests.find((r) => r.path === '/oauth/token')?.body as Record<string, string>;
    expect(exchange.redirect_uri).toBe(`${fake.issuer}/deviceauth/callback`);
  });

  it('fails with device_expired once the code expired', async () => {
    fake = await startFakeChatGpt({ deviceInterval: '0.05' });
    const code = await requestDeviceCode(fake.issuer);
    let now = Date.now();
    const result = pollDeviceCode(fake.issuer, code, { now: () => (now += 5 * 60_000) });
    const error = (await result.catch((e: unknown) => e)) as ChatGptAuthError;
    expect(error.code).toBe('device_expired');
    expect(error.message).toContain(code.userCode);
    expect(error.message).toContain('deskpilot login --device-code');
  });

  it('stops polling when cancelled', async () => {
    fake = await startFakeChatGpt({ deviceInterval: '0.05' });
    const code = await requestDeviceCode(fake.issuer);
    const controller = new AbortController();
    const result = pollDeviceCode(fake.issuer, code, { signal: controller.signal });
    controller.abort();
    expect(((await result.catch((e: unknown) => e)) as ChatGptAuthError).code).toBe('cancelled');
  });

  it('says when the issuer has no device-code sign-in', async () => {
    fake = await startFakeChatGpt({ noDeviceCode: true });
    const error = (await requestDeviceCode(fake.issuer).catch((e: unknown) => e)) as ChatGptAuthError;
    expect(error.code).toBe('device_disabled');
    expect(error.message).toContain('browser sign-in');
  });

  it('says the network is down when the issuer cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = (await requestDeviceCode(`http://127.0.0.1:${port}`).catch((e: unknown) => e)) as ChatGptAuthError;
    expect(error.code).toBe('network');
    expect(error.message).toContain(`Cannot reach the sign-in server http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
});
