// The risk of an MCP tool: from its annotations (MCP spec ToolAnnotations), overridden per server or per tool in settings.
import type { McpServerConfig, McpToolInfo } from '../../../preload/contract/mcp';
import type { Risk } from '../../../plugins/sdk/types';

/** Tool annotations as the MCP spec defines them (hints; untrusted unless the server is trusted). */
export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
}

/**
 * The risk of server tool `tool`: `config.toolRisk[tool]`, else `config.risk`, else from annotations: `readOnlyHint`
 * -> `read`, `destructiveHint` -> `destructive`, otherwise `external` (MCP tools reach other programs). Spec:
 * https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-annotations
 */
export function mcpToolRisk(
  tool: string,
  annotations: ToolAnnotations | undefined,
  config: Pick<McpServerConfig, 'risk' | 'toolRisk'>,
): { risk: Risk; riskFrom: McpToolInfo['riskFrom'] } {
  const own = config.toolRisk[tool];
  if (own) return { risk: own, riskFrom: 'tool setting' };
  if (config.risk) return { risk: config.risk, riskFrom: 'server setting' };
  if (annotations?.readOnlyHint === true) return { risk: 'read', riskFrom: 'annotations' };
  if (annotations?.destructiveHint === true) return { risk: 'destructive', riskFrom: 'annotations' };
  return { risk: 'external', riskFrom: 'annotations' };
}
