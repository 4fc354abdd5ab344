// Issue 8 (Low) and issue 9 #5 on a real `deskpilot serve`: no ticket in argv (serve --open, deskpilot open --open),
// login pages are private and single-use, repeated Host/Origin/Authorization headers are refused, and only a token
// client may ask for login links.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli';
import { startServeProcess, SERVE_START_TIMEOUT_MS, type ServeProcess } from '../support/serveProcess';

/** How long one CLI child may take on a loaded 2-core machine, in ms. */
const CLI_TIMEOUT_MS = 90_000;

/** A fake system opener on PATH that records its argv, and the mode and content of the file it was given. */
async function fakeOpener(): Promise<{ dir: string; log: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-opener-'));
  const log = path.join(dir, 'argv');
  const name = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const script = [
    '#!/bin/sh',
    `printf '%s\\n' "$@" > "${log}.tmp"`,
    `stat -c %a "$1" > "${log}.mode" 2>/dev/null || stat -f %Lp "$1" > "${log}.mode"`,
    `cat "$1" > "${log}.page"`,
    `mv "${log}.tmp" "${log}"`,
    '',
  ].join('\n');
  await writeFile(path.join(dir, name), script);
  await chmod(path.join(dir, name), 0o755);
  return { dir, log, env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` } };
}

/** Sends a raw HTTP/1.1 request (headers as given, duplicates included) and resolves with the status code. */
function rawStatus(port: number, head: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write([...head, '', ''].join('\r\n')));
    let data = '';
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0));
    };
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (data.includes('\r\n')) done();
    });
    socket.on('error', reject);
    socket.on('close', done);
  });
}

/** Waits until `file` exists (the fake opener runs detached), up to `timeoutMs`. */
async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('serve --open and deskpilot open', () => {
  let serve: ServeProcess;
  let opener: Awaited<ReturnType<typeof fakeOpener>>;

  beforeAll(async () => {
    opener = await fakeOpener();
    serve = await startServeProcess(['--open'], { env: opener.env });
  }, SERVE_START_TIMEOUT_MS + 10_000);
  afterAll(async () => {
    await serve?.stop();
    if (opener) await rm(opener.dir, { recursive: true, force: true });
  });

  it('serve --open opens a private login page: no ticket in argv, the page is single-use and then deleted', async () => {
    await waitForFile(opener.log);
    const argv = (await readFile(opener.log, 'utf8')).trim().split('\n');
    expect(argv).toHaveLength(1);
    expect(argv.join(' ')).not.toMatch(/ticket/i);
    const page = argv[0]!;
    expect(path.dirname(page)).toBe(path.join(serve.home, 'runtime'));
    expect((await readFile(`${opener.log}.mode`, 'utf8')).trim()).toBe('600');
    const ticketUrl = /url=([^"]+)"/.exec(await readFile(`${opener.log}.page`, 'utf8'))?.[1]?.replace(/&#38;/g, '&');
    expect(ticketUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${serve.info.port}/\\?ticket=[\\w-]{43}$`));
    // The browser follows the page: the ticket is exchanged once, and the page is gone.
    const first = await fetch(ticketUrl!);
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toMatch(/^deskpilot_session_[0-9a-f]{12}=/);
    expect(existsSync(page)).toBe(false);
    expect((await fetch(ticketUrl!)).status).toBe(401);
  });

  it(
    'deskpilot open prints a fresh working link; --open opens a page, never the ticket',
    async () => {
      const printed = await runCli(['open'], serve.env, '', CLI_TIMEOUT_MS);
      expect(printed.code, printed.stderr).toBe(0);
      const url = printed.stdout.trim();
      expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${serve.info.port}/\\?ticket=[\\w-]{43}$`));
      expect(printed.stderr).toMatch(/works once/);
      expect((await fetch(url)).status).toBe(200);

      await rm(opener.log, { force: true });
      const opened = await runCli(['open', '--open'], { ...serve.env, ...opener.env }, '', CLI_TIMEOUT_MS);
      expect(opened.code, opened.stderr).toBe(0);
      expect(opened.stdout).not.toMatch(/ticket/);
      await waitForFile(opener.log);
      const argv = await readFile(opener.log, 'utf8');
      expect(argv).not.toMatch(/ticket/);
      expect(argv.trim()).toMatch(/login-[0-9a-f]{24}\.html$/);
      expect((await stat(argv.trim())).mode & 0o777).toBe(0o600);
    },
    3 * CLI_TIMEOUT_MS,
  );

  it(
    'a browser session cannot ask for login links; a token client can',
    async () => {
      const login = await fetch((await runCli(['open'], serve.env, '', CLI_TIMEOUT_MS)).stdout.trim());
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const ask = (headers: Record<string, string>) =>
        new Promise<unknown>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${serve.info.port}/ws`, { headers });
          ws.once('error', reject);
          ws.once('open', () =>
            ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'bridge/loginUrl', params: {} })),
          );
          ws.on('message', (data) => {
            ws.close();
            resolve((JSON.parse(String(data)) as { result: unknown }).result);
          });
        });
      const origin = `http://127.0.0.1:${serve.info.port}`;
      expect(await ask({ cookie, origin })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await ask({ authorization: `Bearer ${serve.info.token}` })).toMatchObject({
        ok: true,
        value: { url: expect.stringContaining('?ticket=') },
      });
    },
    2 * CLI_TIMEOUT_MS,
  );

  it('refuses a repeated Host, Origin or Authorization header with 400, over HTTP and for the WebSocket upgrade', async () => {
    const port = serve.info.port;
    const auth = `Authorization: Bearer ${serve.info.token}`;
    const host = `Host: 127.0.0.1:${port}`;
    // The guard lets the well-formed request through (200, or 404 where the UI is not built).
    expect([200, 404]).toContain(await rawStatus(port, ['GET / HTTP/1.1', host, auth]));
    expect(await rawStatus(port, ['GET / HTTP/1.1', host, 'Host: evil.example', auth])).toBe(400);
    expect(await rawStatus(port, ['GET / HTTP/1.1', 'Host: evil.example', host, auth])).toBe(400);
    expect(
      await rawStatus(port, [
        'GET / HTTP/1.1',
        host,
        auth,
        `Origin: ${'http://127.0.0.1:' + port}`,
        'Origin: http://evil.example',
      ]),
    ).toBe(400);
    expect(await rawStatus(port, ['GET / HTTP/1.1', host, auth, 'Authorization: Bearer nope'])).toBe(400);
    const upgrade = (extra: string[]) => [
      'GET /ws HTTP/1.1',
      host,
      auth,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      ...extra,
    ];
    expect(await rawStatus(port, upgrade([]))).toBe(101);
    expect(await rawStatus(port, upgrade(['Host: evil.example']))).toBe(400);
    expect(serve.alive()).toBe(true);
  });
});

describe('deskpilot open without a running Deskpilot', () => {
  it(
    'exits 1 and says how to start one',
    async () => {
      const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-idle-'));
      try {
        const run = await runCli(['open'], { ...process.env, DESKPILOT_HOME: home }, '', CLI_TIMEOUT_MS);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('Deskpilot is not running');
        expect(run.stderr).toContain('deskpilot serve');
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    },
    2 * CLI_TIMEOUT_MS,
  );
});
