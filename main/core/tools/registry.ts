// The tool registry: model-visible tool names -> definitions, with their JSON Schema specs for model requests.
import { z } from 'zod';
import type { FileAccess, Risk, RuleMatch, ToolDefinition } from '../../../plugins/sdk/types';
import type { ModelToolSpec } from '../models/types';

/** A tool as registered: the model-visible `name`, who provided it, and the definition itself. */
export interface RegisteredTool {
  /** Exposed (model-visible) name, unique in the registry, e.g. `read_file` or `memory_search`. */
  name: string;
  /** `'builtin'` or the id of the plugin that registered the tool. */
  source: string;
  /** The definition as the tool's owner wrote it. */
  tool: ToolDefinition;
  /** JSON Schema of the tool's input (draft 2020-12, no `$schema` key), computed once at registration. */
  jsonSchema: Record<string, unknown>;
  /**
   * The tool's `needsApproval(args)`, normalized at registration: `undefined` when the tool has no hook, `true` (ask)
   * when the hook throws or returns anything but a boolean. Production and tests call this, never the raw hook.
   */
  wantsApproval(args: unknown): boolean | undefined;
  /**
   * The tool's `suggestRule(args)`, normalized at registration: `undefined` when the tool has no hook, or when it
   * throws or returns something other than a record of strings (callers then suggest the exact arguments).
   */
  suggestRule(args: unknown): RuleMatch | undefined;
}

/** One row of {@link ToolRegistry.list}. */
export interface ToolSummary {
  name: string;
  description: string;
  risk: Risk;
  source: string;
}

/** Options of {@link ToolRegistry.register}. */
export interface RegisterOptions {
  /** `'builtin'` (default) or a plugin id. */
  source?: string;
  /** The model-visible name; defaults to `tool.name`. Plugins pass `<plugin>_<name>`. */
  exposedName?: string;
  /**
   * The input's JSON Schema as given by a foreign source (an MCP server's `inputSchema`), used as is instead of one
   * computed from `tool.parameters` (which then only has to accept every object the schema allows). Must be an object
   * schema (`type: 'object'`); a `$schema` key is dropped.
   */
  jsonSchema?: Record<string, unknown>;
}

/** Tool names the OpenAI APIs accept: letters, digits, `_` and `-`, 1 to 64 characters. */
const validName = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * JSON Schema for a tool's parameters, as the model should see them (zod 4 `toJSONSchema`, input side, so fields
 * with defaults are optional). Throws when the schema is not a JSON object schema or has no JSON Schema equivalent.
 * Spec: https://json-schema.org/draft/2020-12 ; https://zod.dev/json-schema
 */
export function toolJsonSchema(name: string, parameters: z.ZodType): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = { ...z.toJSONSchema(parameters, { io: 'input' }) } as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `Tool "${name}" has parameters that cannot be expressed as JSON Schema: ${(error as Error).message}. Use plain zod types (objects, strings, numbers, arrays, enums).`,
      { cause: error },
    );
  }
  delete schema.$schema;
  if (schema.type !== 'object') {
    throw new Error(
      `Tool "${name}" must take a zod object as parameters (got JSON Schema type ${JSON.stringify(schema.type)}); wrap the arguments in z.object({...}).`,
    );
  }
  return schema;
}

/** A copy of a foreign JSON Schema without `$schema`; throws when it is not an object schema. */
function rawJsonSchema(name: string, schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.type !== 'object') {
    throw new Error(
      `Tool "${name}" has an input schema of type ${JSON.stringify(schema.type)}; tools must take a JSON object ("type": "object").`,
    );
  }
  const copy = structuredClone(schema);
  delete copy.$schema;
  return copy;
}

/** Calls the tool's normalized `needsApproval(args)` (see {@link RegisteredTool.wantsApproval}). */
export function toolWantsApproval(tool: RegisteredTool, args: unknown): boolean | undefined {
  return tool.wantsApproval(args);
}

/** Wraps a tool's `needsApproval` so that a throwing or non-boolean hook asks. */
function normalizeNeedsApproval(tool: ToolDefinition): RegisteredTool['wantsApproval'] {
  const hook = tool.needsApproval;
  if (typeof hook !== 'function') return () => undefined;
  return (args) => {
    try {
      const answer: unknown = hook(args);
      // A faulty hook must not widen permissions: anything but a boolean asks.
      return typeof answer === 'boolean' ? answer : true;
    } catch {
      return true;
    }
  };
}

