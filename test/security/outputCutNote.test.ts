// Issue 8 (Low): the output-cut note gave the wrong total when bash had already cut its own output.
import { describe, expect, it } from 'vitest';
import { createBashTool } from '../../main/core/tools/builtins/bash';
import { executeToolCall } from '../../main/core/tools/execute';
import { ToolRegistry } from '../../main/core/tools/registry';

describe('output-cut note', () => {
  it('reports the real size of a 5 MB command output cut twice (bash capture, then the runtime limit)', async () => {
    const registry = new ToolRegistry();
    registry.register(createBashTool());
    const outcome = await executeToolCall(
      {
        type: 'function_call',
        call_id: 'call_cut',
        name: 'bash',
        arguments: JSON.stringify({ command: "head -c 5000000 /dev/zero | tr '\\0' a" }),
      },
      {
        registry,
        approve: async () => ({ allowed: true }),
        signal: new AbortController().signal,
        defaultTimeoutMs: 60_000,
        maxOutputBytes: 65_536,
        cwd: process.cwd(),
        sessionId: 'sess_cut',
        log: { debug() {}, info() {}, warn() {}, error() {} },
      },
    );
    expect(outcome.status).toBe('ok');
    const status = 'exit code: 0\n';
    // Before the fix: "[output cut: 65536 of 1048634 bytes shown]" (the size of bash's 1 MiB capture).
    expect(outcome.output.endsWith(`\n[output cut: 65536 of ${5_000_000 + status.length} bytes shown]`)).toBe(true);
    expect(outcome.output.match(/\[output cut:/g)).toHaveLength(1);
    expect(Buffer.byteLength(outcome.output.slice(0, outcome.output.lastIndexOf('\n[output cut:')))).toBe(65_536);
  });
});
