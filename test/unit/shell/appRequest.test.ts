// app:// URL -> file mapping (containment) and serving from a real temp folder.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../../main/core/bridge/static';
import { isAppUrl, parseAppUrl } from '../../../main/shell/appOrigin';
import { resolveAppPath, serveAppRequest } from '../../../main/shell/appRequest';

describe('app origin', () => {
  it('accepts app://deskpilot URLs only', () => {
    expect(isAppUrl('app://deskpilot/index.html#/quick')).toBe(true);
    expect(isAppUrl('app://DESKPILOT/index.html')).toBe(true);
    expect(isAppUrl('app://other-host/index.html')).toBe(false);
    expect(isAppUrl('app://deskpilot.evil.com/')).toBe(false);
    expect(isAppUrl('app://deskpilot:8080/')).toBe(false);
    expect(isAppUrl('app://user:pw@deskpilot/')).toBe(false);
    expect(isAppUrl('https://deskpilot/')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(parseAppUrl('app://deskpilot/a/b.js')?.pathname).toBe('/a/b.js');
  });
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/renderer');

  it('maps / and files inside the root', () => {
    expect(resolveAppPath(root, 'app://deskpilot/')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      spaFallback: true,
    });
    expect(resolveAppPath(root, 'app://deskpilot/assets/app.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'app.js'),
      spaFallback: false,
    });
    expect(resolveAppPath(root, 'app://deskpilot/index.html#/quick')).toMatchObject({
      ok: true,
      file: path.join(root, 'index.html'),
    });
  });

  it('keeps dot-dot segments inside the root (the URL parser resolves them first)', () => {
    expect(resolveAppPath(root, 'app://deskpilot/assets/../../../etc/passwd')).toEqual({
      ok: true,
      file: path.join(root, 'etc', 'passwd'),
      spaFallback: true,
    });
    expect(resolveAppPath(root, 'app://deskpilot/%2e%2e/%2E%2E/etc/passwd')).toEqual({
      ok: true,
      file: path.join(root, 'etc', 'passwd'),
      spaFallback: true,
    });
  });

  it('refuses encoded separators, NUL and undecodable paths', () => {
    expect(resolveAppPath(root, 'app://deskpilot/..%2f..%2fetc%2fpasswd')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://deskpilot/assets%2Fapp.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://deskpilot/..%5c..%5cwindows')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://deskpilot/index.html%00.png')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://deskpilot/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses other hosts, ports, schemes and malformed URLs', () => {
    expect(resolveAppPath(root, 'app://other-host/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'app://deskpilot:1/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'file:///srv/renderer/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, '::::')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('serveAppRequest', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-app-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Deskpilot</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.txt'), 'top secret');
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => serveAppRequest(root, { url, method });

  it('serves index.html with the strict CSP and no caching', async () => {
    const response = await get('app://deskpilot/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('<title>Deskpilot</title>');
  });

  it('serves assets with their content type, and HEAD without a body', async () => {
    const response = await get('app://deskpilot/assets/app.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
    const head = await get('app://deskpilot/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('falls back to index.html for client routes, 404 for missing files with an extension', async () => {
    expect(await (await get('app://deskpilot/chat/123')).text()).toContain('Deskpilot');
    expect((await get('app://deskpilot/assets/missing.js')).status).toBe(404);
  });

  it('refuses symlinks leaving the folder, other hosts, traversal and non-GET methods', async () => {
    const leak = await get('app://deskpilot/assets/leak.txt');
    expect(leak.status).toBe(400);
    expect(await leak.text()).not.toContain('top secret');
    expect((await get('app://other-host/index.html')).status).toBe(404);
    const traversal = await get('app://deskpilot/%2e%2e/secret.txt');
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain('top secret');
    expect((await get('app://deskpilot/..%2fsecret.txt')).status).toBe(400);
    expect((await get('app://deskpilot/index.html', 'POST')).status).toBe(405);
  });

  it('says how to build the UI when it is missing', async () => {
    const response = await serveAppRequest(path.join(base, 'nothing-here'), { url: 'app://deskpilot/', method: 'GET' });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/not built.*electron-vite build/);
  });
});
