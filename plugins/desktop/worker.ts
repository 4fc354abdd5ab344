// The desktop plugin's native worker: a child process that owns every nut-js call, so a native crash (segfault,
// X error) ends this process and not the runtime. Requests and answers are JSON over the IPC channel (protocol.ts).
// Long operations (drag, type) check for an abort request between steps and release what they pressed.
import { createRequire } from 'node:module';
import { Button, getActiveWindow, Key, keyboard, mouse, Point, Region, screen } from '@nut-tree-fork/nut-js';
import { encodePng, fitSize, scaleToRgb } from './image';
import { strokeFor } from './keys';
import type { MouseButton, Ops, OpName, WorkerRequest, WorkerResponse } from './protocol';

mouse.config.autoDelayMs = 0;
mouse.config.mouseSpeed = 100_000;
keyboard.config.autoDelayMs = 0;

/** Ids of running requests the parent asked to abort. */
const aborted = new Set<number>();

class Aborted extends Error {}

function send(message: WorkerResponse): void {
  process.send?.(message);
}

/** Yields to the event loop (so abort requests arrive) and throws when request `id` was aborted. */
async function checkpoint(id: number, ms = 0): Promise<void> {
  await new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
  if (aborted.has(id)) throw new Aborted();
}

const BUTTONS: Record<MouseButton, Button> = { left: Button.LEFT, right: Button.RIGHT, middle: Button.MIDDLE };

function keyOf(name: string): Key {
  // Cast: a numeric enum is indexable by member name at run time; the key names come from keys.ts.
  const key = (Key as unknown as Record<string, Key>)[name];
  if (key === undefined) throw new Error(`unknown key ${name}`);
  return key;
}

type Handlers = { [K in OpName]: (params: Ops[K]['params'], id: number) => Promise<Ops[K]['result']> };

const handlers: Handlers = {
  async probe() {
    const problems: string[] = [];
    if (process.platform === 'darwin') {
      try {
        const require = createRequire(import.meta.url);
        const permissions = require('@nut-tree-fork/node-mac-permissions') as {
          getAuthStatus(kind: string): string;
        };
        if (permissions.getAuthStatus('accessibility') !== 'authorized')
          problems.push(
            'macOS Accessibility permission is missing: open System Settings → Privacy & Security → Accessibility, allow Deskpilot (or your terminal), then restart it.',
          );
        if (permissions.getAuthStatus('screen') !== 'authorized')
          problems.push(
            'macOS Screen Recording permission is missing: open System Settings → Privacy & Security → Screen Recording, allow Deskpilot (or your terminal), then restart it.',
          );
      } catch {
        // The permission helper is an optional nut-js dependency; without it the first call shows the system prompt.
      }
    }
    return { screen: { width: await screen.width(), height: await screen.height() }, problems };
  },

  async screenshot({ region, maxSize }) {
    const started = performance.now();
    const full = { x: 0, y: 0, width: await screen.width(), height: await screen.height() };
    const area = region ?? full;
    const image = region
      ? await screen.grabRegion(new Region(region.x, region.y, region.width, region.height))
      : await screen.grab();
    const captured = performance.now();
    const size = fitSize(image.width, image.height, maxSize);
    const rgb = scaleToRgb(
      {
        width: image.width,
        height: image.height,
        data: image.data,
        byteWidth: image.byteWidth,
        channels: image.channels,
        order: image.colorMode === 0 ? 'bgr' : 'rgb',
      },
      size.width,
      size.height,
    );
    const png = encodePng(rgb).toString('base64');
    return {
      png,
      imageWidth: size.width,
      imageHeight: size.height,
      region: area,
      capturedWidth: image.width,
      capturedHeight: image.height,
      captureMs: Math.round(captured - started),
      encodeMs: Math.round(performance.now() - captured),
    };
  },

  async mousePosition() {
    const p = await mouse.getPosition();
    return { x: p.x, y: p.y };
  },

  async move({ x, y }) {
    await mouse.setPosition(new Point(x, y));
    return { x, y };
  },

  async click({ x, y, button, double }) {
    await mouse.setPosition(new Point(x, y));
    if (double) await mouse.doubleClick(BUTTONS[button]);
    else await mouse.click(BUTTONS[button]);
    return { x, y };
  },

  async drag({ from, to, durationMs, button }, id) {
    await mouse.setPosition(new Point(from.x, from.y));
    await mouse.pressButton(BUTTONS[button]);
    try {
      const steps = Math.max(1, Math.round(durationMs / 16));
      for (let i = 1; i <= steps; i++) {
        await checkpoint(id, durationMs / steps);
        const t = i / steps;
        await mouse.setPosition(
          new Point(Math.round(from.x + (to.x - from.x) * t), Math.round(from.y + (to.y - from.y) * t)),
        );
      }
    } finally {
      await mouse.releaseButton(BUTTONS[button]);
    }
    return to;
  },

  async scroll({ x, y, dx, dy }) {
    await mouse.setPosition(new Point(x, y));
    if (dy > 0) await mouse.scrollDown(dy);
    if (dy < 0) await mouse.scrollUp(-dy);
    if (dx > 0) await mouse.scrollRight(dx);
    if (dx < 0) await mouse.scrollLeft(-dx);
    return { x, y };
  },

  async type({ text, delayMs }, id) {
    let typed = 0;
    const chars = [...text.replace(/\r\n?/g, '\n')];
    for (const char of chars) {
      await checkpoint(id, delayMs);
      const stroke = strokeFor(char);
      if (!stroke) {
        await keyboard.type(char);
      } else {
        const key = keyOf(stroke.key);
        if (stroke.shift) await keyboard.pressKey(Key.LeftShift);
        try {
          await keyboard.pressKey(key);
          await keyboard.releaseKey(key);
        } finally {
          if (stroke.shift) await keyboard.releaseKey(Key.LeftShift);
        }
      }
      typed++;
    }
    return { typed };
  },

  async key({ keys }) {
    const codes = keys.map(keyOf);
    await keyboard.pressKey(...codes);
    await keyboard.releaseKey(...[...codes].reverse());
    return { keys };
  },

  async activeWindow() {
    const win = await getActiveWindow();
    const [title, region] = await Promise.all([win.getTitle(), win.getRegion()]);
    return { title, bounds: { x: region.left, y: region.top, width: region.width, height: region.height } };
  },
};

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'abort') {
    aborted.add(message.id);
    return;
  }
  const handler = handlers[message.op] as (params: unknown, id: number) => Promise<unknown>;
  if (!handler) {
    send({ type: 'error', id: message.id, message: `unknown operation ${message.op}` });
    return;
  }
  handler(message.params, message.id)
    .then(
      (result) => send({ type: 'result', id: message.id, result }),
      (error: unknown) =>
        send({
          type: 'error',
          id: message.id,
          message: error instanceof Aborted ? 'aborted' : error instanceof Error ? error.message : String(error),
          ...(error instanceof Aborted ? { aborted: true } : {}),
        }),
    )
    .finally(() => aborted.delete(message.id));
});
// The parent's IPC channel closing means the runtime is gone: leave with it.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
