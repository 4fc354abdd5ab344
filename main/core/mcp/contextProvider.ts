// The `mcp` context provider: every turn's context receipt shows the MCP servers' status (and the model learns which failed).
import type { McpServerStatus } from '../../../preload/contract/mcp';
import type { ContextProviderDefinition } from '../../../plugins/sdk/types';

/**
 * A context provider whose snapshot is every server's status: the prompt gets one line per server that is not ready
 * (so the model can tell the user why a server's tools are missing); the receipt's `detail` lists all of them
 * (`name`, `state`, `tools`, `reason`). Nothing is injected when no server is configured or all are ready.
 */
export function mcpContextProvider(statuses: () => McpServerStatus[]): ContextProviderDefinition<McpServerStatus[]> {
  return {
    id: 'mcp',
    title: 'MCP servers',
    snapshot: () => statuses(),
    toPrompt: (list) => {
      const down = list.filter((s) => s.state === 'failed' || s.state === 'starting');
      if (down.length === 0) return '';
      return [
        'MCP servers that are not available now (their tools are missing):',
        ...down.map((s) => `- ${s.name}: ${s.state}${s.reason ? ` (${s.reason})` : ''}`),
      ].join('\n');
    },
    detail: (list) =>
      list.map((s) => ({ name: s.name, state: s.state, tools: s.tools, ...(s.reason ? { reason: s.reason } : {}) })),
  };
}
