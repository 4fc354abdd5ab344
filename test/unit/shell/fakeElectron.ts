// A recording stand-in for the `electron` module (the binary cannot run here), for the shell wiring tests via vi.mock.
import { EventEmitter } from 'node:events';

/** An Electron-style event whose default can be prevented. */
export interface FakeEvent {
  preventDefault(): void;
  defaultPrevented: boolean;
  [key: string]: unknown;
}

/** Creates an event object carrying `fields` (e.g. `{url}`). */
export function fakeEvent(fields: Record<string, unknown> = {}): FakeEvent {
  const event: FakeEvent = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

type Handler = (...args: never[]) => unknown;

/** Everything the fake records, in the order it happened. */
export const calls: string[] = [];
const paths = new Map<string, string>([['appData', '/nonexistent/appData']]);
let appPath = '/nonexistent/app';
let nextId = 1;

/** Points `app.getAppPath()` at a folder (with out/renderer, resources). */
export function setAppPath(dir: string): void {
  appPath = dir;
}

type RendererListener = (event: unknown, ...args: unknown[]) => void;

class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  readonly sent: Array<{ channel: string; message: unknown }> = [];
  /** Listeners of the page's `ipcRenderer` (see {@link rendererIpc}), by channel. */
  private readonly rendererListeners = new Map<string, Set<RendererListener>>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  lastResponse: { status: number; csp: string | null } | undefined;
  isDestroyed = () => this.destroyed;
  getURL = () => this.url;
  isLoading = () => false;
  /** Like Electron: the message is copied (structured clone) and reaches the page's listeners later. */
  send(channel: string, message: unknown) {
    this.sent.push({ channel, message });
    const copy = structuredClone(message);
    queueMicrotask(() => {
      for (const listener of [...(this.rendererListeners.get(channel) ?? [])])
        listener({ sender: 'ipcRenderer' }, copy);
    });
  }
  /**
   * The `ipcRenderer` of the page in this webContents, as its preload sees it: `send` reaches `ipcMain.on` listeners
   * (copied, later) with an event whose sender frame is the main frame on `url` (default: the page's URL).
   */
  rendererIpc(url?: string) {
    return {
      send: (channel: string, ...args: unknown[]) => {
        const copies = structuredClone(args);
        queueMicrotask(() => emitIpc(channel, this.invokeEvent(url ?? this.url), ...copies));
      },
      on: (channel: string, listener: RendererListener) => {
        let set = this.rendererListeners.get(channel);
        if (!set) this.rendererListeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener: (channel: string, listener: RendererListener) => {
        this.rendererListeners.get(channel)?.delete(listener);
      },
    };
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  reload() {
    calls.push(`reload ${this.id}`);
  }
  /** The trusted-sender shape ipcMain handlers receive for a request from this page's main frame. */
  invokeEvent(url = this.url): { sender: FakeWebContents; senderFrame: { url: string; parent: null } } {
    return { sender: this, senderFrame: { url, parent: null } };
  }
}

/** The BrowserWindow stand-in; `all` lists every window created. */
export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };
  alwaysOnTop: unknown[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: Number(options.x ?? 0),
      y: Number(options.y ?? 0),
      width: Number(options.width),
      height: Number(options.height),
    };
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  async loadURL(url: string) {
    this.webContents.url = url;
    const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    if (handler) {
      const response = (await handler({ url, method: 'GET' })) as Response;
      this.webContents.lastResponse = { status: response.status, csp: response.headers.get('content-security-policy') };
    }
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
  isDestroyed = () => this.destroyed;
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isMinimized = () => false;
  isMaximized = () => this.maximized;
  restore() {}
  maximize() {
    this.maximized = true;
    this.visible = true;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  focus() {
    this.focused = true;
  }
  setAlwaysOnTop(...args: unknown[]) {
    this.alwaysOnTop = args;
  }
  setBounds(bounds: { x: number; y: number; width: number; height: number }) {
    this.bounds = bounds;
  }
  getNormalBounds() {
    return this.bounds;
  }
  /** Like a click on the close button: 'close' may be prevented; otherwise the window is destroyed. */
  close() {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

const protocolHandlers = new Map<string, (request: { url: string; method: string }) => unknown>();
/** Privileged schemes registered, with the `app.whenReady` state at the time. */
export const privileged: Array<{ schemes: unknown; beforeReady: boolean }> = [];
let ready = false;

class FakeApp extends EventEmitter {
  isPackaged = false;
  exitCode: number | undefined;
  quitRequested = 0;
  loginItems: unknown[] = [];
  enableSandbox() {
    calls.push('enableSandbox');
  }
  getPath(name: string) {
    return paths.get(name) ?? `/nonexistent/${name}`;
  }
  setPath(name: string, value: string) {
    paths.set(name, value);
  }
  getAppPath() {
    return appPath;
  }
  requestSingleInstanceLock() {
    calls.push('requestSingleInstanceLock');
    return true;
  }
  async whenReady() {
    ready = true;
    calls.push('ready');
  }
  setAppUserModelId() {}
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  setLoginItemSettings(settings: unknown) {
    this.loginItems.push(settings);
  }
  /** Like Electron: 'before-quit', then 'will-quit' (preventable); an unprevented quit ends the app. */
  quit() {
    this.quitRequested++;
    calls.push('quit');
    this.emit('before-quit', fakeEvent());
    for (const window of BrowserWindow.all) if (!window.destroyed) window.close();
    const event = fakeEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) calls.push('exited');
  }
  exit(code: number) {
    this.exitCode = code;
    calls.push(`exit ${code}`);
  }
}

/** `app`: lifecycle events, paths, login items; records quit and exit. */
export const app = new FakeApp();

/** `protocol`: records privileged schemes and handlers (BrowserWindow.loadURL calls the handler). */
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown) {
    privileged.push({ schemes, beforeReady: !ready });
  },
  handle(scheme: string, handler: (request: { url: string; method: string }) => unknown) {
    protocolHandlers.set(scheme, handler);
  },
};

/** The default session's permission handlers, as installed by the shell. */
export const permissionHandlers: { request?: Handler; check?: Handler } = {};
/** `session.defaultSession` with the permission handler setters. */
export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Handler) {
      permissionHandlers.request = handler;
    },
    setPermissionCheckHandler(handler: Handler) {
      permissionHandlers.check = handler;
    },
  },
};

