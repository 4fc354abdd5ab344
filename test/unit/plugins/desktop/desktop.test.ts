// The desktop plugin on a real X display (Xvfb + openbox + xterm started here): screenshot size and content, move
// and click landing, exact typing of shifted symbols, the kill switch stopping a long drag, no DISPLAY and a
// crashing native layer giving clear errors while this process lives on.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutomationControl } from '../../../../main/core/automation/control';
import { ELECTRON_HOST_PROBLEM, NativeDesktop } from '../../../../plugins/desktop/client';
import desktopPlugin from '../../../../plugins/desktop/index';
import type { ToolDefinition, ToolResult } from '../../../../plugins/sdk';
import { startXDisplay, waitForWindow, type XDisplay } from '../../../support/xDisplay';

const log = { debug() {}, info() {}, warn() {}, error() {} };
let x: XDisplay;
let dir: string;
let savedDisplay: string | undefined;

beforeAll(async () => {
  savedDisplay = process.env.DISPLAY;
  dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-desktop-'));
  x = await startXDisplay({ width: 1280, height: 800, windowManager: true });
  process.env.DISPLAY = x.display;
}, 60_000);
afterAll(async () => {
  await desktopPlugin.deactivate?.();
  await x?.stop();
  if (savedDisplay === undefined) delete process.env.DISPLAY;
  else process.env.DISPLAY = savedDisplay;
  await rm(dir, { recursive: true, force: true });
});

async function activate(config: Record<string, unknown> = {}) {
  await desktopPlugin.deactivate?.();
  const contributions = await desktopPlugin.activate({
    manifest: {
      id: 'desktop',
      version: '1.0.0',
      displayName: 'Desktop',
      description: '',
      permissions: [],
      activation: 'startup',
    },
    home: dir,
    dataDir: path.join(dir, 'desktop'),
    log,
    state: () => Promise.reject(new Error('unused')),
    config: (schema) => schema.parse(config),
    permissions: [],
  });
  const tools = new Map((contributions.tools ?? []).map((t: ToolDefinition) => [t.name, t]));
  const call = (name: string, args: unknown = {}, signal = new AbortController().signal): Promise<ToolResult> => {
    const tool = tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    return tool.execute(tool.parameters.parse(args), { signal, sessionId: 's', callId: 'c', cwd: dir, log });
  };
  return { contributions, tools, call };
}

/** Decodes an 8-bit RGB or RGBA PNG (all five filter types): size, channels and pixels. */
function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i];
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter];
      pixels[y * stride + i] = (v + pred) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

function imageOf(result: ToolResult): { text: string; png: Buffer } {
  if (typeof result === 'string' || !result.images?.[0])
    throw new Error(`expected an image result, got ${JSON.stringify(result)}`);
  return { text: result.output, png: Buffer.from(result.images[0].data, 'base64') };
}

