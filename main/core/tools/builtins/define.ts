// Typing helper for built-in tools: checks a definition against its own schema, then widens it for the registry.
import type { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';

/**
 * Returns `def` typed as a plain {@link ToolDefinition}. The registry stores tools of every parameter type side by
 * side; the arguments a tool receives are always the output of its own `parameters` schema (see ../execute), so the
 * widening is sound even though TypeScript cannot prove it for the function-typed properties.
 */
export function defineBuiltin<P extends z.ZodType>(def: ToolDefinition<P>): ToolDefinition {
  // Cast: erases the parameter type for the registry; execute only ever receives args parsed with the same schema.
  return def as unknown as ToolDefinition;
}
