// web_fetch against a local HTTP server: readable markdown, redirects re-checked, size limit, schemes refused, and
// private addresses refused after DNS (a hostname resolving to 127.0.0.1) unless the setting allows them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFetchTool } from '../../../../../main/core/tools/builtins/webFetch';
import { isPrivateAddress } from '../../../../../main/core/web/addresses';
import { checkUrl, fetchUrl } from '../../../../../main/core/web/fetch';
import { context, run, text } from './helpers';

let server: Server;
let base: string;
const article = `<html><head><title>Local news</title></head><body><nav>Home | About</nav><article><h1>Local news</h1><h2>Weather</h2><p>${'Sunny skies over the harbour today. '.repeat(15)}</p><table><tr><th>Day</th><th>High</th></tr><tr><td>Mon</td><td>21</td></tr></table></article></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/news') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article);
    if (req.url === '/moved') return res.writeHead(302, { location: '/news' }).end();
    if (req.url === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(3000));
    if (req.url === '/slow') return; // never answers
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowed = createWebFetchTool(() => ({ allowPrivateAddresses: true }));
const strict = createWebFetchTool(() => ({ allowPrivateAddresses: false }));

describe('web_fetch', () => {
  it('refuses loopback by address and by a hostname that resolves to it, naming the setting', async () => {
    await expect(run(strict, { url: `${base}/news` }, context('/'))).rejects.toThrow(
      /127\.0\.0\.1.*loopback, private or link-local.*web\.allowPrivateAddresses/,
    );
    // A name is checked after DNS: localhost resolves (through /etc/hosts) to a loopback address.
    const port = new URL(base).port;
    await expect(
      fetchUrl(`http://localhost:${port}/news`, { allowPrivate: false, signal: new AbortController().signal }),
    ).rejects.toThrow(/Refused to fetch localhost: it resolves to (127\.0\.0\.1|::1)/);
  });

  it('returns the readable part as markdown when private addresses are allowed', async () => {
    const out = text(await run(allowed, { url: `${base}/news` }, context('/')));
    expect(out).toMatch(/^# .*\/news \(HTML page\)/);
    expect(out).toContain('Source: ' + base + '/news');
    expect(out).toMatch(/^## Weather$/m);
    expect(out).toContain('| Mon | 21 |');
    expect(out).not.toContain('Home | About');
  }, 60_000);

  it('follows redirects and re-checks each hop', async () => {
    const out = text(await run(allowed, { url: `${base}/moved` }, context('/')));
    expect(out).toContain(`[redirected to ${base}/news]`);
    await expect(run(allowed, { url: `${base}/to-file` }, context('/'))).rejects.toThrow(/Only http: and https: URLs/);
    await expect(run(allowed, { url: `${base}/loop` }, context('/'))).rejects.toThrow(/redirected more than 10 times/);
  }, 60_000);

  it('refuses other schemes, enforces the size and time limits', async () => {
    await expect(run(allowed, { url: 'file:///etc/passwd' }, context('/'))).rejects.toThrow(/Only http: and https:/);
    const signal = new AbortController().signal;
    await expect(fetchUrl(`${base}/big`, { allowPrivate: true, maxBytes: 1024, signal })).rejects.toThrow(
      /larger than 0 MB; web_fetch stopped reading it/,
    );
    await expect(fetchUrl(`${base}/slow`, { allowPrivate: true, timeoutMs: 300, signal })).rejects.toThrow(
      /did not answer within 0 s/,
    );
  });

  it('classifies addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.1',
      '172.16.0.5',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
    expect(() => checkUrl('http://[::1]/', false)).toThrow(/Refused/);
    expect(() => checkUrl('http://user:pw@example.com/', false)).toThrow(/user name or password/);
  });
});
