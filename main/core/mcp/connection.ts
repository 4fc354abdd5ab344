// One live MCP client session with a server: the transport (stdio, Streamable HTTP or legacy SSE), initialize, calls.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig, McpServerStatus } from '../../../preload/contract/mcp';
import { packageVersion } from '../util/packageRoot';
import type { McpCallResult } from './results';

/** What {@link McpConnection.open} needs: the server's settings with secrets resolved, and the callbacks. */
export interface ConnectOptions {
  name: string;
  config: McpServerConfig;
  /** Env of a stdio server, secrets resolved (added to the SDK's safe default environment). */
  env: Record<string, string>;
  /** Headers of an HTTP server, secrets resolved. */
  headers: Record<string, string>;
  /** Working directory of a stdio server without `cwd`. */
  defaultCwd: string;
  /** A line the server wrote to stderr. */
  onStderr(line: string): void;
  /** The connection closed without {@link McpConnection.close} (the process exited, the HTTP session ended). */
  onUnexpectedClose(): void;
  /** The server sent `notifications/tools/list_changed`. */
  onToolsChanged(): void;
}

/** The transport kind in status terms. */
export type TransportKind = McpServerStatus['transport'];

/** A connected, initialized MCP client session. Open with {@link McpConnection.open}; close with {@link close}. */
export class McpConnection {
  private closing = false;

  private constructor(
    private readonly client: Client,
    private readonly transport: Transport,
    /** `stdio`, `http` or `sse`. */
    readonly kind: TransportKind,
  ) {}

  /**
   * Starts the transport and runs `initialize` within `config.startTimeoutMs`. HTTP servers get Streamable HTTP first
   * and the legacy SSE transport when that fails. Throws an Error saying what failed and what to check: the command
   * was not found, the server exited before answering, it did not answer in time, or the HTTP errors of both transports.
   */
  static async open(options: ConnectOptions): Promise<McpConnection> {
    const { config } = options;
    if (config.command) return McpConnection.tryOpen(options, 'stdio', stdioTransport(options));
    const url = new URL(config.url as string);
    try {
      return await McpConnection.tryOpen(options, 'http', new StreamableHTTPClientTransport(url, httpInit(options)));
    } catch (streamable) {
      try {
        return await McpConnection.tryOpen(options, 'sse', new SSEClientTransport(url, httpInit(options)));
      } catch (sse) {
        throw new Error(
          `${config.url} answered neither as Streamable HTTP (${message(streamable)}) nor as legacy SSE (${message(sse)}). Check the URL and headers.`,
          { cause: sse },
        );
      }
    }
  }

  private static async tryOpen(
    options: ConnectOptions,
    kind: TransportKind,
    transport: Transport,
  ): Promise<McpConnection> {
    const client = new Client({ name: 'deskpilot', version: packageVersion() }, { capabilities: {} });
    const connection = new McpConnection(client, transport, kind);
    client.onclose = () => {
      if (!connection.closing) options.onUnexpectedClose();
    };
    client.onerror = () => {};
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => options.onToolsChanged());
    const timeoutMs = options.config.startTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`it did not answer initialize within ${timeoutMs} ms (startTimeoutMs)`)),
        timeoutMs,
      );
    });
    try {
      connection.closing = true; // a failed start is not a crash
      await Promise.race([client.connect(transport, { timeout: timeoutMs }), timedOut]);
      connection.closing = false;
      return connection;
    } catch (error) {
      await client.close().catch(() => {});
      throw new Error(startFailure(options, error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** `name version` from the server's initialize answer, when it gave one. */
  serverInfo(): string | undefined {
    const info = this.client.getServerVersion();
    return info ? `${info.name} ${info.version}` : undefined;
  }

  /** Every tool the server lists (all pages). Throws when the request fails. */
  async listTools(): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.listTools(cursor ? { cursor } : undefined);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /**
   * Calls `tool` with `args`. Aborting `signal` sends `notifications/cancelled` and rejects; `timeoutMs` bounds the
   * request (the SDK's own timeout). Throws on protocol errors (unknown tool, invalid params, closed connection).
   */
  async callTool(
    tool: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<McpCallResult> {
    return (await this.client.callTool({ name: tool, arguments: args }, undefined, {
      signal,
      timeout: timeoutMs,
    })) as McpCallResult;
  }

  /** Closes the session (a stdio server's process is ended). Never throws. */
  async close(): Promise<void> {
    this.closing = true;
    await this.client.close().catch(() => {});
  }
}

function stdioTransport(options: ConnectOptions): StdioClientTransport {
  const { config } = options;
  const transport = new StdioClientTransport({
    command: config.command as string,
    args: config.args,
    env: options.env,
    cwd: config.cwd ?? options.defaultCwd,
    stderr: 'pipe',
  });
  let pending = '';
  transport.stderr?.on('data', (chunk: Buffer | string) => {
    const lines = (pending + chunk.toString()).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') options.onStderr(line);
    if (pending.length > 4096) {
      options.onStderr(pending);
      pending = '';
    }
  });
  return transport;
}

function httpInit(options: ConnectOptions): { requestInit: RequestInit } {
  return { requestInit: { headers: options.headers } };
}

/** A start failure in words, naming the server and the next step. */
function startFailure(options: ConnectOptions, error: unknown): string {
  const { name, config } = options;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return `Command "${config.command}" was not found. Install it or give its full path: deskpilot mcp add ${name} --replace -- <command> [args...].`;
  }
  if (code === 'EACCES') return `Command "${config.command}" is not executable (permission denied).`;
  const text = message(error);
  if (/connection closed/i.test(text)) {
    return `The server exited before it answered initialize (see its stderr below). Run "${[config.command, ...config.args].join(' ')}" in a terminal to see why.`;
  }
  if (/timed out|timeout|did not answer/i.test(text)) {
    return `The server did not answer initialize within ${config.startTimeoutMs} ms. Check that it speaks MCP on stdout, or raise mcp.servers.${name}.startTimeoutMs.`;
  }
  return `The server could not be started: ${text}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
