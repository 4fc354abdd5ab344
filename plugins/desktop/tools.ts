// The desktop_* tools (issue 11): screenshot with its pixel-to-point mapping, mouse, keyboard, active window, wait.
// Input actions are `destructive` (asked unless a grant covers them); all run in the native worker (client.ts).
import { z } from 'zod';
import { defineTool, imageResult, type ToolDefinition, type ToolResult } from '../sdk';
import { DesktopError, type NativeDesktop } from './client';
import type { DesktopConfig } from './contract';
import { parseCombo } from './keys';
import { NO_WINDOW_MANAGER } from './preflight';
import type { Ops, Rect } from './protocol';

/** What the tools share: the worker and the settings. */
export interface DesktopToolDeps {
  native: NativeDesktop;
  config(): DesktopConfig;
}

const Coord = z.number().int().min(0).max(100_000);
const X = Coord.describe('Screen x in points (from the mapping desktop_screenshot states)');
const Y = Coord.describe('Screen y in points');

/** The text a screenshot result carries: sizes and the formula from image pixels to screen points. */
export function describeShot(shot: Ops['screenshot']['result']): string {
  const { region: r, imageWidth: w, imageHeight: h } = shot;
  const sx = r.width / w;
  const sy = r.height / h;
  const fmt = (n: number) => String(Math.round(n * 10_000) / 10_000);
  return (
    `Screenshot ${w}x${h} px of screen points (${r.x},${r.y})-(${r.x + r.width},${r.y + r.height}). ` +
    `Mapping: screen x = ${r.x} + image x * ${fmt(sx)}, screen y = ${r.y} + image y * ${fmt(sy)}. ` +
    'Give desktop_click, desktop_move, desktop_drag and desktop_scroll screen points.'
  );
}

