// Checks the desktop environment before the first native call: a display to talk to (X11, or XWayland under
// Wayland) and a window manager (nut-js getActiveWindow without one is an X error that kills its process).
// Each problem comes with the fix. macOS permissions are checked by the worker's `probe` (they need native code).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

/** What the environment allows: `problem` (with the fix) stops every desktop tool; `windowManager` only the active window. */
export interface DesktopEnvironment {
  /** Why desktop automation cannot run here, with the fix; null when a display is reachable. */
  problem: string | null;
  /** The display in use (e.g. `:99`), when there is one. */
  display?: string;
  /** false when the X display runs no window manager (desktop_active_window would crash); null when unknown. */
  windowManager: boolean | null;
}

/** The environment variables the checks read. */
export type Env = Record<string, string | undefined>;

const NO_DISPLAY_FIX =
  'Run Deskpilot inside a desktop session, or start a virtual display (Debian package xvfb): `Xvfb :99 -screen 0 1920x1080x24 &` and start Deskpilot with DISPLAY=:99.';

/** Connects to the X server's socket for `display` (`:N`, `unix:N`, `host:N`); resolves true when it accepts. */
function xServerAnswers(display: string, timeoutMs = 1500): Promise<boolean> {
  const m = /^([^:]*):(\d+)(?:\.\d+)?$/.exec(display);
  if (!m) return Promise.resolve(false);
  const [, host, num] = m;
  const local = host === '' || host === 'unix';
  const socketPath = `/tmp/.X11-unix/X${num}`;
  if (local && !existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = local ? net.connect(socketPath) : net.connect(6000 + Number(num), host);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * True when the root window advertises a window manager (`_NET_SUPPORTING_WM_CHECK`), false when it does not,
 * null when `xprop` (Debian package x11-utils) is not installed to ask.
 */
function windowManagerRunning(display: string): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile(
      'xprop',
      ['-root', '_NET_SUPPORTING_WM_CHECK'],
      { env: { ...process.env, DISPLAY: display }, timeout: 3000 },
      (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
        resolve(!error && /window id #/.test(stdout));
      },
    );
  });
}

/**
 * Inspects the environment `env` on `platform` (no native code runs). Linux and BSD need an X display: no DISPLAY
 * (or Wayland without XWayland) and an unreachable X server are problems with their fix. Windows and macOS pass here
 * (macOS permissions are checked by the worker).
 */
export async function inspectEnvironment(env: Env, platform: NodeJS.Platform): Promise<DesktopEnvironment> {
  if (platform === 'win32' || platform === 'darwin') return { problem: null, windowManager: true };
  const display = env.DISPLAY?.trim();
  if (!display) {
    if (env.WAYLAND_DISPLAY)
      return {
        problem: `This is a Wayland session without XWayland (WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}, no DISPLAY): desktop automation needs X11. Enable XWayland in your compositor (most run it by default; check that the xwayland package is installed), or log in to an X11 session.`,
        windowManager: null,
      };
    return {
      problem: `No display: DISPLAY is not set, so there is no screen to see or control. ${NO_DISPLAY_FIX}`,
      windowManager: null,
    };
  }
  if (!(await xServerAnswers(display)))
    return {
      problem: `The X display ${display} (from DISPLAY) does not answer: its server is not running or not reachable. Start it, or point DISPLAY at a running one. ${NO_DISPLAY_FIX}`,
      display,
      windowManager: null,
    };
  return { problem: null, display, windowManager: await windowManagerRunning(display) };
}

/** The error desktop_active_window returns when the display has no window manager. */
export const NO_WINDOW_MANAGER =
  'The X display runs no window manager, so there is no active window to report (asking would crash the native layer). Start one (e.g. Debian package openbox: `openbox &`) or use desktop_screenshot instead.';
