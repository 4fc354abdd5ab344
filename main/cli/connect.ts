// Opens a RuntimeClient for a CLI command: an in-process runtime, or the running one's bridge when it owns the directory.
import { inProcessClient, type RuntimeClient } from '../core/api/client';
import { createRuntime, type RuntimeOptions } from '../core/runtime';
import { AlreadyRunningError } from '../core/util/lock';
import { CliError } from './errors';

export { CliError };

/** Hook for connecting to a runtime that already owns the directory (the bridge client); null when none is reachable. */
export type BridgeConnector = (home: string) => Promise<RuntimeClient | null>;

/**
 * Starts a runtime in this process; when another runtime owns the directory, connects to it through
 * `connectBridge`, and failing that throws a {@link CliError} saying `already running (pid N)`.
 */
export async function openClient(
  options: RuntimeOptions & { home: string },
  connectBridge?: BridgeConnector,
): Promise<RuntimeClient> {
  try {
    return inProcessClient(await createRuntime(options));
  } catch (error) {
    if (!(error instanceof AlreadyRunningError)) throw error;
    const bridged = connectBridge ? await connectBridge(options.home) : null;
    if (bridged) return bridged;
    throw new CliError(
      `Deskpilot is already running (pid ${error.pid}) on ${options.home} and its bridge is not reachable. Stop it, or use another DESKPILOT_HOME. ${error.recovery}`,
    );
  }
}
