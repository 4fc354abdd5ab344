// One configured MCP server's lifecycle: start in the background, tools in the registry, restart with backoff, stop.
import type { McpServerConfig, McpServerStatus, McpToolInfo } from '../../../preload/contract/mcp';
import type { Logger } from '../../../plugins/sdk/types';
import type { CredentialStore } from '../auth/credentials';
import type { ToolRegistry } from '../tools/registry';
import { McpConnection } from './connection';
import { resolveValues } from './secrets';
import { registerMcpTools, type RegisteredMcpTools } from './tools';

/** Lines of stderr kept per server. */
export const STDERR_TAIL_LINES = 20;
/** Restarts after consecutive crashes before the server is left failed. */
export const MAX_RESTARTS = 5;
/** First restart delay (ms); doubles per consecutive crash, at most {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A server that stayed up this long (ms) has its crash count reset. */
const STABLE_MS = 60_000;

/** What a {@link ManagedServer} needs from the runtime. */
export interface ServerDeps {
  registry: ToolRegistry;
  credentials: CredentialStore;
  log: Logger;
  /** Working directory of stdio servers without `cwd`. */
  cwd: () => string;
  /** Called after every status change. */
  onStatus(status: McpServerStatus): void;
}

/**
 * A server from settings. {@link start} connects in the background (never awaited by the runtime's start-up); when
 * ready its tools are registered; `notifications/tools/list_changed` re-lists them; an unexpected close (a crash)
 * unregisters them and restarts after a backoff (0.5 s doubling, at most {@link MAX_RESTARTS} in a row); a start
 * failure (command not found, exit before initialize, no answer in time) leaves it `failed` with the reason and the
 * stderr tail until the user restarts it. {@link stop} ends it and removes its tools.
 */
