// The composition root when another runtime owns the home: a dialog says so and the app quits without a window.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { acquireHomeLock, type HomeLock } from '../../../main/core/util/lock';
import * as electron from './fakeElectron';

vi.mock('electron', async () => await import('./fakeElectron'));
vi.mock('../../../plugins/index', () => ({ builtinPlugins: [] }));

let home: string | undefined;
let lock: HomeLock | undefined;

afterAll(async () => {
  vi.unstubAllEnvs();
  await lock?.release();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('another runtime owns the home', () => {
  it('shows "already running" and quits', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-taken-'));
    lock = await acquireHomeLock(home);
    vi.stubEnv('DESKPILOT_HOME', home);
    await import('../../../main/index');
    await vi.waitFor(() => expect(electron.errorBoxes).toHaveLength(1), { timeout: 10_000 });
    expect(electron.errorBoxes[0]).toEqual({
      title: 'Deskpilot is already running',
      content: expect.stringContaining(`pid ${process.pid}`),
    });
    expect(electron.app.quitRequested).toBe(1);
    expect(electron.BrowserWindow.all).toEqual([]);
    expect(electron.Tray.all).toEqual([]);
    expect(electron.ipcListeners.size).toBe(0);
  });
});
