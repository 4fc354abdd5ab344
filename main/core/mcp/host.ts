// The MCP host: one ManagedServer per `mcp.servers.<name>`, kept in step with settings; statuses for every surface.
import type { McpServerConfig, McpServerStatus, McpServerView, McpToolInfo } from '../../../preload/contract/mcp';
import type { Logger } from '../../../plugins/sdk/types';
import type { CredentialStore } from '../auth/credentials';
import type { Settings } from '../settings/schema';
import type { ToolRegistry } from '../tools/registry';
import { secretKeys } from './secrets';
import { ManagedServer } from './server';

/** What the host needs from the runtime. */
export interface McpHostDeps {
  registry: ToolRegistry;
  credentials: CredentialStore;
  log: Logger;
  settings: () => Settings;
  /** Subscribes to settings changes; returns the unsubscribe. */
  onSettingsChange(listener: () => void): () => void;
  /** Working directory of stdio servers without `cwd`. */
  cwd: () => string;
  /** Called after every status change of any server. */
  onStatus(status: McpServerStatus): void;
}

/**
 * Runs the configured MCP servers. {@link start} returns at once: servers connect in the background. A settings change
 * starts added or enabled servers, stops removed or disabled ones and restarts changed ones. {@link close} stops all.
 */
export class McpHost {
  private readonly servers = new Map<string, ManagedServer>();
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  private deferred: NodeJS.Timeout | undefined;

  constructor(private readonly deps: McpHostDeps) {}

  /** Starts every enabled server in the background (on the next timer tick, after the caller's start-up) and follows
   * settings from now on. Idempotent. */
  start(): void {
    if (this.unsubscribe || this.closed) return;
    this.unsubscribe = this.deps.onSettingsChange(() => this.reconcile());
    // Spawning is deferred past the caller's start-up work (the runtime is returned first).
    this.deferred = setTimeout(() => {
      this.deferred = undefined;
      this.reconcile();
      for (const check of [...this.waiters]) check();
    }, 0);
  }

  /** Every configured server with its status, by name. */
  list(): McpServerView[] {
    const configured = this.deps.settings().mcp.servers;
    return Object.keys(configured)
      .sort()
      .map((name) => this.view(name, configured[name]));
  }

  /** One server's view; undefined when no server has that name. */
  get(name: string): McpServerView | undefined {
    const config = this.deps.settings().mcp.servers[name];
    return config ? this.view(name, config) : undefined;
  }

  /** The tools a server has registered now (none unless it is ready). */
  tools(name: string): McpToolInfo[] {
    return this.servers.get(name)?.tools() ?? [];
  }

  /** Every server's status (for the context receipt). */
  statuses(): McpServerStatus[] {
    return this.list().map((v) => v.status);
  }

  /** Stops and starts a server again, resetting its restart count. Throws when unknown. */
  restart(name: string): void {
    const server = this.servers.get(name);
    if (!server) throw new Error(`No MCP server named "${name}"; see deskpilot mcp list.`);
    server.start();
  }

  /**
   * Resolves once no server (or only server `name`) is `starting`, or after `maxMs`. Event-driven: re-checks at every
   * status change.
   */
  settled(maxMs: number, name?: string): Promise<void> {
    const busy = () =>
      this.deferred !== undefined ||
      [...this.servers.values()].some(
        (s) => (name === undefined || s.name === name) && s.current().state === 'starting',
      );
    if (!busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (!busy()) done();
      };
      const timer = setTimeout(done, maxMs);
      this.waiters.add(check);
    });
  }

  /** Stops every server; later settings changes start nothing. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.deferred);
    this.deferred = undefined;
    this.unsubscribe?.();
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
    this.servers.clear();
  }

  private view(name: string, config: McpServerConfig): McpServerView {
    const status = this.servers.get(name)?.current() ?? {
      name,
      transport: config.command ? 'stdio' : 'http',
      state: config.enabled ? 'stopped' : 'disabled',
      stderrTail: [],
      tools: 0,
      problems: [],
      restarts: 0,
    };
    return {
      name,
      target: config.command ? [config.command, ...config.args].join(' ') : (config.url ?? ''),
      enabled: config.enabled,
      secretKeys: secretKeys(config),
      status,
    };
  }

  private reconcile(): void {
    if (this.closed) return;
    const wanted = this.deps.settings().mcp.servers;
    for (const [name, server] of this.servers) {
      if (!Object.hasOwn(wanted, name)) {
        this.servers.delete(name);
        void server.stop();
      }
    }
    for (const [name, config] of Object.entries(wanted)) {
      const existing = this.servers.get(name);
      if (existing && JSON.stringify(existing.config) === JSON.stringify(config)) continue;
      const server =
        existing ??
        new ManagedServer(name, config, {
          registry: this.deps.registry,
          credentials: this.deps.credentials,
          log: this.deps.log,
          cwd: this.deps.cwd,
          onStatus: (status) => {
            this.deps.onStatus(status);
            for (const check of [...this.waiters]) check();
          },
        });
      server.config = config;
      this.servers.set(name, server);
      if (config.enabled) server.start();
      else void server.stop('disabled');
    }
  }
}
