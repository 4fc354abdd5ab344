// Where Deskpilot keeps its files (DESIGN.md §8): DESKPILOT_HOME, else the platform's app-data folder.
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** Name of the app's folder inside the platform's app-data folder; matches Electron's `userData` for the app name. */
export const APP_FOLDER = 'Deskpilot';

/**
 * The Deskpilot home folder (absolute): `DESKPILOT_HOME` when set (resolved against the cwd), else
 * Linux and others `${XDG_CONFIG_HOME || ~/.config}/Deskpilot`, macOS `~/Library/Application Support/Deskpilot`,
 * Windows `%APPDATA%\Deskpilot` (falling back to `%USERPROFILE%\AppData\Roaming`). Pure: reads only `env`
 * (`HOME`/`USERPROFILE` for `~`, `os.homedir()` when both are unset) and `platform`.
 */
export function resolveHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (env.DESKPILOT_HOME) return p.resolve(env.DESKPILOT_HOME);
  const user = (platform === 'win32' ? env.USERPROFILE : env.HOME) || env.HOME || homedir();
  if (platform === 'win32') return p.join(env.APPDATA || p.join(user, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return p.join(user, 'Library', 'Application Support', APP_FOLDER);
  const config =
    env.XDG_CONFIG_HOME && p.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : p.join(user, '.config');
  return p.join(config, APP_FOLDER);
}

/**
 * Creates the home folder (and parents) if missing, with mode 0700 (private to the user); an existing folder is left
 * as it is. Resolves to `home`. Throws an Error naming the folder and suggesting DESKPILOT_HOME when it cannot be made
 * or is not a folder.
 */
export async function ensureHome(home: string): Promise<string> {
  try {
    await mkdir(home, { recursive: true, mode: 0o700 });
    if (!(await stat(home)).isDirectory()) throw new Error('it is not a folder');
  } catch (error) {
    throw new Error(
      `Cannot use ${home} as the Deskpilot home: ${(error as Error).message}. Fix its permissions, or set DESKPILOT_HOME to a writable folder.`,
      { cause: error },
    );
  }
  return home;
}
