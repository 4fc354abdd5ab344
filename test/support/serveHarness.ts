// A served runtime for UI tests: the runtime harness plus the loopback bridge serving the built renderer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../main/core/api/handlers';
import { startBridge, type Bridge } from '../../main/core/bridge/server';
import { createHarness, type Harness, type HarnessOptions } from './runtimeHarness';

/** The built renderer the bridge serves. */
export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** A runtime harness with a bridge; `loginUrl()` gives a fresh single-use ticket URL. */
export interface ServedHarness extends Harness {
  bridge: Bridge;
  /** Restarts the bridge on the same port (the runtime keeps running). */
  restartBridge(): Promise<void>;
}

/** Starts a runtime harness and its bridge; throws when the renderer is not built (`npm run build`). */
export async function createServedHarness(options: HarnessOptions = {}): Promise<ServedHarness> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error(`The renderer is not built (${RENDERER_DIR}/index.html is missing): run \`npm run build\` first.`);
  const h = await createHarness(options);
  const start = (port?: number) =>
    startBridge({
      home: h.home,
      handlers: createHandlers(h.runtime),
      bus: h.runtime.bus,
      staticDir: RENDERER_DIR,
      log: h.runtime.log,
      port,
    });
  const served = h as ServedHarness;
  served.bridge = await start();
  const closeRuntime = h.close.bind(h);
  served.restartBridge = async () => {
    const port = served.bridge.port;
    await served.bridge.close();
    served.bridge = await start(port);
  };
  served.close = async () => {
    await served.bridge.close().catch(() => undefined);
    await closeRuntime();
  };
  return served;
}