/** An `ipcMain` listener; it declares the event shape it reads (the fake passes whatever a test gives). */
type MainListener = (event: never, ...args: never[]) => void;
/** ipcMain.on listeners by channel. */
export const ipcListeners = new Map<string, Set<MainListener>>();
/** `ipcMain` with on/removeListener. */
export const ipcMain = {
  on(channel: string, listener: MainListener) {
    let set = ipcListeners.get(channel);
    if (!set) ipcListeners.set(channel, (set = new Set()));
    set.add(listener);
  },
  removeListener(channel: string, listener: MainListener) {
    ipcListeners.get(channel)?.delete(listener);
    if (ipcListeners.get(channel)?.size === 0) ipcListeners.delete(channel);
  },
};
/** Delivers an IPC message to the `ipcMain.on` listeners of `channel` with `event` (any sender, e.g. a forged one). */
export function emitIpc(channel: string, event: unknown, ...args: unknown[]): void {
  // The listener trusts its declared event shape, as production code trusts Electron's.
  for (const listener of [...(ipcListeners.get(channel) ?? [])])
    (listener as (event: unknown, ...args: unknown[]) => void)(event, ...args);
}

const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
/** `screen`: one 1920×1080 display. */
export const screen = {
  getAllDisplays: () => [{ workArea }],
  getPrimaryDisplay: () => ({ workArea }),
  getDisplayNearestPoint: () => ({ workArea }),
  getCursorScreenPoint: () => ({ x: 10, y: 10 }),
};

/** A context menu as built from a template. */
export interface FakeMenu {
  items: Array<{ label?: string; enabled?: boolean; type?: string; click?: () => void }>;
}
/** `Menu.buildFromTemplate` returning the template items. */
export const Menu = { buildFromTemplate: (items: FakeMenu['items']): FakeMenu => ({ items }) };

/** `nativeImage.createFromBuffer` recording the representations added. */
export const nativeImage = {
  createFromBuffer(buffer: Buffer, options: { scaleFactor: number }) {
    const representations = [{ scaleFactor: options.scaleFactor, bytes: buffer.length }];
    return {
      representations,
      addRepresentation: (r: { scaleFactor: number; buffer: Buffer }) =>
        representations.push({ scaleFactor: r.scaleFactor, bytes: r.buffer.length }),
    };
  },
};

/** The tray stand-in; `all` lists every tray created. */
export class Tray extends EventEmitter {
  static readonly all: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: FakeMenu | undefined;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.all.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu) {
    this.menu = menu;
  }
  isDestroyed = () => this.destroyed;
  destroy() {
    this.destroyed = true;
  }
  /** Clicks the menu item labelled `label`. */
  clickItem(label: string) {
    const item = this.menu?.items.find((i) => i.label === label);
    if (!item?.click)
      throw new Error(`no menu item "${label}" in ${JSON.stringify(this.menu?.items.map((i) => i.label))}`);
    item.click();
  }
}

/** Notifications shown. */
export const notifications: Array<{ title?: string; body?: string }> = [];
/** `Notification`: `show()` records the options in {@link notifications}. */
export class Notification extends EventEmitter {
  static isSupported = () => true;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
  }
  show() {
    notifications.push(this.options);
  }
}

/** Registered global shortcuts; `taken` ones belong to "another app". */
export const shortcuts = { registered: new Map<string, () => void>(), taken: new Set<string>() };
/** `globalShortcut` backed by {@link shortcuts}. */
export const globalShortcut = {
  register(accelerator: string, callback: () => void) {
    if (shortcuts.taken.has(accelerator)) return false;
    shortcuts.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string) {
    shortcuts.registered.delete(accelerator);
  },
};

/** Error boxes shown. */
export const errorBoxes: Array<{ title: string; content: string }> = [];
/** `dialog.showErrorBox` recording into {@link errorBoxes}. */
export const dialog = {
  showErrorBox(title: string, content: string) {
    errorBoxes.push({ title, content });
  },
};

/** `nativeTheme` with a writable `themeSource`. */
export const nativeTheme = { themeSource: 'system' };

/** URLs handed to the system browser. */
export const opened: string[] = [];
/** `shell.openExternal` recording into {@link opened}. */
export const shell = {
  async openExternal(url: string) {
    opened.push(url);
  },
};
