// Tests for the home folder: resolution per platform and DESKPILOT_HOME, creation with mode 0700.
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureHome, resolveHome } from '../../../../main/core/settings/home';

describe('resolveHome', () => {
  it('prefers DESKPILOT_HOME on every platform, resolved to an absolute path', () => {
    expect(resolveHome({ DESKPILOT_HOME: '/data/dp', HOME: '/home/u' }, 'linux')).toBe('/data/dp');
    expect(resolveHome({ DESKPILOT_HOME: 'rel/dir' }, 'linux')).toBe(join(process.cwd(), 'rel/dir'));
    expect(resolveHome({ DESKPILOT_HOME: 'D:\\dp', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(
      'D:\\dp',
    );
  });

  it('uses XDG_CONFIG_HOME or ~/.config on Linux', () => {
    expect(resolveHome({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/Deskpilot');
    expect(resolveHome({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe('/xdg/Deskpilot');
    expect(resolveHome({ HOME: '/home/u', XDG_CONFIG_HOME: 'relative' }, 'linux')).toBe('/home/u/.config/Deskpilot');
    expect(resolveHome({ HOME: '/home/u', DESKPILOT_HOME: '' }, 'freebsd')).toBe('/home/u/.config/Deskpilot');
  });

  it('uses ~/Library/Application Support on macOS', () => {
    expect(resolveHome({ HOME: '/Users/u', XDG_CONFIG_HOME: '/xdg' }, 'darwin')).toBe(
      '/Users/u/Library/Application Support/Deskpilot',
    );
  });

  it('uses %APPDATA% on Windows, else the roaming folder under the profile', () => {
    expect(resolveHome({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Deskpilot',
    );
    expect(resolveHome({ USERPROFILE: 'C:\\Users\\u' }, 'win32')).toBe('C:\\Users\\u\\AppData\\Roaming\\Deskpilot');
  });
});

describe('ensureHome', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'deskpilot-home-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates missing folders with mode 0700 and accepts an existing one', async () => {
    const home = join(base, 'a', 'Deskpilot');
    expect(await ensureHome(home)).toBe(home);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    await expect(ensureHome(home)).resolves.toBe(home);
  });

  it('explains what to do when the path is a file', async () => {
    const home = join(base, 'file');
    await writeFile(home, 'x');
    await expect(ensureHome(home)).rejects.toThrow(/Cannot use .*file as the Deskpilot home: .*set DESKPILOT_HOME/);
  });

  it('makes an existing home private (0700) and leaves its files alone', async () => {
    const home = join(base, 'open');
    await mkdir(home);
    await chmod(home, 0o755);
    await writeFile(join(home, 'note.txt'), 'x', { mode: 0o644 });
    await ensureHome(home);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(join(home, 'note.txt'))).mode & 0o777).toBe(0o644);
  });

  it('refuses a shared sticky folder such as /tmp instead of changing it', async () => {
    const shared = join(base, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o1777);
    await expect(ensureHome(shared)).rejects.toThrow(/shared folder \(sticky bit set, like \/tmp\)/);
    expect((await stat(shared)).mode & 0o7777).toBe(0o1777);
  });
});
