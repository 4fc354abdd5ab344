// Where the Electron app finds its home folder, built renderer, bundled preload and icons (pure).
import path from 'node:path';
import { APP_FOLDER } from '../core/settings/home';

/**
 * The Deskpilot home for the desktop app: `DESKPILOT_HOME` (resolved against the cwd) when set, else
 * `<appData>/Deskpilot`, which is Electron's `userData` for the packaged app (productName Deskpilot) and the same
 * folder main/core/settings/home.ts picks for the CLI. `appData` is `app.getPath('appData')`.
 */
export function resolveShellHome(env: NodeJS.ProcessEnv, appData: string): string {
  return env.DESKPILOT_HOME ? path.resolve(env.DESKPILOT_HOME) : path.join(appData, APP_FOLDER);
}

/** Absolute paths of the built pieces the shell loads. */
export interface ShellPaths {
  /** The built renderer (out/renderer): the root of app://deskpilot/. The web bridge serves the same folder. */
  rendererDir: string;
  /** The bundled sandboxed preload (out/preload/index.cjs). */
  preload: string;
  /** Icons and tray images (resources/). */
  resourcesDir: string;
}

/** The shell's paths under `appPath` (`app.getAppPath()`: the folder or app.asar holding package.json). */
export function shellPaths(appPath: string): ShellPaths {
  return {
    rendererDir: path.join(appPath, 'out', 'renderer'),
    preload: path.join(appPath, 'out', 'preload', 'index.cjs'),
    resourcesDir: path.join(appPath, 'resources'),
  };
}
