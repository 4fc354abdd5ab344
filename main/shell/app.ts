// startShell: wires the Electron shell around a running runtime (windows, IPC, tray, hotkey, notifications, lifecycle).
import path from 'node:path';
import { app, globalShortcut, ipcMain, nativeTheme, Notification, session } from 'electron';
import { createHandlers } from '../core/api/handlers';
import type { Runtime } from '../core/runtime';
import type { Settings } from '../core/settings/schema';
import { openExternal } from './external';
import { createHotkeys } from './hotkeys';
import { serveIpc } from './ipc/handle';
import { applyLaunchAtLogin } from './loginItem';
import { createNotifier } from './notifications';
import type { NotificationSpec } from './notifyPolicy';
import type { ShellPaths } from './paths';
import { serveRenderer } from './protocol';
import { createQuickPrompt } from './quickPrompt';
import { hardenSession, hardenWebContents } from './security';
import { SHELL_EVENTS, type NavigationRequested, type ShortcutFailed } from './shellEvents';
import { createTray } from './tray';
import { createMainWindow, createWindowRegistry } from './windows';

/** Options of {@link startShell}. */
export interface ShellOptions {
  runtime: Runtime;
  paths: ShellPaths;
  /** Stay in the tray at start (started at login). */
  startHidden: boolean;
  log: Runtime['log'];
}

/** The running shell, as the composition root uses it. */
export interface Shell {
  /** Shows and focuses the main window. */
  showMainWindow(): void;
  /** Shows a native notification (the runtime's `notify` for plugins). */
  notify(spec: NotificationSpec): void;
}

/** How long quitting waits for the runtime to flush and release its lock before exiting anyway, ms. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Starts the shell after `app` is ready: hardens the default session and every webContents, serves app:// from
 * the built renderer, registers the IPC handlers and forwards bus events to our windows, opens the main window,
 * and sets up the quick prompt, tray, global shortcut, notifications, theme and launch at login. Closing windows
 * hides them; Quit (tray) closes the runtime (at most 5 s) and exits.
 */
export async function startShell(options: ShellOptions): Promise<Shell> {
  const { runtime, paths, log } = options;
  const guardDeps = { openExternal: (url: string) => void openExternal(url, log), log };
  hardenSession(session.defaultSession, log);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, guardDeps));
  serveRenderer(paths.rendererDir);

  const registry = createWindowRegistry();
  // A page learns about a shortcut that failed before it listened when it subscribes (after a load or a reload).
  let shortcutFailure: () => ShortcutFailed | null = () => null;
  const ipc = serveIpc({
    ipcMain,
    handlers: createHandlers(runtime),
    bus: runtime.bus,
    ourIds: registry.ids,
    warn: (m, f) => log.warn(m, f),
    onSubscribe: (contents, channels) => {
      const failure = shortcutFailure();
      if (failure && channels.includes(SHELL_EVENTS.shortcutFailed))
        ipc.emit(SHELL_EVENTS.shortcutFailed, failure, [contents]);
    },
  });
  const devTools = !app.isPackaged;
  const appIcon = path.join(paths.resourcesDir, 'icon.png');

  const main = await createMainWindow({
    home: runtime.home,
    preload: paths.preload,
    devTools,
    icon: appIcon,
    show: !options.startHidden,
    registry,
    log,
  });
  const openSession = (sessionId: string | null) => {
    main.show();
    const payload: NavigationRequested = { sessionId };
    ipc.emit(SHELL_EVENTS.navigationRequested, payload, [main.window.webContents]);
  };
  const quick = createQuickPrompt({ preload: paths.preload, devTools, registry, log, onOpenSession: openSession });

  const notifier = createNotifier({
    Notification,
    icon: appIcon,
    onClick: (sessionId) => (sessionId ? openSession(sessionId) : main.show()),
    log,
  });
  const stopNotifying = notifier.watch(
    runtime.bus,
    registry.anyFocused,
    async (id) => (await runtime.sessions.summary(id)).title,
  );

  const hotkeys = createHotkeys({
    shortcuts: globalShortcut,
    settings: runtime.settings,
    onTrigger: () => quick.toggle(),
    onFailure: (failure) => {
      notifier.show({ title: 'Quick-prompt shortcut not available', body: failure.message });
      ipc.emit(SHELL_EVENTS.shortcutFailed, failure);
    },
    log,
  });
  shortcutFailure = () => hotkeys.failure();
  const stopHotkey = createHotkeys({
    shortcuts: globalShortcut,
    settings: runtime.settings,
    setting: 'stopAutomationShortcut',
    purpose: 'stop-automation',
    onTrigger: () => void runtime.automation.stop(),
    onFailure: (failure) => notifier.show({ title: 'Stop-automation shortcut not available', body: failure.message }),
    log,
  });

  const disposeTray = createTray({
    runtime,
    resourcesDir: paths.resourcesDir,
    actions: { open: main.show, quickPrompt: quick.show, newChat: () => openSession(null), quit: () => app.quit() },
  });

  const applySettings = (settings: Settings, previous?: Settings) => {
    nativeTheme.themeSource = settings.theme;
    if (previous && previous.launchAtLogin === settings.launchAtLogin) return;
    applyLaunchAtLogin(settings.launchAtLogin, {
      platform: process.platform,
      packaged: app.isPackaged,
      execPath: process.execPath,
      env: process.env,
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
    }).then(
      (done) => log.info('launch at login updated', { done }),
      (error: Error) => log.warn('could not update launch at login', { error: error.message }),
    );
  };
  applySettings(runtime.settings.get());
  const stopSettings = runtime.settings.onChange(applySettings);

  app.on('second-instance', () => main.show());
  app.on('activate', () => main.show());
  // Windows only hide on close: the app lives in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    main.setQuitting();
    quick.setQuitting();
  });
  let closing: Promise<void> | undefined;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= (async () => {
      hotkeys.dispose();
      stopHotkey.dispose();
      stopSettings();
      stopNotifying();
      disposeTray();
      ipc.dispose();
      const timeout = new Promise<void>((resolve) =>
        setTimeout(() => {
          log.warn(`the runtime did not close within ${CLOSE_TIMEOUT_MS} ms; exiting anyway`, {});
          resolve();
        }, CLOSE_TIMEOUT_MS).unref(),
      );
      await Promise.race([
        runtime.close().catch((error: Error) => log.error('closing the runtime failed', { error: error.message })),
        timeout,
      ]);
      closed = true;
      app.quit();
    })();
  });

  return { showMainWindow: main.show, notify: (spec) => notifier.show(spec) };
}
