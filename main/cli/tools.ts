// `deskpilot tools`: lists the tools the model can call, with risk and source.
import type { RuntimeClient } from '../core/api/client';
import type { Io } from './run';

/** Prints the tool list as a table or JSON. */
export async function listTools(client: RuntimeClient, json: boolean, io: Io): Promise<void> {
  const tools = await client.invoke('tool/list', {});
  if (json) {
    io.stdout.write(`${JSON.stringify(tools, null, 2)}\n`);
    return;
  }
  const width = Math.max(...tools.map((t) => t.name.length), 4);
  for (const t of tools)
    io.stdout.write(
      `${t.name.padEnd(width)}  ${t.risk.padEnd(11)}  ${t.source.padEnd(8)}  ${t.description.split('\n')[0]}\n`,
    );
}
