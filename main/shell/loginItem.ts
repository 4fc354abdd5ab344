// Launch at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux (Electron has none there).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../core/util/atomicWrite';

/** What {@link applyLaunchAtLogin} needs from the process and from Electron's `app`. */
export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** `app.isPackaged`: a development build never registers itself (it would start a bare Electron). */
  packaged: boolean;
  /** The program to start: `process.execPath`, or on Linux the AppImage file (`$APPIMAGE`) when set. */
  execPath: string;
  env: NodeJS.ProcessEnv;
  /** `app.setLoginItemSettings` (macOS, Windows; `args` are used on Windows only). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** Command-line flag of a start at login: the app starts in the tray without showing its window. */
export const HIDDEN_FLAG = '--hidden';

/**
 * Quotes one argument of a desktop entry's `Exec` key: inside double quotes, `"`, `` ` ``, `$` and `\` are
 * backslash-escaped. Spec: https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
 */
export function quoteExecArgument(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The XDG autostart entry starting `exec` hidden in the tray ({@link HIDDEN_FLAG}). */
export function autostartDesktopEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Deskpilot',
    'Comment=Desktop AI assistant in the system tray',
    `Exec=${quoteExecArgument(exec)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** `${XDG_CONFIG_HOME:-~/.config}/autostart/deskpilot.desktop`. Spec: https://specifications.freedesktop.org/autostart-spec/latest/ */
export function autostartPath(env: NodeJS.ProcessEnv): string {
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(env.HOME ?? '~', '.config');
  return path.join(config, 'autostart', 'deskpilot.desktop');
}

/**
 * Makes the OS start Deskpilot at login (`openAtLogin` true) or stops it. Returns a sentence saying what was done
 * (for the log). Throws the fs error when the Linux autostart folder is not writable.
 */
export async function applyLaunchAtLogin(openAtLogin: boolean, deps: LoginItemDeps): Promise<string> {
  if (!deps.packaged) return 'launch at login is only registered for the installed app, not a development build';
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    deps.setLoginItemSettings(deps.platform === 'win32' ? { openAtLogin, args: [HIDDEN_FLAG] } : { openAtLogin });
    return `login item ${openAtLogin ? 'set' : 'removed'}`;
  }
  const file = autostartPath(deps.env);
  if (openAtLogin) {
    await atomicWrite(file, autostartDesktopEntry(deps.env.APPIMAGE || deps.execPath));
    return `autostart entry written to ${file}`;
  }
  await rm(file, { force: true });
  return `autostart entry ${file} removed`;
}
