// Test helpers for built-in tools: temp dirs, a tool context, and running a tool through its zod schema.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, ToolContext, ToolDefinition, ToolResult } from '../../../../../plugins/sdk/types';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A fresh temp directory and a function removing it. */
export async function tempDir(prefix = 'deskpilot-tools-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A tool context rooted at `cwd`. */
export function context(cwd: string, signal: AbortSignal = new AbortController().signal): ToolContext {
  return { signal, sessionId: 'sess_test', callId: 'call_test', cwd, log: silent };
}

/** Parses `args` with the tool's schema (as execute.ts does) and runs it. */
export async function run(tool: ToolDefinition, args: unknown, ctx: ToolContext): Promise<ToolResult> {
  return tool.execute(tool.parameters.parse(args), ctx);
}

/** The text of a tool result. */
export function text(result: ToolResult): string {
  return typeof result === 'string' ? result : result.output;
}
