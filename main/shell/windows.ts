// The main window (hardened, app://, hides on close, remembers its bounds) and the registry of our windows.
import { BrowserWindow, screen } from 'electron';
import type { Runtime } from '../core/runtime';
import { APP_INDEX_URL } from './appOrigin';
import { hardenedWebPreferences } from './webPreferences';
import { clampToDisplays, loadWindowState, MIN_WINDOW_SIZE, saveWindowState } from './windowState';

/** The windows that belong to Deskpilot: their webContents ids are the only trusted IPC senders. */
export interface WindowRegistry {
  /** Tracks `window` until it is closed for good. */
  add(window: BrowserWindow): void;
  /** Ids of the live windows' webContents. */
  ids(): ReadonlySet<number>;
  /** True when one of our windows has keyboard focus. */
  anyFocused(): boolean;
}

/** Creates an empty {@link WindowRegistry}. */
export function createWindowRegistry(): WindowRegistry {
  const windows = new Map<number, BrowserWindow>();
  const live = () => [...windows.values()].filter((w) => !w.isDestroyed());
  return {
    add(window) {
      const id = window.webContents.id;
      windows.set(id, window);
      window.once('closed', () => windows.delete(id));
    },
    ids: () => new Set(live().map((w) => w.webContents.id)),
    anyFocused: () => live().some((w) => w.isFocused()),
  };
}

/** Options of {@link createMainWindow}. */
export interface MainWindowOptions {
  home: string;
  preload: string;
  devTools: boolean;
  /** Window icon (Linux and Windows; macOS uses the bundle's icon). */
  icon?: string;
  /** Show once loaded (false when started at login: stay in the tray). */
  show: boolean;
  registry: WindowRegistry;
  log: Runtime['log'];
}

/** The main window and the controls the shell needs. */
export interface MainWindow {
  readonly window: BrowserWindow;
  /** Shows (restoring from minimized) and focuses it. */
  show(): void;
  /** From now on `close` really closes (app is quitting) instead of hiding. */
  setQuitting(): void;
}

const SAVE_DELAY_MS = 500;
const MAX_RELOADS_PER_MINUTE = 3;

/**
 * Creates the main window on app://deskpilot/index.html with {@link hardenedWebPreferences}, placed from
 * `<home>/window-state.json` clamped onto a visible display. Closing it hides it (the runtime keeps running in the
 * tray) unless {@link MainWindow.setQuitting} was called. Bounds are saved 500 ms after the last move or resize and
 * on close. A crashed renderer is reloaded (at most 3 times a minute).
 */
export async function createMainWindow(options: MainWindowOptions): Promise<MainWindow> {
  const { log } = options;
  const placed = clampToDisplays(
    await loadWindowState(options.home),
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const window = new BrowserWindow({
    x: placed.x,
    y: placed.y,
    width: placed.width,
    height: placed.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Deskpilot',
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: hardenedWebPreferences({ preload: options.preload, devTools: options.devTools }),
  });
  options.registry.add(window);
  let quitting = false;

  let saveTimer: NodeJS.Timeout | undefined;
  const saveNow = () => {
    clearTimeout(saveTimer);
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    saveWindowState(options.home, { ...bounds, maximized: window.isMaximized() }).catch((error: Error) =>
      log.warn('could not save the window position', { error: error.message }),
    );
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);

  window.on('close', (event) => {
    saveNow();
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });

  const reloads: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('the window renderer stopped', { reason: details.reason, exitCode: details.exitCode });
    const now = Date.now();
    while (reloads.length > 0 && now - reloads[0] > 60_000) reloads.shift();
    if (quitting || details.reason === 'clean-exit' || reloads.length >= MAX_RELOADS_PER_MINUTE) return;
    reloads.push(now);
    window.webContents.reload();
  });

  let shown = false;
  const show = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    // maximize() also shows a hidden window, so the saved maximized state is applied at the first show only.
    if (!shown && placed.maximized) window.maximize();
    shown = true;
    window.show();
    window.focus();
  };
  window.once('ready-to-show', () => {
    if (options.show) show();
  });
  window
    .loadURL(APP_INDEX_URL)
    .catch((error: Error) => log.error('the main window could not load the UI', { error: error.message }));
  return {
    window,
    show,
    setQuitting() {
      quitting = true;
    },
  };
}
