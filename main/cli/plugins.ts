// `deskpilot plugins`: lists the plugins with their status, version, tools and failure reason.
import type { RuntimeClient } from '../core/api/client';
import type { Io } from './run';

/**
 * The one-line health of an active plugin that offers the UI method `health` (e.g. "display :0", "browser found at
 * …"), or undefined when it offers none or it fails.
 */
async function healthOf(client: RuntimeClient, pluginId: string): Promise<string | undefined> {
  try {
    const result = (await client.invoke('plugin/call', { pluginId, method: 'health', params: {} })) as {
      summary?: unknown;
    } | null;
    return typeof result?.summary === 'string' ? result.summary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Prints every plugin (`plugin/list`): as a table (`id  status  version  tools`, then an indented `health:` line for
 * an active plugin that reports one and an `error:` line for a failed plugin) or, with `json`, as a JSON array of
 * `{id, status, version, tools, health?, error?}`.
 */
export async function listPlugins(client: RuntimeClient, json: boolean, io: Io): Promise<void> {
  const plugins = await client.invoke('plugin/list', {});
  const health = new Map<string, string>();
  for (const p of plugins) {
    if (p.status !== 'active') continue;
    const summary = await healthOf(client, p.id);
    if (summary !== undefined) health.set(p.id, summary);
  }
  if (json) {
    const rows = plugins.map(({ id, status, version, tools, error }) => ({
      id,
      status,
      version,
      tools,
      ...(health.has(id) ? { health: health.get(id) } : {}),
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
    if (health.has(p.id)) io.stdout.write(`${' '.repeat(idWidth)}  health: ${health.get(p.id)}\n`);
    if (p.error) io.stdout.write(`${' '.repeat(idWidth)}  error: ${p.error}\n`);
  }
}
