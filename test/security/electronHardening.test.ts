// Electron-free checks of DESIGN.md §9: hardened webPreferences, and each dangerous API used in exactly one place.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { hardenedWebPreferences } from '../../main/shell/webPreferences';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [full] : [];
  });
}

const files = ['main', 'preload', 'renderer', 'plugins'].flatMap((d) => sources(path.join(root, d)));
const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
const using = (pattern: RegExp) =>
  files
    .filter((f) => pattern.test(readFileSync(f, 'utf8')))
    .map(rel)
    .sort();

describe('webPreferences', () => {
  it('isolate, sandbox and keep Node out of every Deskpilot window', () => {
    const prefs = hardenedWebPreferences({ preload: '/app/out/preload/index.cjs', devTools: false });
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('is used by every BrowserWindow, and nothing weakens it', () => {
    const creators = using(/new BrowserWindow\(/);
    expect(creators).toEqual(['main/shell/quickPrompt.ts', 'main/shell/windows.ts']);
    for (const file of creators) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text.match(/new BrowserWindow\(/g)?.length).toBe(
        text.match(/webPreferences: hardenedWebPreferences\(/g)?.length,
      );
    }
    expect(using(/(nodeIntegration|contextIsolation|sandbox|webSecurity|webviewTag)\s*:\s*(true|false)/)).toEqual([
      'main/shell/webPreferences.ts',
    ]);
    expect(using(/allowRunningInsecureContent\s*:\s*true|bypassCSP\s*:\s*true|disable-web-security/)).toEqual([]);
  });

  it('enables the sandbox app-wide before anything else in the composition root', () => {
    const index = readFileSync(path.join(root, 'main/index.ts'), 'utf8');
    expect(index.indexOf('app.enableSandbox()')).toBeGreaterThan(-1);
    expect(index.indexOf('app.enableSandbox()')).toBeLessThan(index.indexOf('app.requestSingleInstanceLock()'));
  });
});

describe('dangerous APIs live in one file each', () => {
  it('shell.openExternal only in main/shell/external.ts', () => {
    expect(using(/shell\s*\.\s*openExternal|\{[^}]*\bopenExternal\b[^}]*\}\s*from\s*['"]electron['"]/)).toEqual([
      'main/shell/external.ts',
    ]);
  });

  it('ipcMain listeners only in main/shell/ipc/handle.ts', () => {
    expect(using(/ipcMain\s*\.\s*(handle|handleOnce|on|once)\s*\(/)).toEqual(['main/shell/ipc/handle.ts']);
  });

  it('exposeInMainWorld only in preload/index.ts', () => {
    expect(using(/exposeInMainWorld|exposeInIsolatedWorld/)).toEqual(['preload/index.ts']);
  });

  it('protocol handlers and permission handlers only in their shell files', () => {
    expect(
      using(/protocol\s*\.\s*(handle|registerSchemesAsPrivileged|registerFileProtocol|interceptFileProtocol)\s*\(/),
    ).toEqual(['main/shell/protocol.ts']);
    expect(using(/setPermission(Request|Check)Handler\s*\(/)).toEqual(['main/shell/security.ts']);
  });
});

describe('the preload bundle', () => {
  it('is one CommonJS file that needs only electron, and exposes a frozen RPC port {send, onMessage}', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'preload/index.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'browser',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    expect(result.outputFiles).toHaveLength(1);
    const code = result.outputFiles[0].text;
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);

    // Run it the way a sandboxed preload runs: no Node globals, a require that only knows "electron".
    const exposed: Record<string, unknown> = {};
    const sent: Array<[string, unknown]> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        send: (channel: string, frame: unknown) => sent.push([channel, frame]),
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      console,
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    const api = exposed.assistant as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['assistant']);
    expect(Object.keys(api).sort()).toEqual(['onMessage', 'send']);
    expect(Object.isFrozen(api)).toBe(true);
    // The bundled preload checks frames against the contract: a channel outside it never reaches ipcRenderer.
    const send = api.send as (frame: unknown) => void;
    send({ type: 'request', id: 1, channel: 'runtime/status', params: {} });
    expect(() => send({ type: 'request', id: 2, channel: 'fs/read', params: {} })).toThrow(/Unknown request channel/);
    expect(sent).toEqual([['deskpilot:rpc', { type: 'request', id: 1, channel: 'runtime/status', params: {} }]]);
  });
});
