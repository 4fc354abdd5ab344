// Launches the built desktop app with Playwright's Electron driver, where an Electron binary exists (never on our dev machines).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

/** The Electron executable from node_modules/electron (path.txt names it inside dist/), or why there is none. */
function findElectron(): { path: string } | { reason: string } {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const executable = existsSync(pathFile)
    ? path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    : undefined;
  if (!executable || !existsSync(executable))
    return { reason: 'no Electron binary on this machine — ELECTRON_SKIP_BINARY_DOWNLOAD' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'no display (run under xvfb-run)' };
  return { path: executable };
}

const electron = findElectron();
const available = 'path' in electron;
const title = available ? 'Electron e2e' : `Electron e2e (skipped: ${(electron as { reason: string }).reason})`;
if (!available)
  console.warn(
    `[electron e2e] skipped: ${(electron as { reason: string }).reason}. The Electron shell was not launched.`,
  );

/** What the renderer's main world can see (evaluated in the page; the test tsconfig has no DOM types). */
interface MainWorld {
  assistant?: {
    invoke(channel: string, params?: unknown): Promise<unknown>;
    on(event: string, listener: (p: unknown) => void): () => void;
  };
  require?: unknown;
  process?: unknown;
  open(url: string): unknown;
}

describe.skipIf(!available)(title, () => {
  let home: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-electron-'));
    const args = [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args,
      cwd: root,
      env: { ...process.env, DESKPILOT_HOME: home } as Record<string, string>,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('loads the UI from app://deskpilot', () => {
    expect(page.url()).toMatch(/^app:\/\/deskpilot\/index\.html/);
  });

  it('exposes a frozen window.assistant with exactly invoke and on, and no Node in the page', async () => {
    const view = await page.evaluate(() => {
      // Cast: the page's globals come from the preload, outside TypeScript's view of globalThis.
      const g = globalThis as unknown as MainWorld;
      return {
        keys: Object.keys(g.assistant ?? {}).sort(),
        frozen: Object.isFrozen(g.assistant),
        require: typeof g.require,
        process: typeof g.process,
      };
    });
    expect(view).toEqual({ keys: ['invoke', 'on'], frozen: true, require: 'undefined', process: 'undefined' });
  });

  it('answers contract requests and refuses others', async () => {
    const status = await page.evaluate(() =>
      // Cast: the page's globals come from the preload, outside TypeScript's view of globalThis.
      (globalThis as unknown as MainWorld).assistant?.invoke('runtime/status', {}),
    );
    expect(status).toMatchObject({ ok: true, value: { version: expect.any(String) } });
    const refused = await page.evaluate(() =>
      // Cast: the page's globals come from the preload, outside TypeScript's view of globalThis.
      (globalThis as unknown as MainWorld).assistant?.invoke('fs/read', {}).then(
        () => 'sent',
        () => 'rejected',
      ),
    );
    expect(refused).toBe('rejected');
  });

  it('denies window.open', async () => {
    // Cast: the page's globals come from the preload, outside TypeScript's view of globalThis.
    expect(await page.evaluate(() => (globalThis as unknown as MainWorld).open('about:blank'))).toBeNull();
    expect(app.windows()).toHaveLength(1);
  });
});