async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('desktop plugin on Xvfb', () => {
  it('takes an opaque, non-blank screenshot of the whole screen with its point mapping, and of a region', async () => {
    x.xterm(['-T', 'shot-target', '-geometry', '60x20+100+100', '-bg', 'white', '-fg', 'black', '-e', 'sleep 600']);
    await waitForWindow(x.display, 'shot-target');
    const { call } = await activate({ screenshotMaxSize: 1280 });
    const { text, png } = imageOf(await call('screenshot'));
    const image = decodePng(png);
    expect([image.width, image.height, image.channels]).toEqual([1280, 800, 3]);
    expect(text).toContain('screen x = 0 + image x * 1');
    const colours = new Set<number>();
    for (let i = 0; i < image.pixels.length; i += 3 * 97) colours.add(image.pixels.readUIntBE(i, 3));
    expect(colours.size).toBeGreaterThan(1); // black root window and the white xterm
    expect(colours.has(0xffffff)).toBe(true);

    const { call: small } = await activate({ screenshotMaxSize: 640 });
    const half = imageOf(await small('screenshot', { region: { x: 100, y: 100, width: 400, height: 200 } }));
    expect([decodePng(half.png).width, decodePng(half.png).height]).toEqual([400, 200]);
    expect(half.text).toContain('screen x = 100 + image x * 1, screen y = 100 + image y * 1');
    const scaled = imageOf(await small('screenshot'));
    expect(decodePng(scaled.png).width).toBe(640);
    expect(scaled.text).toContain('screen x = 0 + image x * 2, screen y = 0 + image y * 2');
  }, 120_000);

  it('moves and clicks where asked: the pointer lands on the point and the clicked window becomes active', async () => {
    x.xterm(['-T', 'left-window', '-geometry', '40x10+20+300', '-e', 'sleep 600']);
    await waitForWindow(x.display, 'left-window');
    x.xterm(['-T', 'right-window', '-geometry', '40x10+700+300', '-e', 'sleep 600']);
    await waitForWindow(x.display, 'right-window');
    const { call } = await activate();
    const native = new NativeDesktop({ log });
    try {
      await call('move', { x: 321, y: 654 });
      expect(await native.run('mousePosition', {}, new AbortController().signal)).toEqual({ x: 321, y: 654 });
      await call('click', { x: 800, y: 360 });
      expect(String(await call('active_window'))).toContain('"right-window"');
      await call('click', { x: 120, y: 360 });
      expect(await native.run('mousePosition', {}, new AbortController().signal)).toEqual({ x: 120, y: 360 });
      const active = String(await call('active_window'));
      expect(active).toContain('"left-window"');
    } finally {
      native.dispose();
    }
  }, 120_000);

  it('types a@B>#~| into xterm exactly (Shift pressed explicitly)', async () => {
    const out = path.join(dir, 'typed.txt');
    x.xterm(['-T', 'type-target', '-geometry', '60x10+300+500', '-e', 'sh', '-c', `read l; printf %s "$l" > '${out}'`]);
    await waitForWindow(x.display, 'type-target');
    const { call } = await activate();
    await call('click', { x: 400, y: 560 });
    await call('type', { text: 'a@B>#~|\n' });
    await waitFor('the typed file', () => existsSync(out) && readFileSync(out, 'utf8').length > 0);
    expect(readFileSync(out, 'utf8')).toBe('a@B>#~|');
  }, 120_000);

  it('the kill switch stops a long drag within 500 ms and releases the button', async () => {
    const { tools, call } = await activate();
    await call('move', { x: 5, y: 5 }); // the worker is up before timing starts
    const control = new AutomationControl();
    const controller = new AbortController();
    const drag = tools.get('drag')!;
    const args = drag.parameters.parse({ fromX: 10, fromY: 10, toX: 1200, toY: 700, durationMs: 20_000 });
    control.begin(
      {
        sessionId: 's',
        callId: 'c',
        tool: 'desktop_drag',
        ...drag.activity!(args),
        startedAt: new Date().toISOString(),
      },
      controller,
    );
    const running = drag.execute(args, { signal: controller.signal, sessionId: 's', callId: 'c', cwd: dir, log });
    const settled = running.then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    expect(control.stop()).toBe(1);
    const message = await settled;
    const elapsed = performance.now() - started;
    expect(message).toMatch(/Stopped by the user/);
    expect(elapsed).toBeLessThan(500);
    // The worker still answers (it was not killed) and the button is up: a plain move works.
    expect(String(await call('move', { x: 50, y: 50 }))).toContain('Moved');
  }, 120_000);

  it('reports the missing display with the fix, and a native crash as a tool error; this process lives on', async () => {
    delete process.env.DISPLAY;
    try {
      const { call, contributions } = await activate();
      await expect(call('screenshot')).rejects.toThrow(/DISPLAY is not set.*Xvfb/);
      const status = (await contributions.rpc!.health({})) as { reachable: boolean; summary: string };
      expect(status.reachable).toBe(false);
      expect(status.summary).toMatch(/display not reachable/);
    } finally {
      process.env.DISPLAY = x.display;
    }
    const other = await startXDisplay({ width: 640, height: 480, windowManager: false });
    try {
      process.env.DISPLAY = other.display;
      const { call } = await activate();
      await expect(call('active_window')).rejects.toThrow(/no window manager.*openbox/);
      imageOf(await call('screenshot'));
      await other.stop(); // the display goes away under a running worker
      await expect(call('screenshot')).rejects.toThrow(/crashed|failed/);
      expect(process.pid).toBeGreaterThan(0);
    } finally {
      process.env.DISPLAY = x.display;
      await other.stop();
    }
  }, 120_000);

  it('inside the Electron app (no Node child processes there) every tool says so instead of forking', async () => {
    const native = new NativeDesktop({ log, electron: true });
    expect((await native.inspect()).problem).toBe(ELECTRON_HOST_PROBLEM);
    await expect(native.run('screenshot', { maxSize: 640 }, new AbortController().signal)).rejects.toThrow(
      /inside the Electron app.*deskpilot serve/,
    );
  });
});
