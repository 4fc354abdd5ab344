// MCP servers (issue 14): the settings shape of `mcp.servers.<name>`, server status, tools, import preview, channels.
import { z } from 'zod';
import { ApprovalRule, Risk } from './approvals';

/**
 * A server's name in settings (`mcp.servers.<name>`) and the prefix of its tools (`<name>__<tool>`): 1-32 letters,
 * digits, `_` or `-`, starting with a letter or digit, without `__` (the separator of tool names).
 */
export const McpServerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'use 1-32 letters, digits, "_" or "-", starting with a letter or digit')
  .refine((name) => !name.includes('__'), 'must not contain "__" (it separates server and tool in tool names)');

/** A value kept in the credential store: settings hold only the account name (`mcp:<server>:<kind>:<key>`). */
export const McpSecretRef = z.object({ secret: z.string().min(1) }).strict();
/** Shape of {@link McpSecretRef}. */
export type McpSecretRef = z.infer<typeof McpSecretRef>;

/** An env or header value: plain text (not secret) or a reference to the credential store. */
export const McpValue = z.union([z.string(), McpSecretRef]);
/** Shape of {@link McpValue}. */
export type McpValue = z.infer<typeof McpValue>;

/** Default time a server gets to start and answer `initialize` (ms). */
export const DEFAULT_MCP_START_TIMEOUT_MS = 30_000;
/** Default time one MCP tool call may take (ms). */
export const DEFAULT_MCP_TOOL_TIMEOUT_MS = 120_000;

/**
 * One MCP server in settings. Exactly one of `command` (a stdio server: `args`, `env`, `cwd`) or `url` (Streamable
 * HTTP, falling back to the legacy SSE transport; `headers`). Secret env and header values are {@link McpSecretRef}s.
 * `risk` overrides the risk of every tool of the server, `toolRisk` of one tool (by the server's own tool name); without
 * them a tool's risk comes from its annotations (readOnlyHint -> read, destructiveHint -> destructive, else external).
 */
export const McpServerConfig = z
  .object({
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), McpValue).default({}),
    cwd: z.string().min(1).optional(),
    url: z.string().url().optional(),
    headers: z.record(z.string(), McpValue).default({}),
    enabled: z.boolean().default(true),
    startTimeoutMs: z.number().int().positive().default(DEFAULT_MCP_START_TIMEOUT_MS),
    toolTimeoutMs: z.number().int().positive().default(DEFAULT_MCP_TOOL_TIMEOUT_MS),
    risk: Risk.optional(),
    toolRisk: z.record(z.string(), Risk).default({}),
  })
  .refine((c) => Boolean(c.command) !== Boolean(c.url), {
    message: 'give either "command" (a stdio server) or "url" (an HTTP server), exactly one of them',
  });
/** Shape of {@link McpServerConfig} (defaults filled in). */
export type McpServerConfig = z.infer<typeof McpServerConfig>;

/**
 * A server as a user adds it (CLI, UI, import): env and header values in plain text. The runtime moves secret values
 * (every header; env keys that look like keys, tokens, secrets or passwords) into the credential store.
 */
export const McpServerInput = z.object({
  command: z.string().min(1).optional(),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().min(1).optional(),
  url: z.string().url().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  enabled: z.boolean().default(true),
  startTimeoutMs: z.number().int().positive().optional(),
  toolTimeoutMs: z.number().int().positive().optional(),
});
/** Shape of {@link McpServerInput}. */
export type McpServerInput = z.infer<typeof McpServerInput>;

/** Lifecycle state of a server: `failed` carries a reason and the tail of its stderr. */
export const McpServerState = z.enum(['starting', 'ready', 'failed', 'disabled', 'stopped']);
/** One of {@link McpServerState}'s values. */
export type McpServerState = z.infer<typeof McpServerState>;

/** A server's status as `mcp list`, Settings and the context receipt show it. Times are ISO 8601. */
export const McpServerStatus = z.object({
  name: z.string(),
  /** `stdio`, `http` (Streamable HTTP) or `sse` (the legacy transport, used after Streamable HTTP was refused). */
  transport: z.enum(['stdio', 'http', 'sse']),
  state: McpServerState,
  /** Why it failed or is not running, with the next step. */
  reason: z.string().optional(),
  /** The last lines the server wrote to stderr (stdio servers), oldest first. */
  stderrTail: z.array(z.string()),
  /** Number of tools registered. */
  tools: z.number().int(),
  /** Tools skipped with why (e.g. a malformed input schema). */
  problems: z.array(z.string()),
  /** Restarts after crashes since the last start by the user. */
  restarts: z.number().int(),
  /** When the next restart is due (while backing off after a crash). */
  nextRestartAt: z.string().optional(),
  /** `name version` the server reported in `initialize`. */
  serverInfo: z.string().optional(),
});
/** Shape of {@link McpServerStatus}. */
export type McpServerStatus = z.infer<typeof McpServerStatus>;

