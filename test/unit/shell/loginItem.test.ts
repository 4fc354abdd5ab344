// Launch at login: Electron login items on macOS/Windows, an XDG autostart file on Linux (real temp folder).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyLaunchAtLogin,
  autostartDesktopEntry,
  autostartPath,
  quoteExecArgument,
  type LoginItemDeps,
} from '../../../main/shell/loginItem';

function deps(overrides: Partial<LoginItemDeps>) {
  const calls: Array<{ openAtLogin: boolean; args?: string[] }> = [];
  const d: LoginItemDeps = {
    platform: 'linux',
    packaged: true,
    execPath: '/opt/Deskpilot/deskpilot',
    env: {},
    setLoginItemSettings: (s) => calls.push(s),
    ...overrides,
  };
  return { d, calls };
}

describe('launch at login', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes and removes the XDG autostart entry on Linux, preferring the AppImage path', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-autostart-'));
    const { d, calls } = deps({ env: { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/u/Apps/Deskpilot 1.0.AppImage' } });
    const file = path.join(dir, 'autostart', 'deskpilot.desktop');
    expect(await applyLaunchAtLogin(true, d)).toContain(file);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec="/home/u/Apps/Deskpilot 1.0.AppImage" --hidden');
    await applyLaunchAtLogin(false, d);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    await applyLaunchAtLogin(false, d);
    expect(calls).toEqual([]);
  });

  it('uses Electron login items on macOS and Windows (hidden start flag on Windows)', async () => {
    const mac = deps({ platform: 'darwin' });
    await applyLaunchAtLogin(true, mac.d);
    expect(mac.calls).toEqual([{ openAtLogin: true }]);
    const win = deps({ platform: 'win32' });
    await applyLaunchAtLogin(false, win.d);
    expect(win.calls).toEqual([{ openAtLogin: false, args: ['--hidden'] }]);
  });

  it('never registers a development build', async () => {
    const dev = deps({ platform: 'darwin', packaged: false });
    expect(await applyLaunchAtLogin(true, dev.d)).toMatch(/development build/);
    expect(dev.calls).toEqual([]);
  });

  it('quotes Exec arguments per the desktop entry spec and finds the autostart folder', () => {
    expect(quoteExecArgument('/opt/deskpilot')).toBe('/opt/deskpilot');
    expect(quoteExecArgument('/a b/$x"`\\')).toBe('"/a b/\\$x\\"\\`\\\\"');
    expect(autostartDesktopEntry('/opt/deskpilot')).toContain('Exec=/opt/deskpilot --hidden\n');
    expect(autostartPath({ HOME: '/home/u' })).toBe('/home/u/.config/autostart/deskpilot.desktop');
    expect(autostartPath({ HOME: '/home/u', XDG_CONFIG_HOME: 'relative' })).toBe(
      '/home/u/.config/autostart/deskpilot.desktop',
    );
  });
});
