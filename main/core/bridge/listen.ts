// The bridge's port: a stable default per home (remembered in runtime/bridge-port.json), another free one when busy.
import type { Server } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../../plugins/sdk/types';
import { JsonDocument } from '../util/jsonDocument';

/** Path of the file remembering the home's default bridge port. */
export function rememberedPortPath(home: string): string {
  return path.join(home, 'runtime', 'bridge-port.json');
}

const RememberedPort = z.object({ version: z.literal(1), port: z.number().int().min(0).max(65535) });

/** Starts `server` listening on `port` on 127.0.0.1; rejects with the listen error (e.g. EADDRINUSE). */
function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Makes `server` listen on 127.0.0.1 and resolves to its port. An explicit `requested` port (0 = any free one) is used
 * as given and a busy one rejects. Without one, the port remembered for `home` is tried first, so that browser tabs
 * of this home reconnect to the same address after a restart; when it is busy (or none is remembered yet) a free port
 * is taken and remembered for next time.
 */
export async function listenStable(
  server: Server,
  home: string,
  requested: number | undefined,
  log: Logger,
): Promise<number> {
  if (requested !== undefined) return listenOn(server, requested);
  const remembered = await JsonDocument.open({
    path: rememberedPortPath(home),
    schema: RememberedPort,
    initial: () => ({ version: 1 as const, port: 0 }),
    version: 1,
    log,
  });
  const wanted = remembered.get().port;
  let port: number;
  try {
    port = await listenOn(server, wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0) throw error;
    log.warn(`port ${wanted} of this home is busy; the bridge uses another free port`, { port: wanted });
    port = await listenOn(server, 0);
  }
  if (port !== wanted) await remembered.set({ version: 1, port });
  return port;
}
