// `deskpilot serve`: the runtime headless, with the bridge serving the built UI on 127.0.0.1.
import path from 'node:path';
import type { Runtime } from '../core/runtime';
import { packageRoot } from '../core/util/packageRoot';
import type { Io } from './run';

/** Options of `deskpilot serve`. */
export interface ServeOptions {
  port: number;
  open: boolean;
  /** Opens a URL in the default browser (the open_url tool's OS opener). */
  opener: (url: string) => Promise<void>;
}

/**
 * Starts the bridge, prints `Deskpilot is ready: <login url>` and resolves (exit code 0) on SIGINT/SIGTERM or
 * `stop`; the caller's `runtime.close()` then closes the bridge.
 */
export async function serve(runtime: Runtime, options: ServeOptions, io: Io, stop?: Promise<void>): Promise<number> {
  const bridge = await runtime.serveBridge({
    port: options.port,
    staticDir: path.join(packageRoot(), 'out', 'renderer'),
  });
  const url = bridge.loginUrl();
  io.stdout.write(`Deskpilot is ready: ${url}\n`);
  if (options.open)
    await options.opener(url).catch((error: Error) => io.stderr.write(`Could not open a browser: ${error.message}\n`));
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    void stop?.then(done);
  });
  return 0;
}