/** A server as listed: what it runs (`command args` or the URL; no secret values) and its status. */
export const McpServerView = z.object({
  name: z.string(),
  target: z.string(),
  enabled: z.boolean(),
  /** Names of env vars and headers whose values are in the credential store. */
  secretKeys: z.array(z.string()),
  status: McpServerStatus,
});
/** Shape of {@link McpServerView}. */
export type McpServerView = z.infer<typeof McpServerView>;

/** One MCP tool as registered: `name` is what the model sees (`<server>__<tool>`), `tool` the server's own name. */
export const McpToolInfo = z.object({
  name: z.string(),
  tool: z.string(),
  server: z.string(),
  description: z.string(),
  risk: Risk,
  /** Where the risk came from. */
  riskFrom: z.enum(['annotations', 'server setting', 'tool setting']),
});
/** Shape of {@link McpToolInfo}. */
export type McpToolInfo = z.infer<typeof McpToolInfo>;

/**
 * Where to import servers from, exactly one of: `from` (Claude Desktop's or Codex's config at its default path), `file`
 * (a config file: TOML when it ends in `.toml`, else JSON), `json` (pasted JSON).
 */
export const McpImportSource = z
  .object({
    from: z.enum(['claude', 'codex']).optional(),
    file: z.string().min(1).optional(),
    json: z.string().min(1).max(200_000).optional(),
  })
  .refine((s) => [s.from, s.file, s.json].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of "from" (claude or codex), "file" or "json"',
  });
/** Shape of {@link McpImportSource}. */
export type McpImportSource = z.infer<typeof McpImportSource>;

/** One server an import would add: its config (secret values masked as `***`), or why it cannot be added. */
export const McpImportCandidate = z.object({
  name: z.string(),
  target: z.string(),
  /** The server as it would be added; env and header values that will go to the credential store read `***`. */
  input: McpServerInput.optional(),
  /** Env and header names whose values will go to the credential store. */
  secretKeys: z.array(z.string()),
  /** A server with this name exists already (applying skips it). */
  exists: z.boolean(),
  /** Why it cannot be added (e.g. a bad name, neither command nor url). */
  problem: z.string().optional(),
});
/** Shape of {@link McpImportCandidate}. */
export type McpImportCandidate = z.infer<typeof McpImportCandidate>;

/** What an import would add, read from `path` (or the pasted text: `path` is `(pasted)`). */
export const McpImportPreview = z.object({ path: z.string(), servers: z.array(McpImportCandidate) });
/** Shape of {@link McpImportPreview}. */
export type McpImportPreview = z.infer<typeof McpImportPreview>;

const NameRef = z.object({ name: z.string().min(1) });

/** Request channels of MCP (merged into invokeChannels). */
export const mcpChannels = {
  /**
   * Every configured server with its status, by name. With `settle`, first waits (at most each server's start timeout)
   * until no server is `starting` (a CLI command that just started the runtime).
   */
  'mcp/list': { params: z.object({ settle: z.boolean().default(false) }).strict(), result: z.array(McpServerView) },
  /** Adds (or with `replace`, replaces) a server and starts it when enabled; `conflict` when the name is taken. */
  'mcp/add': {
    params: z.object({ name: McpServerName, server: McpServerInput, replace: z.boolean().default(false) }),
    result: McpServerView,
  },
  /** Removes a server, its secrets and its tools. */
  'mcp/remove': { params: NameRef, result: z.object({ removed: z.boolean() }) },
  /** Enables (starts) or disables (stops) a server. */
  'mcp/setEnabled': { params: NameRef.extend({ enabled: z.boolean() }), result: McpServerView },
  /** Stops and starts a server again (after a failure), resetting its restart count. */
  'mcp/restart': { params: NameRef, result: McpServerView },
  /** The registered tools of a server with their risk (waiting, at most its start timeout, while it is starting). */
  'mcp/tools': { params: NameRef, result: z.array(McpToolInfo) },
  /** What an import would add (nothing is changed). */
  'mcp/importPreview': { params: McpImportSource, result: McpImportPreview },
  /** Adds the named servers of an import (those that exist already or have a problem are skipped). */
  'mcp/importApply': {
    params: z.object({ source: McpImportSource, names: z.array(z.string()).min(1) }),
    result: z.object({ added: z.array(z.string()), skipped: z.array(z.object({ name: z.string(), why: z.string() })) }),
  },
  /**
   * Saves an "always allow" rule for every tool of a server (`tool` absent: the rule `<server>__*`) or for one tool
   * (its exposed name), every call; listed and revoked with `approval/rules` / `approval/revokeRule`.
   */
  'mcp/allow': { params: NameRef.extend({ tool: z.string().min(1).optional() }), result: ApprovalRule },
} as const;

/** Event channels of MCP (merged into eventChannels). */
export const mcpEventChannels = {
  /** A server's status changed (started, ready, failed, tools changed, stopped). */
  'mcp/statusChanged': McpServerStatus,
} as const;
