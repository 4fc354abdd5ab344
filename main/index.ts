// Electron composition root: sandbox, app:// scheme, single-instance lock, home, runtime, shell (DESIGN.md §2).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, dialog } from 'electron';
import { builtinPlugins } from '../plugins/index';
import { createRuntime, type Runtime } from './core/runtime';
import { AlreadyRunningError } from './core/util/lock';
import { createLogger } from './core/util/log';
import { startShell, type Shell } from './shell/app';
import { openExternal } from './shell/external';
import { HIDDEN_FLAG } from './shell/loginItem';
import type { NotificationSpec } from './shell/notifyPolicy';
import { resolveShellHome, shellPaths } from './shell/paths';
import { registerAppScheme } from './shell/protocol';

/** Windows ties notifications and the taskbar to this id; electron-builder.yml's appId must match. */
const APP_USER_MODEL_ID = 'com.deskpilot.app';

const log = createLogger('shell');

/** Shows `message` in an error dialog (stderr on Linux before ready) and exits with status 1. */
function fail(title: string, message: string): never {
  log.error(title, { message });
  dialog.showErrorBox(title, message);
  app.exit(1);
  process.exit(1);
}

app.enableSandbox();
registerAppScheme();

const home = resolveShellHome(process.env, app.getPath('appData'));
try {
  mkdirSync(home, { recursive: true, mode: 0o700 });
} catch (error) {
  fail(
    'Deskpilot cannot start',
    `Cannot use ${home} as the Deskpilot home: ${(error as Error).message}. Fix its permissions, or set DESKPILOT_HOME to a writable folder.`,
  );
}
// One app per home: the single-instance lock lives in userData. Chromium's own data stays apart in <home>/chromium.
app.setPath('userData', home);
app.setPath('sessionData', path.join(home, 'chromium'));
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

async function start(): Promise<void> {
  await app.whenReady();
  // Plugins may notify while the runtime starts, before the shell exists: those notices wait in `early`.
  const started: { shell?: Shell } = {};
  const early: NotificationSpec[] = [];
  let runtime: Runtime;
  try {
    runtime = await createRuntime({
      scheduler: { fire: true },
      home,
      plugins: builtinPlugins,
      notify: (n) => (started.shell ? started.shell.notify(n) : early.push(n)),
      openUrl: async (url) => {
        if (!(await openExternal(url, log))) throw new Error(`The system could not open ${url}. Open it by hand.`);
      },
    });
  } catch (error) {
    if (error instanceof AlreadyRunningError) {
      log.warn('another runtime owns the home', { home, pid: error.pid });
      dialog.showErrorBox(
        'Deskpilot is already running',
        `${error.message}\n\nA Deskpilot server or CLI session (pid ${error.pid}) is using ${home}. Stop it, or open its web UI, then start the app again.`,
      );
      app.quit();
      return;
    }
    fail(
      'Deskpilot could not start',
      `${(error as Error).message}\n\nThe log on stderr has details (DESKPILOT_LOG_LEVEL=debug shows more).`,
    );
  }
  // The CLI and a browser reach this runtime through the loopback bridge while the app owns the home.
  await runtime
    .serveBridge({ staticDir: path.join(app.getAppPath(), 'out', 'renderer') })
    .catch((error: Error) =>
      log.warn('the bridge could not start; the CLI cannot reach this app', { error: error.message }),
    );
  const startHidden =
    process.argv.includes(HIDDEN_FLAG) ||
    (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  const shell = await startShell({ runtime, paths: shellPaths(app.getAppPath()), startHidden, log });
  started.shell = shell;
  for (const n of early.splice(0)) shell.notify(n);
}

if (!app.requestSingleInstanceLock()) {
  // Another Deskpilot app already runs on this home: it receives 'second-instance' and shows its window.
  app.quit();
} else {
  start().catch((error: Error) =>
    fail('Deskpilot stopped unexpectedly', `${error.message}\n\nPlease report this with the log output.`),
  );
}