/** Wraps a tool's `suggestRule` so that a throwing or malformed hook gives no suggestion (the exact rule applies). */
function normalizeSuggestRule(tool: ToolDefinition): RegisteredTool['suggestRule'] {
  const hook = tool.suggestRule;
  if (typeof hook !== 'function') return () => undefined;
  return (args) => {
    try {
      const match: unknown = hook(args);
      if (match === null || typeof match !== 'object' || Array.isArray(match)) return undefined;
      const entries = Object.entries(match as Record<string, unknown>);
      return entries.every(([, v]) => typeof v === 'string') ? (Object.fromEntries(entries) as RuleMatch) : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Freezes `value` and every object or array inside it; returns it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The set of tools the model can call, keyed by exposed name. Listing order is by name (stable prompts). */
export class ToolRegistry {
  private readonly tools = new Map<string, RegisteredTool>();
  /** {@link toModelSpecs}' result until a tool is registered or removed. */
  private specs: readonly ModelToolSpec[] | null = null;
  private access: ((call: { sessionId: string; cwd: string }) => FileAccess) | undefined;

  /**
   * Sets how every call gets its {@link FileAccess} (sandbox policy, protected paths); the runtime sets it once.
   * Without it tools get no `ctx.files` (tests that run tools alone).
   */
  setFileAccess(access: (call: { sessionId: string; cwd: string }) => FileAccess): void {
    this.access = access;
  }

  /** The {@link FileAccess} of a call in `sessionId` working in `cwd`, or undefined when none was set. */
  fileAccess(call: { sessionId: string; cwd: string }): FileAccess | undefined {
    return this.access?.(call);
  }

  /**
   * Adds a tool and returns a function that removes it (idempotent; it removes only this registration).
   * Throws when the exposed name is taken, is not 1–64 of `[A-Za-z0-9_-]`, or the parameters are not a zod object
   * expressible as JSON Schema.
   */
  register(tool: ToolDefinition, opts: RegisterOptions = {}): () => void {
    const name = opts.exposedName ?? tool.name;
    const source = opts.source ?? 'builtin';
    if (!validName.test(name)) {
      throw new Error(
        `Cannot register tool "${name}" from ${source}: names must be 1-64 letters, digits, "_" or "-". Rename the tool.`,
      );
    }
    const existing = this.tools.get(name);
    if (existing) {
      throw new Error(
        `Cannot register tool "${name}" from ${source}: the name is already registered by ${existing.source}. Rename one of them or unregister the first.`,
      );
    }
    const entry: RegisteredTool = {
      name,
      source,
      tool,
      jsonSchema: opts.jsonSchema ? rawJsonSchema(name, opts.jsonSchema) : toolJsonSchema(name, tool.parameters),
      wantsApproval: normalizeNeedsApproval(tool),
      suggestRule: normalizeSuggestRule(tool),
    };
    this.tools.set(name, entry);
    this.specs = null;
    return () => {
      if (this.tools.get(name) === entry) {
        this.tools.delete(name);
        this.specs = null;
      }
    };
  }

  /** Removes a tool by exposed name; resolves to false when none had it. */
  unregister(exposedName: string): boolean {
    this.specs = null;
    return this.tools.delete(exposedName);
  }

  /** The tool with this exposed name, or undefined. */
  get(exposedName: string): RegisteredTool | undefined {
    return this.tools.get(exposedName);
  }

  /** Exposed names, sorted. */
  names(): string[] {
    return [...this.tools.keys()].sort();
  }

  /** Summaries of every tool, sorted by name. */
  list(): ToolSummary[] {
    return this.sorted().map((t) => ({
      name: t.name,
      description: t.tool.description,
      risk: t.tool.risk,
      source: t.source,
    }));
  }

  /**
   * Function-tool specs for a model request, sorted by name. Built once and reused until a tool is registered or
   * removed (every model round asks for them); deeply frozen, so a caller cannot change them for the next request.
   */
  toModelSpecs(): readonly ModelToolSpec[] {
    this.specs ??= deepFreeze(
      this.sorted().map((t) => ({
        name: t.name,
        description: t.tool.description,
        parameters: structuredClone(t.jsonSchema),
      })),
    );
    return this.specs;
  }

  private sorted(): RegisteredTool[] {
    return [...this.tools.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
