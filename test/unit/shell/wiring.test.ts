// The composition root and shell wiring under a recording fake of `electron`: a real runtime on a temp home.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InvokeChannel } from '../../../preload/contract/channels';
import { IPC_RPC_CHANNEL, type ServerFrame } from '../../../preload/contract/wire';
import { createAssistantPort } from '../../../preload/bridge';
import { CSP } from '../../../main/core/bridge/static';
import { createRpcClient, type RpcClient } from '../../../preload/contract/rpcClient';
import * as electron from './fakeElectron';

vi.mock('electron', async () => await import('./fakeElectron'));
// The built-in plugins are exercised by their own tests; the shell does not depend on them.
vi.mock('../../../plugins/index', () => ({ builtinPlugins: [] }));

let home: string;
let appDir: string;

const main = () => electron.BrowserWindow.all[0];
const tray = () => electron.Tray.all[0];
type Contents = ReturnType<typeof main>['webContents'];
/** The renderer side of a page's IPC: the real preload port and the RPC client the renderer runs over it. */
const transports = new Map<Contents, RpcClient>();
const pageOf = (contents: Contents = main().webContents) => {
  let transport = transports.get(contents);
  if (!transport) {
    const port = createAssistantPort(contents.rendererIpc());
    transport = createRpcClient({ send: port.send, onMessage: port.onMessage, onClose: () => () => undefined });
    transports.set(contents, transport);
  }
  return transport;
};
const invoke = (channel: string, params: unknown, contents?: Contents) =>
  // Cast: partial fakes of Electron's types: only what the code under test touches.
  pageOf(contents).request(channel as InvokeChannel, params as never) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string };
  }>;
const framesSent = (contents: Contents = main().webContents) =>
  contents.sent.map((s) => s.message as ServerFrame & { id?: unknown; event?: string });
const eventsSent = (name: string) => framesSent().filter((f) => f.type === 'event' && f.event === name);

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-shell-'));
  appDir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-appdir-'));
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  await mkdir(path.join(appDir, 'out', 'renderer'), { recursive: true });
  await writeFile(path.join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html><title>Deskpilot</title>');
  // The real tray images from resources/.
  await mkdir(path.join(appDir, 'resources'), { recursive: true });
  const { cp } = await import('node:fs/promises');
  await cp(path.resolve(__dirname, '../../../resources/tray'), path.join(appDir, 'resources', 'tray'), {
    recursive: true,
  });
  electron.setAppPath(appDir);
  vi.stubEnv('DESKPILOT_HOME', home);
  await import('../../../main/index');
  await vi.waitFor(() => expect(electron.Tray.all).toHaveLength(1), { timeout: 10_000 });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
  await rm(appDir, { recursive: true, force: true });
});

describe('startup', () => {
  it('enables the sandbox and registers app:// as privileged before ready, then takes the single-instance lock', () => {
    expect(electron.calls.indexOf('enableSandbox')).toBe(0);
    expect(electron.privileged).toEqual([
      {
        schemes: [{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }],
        beforeReady: true,
      },
    ]);
    expect(electron.calls.indexOf('requestSingleInstanceLock')).toBeLessThan(electron.calls.indexOf('ready'));
    expect(electron.app.getPath('userData')).toBe(home);
    expect(electron.app.getPath('sessionData')).toBe(path.join(home, 'chromium'));
  });

  it('opens the hardened main window on app:// served with the strict CSP', async () => {
    expect(electron.BrowserWindow.all).toHaveLength(1);
    expect(main().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      preload: path.join(appDir, 'out', 'preload', 'index.cjs'),
    });
    expect(main().webContents.url).toBe('app://deskpilot/index.html');
    await vi.waitFor(() => expect(main().webContents.lastResponse).toEqual({ status: 200, csp: CSP }), {
      timeout: 10_000,
    });
    expect(main().visible).toBe(true);
  });

  it('listens on the one RPC channel and builds the tray menu', () => {
    expect([...electron.ipcListeners.keys()]).toEqual([IPC_RPC_CHANNEL]);
    expect(tray().menu?.items.map((i) => i.label ?? '—')).toEqual([
      'Open Deskpilot',
      'Quick prompt…',
      'New chat',
      '—',
      'gpt-5-mini (not configured) · 0 pending approvals',
      'Stop automation',
      'Pause autonomous runs',
      '—',
      'Quit',
    ]);
    expect(tray().tooltip).toBe('Deskpilot — idle');
    expect(electron.shortcuts.registered.has('CommandOrControl+Shift+Space')).toBe(true);
    expect(electron.shortcuts.registered.has('CommandOrControl+Shift+F12')).toBe(true);
  });
});

