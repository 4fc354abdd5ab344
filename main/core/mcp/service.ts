// MCP administration over a runtime: add, remove, enable, import (preview, apply), allow rules; owns the McpHost.
import type { ApprovalRule } from '../../../preload/contract/approvals';
import {
  McpServerConfig,
  McpServerName,
  type McpImportPreview,
  type McpImportSource,
  type McpServerInput,
  type McpServerView,
  type McpToolInfo,
} from '../../../preload/contract/mcp';
import type { Runtime } from '../runtime';
import { resolveWorkingDirectory } from '../util/paths';
import { mcpContextProvider } from './contextProvider';
import { McpHost } from './host';
import { readImport } from './importConfig';
import { serverRuleTool } from './names';
import { deleteSecrets, isSecretValue, storeSecrets } from './secrets';

/** An MCP operation refused for a reason the caller can show (`code` maps to a contract error code). */
export class McpError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid_params',
    message: string,
  ) {
    super(message);
  }
}

const services = new WeakMap<Runtime, McpService>();

/** The MCP service of a runtime (created on first use; the runtime starts it once ready and closes it). */
export function mcpOf(runtime: Runtime): McpService {
  let service = services.get(runtime);
  if (!service) services.set(runtime, (service = new McpService(runtime)));
  return service;
}

/** MCP servers of one runtime: the host that runs them, and every change a user can make. */
export class McpService {
  readonly host: McpHost;
  private unregisterProvider: (() => void) | undefined;

  constructor(private readonly runtime: Runtime) {
    this.host = new McpHost({
      registry: runtime.tools,
      credentials: runtime.credentials,
      log: runtime.log,
      settings: () => runtime.settings.get(),
      onSettingsChange: (listener) => runtime.settings.onChange(listener),
      cwd: () => resolveWorkingDirectory(runtime.settings.get().workingDirectory),
      onStatus: (status) => runtime.bus.emit('mcp/statusChanged', status),
    });
  }

  /**
   * Starts the enabled servers in the background (returns at once). From now on the `mcp` context provider (server
   * status in every context receipt) is registered while at least one server is configured.
   */
  start(): void {
    this.host.start();
    const follow = () => {
      const any = Object.keys(this.runtime.settings.get().mcp.servers).length > 0;
      if (any && !this.unregisterProvider) {
        this.unregisterProvider = this.runtime.context.register(
          mcpContextProvider(() => this.host.statuses()),
          'builtin',
        );
      } else if (!any && this.unregisterProvider) {
        this.unregisterProvider();
        this.unregisterProvider = undefined;
      }
    };
    this.runtime.settings.onChange(follow);
    follow();
  }

  /** Stops every server. */
  close(): Promise<void> {
    return this.host.close();
  }

  /**
   * Resolves once no server (or only server `name`) is starting, waiting at most the longest start timeout involved
   * plus a second.
   */
  async settled(name?: string): Promise<void> {
    const servers = this.runtime.settings.get().mcp.servers;
    const timeouts = Object.entries(servers)
      .filter(([n]) => name === undefined || n === name)
      .map(([, c]) => c.startTimeoutMs);
    if (timeouts.length > 0) await this.host.settled(Math.max(...timeouts) + 1000, name);
  }

  /** Every server with its status. */
  list(): McpServerView[] {
    return this.host.list();
  }

  /**
   * Adds a server (secret values to the credential store), or replaces one when `replace`. Throws {@link McpError}
   * `conflict` when the name is taken, `invalid_params` for a bad name or config.
   */
  async add(name: string, input: McpServerInput, replace = false): Promise<McpServerView> {
    const validName = McpServerName.safeParse(name);
    if (!validName.success)
      throw new McpError('invalid_params', `Server name "${name}": ${validName.error.issues[0].message}.`);
    const existing = this.runtime.settings.get().mcp.servers[name];
    if (existing && !replace) {
      throw new McpError(
        'conflict',
        `An MCP server named "${name}" exists already; remove it first or replace it (--replace).`,
      );
    }
    if (Boolean(input.command) === Boolean(input.url)) {
      throw new McpError(
        'invalid_params',
        'Give either a command (a stdio server) or --url (an HTTP server), exactly one.',
      );
    }
    if (existing) await deleteSecrets(existing, this.runtime.credentials);
    const { env, headers } = await storeSecrets(name, input, this.runtime.credentials);
    const config = McpServerConfig.parse({
      ...(input.command ? { command: input.command, args: input.args } : { url: input.url }),
      ...(input.cwd ? { cwd: input.cwd } : {}),
      env,
      headers,
      enabled: input.enabled,
      ...(input.startTimeoutMs ? { startTimeoutMs: input.startTimeoutMs } : {}),
      ...(input.toolTimeoutMs ? { toolTimeoutMs: input.toolTimeoutMs } : {}),
    });
    // Replace the whole entry (a merge would keep keys of the old one).
    if (existing) await this.runtime.settings.update({ mcp: { servers: { [name]: undefined } } });
    await this.runtime.settings.update({ mcp: { servers: { [name]: config } } });
    return this.view(name);
  }

