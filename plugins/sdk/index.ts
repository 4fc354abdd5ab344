// The plugin SDK entry point: identity helpers that give plugin code full type inference.
import type { z } from 'zod';
import type { PluginDefinition } from './plugin';
import type { ContextProviderDefinition, SlashCommandDefinition, ToolDefinition, ToolImage, ToolResult } from './types';

export * from './types';
export * from './plugin';
export * from './manifest';
export type { Usage } from './usage';
export * from './wakeups';
export { SerialQueue } from './serialQueue';
export { plural } from './text';

/** Declares a plugin; returns `definition` unchanged (typed). */
export function definePlugin(definition: PluginDefinition): PluginDefinition {
  return definition;
}

/** Declares a tool whose `execute` arguments are inferred from the zod `parameters`; returns it unchanged. */
export function defineTool<P extends z.ZodType>(tool: ToolDefinition<P>): ToolDefinition {
  // Cast: erases the type parameter for the registry; the host parses with the definition's own schema before calling it.
  return tool as unknown as ToolDefinition;
}

/** Declares a context provider whose snapshot type flows from `snapshot` to `toPrompt`; returns it unchanged. */
export function defineContextProvider<S>(provider: ContextProviderDefinition<S>): ContextProviderDefinition {
  // Cast: erases the type parameter for the registry; the host parses with the definition's own schema before calling it.
  return provider as unknown as ContextProviderDefinition;
}

/** Declares a slash command; returns it unchanged. */
export function defineSlashCommand(command: SlashCommandDefinition): SlashCommandDefinition {
  return command;
}

/**
 * A tool result carrying images (e.g. a screenshot) with `text` describing them for the model; the images reach the
 * model as image input (see {@link ToolResult}). `data` of each image is base64 without a `data:` prefix.
 */
export function imageResult(text: string, images: ToolImage[]): ToolResult {
  return { output: text, images };
}
