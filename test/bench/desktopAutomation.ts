// Benchmark: the desktop plugin on Xvfb at 1920x1080. desktop_screenshot to model input (capture, scale, encode, the
// trip from the worker, the data: URL the adapters send), floor: the raw nut-js capture alone in the same run, goal
// 250 ms. Kill switch: request to abort of a running desktop_drag (AutomationControl.stop() until the tool settled),
// p95 over 50 trials, floor: a bare AbortController's abort-to-rejection, goal 200 ms.
import { AutomationControl } from '../../main/core/automation/control';
import { NativeDesktop } from '../../plugins/desktop/client';
import desktopPlugin from '../../plugins/desktop/index';
import type { ToolResult } from '../../plugins/sdk';
import { startXDisplay } from '../support/xDisplay';
import { activatePlugin, loadAverage, median, percentile, round } from './benchPlugin';
import type { BenchRecord } from './types';

const SHOTS = 10;
const SHOT_GOAL_MS = 250;
const TRIALS = 50;
const KILL_GOAL_MS = 200;
const log = { debug() {}, info() {}, warn() {}, error() {} };

/** The data: URL of a tool result's first image, as both adapters put it in the request. */
function modelInput(result: ToolResult): string {
  if (typeof result === 'string' || !result.images?.[0]) throw new Error('desktop_screenshot returned no image');
  const image = result.images[0];
  return `data:${image.mimeType};base64,${image.data}`;
}

/** Runs the desktop benchmarks and returns their records. */
export async function run(): Promise<BenchRecord[]> {
  const x = await startXDisplay({ width: 1920, height: 1080, windowManager: true });
  const saved = process.env.DISPLAY;
  process.env.DISPLAY = x.display;
  for (let i = 0; i < 4; i++)
    x.xterm(['-geometry', `100x30+${i * 420}+${i * 200}`, '-e', 'sh', '-c', 'ls -la /usr/bin | head -200; sleep 600']);
  const records: BenchRecord[] = [];
  const plugin = await activatePlugin('desktop', desktopPlugin, { screenshotMaxSize: 1280 });
  const native = new NativeDesktop({ log });
  try {
    await plugin.call('screenshot'); // starts the worker; start-up is not part of the figure
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SHOTS; i++) {
      const t0 = performance.now();
      bytes = modelInput(await plugin.call('screenshot')).length;
      times.push(performance.now() - t0);
    }
    const captures: number[] = [];
    for (let i = 0; i < SHOTS; i++) {
      const shot = await native.run('screenshot', { maxSize: 1280 }, new AbortController().signal);
      captures.push(shot.captureMs);
    }
    records.push(
      {
        bench: 'desktop',
        metric: 'screenshot_1920x1080_capture_floor_ms',
        value: round(median(captures)),
        unit: 'ms',
        repeats: SHOTS,
      },
      {
        bench: 'desktop',
        metric: 'screenshot_1920x1080_to_model_input_ms',
        value: round(median(times)),
        unit: 'ms',
        baseline: SHOT_GOAL_MS,
        ratio: round(median(times) / SHOT_GOAL_MS),
        min: round(Math.min(...times)),
        max: round(Math.max(...times)),
        repeats: SHOTS,
        loadAverage: loadAverage(),
      },
      { bench: 'desktop', metric: 'screenshot_1280x720_data_url_bytes', value: bytes, unit: 'bytes' },
    );

    const drag = plugin.tools.get('drag')!;
    const args = drag.parameters.parse({ fromX: 10, fromY: 10, toX: 1900, toY: 1000, durationMs: 30_000 });
    const control = new AutomationControl();
    const stops: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const controller = new AbortController();
      control.begin(
        { sessionId: 'bench', callId: `c${i}`, tool: 'desktop_drag', action: 'drag', target: '', startedAt: '' },
        controller,
      );
      const settled = drag
        .execute(args, { signal: controller.signal, sessionId: 'bench', callId: `c${i}`, cwd: '/', log })
        .then(
          () => undefined,
          () => undefined,
        );
      await new Promise((r) => setTimeout(r, 30));
      const t0 = performance.now();
      control.stop();
      await settled;
      stops.push(performance.now() - t0);

      const bare = new AbortController();
      const waiting = new Promise<void>((resolve) => bare.signal.addEventListener('abort', () => resolve()));
      const f0 = performance.now();
      bare.abort();
      await waiting;
      floors.push(performance.now() - f0);
    }
    const p95 = percentile(stops, 95);
    records.push(
      {
        bench: 'kill-switch',
        metric: 'abort_floor_p95_ms',
        value: Math.round(percentile(floors, 95) * 1000) / 1000,
        unit: 'ms',
        repeats: TRIALS,
      },
      {
        bench: 'kill-switch',
        metric: 'request_to_abort_p95_ms',
        value: round(p95),
        unit: 'ms',
        baseline: KILL_GOAL_MS,
        ratio: round(p95 / KILL_GOAL_MS),
        min: round(Math.min(...stops)),
        max: round(Math.max(...stops)),
        repeats: TRIALS,
        loadAverage: loadAverage(),
      },
    );
    return records;
  } finally {
    native.dispose();
    await plugin.close();
    if (saved === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = saved;
    await x.stop();
  }
}
