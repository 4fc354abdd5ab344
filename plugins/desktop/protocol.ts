// Messages between the desktop plugin and its native worker process (JSON over the Node IPC channel).

/** A point on the screen in screen points (logical pixels, origin top-left of the virtual screen). */
export interface Point {
  x: number;
  y: number;
}

/** A rectangle in screen points. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Mouse buttons the tools press. */
export type MouseButton = 'left' | 'right' | 'middle';

/** Every operation the worker runs, by name, with its parameters and result. */
export interface Ops {
  /** Checks permissions (macOS) and the screen size before the first input; no input is synthesized. */
  probe: {
    params: Record<string, never>;
    result: { screen: { width: number; height: number }; problems: string[] };
  };
  screenshot: {
    params: { region?: Rect; maxSize: number };
    result: {
      /** base64 PNG, opaque RGB. */
      png: string;
      imageWidth: number;
      imageHeight: number;
      /** The screen area the image shows, in screen points. */
      region: Rect;
      /** Size of the capture in physical pixels (larger than `region` on HiDPI screens). */
      capturedWidth: number;
      capturedHeight: number;
      /** Milliseconds spent capturing, and scaling + encoding. */
      captureMs: number;
      encodeMs: number;
    };
  };
  mousePosition: { params: Record<string, never>; result: Point };
  move: { params: Point; result: Point };
  click: { params: Point & { button: MouseButton; double: boolean }; result: Point };
  drag: { params: { from: Point; to: Point; durationMs: number; button: MouseButton }; result: Point };
  scroll: { params: Point & { dx: number; dy: number }; result: Point };
  type: { params: { text: string; delayMs: number }; result: { typed: number } };
  key: { params: { keys: string[] }; result: { keys: string[] } };
  activeWindow: { params: Record<string, never>; result: { title: string; bounds: Rect } };
}

/** An operation's name. */
export type OpName = keyof Ops;

/** Parent → worker: run `op` (answered by a {@link WorkerResponse} with the same `id`), or abort a running one. */
export type WorkerRequest = { type: 'run'; id: number; op: OpName; params: unknown } | { type: 'abort'; id: number };

/** Worker → parent: the outcome of request `id`; `aborted` is true when it stopped because of an abort request. */
export type WorkerResponse =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string; aborted?: boolean }
  | { type: 'ready' };
