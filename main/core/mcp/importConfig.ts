// Reading MCP server configurations of other apps: Claude Desktop's JSON (`mcpServers`), Codex's config.toml
// (`[mcp_servers.*]`) and pasted JSON snippets, as server inputs to preview before adding.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { McpServerInput, McpServerName, type McpImportSource } from '../../../preload/contract/mcp';

/** One server found in a configuration: its input, or why it cannot be used. */
export interface FoundServer {
  name: string;
  input?: McpServerInput;
  problem?: string;
}

/** Claude Desktop's config path on this platform (macOS, Windows `%APPDATA%`, else `~/.config/Claude`). */
export function claudeConfigPath(env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  if (process.platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (process.platform === 'win32')
    return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Claude', 'claude_desktop_config.json');
}

/** Codex's config path: `$CODEX_HOME/config.toml`, else `~/.codex/config.toml`. */
export function codexConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.CODEX_HOME || join(env.HOME || homedir(), '.codex'), 'config.toml');
}

/**
 * Reads the servers of an import source: `{from: 'claude' | 'codex'}` (the app's default path), `{file}` (TOML when
 * it ends in `.toml`, else JSON) or `{json}` (pasted text). `env` resolves `~` and Codex's `bearer_token_env_var`.
 * Throws an Error naming the path and the problem when the file is missing or unparsable.
 */
export async function readImport(
  source: McpImportSource,
  env: NodeJS.ProcessEnv,
): Promise<{ path: string; servers: FoundServer[] }> {
  if (source.json !== undefined)
    return { path: '(pasted)', servers: fromJson(parseJson(source.json, 'the pasted text')) };
  const path = source.file ?? (source.from === 'claude' ? claudeConfigPath(env) : codexConfigPath(env));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${path} does not exist; pass the file with --from FILE.`
        : `Cannot read ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const toml = source.from === 'codex' || extname(path).toLowerCase() === '.toml';
  if (toml) {
    let parsed: unknown;
    try {
      parsed = parseToml(text);
    } catch (error) {
      throw new Error(`${path} is not valid TOML: ${(error as Error).message}`, { cause: error });
    }
    return { path, servers: fromCodex(parsed, env) };
  }
  return { path, servers: fromJson(parseJson(text, path)) };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Servers of a JSON config: `{mcpServers: {...}}` (Claude Desktop, Cursor), `{servers: {...}}` (VS Code), or the
 * name -> server map itself. A server is `{command, args?, env?, cwd?}` or `{url | serverUrl, headers?, type?}`.
 */
export function fromJson(doc: unknown): FoundServer[] {
  if (!isRecord(doc)) throw new Error('Expected a JSON object with "mcpServers" (as in claude_desktop_config.json).');
  const map = isRecord(doc.mcpServers) ? doc.mcpServers : isRecord(doc.servers) ? doc.servers : doc;
  if ('command' in map || 'url' in map) {
    throw new Error('This is one server without a name; wrap it as {"mcpServers": {"<name>": {...}}}.');
  }
  return Object.entries(map).map(([name, raw]) => {
    if (!isRecord(raw)) return { name, problem: 'not a JSON object' };
    return found(name, {
      command: raw.command,
      args: raw.args,
      env: raw.env,
      cwd: raw.cwd,
      url: raw.url ?? raw.serverUrl,
      headers: raw.headers,
      enabled: raw.disabled === true ? false : undefined,
    });
  });
}

/**
 * Servers of a Codex config.toml: `[mcp_servers.<name>]` with `command`, `args`, `env`, `cwd`, or `url`,
 * `http_headers`, `bearer_token_env_var` (read from `env`); `enabled`, `startup_timeout_sec` / `startup_timeout_ms`,
 * `tool_timeout_sec`. Spec: https://github.com/openai/codex/blob/main/docs/config.md#mcp_servers
 */
export function fromCodex(doc: unknown, env: NodeJS.ProcessEnv): FoundServer[] {
  const servers = isRecord(doc) && isRecord(doc.mcp_servers) ? doc.mcp_servers : {};
  return Object.entries(servers).map(([name, raw]) => {
    if (!isRecord(raw)) return { name, problem: 'not a table' };
    const headers: Record<string, unknown> = isRecord(raw.http_headers) ? { ...raw.http_headers } : {};
    if (typeof raw.bearer_token_env_var === 'string') {
      const token = env[raw.bearer_token_env_var];
      if (!token) return { name, problem: `its bearer token variable ${raw.bearer_token_env_var} is not set here` };
      headers.Authorization = `Bearer ${token}`;
    }
    if (isRecord(raw.env_http_headers)) {
      for (const [header, variable] of Object.entries(raw.env_http_headers)) {
        const value = typeof variable === 'string' ? env[variable] : undefined;
        if (!value)
          return { name, problem: `its header ${header} comes from ${String(variable)}, which is not set here` };
        headers[header] = value;
      }
    }
    const seconds = (v: unknown) => (typeof v === 'number' && v > 0 ? Math.round(v * 1000) : undefined);
    return found(name, {
      command: raw.command,
      args: raw.args,
      env: raw.env,
      cwd: raw.cwd,
      url: raw.url,
      headers,
      enabled: raw.enabled === false ? false : undefined,
      startTimeoutMs:
        typeof raw.startup_timeout_ms === 'number' ? raw.startup_timeout_ms : seconds(raw.startup_timeout_sec),
      toolTimeoutMs: seconds(raw.tool_timeout_sec),
    });
  });
}

/** Validates one server: a valid name and a valid input with exactly one of command and url. */
function found(name: string, raw: Record<string, unknown>): FoundServer {
  const validName = McpServerName.safeParse(name);
  if (!validName.success) return { name, problem: `the name ${validName.error.issues[0].message}` };
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const input = McpServerInput.safeParse(clean);
  if (!input.success) {
    const issue = input.error.issues[0];
    return { name, problem: `${issue.path.join('.') || 'server'}: ${issue.message}` };
  }
  if (Boolean(input.data.command) === Boolean(input.data.url)) {
    return { name, problem: 'needs exactly one of "command" (stdio) or "url" (HTTP)' };
  }
  return { name, input: input.data };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