export class ManagedServer {
  private connection: McpConnection | null = null;
  private registered: RegisteredMcpTools | null = null;
  private readonly stderr: string[] = [];
  private status: McpServerStatus;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readyAt = 0;
  /** Bumped by every start and stop: work of an older generation is dropped when it finishes. */
  private generation = 0;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    public config: McpServerConfig,
    private readonly deps: ServerDeps,
  ) {
    this.status = this.blank(config.enabled ? 'stopped' : 'disabled');
  }

  /** The current status (a copy). */
  current(): McpServerStatus {
    return { ...this.status, stderrTail: [...this.status.stderrTail], problems: [...this.status.problems] };
  }

  /** The tools registered now. */
  tools(): McpToolInfo[] {
    return this.registered?.tools.map((t) => ({ ...t })) ?? [];
  }

  /** Starts (or restarts) the server in the background; a disabled server only reports `disabled`. */
  start(resetRestarts = true): void {
    this.teardown();
    if (resetRestarts) this.restarts = 0;
    const generation = ++this.generation;
    if (!this.config.enabled) {
      this.set({ ...this.blank('disabled'), reason: 'Disabled in settings; enable it to start it.' });
      return;
    }
    this.set({ ...this.blank('starting'), restarts: this.restarts });
    void this.connect(generation);
  }

  /** Stops the server and removes its tools; resolves when the connection is closed. */
  async stop(state: 'stopped' | 'disabled' = 'stopped'): Promise<void> {
    this.generation++;
    const closing = this.teardown();
    this.set({ ...this.blank(state), stderrTail: [...this.stderr] });
    await closing;
  }

  private async connect(generation: number): Promise<void> {
    const stale = () => generation !== this.generation;
    let connection: McpConnection;
    try {
      const env = await resolveValues(this.name, this.config.env, this.deps.credentials);
      const headers = await resolveValues(this.name, this.config.headers, this.deps.credentials);
      connection = await McpConnection.open({
        name: this.name,
        config: this.config,
        env,
        headers,
        defaultCwd: this.deps.cwd(),
        onStderr: (line) => this.stderrLine(line),
        onUnexpectedClose: () => {
          if (!stale()) this.crashed(generation);
        },
        onToolsChanged: () => {
          if (!stale()) this.refreshTools(generation);
        },
      });
    } catch (error) {
      if (stale()) return;
      this.deps.log.warn(`MCP server ${this.name} failed to start`, { error: (error as Error).message });
      if (this.restarts > 0) return this.scheduleRestart((error as Error).message);
      this.set({ ...this.current(), state: 'failed', reason: (error as Error).message, stderrTail: [...this.stderr] });
      return;
    }
    if (stale()) {
      await connection.close();
      return;
    }
    this.connection = connection;
    this.readyAt = Date.now();
    this.set({ ...this.current(), transport: connection.kind, serverInfo: connection.serverInfo() });
    this.refreshTools(generation, true);
  }

  /** Re-lists the tools and swaps the registrations (one refresh at a time). */
  private refreshTools(generation: number, first = false): void {
    this.refreshing = this.refreshing.then(async () => {
      const connection = this.connection;
      if (generation !== this.generation || !connection) return;
      try {
        const tools = await connection.listTools();
        if (generation !== this.generation) return;
        this.registered?.unregister();
        this.registered = registerMcpTools(this.deps.registry, this.name, this.config, tools, () => this.connection);
        this.set({
          ...this.current(),
          state: 'ready',
          reason: undefined,
          nextRestartAt: undefined,
          tools: this.registered.tools.length,
          problems: this.registered.problems,
        });
      } catch (error) {
        if (generation !== this.generation) return;
        const reason = `It started, but listing its tools failed: ${(error as Error).message}`;
        if (first) {
          this.teardown();
          this.set({ ...this.current(), state: 'failed', reason, stderrTail: [...this.stderr] });
        } else this.deps.log.warn(`MCP server ${this.name}: ${reason}`);
      }
    });
  }

  private crashed(generation: number): void {
    if (Date.now() - this.readyAt > STABLE_MS) this.restarts = 0;
    this.connection = null;
    this.registered?.unregister();
    this.registered = null;
    this.generation = generation + 1;
    this.scheduleRestart('The server exited unexpectedly (see its stderr below).');
  }

  private scheduleRestart(reason: string): void {
    if (this.restarts >= MAX_RESTARTS) {
      this.set({
        ...this.current(),
        state: 'failed',
        tools: 0,
        reason: `${reason} Gave up after ${MAX_RESTARTS} restarts; fix it and restart it (deskpilot mcp enable ${this.name}).`,
        nextRestartAt: undefined,
        stderrTail: [...this.stderr],
      });
      return;
    }
    const delay = Math.min(BASE_BACKOFF_MS * 2 ** this.restarts, MAX_BACKOFF_MS);
    this.restarts++;
    this.set({
      ...this.current(),
      state: 'failed',
      tools: 0,
      reason: `${reason} Restarting in ${delay} ms.`,
      restarts: this.restarts,
      nextRestartAt: new Date(Date.now() + delay).toISOString(),
      stderrTail: [...this.stderr],
    });
    this.restartTimer = setTimeout(() => this.start(false), delay);
    this.restartTimer.unref();
  }

  private stderrLine(line: string): void {
    this.stderr.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.stderr.length > STDERR_TAIL_LINES) this.stderr.shift();
  }

  /** Drops the connection, tools and timer; returns the closing of the connection. */
  private teardown(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.registered?.unregister();
    this.registered = null;
    const connection = this.connection;
    this.connection = null;
    return connection ? connection.close() : Promise.resolve();
  }

  private blank(state: McpServerStatus['state']): McpServerStatus {
    return {
      name: this.name,
      transport: this.config.command ? 'stdio' : 'http',
      state,
      stderrTail: [],
      tools: 0,
      problems: [],
      restarts: this.restarts,
    };
  }

  private set(status: McpServerStatus): void {
    const clean = Object.fromEntries(Object.entries(status).filter(([, v]) => v !== undefined)) as McpServerStatus;
    this.status = clean;
    this.deps.onStatus(this.current());
  }
}
