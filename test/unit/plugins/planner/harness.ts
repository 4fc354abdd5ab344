// Activates the planner plugin on a given PluginContext and drives its contributions the way the host does.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import planner from '../../../../plugins/planner';
import type { PluginContext, PluginContributions, ToolContext, ToolDefinition } from '../../../../plugins/sdk';

/** The planner's plugin.json as shipped (raw JSON, not yet validated). */
export const plannerManifestJson: unknown = JSON.parse(
  readFileSync(new URL('../../../../plugins/planner/plugin.json', import.meta.url), 'utf8'),
);

/** The activated planner plus helpers to call a tool, render the provider and run /plan. */
export interface PlannerHarness {
  contributions: PluginContributions;
  tool(name: string): ToolDefinition;
  /**
   * Parses `args` with the tool's zod schema (as the host does) and executes it in session `sessionId` (default
   * `s_test`); returns output + error flag.
   */
  call(name: string, args: unknown, sessionId?: string): Promise<{ output: string; isError: boolean }>;
  /** The `plan` provider's snapshot for `sessionId` (default `s_test`) rendered to prompt text, plus its receipt detail. */
  providerView(sessionId?: string): Promise<{ text: string; detail: unknown }>;
  /** Runs `/plan <args>` in `sessionId` (default `s_test`; null: no session) and returns its text. */
  plan(args: string, sessionId?: string | null): Promise<string>;
}

/** Activates the planner with `ctx` and returns a {@link PlannerHarness}. */
export async function activatePlanner(ctx: PluginContext): Promise<PlannerHarness> {
  const contributions = await planner.activate(ctx);
  const tool = (name: string): ToolDefinition => {
    const found = contributions.tools?.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`planner has no tool "${name}"`);
    return found;
  };
  const toolCtx: ToolContext = {
    signal: new AbortController().signal,
    sessionId: 's_test',
    callId: 'call_test',
    cwd: process.cwd(),
    log: ctx.log,
  };
  const provider = contributions.contextProviders?.find((candidate) => candidate.id === 'plan');
  const command = contributions.slashCommands?.find((candidate) => candidate.name === 'plan');
  expect(provider).toBeDefined();
  expect(command).toBeDefined();
  return {
    contributions,
    tool,
    async call(name, args, sessionId = 's_test') {
      const definition = tool(name);
      const result = await definition.execute(definition.parameters.parse(args), { ...toolCtx, sessionId });
      return typeof result === 'string'
        ? { output: result, isError: false }
        : { output: result.output, isError: result.isError ?? false };
    },
    async providerView(sessionId = 's_test') {
      const snapshot = await provider!.snapshot({
        sessionId,
        latestUserText: '',
        cwd: process.cwd(),
        signal: toolCtx.signal,
      });
      return { text: provider!.toPrompt(snapshot), detail: provider!.detail?.(snapshot) };
    },
    async plan(args, sessionId = 's_test') {
      return (await command!.run({ sessionId, args, signal: toolCtx.signal })).text;
    },
  };
}

/** The `(id it_…)` ids in a rendered list, in display order. */
export function idsIn(text: string): string[] {
  return [...text.matchAll(/\(id (it_[a-z0-9]+)\)/g)].map((match) => match[1]!);
}
