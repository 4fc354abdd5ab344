// `deskpilot plugins`: lists the plugins with their status, version, tools and failure reason.
import type { RuntimeClient } from '../core/api/client';
import type { Io } from './run';

/**
 * Prints every plugin (`plugin/list`): as a table (`id  status  version  tools`, then an indented `error:` line for a
 * failed plugin) or, with `json`, as a JSON array of `{id, status, version, tools, error?}`.
 */
export async function listPlugins(client: RuntimeClient, json: boolean, io: Io): Promise<void> {
  const plugins = await client.invoke('plugin/list', {});
  if (json) {
    const rows = plugins.map(({ id, status, version, tools, error }) => ({
      id,
      status,
      version,
      tools,
      ...(error === undefined ? {} : { error }),
    }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (plugins.length === 0) {
    io.stdout.write('No plugins are installed.\n');
    return;
  }
  const idWidth = Math.max(...plugins.map((p) => p.id.length), 2);
  const versionWidth = Math.max(...plugins.map((p) => p.version.length), 7);
  for (const p of plugins) {
    const tools = p.tools.length > 0 ? p.tools.join(', ') : '-';
    io.stdout.write(`${p.id.padEnd(idWidth)}  ${p.status.padEnd(8)}  ${p.version.padEnd(versionWidth)}  ${tools}\n`);
    if (p.error) io.stdout.write(`${' '.repeat(idWidth)}  error: ${p.error}\n`);
  }
}
