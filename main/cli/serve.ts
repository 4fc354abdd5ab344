// `deskpilot serve`: the runtime headless, with the bridge serving the built UI on 127.0.0.1.
import path from 'node:path';
import type { Runtime } from '../core/runtime';
import { packageRoot } from '../core/util/packageRoot';
import type { Io } from './run';

/** Options of `deskpilot serve`. */
export interface ServeOptions {
  /** Port to listen on: 0 = any free one; absent = the home's remembered port (another free one when busy). */
  port?: number;
  open: boolean;
  /** Opens a file or URL with the system's opener (xdg-open, open, start). */
  opener: (target: string) => Promise<void>;
}

/**
 * Starts the bridge, prints `Deskpilot is ready: <login url>` and resolves (exit code 0) on SIGINT/SIGTERM/SIGHUP or
 * `stop`; the caller's `runtime.close()` then closes the bridge. With `open`, the browser is opened on a 0600 login
 * page in `<home>/runtime/` (deleted once used), never on the ticket URL itself: argv is readable by every local user.
 */
export async function serve(runtime: Runtime, options: ServeOptions, io: Io, stop?: Promise<void>): Promise<number> {
  const bridge = await runtime.serveBridge({
    port: options.port,
    staticDir: path.join(packageRoot(), 'out', 'renderer'),
  });
  io.stdout.write(`Deskpilot is ready: ${bridge.loginUrl()}\n`);
  io.stderr.write('The link works once. For a new one later, run `deskpilot open` (`--open` opens the browser).\n');
  if (options.open) {
    const page = await bridge.loginPage();
    await options
      .opener(page.path)
      .catch((error: Error) => io.stderr.write(`Could not open a browser: ${error.message}\n`));
  }
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    // Closing the terminal: stop as gracefully as SIGTERM (parked turns stay, tools' process groups are killed).
    process.once('SIGHUP', done);
    void stop?.then(done);
  });
  return 0;
}
