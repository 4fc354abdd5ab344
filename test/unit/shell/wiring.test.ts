// The composition root and shell wiring under a recording fake of `electron`: a real runtime on a temp home.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../../preload/contract/channels';
import { CSP } from '../../../main/core/bridge/static';
import * as electron from './fakeElectron';

vi.mock('electron', async () => await import('./fakeElectron'));
// The built-in plugins are exercised by their own tests; the shell does not depend on them.
vi.mock('../../../plugins/index', () => ({ builtinPlugins: [] }));

let home: string;
let appDir: string;

const main = () => electron.BrowserWindow.all[0];
const tray = () => electron.Tray.all[0];
const invoke = (channel: string, params: unknown, event: unknown = main().webContents.invokeEvent()) => {
  const handler = electron.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no IPC handler for ${channel}`);
  return handler(event, params) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
};
const eventsSent = (name: string) =>
  main().webContents.sent.filter((s) => (s.message as { event: string }).event === name);

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

  it('registers one IPC handler per contract channel and the tray menu', () => {
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    expect(tray().menu?.items.map((i) => i.label ?? '—')).toEqual([
      'Open Deskpilot',
      'Quick prompt…',
      'New chat',
      '—',
      'gpt-5-mini (not configured) · 0 pending approvals',
      'Pause autonomous runs',
      '—',
      'Quit',
    ]);
    expect(tray().tooltip).toBe('Deskpilot — idle');
    expect(electron.shortcuts.registered.has('CommandOrControl+Shift+Space')).toBe(true);
  });
});

describe('IPC', () => {
  it('answers our main frame and refuses foreign senders', async () => {
    expect(await invoke('runtime/status', {})).toMatchObject({
      ok: true,
      value: { model: 'gpt-5-mini', pendingApprovals: 0 },
    });
    expect(await invoke('runtime/status', {}, main().webContents.invokeEvent('https://evil.example/'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const stranger = { sender: { id: 9999 }, senderFrame: { url: 'app://deskpilot/index.html', parent: null } };
    expect(await invoke('runtime/status', {}, stranger)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('session/get', { sessionId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
  });

  it('forwards runtime events to the window and applies theme changes', async () => {
    const before = eventsSent('runtime/status').length;
    expect(await invoke('settings/update', { patch: { theme: 'dark' } })).toMatchObject({ ok: true });
    expect(electron.nativeTheme.themeSource).toBe('dark');
    expect(eventsSent('runtime/status').length).toBeGreaterThan(before);
    expect(main().webContents.sent.every((s) => s.channel === 'deskpilot:event')).toBe(true);
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
      main().webContents as never,
      'media' as never,
      ((g: boolean) => granted.push(g)) as never,
      { requestingUrl: 'app://deskpilot/index.html' } as never,
    );
    expect(granted).toEqual([false]);
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
  it('opens a new chat from the tray: shows the window and asks the renderer to navigate', () => {
    tray().clickItem('New chat');
    expect(main().visible).toBe(true);
    expect(eventsSent('shell/navigationRequested').at(-1)?.message).toEqual({
      event: 'shell/navigationRequested',
      payload: { sessionId: null },
    });
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
    expect(await invoke('runtime/status', {}, quick.webContents.invokeEvent())).toMatchObject({ ok: true });
    electron.shortcuts.registered.get('CommandOrControl+Shift+Space')?.();
    expect(quick.visible).toBe(false);
  });

  it('reports a shortcut that cannot be registered by notification and to the renderer', async () => {
    electron.shortcuts.taken.add('Alt+K');
    expect(await invoke('settings/update', { patch: { globalShortcut: 'Alt+K' } })).toMatchObject({ ok: true });
    expect(electron.shortcuts.registered.size).toBe(0);
    expect(electron.notifications.at(-1)).toMatchObject({
      title: 'Quick-prompt shortcut not available',
      body: expect.stringContaining('Alt+K'),
    });
    expect(eventsSent('shell/shortcutFailed').at(-1)?.message).toMatchObject({ payload: { accelerator: 'Alt+K' } });
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
    expect(electron.ipcHandlers.size).toBe(0);
  });
});