/** Builds every desktop tool over `deps` (names are local; the host exposes them as `desktop_<name>`). */
export function createDesktopTools(deps: DesktopToolDeps): ToolDefinition[] {
  const { native } = deps;

  const shoot = (signal: AbortSignal, region?: Rect) =>
    native.run('screenshot', { region, maxSize: deps.config().screenshotMaxSize }, signal);

  const checkPoint = async (signal: AbortSignal, ...points: { x: number; y: number }[]) => {
    const screen = await native.screenSize(signal);
    for (const p of points)
      if (p.x >= screen.width || p.y >= screen.height)
        throw new DesktopError(
          `(${p.x}, ${p.y}) is off the screen (${screen.width}x${screen.height} points). Use the mapping from desktop_screenshot to turn image pixels into screen points.`,
        );
  };

  /** The result of an input action: its text, plus a screenshot of the result when the setting asks for one. */
  const done = async (text: string, signal: AbortSignal): Promise<ToolResult> => {
    if (!deps.config().verifyScreenshot) return text;
    const shot = await shoot(signal);
    return imageResult(`${text}\nVerification ${describeShot(shot)}`, [{ mimeType: 'image/png', data: shot.png }]);
  };

  const input = <P extends z.ZodType>(tool: {
    name: string;
    description: string;
    parameters: P;
    activity: (args: z.infer<P>) => { action: string; target: string };
    timeoutMs?: number;
    run: (args: z.infer<P>, signal: AbortSignal) => Promise<string>;
  }) =>
    defineTool({
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      risk: 'destructive',
      activity: tool.activity,
      timeoutMs: tool.timeoutMs ?? 30_000,
      async execute(args, ctx) {
        return done(await tool.run(args, ctx.signal), ctx.signal);
      },
    });

  return [
    defineTool({
      name: 'screenshot',
      description:
        'Takes a screenshot of the whole screen or a region (screen points), scaled down for you; the output states how image pixels map to screen points.',
      parameters: z.object({
        region: z
          .object({ x: Coord, y: Coord, width: Coord.min(1), height: Coord.min(1) })
          .optional()
          .describe('Part of the screen to capture, in screen points; omit for the whole screen'),
      }),
      risk: 'read',
      activity: (args) => ({
        action: 'screenshot',
        target: args.region
          ? `region ${args.region.width}x${args.region.height} at ${args.region.x},${args.region.y}`
          : 'whole screen',
      }),
      timeoutMs: 30_000,
      async execute(args, ctx) {
        if (args.region) {
          const screen = await native.screenSize(ctx.signal);
          const r = args.region;
          if (r.x + r.width > screen.width || r.y + r.height > screen.height)
            throw new DesktopError(
              `The region reaches past the screen (${screen.width}x${screen.height} points). Keep x + width and y + height inside it.`,
            );
        }
        const shot = await shoot(ctx.signal, args.region);
        return imageResult(describeShot(shot), [{ mimeType: 'image/png', data: shot.png }]);
      },
    }),
    input({
      name: 'move',
      description: 'Moves the mouse pointer to a screen point.',
      parameters: z.object({ x: X, y: Y }),
      activity: (a) => ({ action: 'move mouse', target: `${a.x},${a.y}` }),
      async run(a, signal) {
        await checkPoint(signal, a);
        await native.run('move', a, signal);
        return `Moved the pointer to (${a.x}, ${a.y}).`;
      },
    }),
    input({
      name: 'click',
      description: 'Clicks at a screen point: left (default), right or middle button; `double` for a double click.',
      parameters: z.object({
        x: X,
        y: Y,
        button: z.enum(['left', 'right', 'middle']).default('left'),
        double: z.boolean().default(false),
      }),
      activity: (a) => ({
        action: `${a.double ? 'double-' : ''}${a.button === 'left' ? '' : `${a.button} `}click`,
        target: `${a.x},${a.y}`,
      }),
      async run(a, signal) {
        await checkPoint(signal, a);
        await native.run('click', { x: a.x, y: a.y, button: a.button, double: a.double }, signal);
        return `${a.double ? 'Double-clicked' : 'Clicked'} ${a.button} at (${a.x}, ${a.y}).`;
      },
    }),
    input({
      name: 'drag',
      description: 'Presses a mouse button at one screen point, moves to another over `durationMs`, and releases it.',
      parameters: z.object({
        fromX: X,
        fromY: Y,
        toX: X,
        toY: Y,
        durationMs: z.number().int().min(0).max(60_000).default(500).describe('How long the move takes'),
        button: z.enum(['left', 'right', 'middle']).default('left'),
      }),
      activity: (a) => ({ action: 'drag', target: `${a.fromX},${a.fromY} → ${a.toX},${a.toY}` }),
      timeoutMs: 90_000,
      async run(a, signal) {
        const from = { x: a.fromX, y: a.fromY };
        const to = { x: a.toX, y: a.toY };
        await checkPoint(signal, from, to);
        await native.run('drag', { from, to, durationMs: a.durationMs, button: a.button }, signal);
        return `Dragged from (${from.x}, ${from.y}) to (${to.x}, ${to.y}).`;
      },
    }),
    input({
      name: 'scroll',
      description: 'Scrolls at a screen point by `amount` wheel steps in a direction.',
      parameters: z.object({
        x: X,
        y: Y,
        direction: z.enum(['up', 'down', 'left', 'right']),
        amount: z.number().int().min(1).max(100).default(3).describe('Wheel steps'),
      }),
      activity: (a) => ({ action: `scroll ${a.direction}`, target: `${a.x},${a.y}` }),
      async run(a, signal) {
        await checkPoint(signal, a);
        const dx = a.direction === 'right' ? a.amount : a.direction === 'left' ? -a.amount : 0;
        const dy = a.direction === 'down' ? a.amount : a.direction === 'up' ? -a.amount : 0;
        await native.run('scroll', { x: a.x, y: a.y, dx, dy }, signal);
        return `Scrolled ${a.direction} ${a.amount} at (${a.x}, ${a.y}).`;
      },
    }),
    input({
      name: 'type',
      description:
        'Types text exactly (symbols that need Shift included; \\n presses Enter) into the focused window. Click the target first.',
      parameters: z.object({ text: z.string().min(1).max(10_000) }),
      activity: (a) => ({
        action: 'type',
        target: JSON.stringify(a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text),
      }),
      timeoutMs: 120_000,
      async run(a, signal) {
        const { typed } = await native.run('type', { text: a.text, delayMs: deps.config().inputDelayMs }, signal);
        return `Typed ${typed} characters.`;
      },
    }),
    input({
      name: 'key',
      description: 'Presses a key or combination, e.g. "enter", "ctrl+c", "ctrl+shift+t", "alt+f4".',
      parameters: z.object({ keys: z.string().min(1).max(60) }),
      activity: (a) => ({ action: 'press', target: a.keys }),
      async run(a, signal) {
        let keys: string[];
        try {
          keys = parseCombo(a.keys);
        } catch (error) {
          throw new DesktopError((error as Error).message);
        }
        await native.run('key', { keys }, signal);
        return `Pressed ${a.keys}.`;
      },
    }),
    defineTool({
      name: 'active_window',
      description: 'Returns the title and bounds (screen points) of the focused window.',
      parameters: z.object({}),
      risk: 'read',
      activity: () => ({ action: 'read active window', target: 'desktop' }),
      async execute(_args, ctx) {
        const env = await native.inspect();
        if (env.windowManager === false) throw new DesktopError(NO_WINDOW_MANAGER);
        const win = await native.run('activeWindow', {}, ctx.signal);
        const b = win.bounds;
        return `Active window: ${JSON.stringify(win.title)} at (${b.x}, ${b.y}), ${b.width}x${b.height} points.`;
      },
    }),
    defineTool({
      name: 'wait',
      description: 'Waits `ms` milliseconds (e.g. for an app to open) before the next step.',
      parameters: z.object({ ms: z.number().int().min(1).max(60_000) }),
      risk: 'read',
      activity: (a) => ({ action: 'wait', target: `${a.ms} ms` }),
      timeoutMs: 90_000,
      async execute(args, ctx) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, args.ms);
          ctx.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              reject(new DesktopError('Stopped by the user while waiting.', true));
            },
            { once: true },
          );
        });
        return `Waited ${args.ms} ms.`;
      },
    }),
  ];
}