  /** Removes a server, its secrets and its tools; false when there was none. */
  async remove(name: string): Promise<boolean> {
    const existing = this.runtime.settings.get().mcp.servers[name];
    if (!existing) return false;
    await this.runtime.settings.update({ mcp: { servers: { [name]: undefined } } });
    await deleteSecrets(existing, this.runtime.credentials);
    return true;
  }

  /** Enables (starts) or disables (stops) a server. Throws {@link McpError} `not_found`. */
  async setEnabled(name: string, enabled: boolean): Promise<McpServerView> {
    const existing = this.config(name);
    if (existing.enabled === enabled && enabled) this.host.restart(name);
    else await this.runtime.settings.update({ mcp: { servers: { [name]: { enabled } } } });
    return this.view(name);
  }

  /** Restarts a server (resetting its restart count). Throws {@link McpError} `not_found`. */
  restart(name: string): McpServerView {
    this.config(name);
    this.host.restart(name);
    return this.view(name);
  }

  /** The tools a server has registered now. Throws {@link McpError} `not_found`. */
  tools(name: string): McpToolInfo[] {
    this.config(name);
    return this.host.tools(name);
  }

  /** What an import would add: each server with its target, masked secrets, and whether it exists already. */
  async importPreview(source: McpImportSource): Promise<McpImportPreview> {
    const { path, servers } = await this.read(source);
    const configured = this.runtime.settings.get().mcp.servers;
    return {
      path,
      servers: servers.map((s) => {
        const exists = Object.hasOwn(configured, s.name);
        if (!s.input) return { name: s.name, target: '', secretKeys: [], exists, problem: s.problem };
        const secrets: string[] = [];
        const mask = (kind: 'env' | 'headers', values: Record<string, string>) =>
          Object.fromEntries(
            Object.entries(values).map(([k, v]) => {
              if (!isSecretValue(kind, k) || v === '') return [k, v];
              secrets.push(`${kind === 'env' ? 'env' : 'header'}:${k}`);
              return [k, '***'];
            }),
          );
        const input = { ...s.input, env: mask('env', s.input.env), headers: mask('headers', s.input.headers) };
        const target = s.input.command ? [s.input.command, ...s.input.args].join(' ') : (s.input.url ?? '');
        return { name: s.name, target, input, secretKeys: secrets, exists };
      }),
    };
  }

  /** Adds the named servers of an import; existing names and servers with a problem are skipped with why. */
  async importApply(
    source: McpImportSource,
    names: string[],
  ): Promise<{ added: string[]; skipped: { name: string; why: string }[] }> {
    const { servers } = await this.read(source);
    const added: string[] = [];
    const skipped: { name: string; why: string }[] = [];
    for (const name of names) {
      const found = servers.find((s) => s.name === name);
      if (!found) skipped.push({ name, why: 'not in this configuration' });
      else if (!found.input) skipped.push({ name, why: found.problem ?? 'invalid' });
      else if (Object.hasOwn(this.runtime.settings.get().mcp.servers, name))
        skipped.push({ name, why: 'exists already' });
      else {
        await this.add(name, found.input);
        added.push(name);
      }
    }
    return { added, skipped };
  }

  /**
   * Saves an "always allow" rule (every call) for every tool of a server (`<server>__*`) or for one of its tools (by
   * exposed name). Throws {@link McpError} `not_found` for an unknown server or a tool it does not have.
   */
  async allow(name: string, tool?: string): Promise<ApprovalRule> {
    this.config(name);
    if (tool && !this.host.tools(name).some((t) => t.name === tool)) {
      throw new McpError('not_found', `MCP server ${name} has no tool "${tool}" now; see deskpilot mcp tools ${name}.`);
    }
    return this.runtime.grants.addRule({ tool: tool ?? serverRuleTool(name), match: {} });
  }

  private async read(source: McpImportSource) {
    try {
      return await readImport(source, this.runtime.env);
    } catch (error) {
      throw new McpError('invalid_params', (error as Error).message);
    }
  }

  private config(name: string): McpServerConfig {
    const config = this.runtime.settings.get().mcp.servers[name];
    if (!config) throw new McpError('not_found', `No MCP server named "${name}"; see deskpilot mcp list.`);
    return config;
  }

  private view(name: string): McpServerView {
    const view = this.host.get(name);
    if (!view) throw new McpError('not_found', `No MCP server named "${name}".`);
    return view;
  }
}
