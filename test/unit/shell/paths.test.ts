// Home folder and built-file locations of the desktop app.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHome } from '../../../main/core/settings/home';
import { resolveShellHome, shellPaths } from '../../../main/shell/paths';

describe('resolveShellHome', () => {
  it('prefers DESKPILOT_HOME, else <appData>/Deskpilot like the CLI', () => {
    expect(resolveShellHome({ DESKPILOT_HOME: '/tmp/dp' }, '/home/u/.config')).toBe(path.resolve('/tmp/dp'));
    expect(resolveShellHome({}, '/home/u/.config')).toBe('/home/u/.config/Deskpilot');
    expect(resolveShellHome({}, '/home/u/.config')).toBe(resolveHome({ HOME: '/home/u' }, 'linux'));
  });
});

describe('shellPaths', () => {
  it('points at out/renderer (the folder the web bridge serves), the CJS preload and resources', () => {
    expect(shellPaths('/opt/app.asar')).toEqual({
      rendererDir: path.join('/opt/app.asar', 'out', 'renderer'),
      preload: path.join('/opt/app.asar', 'out', 'preload', 'index.cjs'),
      resourcesDir: path.join('/opt/app.asar', 'resources'),
    });
  });
});
