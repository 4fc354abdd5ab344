// A real X display for desktop automation tests and benchmarks: Xvfb on a free display number (-displayfd), an
// optional openbox window manager and xterm windows. Missing programs fail naming the Debian package to install.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Programs the desktop tests run, with the Debian package that provides each. */
const PACKAGES: Record<string, string> = { Xvfb: 'xvfb', openbox: 'openbox', xterm: 'xterm', xwininfo: 'x11-utils' };

/** Throws naming the Debian package when `program` is not on PATH. */
export function requireProgram(program: keyof typeof PACKAGES): void {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program]).status === 0;
  if (!found)
    throw new Error(
      `${program} is not installed; this test needs it. Install the Debian package: apt-get install -y ${PACKAGES[program]}`,
    );
}

/** A running Xvfb with what the test started on it. */
export interface XDisplay {
  /** The DISPLAY value, e.g. `:12`. */
  display: string;
  /** Starts an xterm (`args` after the defaults) on this display; it is killed by {@link XDisplay.stop}. */
  xterm(args: string[]): ChildProcess;
  /** Kills everything started here, Xvfb last; resolves once Xvfb exited. */
  stop(): Promise<void>;
  /** The Xvfb process (tests kill it to simulate a display going away). */
  server: ChildProcess;
}

/**
 * Starts `Xvfb -screen 0 <width>x<height>x24` on a free display and, with `windowManager`, openbox (waiting until it
 * advertises itself on the root window). Rejects naming the Debian package when a program is missing.
 */
export async function startXDisplay(opts: {
  width: number;
  height: number;
  windowManager: boolean;
}): Promise<XDisplay> {
  requireProgram('Xvfb');
  if (opts.windowManager) requireProgram('openbox');
  const server = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${opts.width}x${opts.height}x24`, '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  server.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fd3 = server.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    server.once('exit', (code) =>
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.slice(-500)}`)),
    );
  });
  const display = `:${number}`;
  const env = { ...process.env, DISPLAY: display };
  const children: ChildProcess[] = [];
  if (opts.windowManager) {
    children.push(spawn('openbox', [], { env, stdio: 'ignore' }));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const probe = spawnSync('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env, encoding: 'utf8' });
      if (probe.error) throw new Error('xprop is missing; install the Debian package: apt-get install -y x11-utils');
      if (/window id #/.test(probe.stdout)) break;
      if (Date.now() > deadline) throw new Error('openbox did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    display,
    server,
    xterm(args) {
      requireProgram('xterm');
      const child = spawn('xterm', args, { env, stdio: 'ignore' });
      children.push(child);
      return child;
    },
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Waits until an X window with `title` is mapped on `display` (xwininfo); rejects after `timeoutMs`. */
export async function waitForWindow(display: string, title: string, timeoutMs = 30_000): Promise<void> {
  requireProgram('xwininfo');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = spawnSync('xwininfo', ['-name', title], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' });
    if (r.status === 0 && /Map State: IsViewable/.test(r.stdout)) return;
    if (Date.now() > deadline)
      throw new Error(`no window titled ${title} appeared on ${display} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
