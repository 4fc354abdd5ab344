// Benchmark helper: a built-in plugin activated outside the runtime (temp home, given settings) with its tools by name.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PluginDefinition, ToolDefinition, ToolResult } from '../../plugins/sdk';

const log = { debug() {}, info() {}, warn() {}, error() {} };

/** An activated plugin: `call(tool, args, signal?)` runs a tool like the runtime would; `close()` deactivates it. */
export interface BenchPlugin {
  tools: Map<string, ToolDefinition>;
  call(name: string, args?: unknown, signal?: AbortSignal): Promise<ToolResult>;
  close(): Promise<void>;
}

/** Activates `definition` as plugin `id` on a temp home with `settings` as its config. */
export async function activatePlugin(
  id: string,
  definition: PluginDefinition,
  settings: Record<string, unknown>,
): Promise<BenchPlugin> {
  const home = await mkdtemp(path.join(os.tmpdir(), `deskpilot-bench-${id}-`));
  const contributions = await definition.activate({
    manifest: { id, version: '1.0.0', displayName: id, description: '', permissions: [], activation: 'startup' },
    home,
    dataDir: path.join(home, id),
    log,
    state: () => Promise.reject(new Error('unused')),
    config: (schema) => schema.parse(settings),
    permissions: [],
  });
  const tools = new Map((contributions.tools ?? []).map((t) => [t.name, t]));
  return {
    tools,
    call(name, args = {}, signal = new AbortController().signal) {
      const tool = tools.get(name);
      if (!tool) throw new Error(`no tool ${name}`);
      return tool.execute(tool.parameters.parse(args), { signal, sessionId: 'bench', callId: 'bench', cwd: home, log });
    },
    async close() {
      await definition.deactivate?.();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Median of `values` (0 when empty). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)];
}

/** The `p`-th percentile (0–100, nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** `ms` rounded to 0.1. */
export const round = (ms: number) => Math.round(ms * 10) / 10;

/** The 1-minute load average, rounded (figures on a busy machine are noisy). */
export const loadAverage = () => Math.round(os.loadavg()[0] * 100) / 100;
