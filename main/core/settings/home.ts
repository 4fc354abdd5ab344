// Where Deskpilot keeps its files (DESIGN.md §8): DESKPILOT_HOME, else the platform's app-data folder.
import { chmod, mkdir, stat } from 'node:fs/promises';
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
 * Creates the home folder (and parents) if missing, with mode 0700 (private to the user), and makes an existing one
 * private too: group and other permission bits are removed (POSIX only; Windows folders follow the profile's ACLs).
 * Resolves to `home`. Throws an Error naming the folder and the next step when it cannot be made, is not a folder,
 * cannot be made private (e.g. owned by another user), or is a shared sticky folder such as /tmp itself.
 */
export async function ensureHome(home: string): Promise<string> {
  try {
    await mkdir(home, { recursive: true, mode: 0o700 });
    const info = await stat(home);
    if (!info.isDirectory()) throw new Error('it is not a folder');
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      if ((info.mode & 0o1000) !== 0) throw new Error('it is a shared folder (sticky bit set, like /tmp)');
      await chmod(home, info.mode & 0o700);
    }
  } catch (error) {
    throw new Error(
      `Cannot use ${home} as the Deskpilot home: ${(error as Error).message}. Fix its permissions (it must be yours, mode 0700), or set DESKPILOT_HOME to a folder of your own.`,
      { cause: error },
    );
  }
  return home;
}