describe('IPC', () => {
  it('answers our main frame through the preload port and the RPC core; bad params are invalid_params', async () => {
    expect(await invoke('runtime/status', {})).toMatchObject({
      ok: true,
      value: { model: 'gpt-5-mini', pendingApprovals: 0 },
    });
    expect(await invoke('session/get', { sessionId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
    expect(await invoke('bridge/loginUrl', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('drops frames from foreign senders without a reply, and keeps serving our page', async () => {
    const before = framesSent().length;
    const request = { type: 'request', id: 'foreign', channel: 'runtime/status', params: {} };
    electron.emitIpc(IPC_RPC_CHANNEL, main().webContents.invokeEvent('https://evil.example/'), request);
    electron.emitIpc(
      IPC_RPC_CHANNEL,
      { sender: { id: 9999 }, senderFrame: { url: 'app://deskpilot/index.html', parent: null } },
      request,
    );
    electron.emitIpc(
      IPC_RPC_CHANNEL,
      { sender: main().webContents, senderFrame: { url: 'app://deskpilot/index.html', parent: {} } },
      request,
    );
    // Frames are handled in order: once our page's later request is answered, the foreign ones were handled.
    expect(await invoke('runtime/status', {})).toMatchObject({ ok: true });
    expect(
      framesSent()
        .slice(before)
        .filter((f) => f.id === 'foreign'),
    ).toEqual([]);
  });

  it('sends a page only the events it subscribed to, and applies theme changes', async () => {
    const page = pageOf();
    const statuses: unknown[] = [];
    const off = page.on('runtime/statusChanged', (s) => statuses.push(s));
    expect(await invoke('settings/update', { patch: { theme: 'dark' } })).toMatchObject({ ok: true });
    expect(electron.nativeTheme.themeSource).toBe('dark');
    await vi.waitFor(() => expect(statuses.length).toBeGreaterThan(0));
    expect(main().webContents.sent.every((s) => s.channel === IPC_RPC_CHANNEL)).toBe(true);
    off();
    const sentBefore = eventsSent('runtime/statusChanged').length;
    // The unsubscribe frame went out before this request, so the status change it causes is not sent.
    expect(await invoke('settings/update', { patch: { theme: 'light' } })).toMatchObject({ ok: true });
    expect(eventsSent('runtime/statusChanged').length).toBe(sentBefore);
    expect(eventsSent('agent/event')).toEqual([]);
  });

  it('a reload ends the page connection: its subscriptions are gone', async () => {
    const page = pageOf();
    page.on('session/updated', () => undefined);
    expect(await invoke('session/create', {})).toMatchObject({ ok: true });
    const seen = eventsSent('session/updated').length;
    expect(seen).toBeGreaterThan(0);
    main().webContents.emit('did-navigate');
    transports.delete(main().webContents);
    expect(await invoke('session/create', {})).toMatchObject({ ok: true });
    expect(eventsSent('session/updated').length).toBe(seen);
  });
});

describe('window guards', () => {
  it('keeps navigation on the app origin and sends https links to the browser', () => {
    const toHttps = electron.fakeEvent({ url: 'https://example.com/docs', isMainFrame: true });
    main().webContents.emit('will-navigate', toHttps);
    expect(toHttps.defaultPrevented).toBe(true);
    expect(electron.opened).toEqual(['https://example.com/docs']);
    const toFile = electron.fakeEvent({ url: 'file:///etc/passwd', isMainFrame: true });
    main().webContents.emit('will-navigate', toFile);
    expect(toFile.defaultPrevented).toBe(true);
    const inApp = electron.fakeEvent({ url: 'app://deskpilot/index.html#/chat/1', isMainFrame: true });
    main().webContents.emit('will-navigate', inApp);
    expect(inApp.defaultPrevented).toBe(false);
    const redirect = electron.fakeEvent({ url: 'https://example.com/', isMainFrame: true });
    main().webContents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    expect(electron.opened).toHaveLength(1);
  });

  it('denies window.open, <webview> and permissions', () => {
    expect(main().webContents.windowOpenHandler?.({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    expect(electron.opened.at(-1)).toBe('https://example.com/x');
    expect(main().webContents.windowOpenHandler?.({ url: 'app://deskpilot/index.html' })).toEqual({ action: 'deny' });
    const webview = electron.fakeEvent();
    main().webContents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    const granted: boolean[] = [];
    electron.permissionHandlers.request?.(
      // Cast: partial fakes of Electron's types: only what the code under test touches.
      main().webContents as never,
      'media' as never,
      ((g: boolean) => granted.push(g)) as never,
      { requestingUrl: 'app://deskpilot/index.html' } as never,
    );
    expect(granted).toEqual([false]);
    // Cast: partial fakes of Electron's types: only what the code under test touches.
    expect(electron.permissionHandlers.check?.(null as never, 'geolocation' as never, 'app://deskpilot' as never)).toBe(
      false,
    );
  });

  it('hides the main window on close instead of closing it', () => {
    main().close();
    expect(main().destroyed).toBe(false);
    expect(main().visible).toBe(false);
  });
});

describe('tray, quick prompt and shortcut', () => {
  it('opens a new chat from the tray: shows the window and asks the renderer to navigate', async () => {
    const got: unknown[] = [];
    pageOf().on('shell/navigationRequested', (e) => got.push(e));
    await invoke('runtime/status', {});
    tray().clickItem('New chat');
    expect(main().visible).toBe(true);
    await vi.waitFor(() => expect(got).toEqual([{ sessionId: null }]));
  });

  it('pauses and resumes autonomous runs', async () => {
    tray().clickItem('Pause autonomous runs');
    expect(await invoke('runtime/status', {})).toMatchObject({ value: { autonomousPaused: true } });
    expect(tray().menu?.items.some((i) => i.label === 'Resume autonomous runs')).toBe(true);
    tray().clickItem('Resume autonomous runs');
    expect(await invoke('runtime/status', {})).toMatchObject({ value: { autonomousPaused: false } });
  });

  it('toggles the hardened, always-on-top quick prompt with the shortcut; its page may call the runtime', async () => {
    electron.shortcuts.registered.get('CommandOrControl+Shift+Space')?.();
    await vi.waitFor(() => expect(electron.BrowserWindow.all).toHaveLength(2));
    const quick = electron.BrowserWindow.all[1];
    expect(quick.options).toMatchObject({
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(quick.webContents.url).toBe('app://deskpilot/index.html#/quick');
    await vi.waitFor(() => expect(quick.visible).toBe(true));
    expect(await invoke('runtime/status', {}, quick.webContents)).toMatchObject({ ok: true });
    electron.shortcuts.registered.get('CommandOrControl+Shift+Space')?.();
    expect(quick.visible).toBe(false);
  });

  it('reports a shortcut that cannot be registered by notification and to the renderer, also to a page that subscribes later', async () => {
    pageOf().on('shell/shortcutFailed', () => undefined);
    electron.shortcuts.taken.add('Alt+K');
    expect(await invoke('settings/update', { patch: { globalShortcut: 'Alt+K' } })).toMatchObject({ ok: true });
    expect(electron.shortcuts.registered.has('Alt+K')).toBe(false);
    expect([...electron.shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+F12']);
    expect(electron.notifications.at(-1)).toMatchObject({
      title: 'Quick-prompt shortcut not available',
      body: expect.stringContaining('Alt+K'),
    });
    await vi.waitFor(() =>
      expect(eventsSent('shell/shortcutFailed').at(-1)).toMatchObject({ payload: { accelerator: 'Alt+K' } }),
    );
    // A reloaded page learns about it as soon as it subscribes.
    main().webContents.emit('did-navigate');
    transports.delete(main().webContents);
    const late: unknown[] = [];
    pageOf().on('shell/shortcutFailed', (p) => late.push(p));
    await vi.waitFor(() => expect(late).toMatchObject([{ accelerator: 'Alt+K' }]));
  });
});

describe('quit', () => {
  it('closes the windows and the runtime, releasing the home lock, then exits', async () => {
    const lock = path.join(home, 'runtime', 'lock');
    expect(existsSync(lock)).toBe(true);
    tray().clickItem('Quit');
    await vi.waitFor(() => expect(electron.calls).toContain('exited'), { timeout: 10_000 });
    expect(existsSync(lock)).toBe(false);
    expect(main().destroyed).toBe(true);
    expect(electron.shortcuts.registered.size).toBe(0);
    expect(tray().destroyed).toBe(true);
    expect(electron.ipcListeners.size).toBe(0);
  });
});
