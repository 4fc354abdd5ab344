// The bridge guard end to end over plain HTTP and WebSocket from Node: tokens, Host, Origin, CORS, bridge.json.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeInfoPath, type BridgeInfo } from '../../../main/core/bridge/server';
import { createServedHarness, type ServedHarness } from '../../support/serveHarness';

/** One HTTP answer: status, headers and body text. */
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Every answer seen in a test, to check CORS headers across all of them. */
let answers: Answer[] = [];

/** Sends a raw request to the bridge (Host defaults to 127.0.0.1:<port>; pass `host` to forge it). */
function request(
  port: number,
  opts: { path?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path ?? '/',
        method: opts.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const answer = {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          };
          answers.push(answer);
          resolve(answer);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket to /ws; resolves 'open' or the HTTP status the upgrade was refused with. */
function upgrade(port: number, headers: Record<string, string> = {}, origin?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers, ...(origin ? { origin } : {}) });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      answers.push({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** The same token with its last hex digit changed (same length, one byte off). */
function oneByteOff(token: string): string {
  const last = token[token.length - 1];
  return token.slice(0, -1) + (last === '0' ? '1' : '0');
}

describe('bridge guard (HTTP and WS from Node)', () => {
  let h: ServedHarness;
  let info: BridgeInfo;

  beforeEach(async () => {
    answers = [];
    h = await createServedHarness();
    info = JSON.parse(await readFile(bridgeInfoPath(h.home), 'utf8')) as BridgeInfo;
  });
  afterEach(async () => {
    await h.close();
  });

  it('the right token is let in (so the refusals below are about the credentials)', async () => {
    expect(info.port).toBe(h.bridge.port);
    const ok = await request(info.port, { headers: { authorization: `Bearer ${info.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<div id="root">');
    expect(await upgrade(info.port, { authorization: `Bearer ${info.token}` })).toBe('open');
  });

  it('no token, a wrong token, or a token one byte off: 401', async () => {
    expect((await request(info.port)).status).toBe(401);
    expect(
      (await request(info.port, { headers: { authorization: `Bearer ${'f'.repeat(info.token.length)}` } })).status,
    ).toBe(401);
    expect((await request(info.port, { headers: { authorization: `Bearer ${oneByteOff(info.token)}` } })).status).toBe(
      401,
    );
    expect((await request(info.port, { headers: { authorization: `Bearer ${info.token}x` } })).status).toBe(401);
    expect(
      (
        await request(info.port, {
          headers: { authorization: `Basic ${Buffer.from(`:${info.token}`).toString('base64')}` },
        })
      ).status,
    ).toBe(401);
    expect((await request(info.port, { headers: { cookie: `${h.bridge.cookieName}=forged` } })).status).toBe(401);
    expect((await request(info.port, { path: '/assets/', headers: {} })).status).toBe(401);
  });

  it('a foreign Host (DNS rebinding) or a foreign Origin: 403, even with the right token', async () => {
    const auth = { authorization: `Bearer ${info.token}` };
    expect((await request(info.port, { headers: { ...auth, host: `evil.example:${info.port}` } })).status).toBe(403);
    expect((await request(info.port, { headers: { ...auth, host: `127.0.0.1:${info.port + 1}` } })).status).toBe(403);
    expect((await request(info.port, { headers: { ...auth, origin: 'http://evil.example' } })).status).toBe(403);
    expect(
      (await request(info.port, { headers: { ...auth, origin: `http://127.0.0.1:${info.port + 1}` } })).status,
    ).toBe(403);
    expect((await request(info.port, { headers: { ...auth, origin: 'null' } })).status).toBe(403);
    // The ticket exchange checks Host and Origin too.
    const ticket = new URL(h.bridge.loginUrl());
    expect(
      (await request(info.port, { path: `/${ticket.search}`, headers: { origin: 'http://evil.example' } })).status,
    ).toBe(403);
  });

  it('tickets: single use; the cookie they give opens HTTP and WS; a reused ticket is 401', async () => {
    const ticket = new URL(h.bridge.loginUrl());
    const first = await request(info.port, { path: `/${ticket.search}` });
    expect(first.status).toBe(200);
    expect(first.body).toContain("location.replace('/' + location.hash)");
    expect(String(first.headers['content-security-policy'])).toMatch(/^default-src 'none'; script-src 'sha256-/);
    const cookie = String(first.headers['set-cookie']?.[0] ?? '');
    expect(cookie).toMatch(/^deskpilot_session_[0-9a-f]{12}=[\w.-]{60,}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(cookie.split('=')[0]).toBe(h.bridge.cookieName);
    const session = cookie.split(';')[0]!;
    expect((await request(info.port, { path: `/${ticket.search}` })).status).toBe(401);
    expect((await request(info.port, { headers: { cookie: session } })).status).toBe(200);
    expect(await upgrade(info.port, { cookie: session }, `http://127.0.0.1:${info.port}`)).toBe('open');
    expect(await upgrade(info.port, { cookie: session }, 'http://evil.example')).toBe(403);
  });

  it('WS upgrade without credentials: 401; with a foreign Origin: 403; wrong path: 404', async () => {
    expect(await upgrade(info.port)).toBe(401);
    expect(await upgrade(info.port, { authorization: `Bearer ${oneByteOff(info.token)}` })).toBe(401);
    expect(await upgrade(info.port, { authorization: `Bearer ${info.token}` }, 'http://evil.example')).toBe(403);
    expect(await upgrade(info.port, { authorization: `Bearer ${info.token}`, host: `evil.example:${info.port}` })).toBe(
      403,
    );
    const elsewhere = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${info.port}/other`, {
        headers: { authorization: `Bearer ${info.token}` },
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('an upgrade on /other was accepted')));
      ws.once('error', reject);
    });
    expect(elsewhere).toBe(404);
  });

  it('no Access-Control-Allow-Origin anywhere (preflight, errors, pages, ticket exchange)', async () => {
    const auth = { authorization: `Bearer ${info.token}` };
    const origin = { origin: 'http://evil.example' };
    await request(info.port, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'GET' } });
    await request(info.port, { method: 'OPTIONS', headers: { ...auth, 'access-control-request-method': 'POST' } });
    await request(info.port, { headers: origin });
    await request(info.port, { headers: auth });
    await request(info.port, { path: '/favicon.svg', headers: auth });
    await request(info.port, { path: `/${new URL(h.bridge.loginUrl()).search}` });
    await upgrade(info.port, {}, 'http://evil.example');
    await upgrade(info.port);
    expect(answers.length).toBe(8);
    for (const answer of answers) {
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    }
    // Pages carry the strict CSP.
    const page = answers[3]!;
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('runtime/bridge.json is mode 0600 with the port and token, and is removed on close', async () => {
    const file = bridgeInfoPath(h.home);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(info).toMatchObject({
      port: h.bridge.port,
      pid: process.pid,
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await h.bridge.close();
    expect(existsSync(file)).toBe(false);
    await expect(request(info.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('session cookies', () => {
  it('are signed: a tampered or foreign-key cookie is refused, an old one expires', async () => {
    const { TicketBook, SESSION_TTL_MS } = await import('../../../main/core/bridge/tickets');
    let now = 1_000_000;
    const book = new TicketBook(Buffer.alloc(32, 1), () => now);
    const cookie = book.exchange(book.issue())!;
    expect(book.isValidSession(cookie)).toBe(true);
    expect(new TicketBook(Buffer.alloc(32, 1), () => now).isValidSession(cookie)).toBe(true);
    expect(new TicketBook(Buffer.alloc(32, 2), () => now).isValidSession(cookie)).toBe(false);
    const [issued, random, mac] = cookie.split('.');
    expect(book.isValidSession(`${issued}.${random}x.${mac}`)).toBe(false);
    expect(book.isValidSession(`${(now + 5).toString(36)}.${random}.${mac}`)).toBe(false);
    now += SESSION_TTL_MS + 1;
    expect(book.isValidSession(cookie)).toBe(false);
  });
});
