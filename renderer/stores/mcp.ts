// MCP servers (issue 14): the list with status (`mcp/list`, pushed by `mcp/statusChanged`), tools, and every change.
import { create } from 'zustand';
import type {
  ApprovalRule,
  McpImportPreview,
  McpImportSource,
  McpServerInput,
  McpServerView,
  McpToolInfo,
} from '../../preload/contract';
import { api } from '../api';

/** What an action resolves to: null when it worked, else the runtime's message. */
type Problem = string | null;

interface McpStore {
  servers: McpServerView[];
  /** Tools per server name, loaded when a server's tools are opened. */
  tools: Record<string, McpToolInfo[]>;
  refresh(): Promise<void>;
  /** Applies a pushed status to the list (a server not listed yet triggers a refresh). */
  applyStatus(status: McpServerView['status']): void;
  add(name: string, server: Partial<McpServerInput>): Promise<Problem>;
  remove(name: string): Promise<Problem>;
  setEnabled(name: string, enabled: boolean): Promise<Problem>;
  restart(name: string): Promise<Problem>;
  loadTools(name: string): Promise<Problem>;
  preview(source: McpImportSource): Promise<McpImportPreview | string>;
  apply(
    source: McpImportSource,
    names: string[],
  ): Promise<{ added: string[]; skipped: { name: string; why: string }[] } | string>;
  /** Saves "always allow" for every tool of a server, or one tool; resolves to the rule or a message. */
  allow(name: string, tool?: string): Promise<ApprovalRule | string>;
}

/** Store of the MCP servers shown in Settings → MCP servers. */
export const useMcp = create<McpStore>()((set, get) => {
  const after = async (result: { ok: true } | { ok: false; error: { message: string } }): Promise<Problem> => {
    await get().refresh();
    return result.ok ? null : result.error.message;
  };
  return {
    servers: [],
    tools: {},
    async refresh() {
      const r = await api.invoke('mcp/list', {});
      if (r.ok) set({ servers: r.value });
    },
    applyStatus(status) {
      const servers = get().servers;
      if (!servers.some((s) => s.name === status.name)) return void get().refresh();
      set({ servers: servers.map((s) => (s.name === status.name ? { ...s, status } : s)) });
      if (status.state !== 'ready') set({ tools: { ...get().tools, [status.name]: [] } });
    },
    add: async (name, server) => after(await api.invoke('mcp/add', { name, server })),
    remove: async (name) => after(await api.invoke('mcp/remove', { name })),
    setEnabled: async (name, enabled) => after(await api.invoke('mcp/setEnabled', { name, enabled })),
    restart: async (name) => after(await api.invoke('mcp/restart', { name })),
    async loadTools(name) {
      const r = await api.invoke('mcp/tools', { name });
      if (!r.ok) return r.error.message;
      set({ tools: { ...get().tools, [name]: r.value } });
      return null;
    },
    async preview(source) {
      const r = await api.invoke('mcp/importPreview', source);
      return r.ok ? r.value : r.error.message;
    },
    async apply(source, names) {
      const r = await api.invoke('mcp/importApply', { source, names });
      await get().refresh();
      return r.ok ? r.value : r.error.message;
    },
    async allow(name, tool) {
      const r = await api.invoke('mcp/allow', { name, ...(tool ? { tool } : {}) });
      return r.ok ? r.value : r.error.message;
    },
  };
});
