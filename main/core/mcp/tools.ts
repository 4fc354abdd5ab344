// MCP tools into the tool registry: one ToolDefinition per server tool, named `<server>__<tool>`, JSON Schema as given.
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig, McpToolInfo } from '../../../preload/contract/mcp';
import type { ToolDefinition } from '../../../plugins/sdk/types';
import type { ToolRegistry } from '../tools/registry';
import type { McpConnection } from './connection';
import { exposedToolName } from './names';
import { toToolResult } from './results';
import { mcpToolRisk } from './risk';

/** MCP arguments are validated by the server against its own schema; locally any JSON object passes. */
const AnyObject = z.record(z.string(), z.unknown());

/** Margin (ms) given to the SDK's request timeout so the runtime's tool timeout fires first with its own message. */
const SDK_TIMEOUT_MARGIN_MS = 5_000;

/** The tools of one server as registered: their infos and the function that removes them all. */
export interface RegisteredMcpTools {
  tools: McpToolInfo[];
  /** Tools that were skipped, with why (malformed schema, a name clash that could not be resolved). */
  problems: string[];
  unregister(): void;
}

/**
 * Registers `tools` of server `server` in `registry` as `<server>__<tool>` (see ./names), with the server's JSON
 * Schema, the risk from annotations and settings (./risk), `timeoutMs` = `config.toolTimeoutMs`, and `execute` calling
 * the server through `connection` with the call's abort signal (interrupt, timeout and kill switch send
 * `notifications/cancelled`). A tool whose `inputSchema` is not an object schema is skipped and named in `problems`.
 */
export function registerMcpTools(
  registry: ToolRegistry,
  server: string,
  config: McpServerConfig,
  tools: Tool[],
  connection: () => McpConnection | null,
): RegisteredMcpTools {
  const infos: McpToolInfo[] = [];
  const problems: string[] = [];
  const removers: (() => void)[] = [];
  for (const tool of tools) {
    const schema = tool.inputSchema as Record<string, unknown> | undefined;
    if (!schema || typeof schema !== 'object' || schema.type !== 'object') {
      problems.push(`Tool "${tool.name}" skipped: its inputSchema is not a JSON object schema ("type": "object").`);
      continue;
    }
    const name = exposedToolName(server, tool.name, (n) => registry.get(n) !== undefined);
    const { risk, riskFrom } = mcpToolRisk(tool.name, tool.annotations, config);
    const description = (tool.description ?? tool.title ?? '').trim() || `Tool "${tool.name}" of MCP server ${server}.`;
    const definition: ToolDefinition<typeof AnyObject> = {
      name,
      description,
      parameters: AnyObject,
      risk,
      timeoutMs: config.toolTimeoutMs,
      // Arbitrary JSON arguments: "always allow" suggests the whole tool (every call), shown before it is saved.
      suggestRule: () => ({}),
      ...(risk === 'read' ? {} : { activity: () => ({ action: `MCP ${server}`, target: tool.name }) }),
      async execute(args, ctx) {
        const live = connection();
        if (!live) throw new Error(`MCP server ${server} is not running; see \`deskpilot mcp list\` for why.`);
        const result = await live.callTool(tool.name, args, ctx.signal, config.toolTimeoutMs + SDK_TIMEOUT_MARGIN_MS);
        return toToolResult(server, result);
      },
    };
    try {
      const properties = schema.properties === undefined ? { properties: {} } : {};
      removers.push(
        registry.register(definition, { source: `mcp:${server}`, jsonSchema: { ...schema, ...properties } }),
      );
      infos.push({ name, tool: tool.name, server, description, risk, riskFrom });
    } catch (error) {
      problems.push(`Tool "${tool.name}" skipped: ${(error as Error).message}`);
    }
  }
  return {
    tools: infos,
    problems,
    unregister: () => {
      for (const remove of removers) remove();
    },
  };
}
