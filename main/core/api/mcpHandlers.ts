// Handlers of the `mcp/*` channels (preload/contract/mcp.ts) over a runtime's MCP service.
import { mcpOf } from '../mcp/service';
import type { Runtime } from '../runtime';
import type { Handlers } from './dispatch';

type McpHandlers = Pick<
  Handlers,
  | 'mcp/list'
  | 'mcp/add'
  | 'mcp/remove'
  | 'mcp/setEnabled'
  | 'mcp/restart'
  | 'mcp/tools'
  | 'mcp/importPreview'
  | 'mcp/importApply'
  | 'mcp/allow'
>;

/** The MCP handlers; refusals are `McpError`s whose `code` (not_found, conflict, invalid_params) dispatch keeps. */
export function mcpHandlers(runtime: Runtime): McpHandlers {
  const mcp = mcpOf(runtime);
  return {
    'mcp/list': async ({ settle }) => {
      if (settle) await mcp.settled();
      return mcp.list();
    },
    'mcp/add': ({ name, server, replace }) => mcp.add(name, server, replace),
    'mcp/remove': async ({ name }) => ({ removed: await mcp.remove(name) }),
    'mcp/setEnabled': ({ name, enabled }) => mcp.setEnabled(name, enabled),
    'mcp/restart': async ({ name }) => mcp.restart(name),
    'mcp/tools': async ({ name }) => {
      await mcp.settled(name);
      return mcp.tools(name);
    },
    'mcp/importPreview': (source) => mcp.importPreview(source),
    'mcp/importApply': ({ source, names }) => mcp.importApply(source, names),
    'mcp/allow': ({ name, tool }) => mcp.allow(name, tool),
  };
}
