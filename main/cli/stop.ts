// `deskpilot stop`: the kill switch from a terminal; aborts the running runtime's browser and desktop actions.
import type { RuntimeClient } from '../core/api/client';
import { CliError } from './errors';
import type { Io } from './run';

/**
 * Connects to the runtime that owns `home` (never starts one: a new runtime has nothing to stop), sends
 * `automation/stop` and prints how many actions were stopped. Throws a {@link CliError} when no runtime answers.
 */
export async function stopAutomation(
  home: string,
  connect: (home: string) => Promise<RuntimeClient | null>,
  io: Io,
): Promise<void> {
  const client = await connect(home);
  if (!client)
    throw new CliError(
      `No running Deskpilot answers on ${home}, so no automation is running there. If one is running with another DESKPILOT_HOME, set it and run deskpilot stop again.`,
    );
  try {
    const { stopped } = await client.invoke('automation/stop', {});
    io.stdout.write(
      stopped === 0
        ? 'No browser or desktop automation was running.\n'
        : `Stopped ${stopped} running automation action${stopped === 1 ? '' : 's'}; the turn ends and the model is told you stopped it.\n`,
    );
  } finally {
    await client.close();
  }
}
