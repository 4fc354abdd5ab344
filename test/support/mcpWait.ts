// Waiting for an MCP server's status in a runtime under test (event-driven, no sleeps), and the stdio test server's command.
import path from 'node:path';
import type { McpServerStatus } from '../../preload/contract/mcp';
import { mcpOf } from '../../main/core/mcp/service';
import type { Runtime } from '../../main/core/runtime';

/** Absolute path of the stdio test server (./mcpTestServer.ts). */
export const MCP_TEST_SERVER = path.join(import.meta.dirname, 'mcpTestServer.ts');

/** Settings of a stdio server running the test server in `mode` (normal, exit, noinit) with node + tsx. */
export function testServerConfig(mode = 'normal', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { command: process.execPath, args: ['--import', 'tsx', MCP_TEST_SERVER, mode], ...extra };
}

/**
 * Resolves with the status of server `name` once `predicate` holds (checked now and at every `mcp/statusChanged`);
 * rejects after `timeoutMs` with the last status seen.
 */
export function waitForMcp(
  runtime: Runtime,
  name: string,
  predicate: (s: McpServerStatus) => boolean,
  timeoutMs = 60_000,
): Promise<McpServerStatus> {
  const now = mcpOf(runtime).host.get(name)?.status;
  if (now && predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    let last = now;
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `MCP server ${name} did not reach the awaited status in ${timeoutMs} ms; last: ${JSON.stringify(last)}`,
        ),
      );
    }, timeoutMs);
    const off = runtime.bus.on('mcp/statusChanged', (status) => {
      if (status.name !== name) return;
      last = status;
      if (!predicate(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}
