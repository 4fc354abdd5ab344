// Tests for the tool registry: registration, duplicates, listing and JSON Schema specs.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { ToolRegistry, toolWantsApproval } from '../../../../main/core/tools/registry';

function tool(name: string, extra: Partial<ToolDefinition> = {}): ToolDefinition {
  return {
    name,
    description: `the ${name} tool`,
    parameters: z.object({
      path: z.string().describe('a path'),
      limit: z.number().int().default(10),
      deep: z.boolean().optional(),
    }),
    risk: 'read',
    execute: async () => 'ok',
    ...extra,
  };
}

describe('ToolRegistry', () => {
  it('produces input-side JSON Schema without $schema', () => {
    const registry = new ToolRegistry();
    registry.register(tool('read_thing'));
    const [spec] = registry.toModelSpecs();
    expect(spec.name).toBe('read_thing');
    expect(spec.description).toBe('the read_thing tool');
    expect(spec.parameters.$schema).toBeUndefined();
    expect(spec.parameters.type).toBe('object');
    // Fields with defaults are optional on the input side.
    expect(spec.parameters.required).toEqual(['path']);
    expect(spec.parameters.properties).toMatchObject({
      path: { type: 'string', description: 'a path' },
      limit: { type: 'integer', default: 10 },
      deep: { type: 'boolean' },
    });
  });

  it('throws a clear error on a duplicate exposed name and keeps the first', () => {
    const registry = new ToolRegistry();
    registry.register(tool('search'), { source: 'memory', exposedName: 'memory_search' });
    expect(() => registry.register(tool('search'), { source: 'other', exposedName: 'memory_search' })).toThrow(
      /"memory_search".*already registered by memory/,
    );
    expect(registry.get('memory_search')?.source).toBe('memory');
  });

  it('rejects names the model API would refuse and non-object parameters', () => {
    const registry = new ToolRegistry();
    expect(() => registry.register(tool('bad name'))).toThrow(/1-64 letters/);
    expect(() => registry.register({ ...tool('str'), parameters: z.string() })).toThrow(/zod object/);
    expect(() => registry.register({ ...tool('date'), parameters: z.object({ d: z.date() }) })).toThrow(
      /cannot be expressed as JSON Schema/,
    );
    expect(registry.names()).toEqual([]);
  });

  it('lists sorted summaries and unregisters only its own registration', () => {
    const registry = new ToolRegistry();
    const offB = registry.register(tool('b_tool', { risk: 'write' }), { source: 'p1' });
    registry.register(tool('a_tool'));
    expect(registry.list()).toEqual([
      { name: 'a_tool', description: 'the a_tool tool', risk: 'read', source: 'builtin' },
      { name: 'b_tool', description: 'the b_tool tool', risk: 'write', source: 'p1' },
    ]);
    expect(registry.toModelSpecs().map((s) => s.name)).toEqual(['a_tool', 'b_tool']);
    offB();
    registry.register(tool('b_tool'), { source: 'p2' });
    offB(); // stale unregister must not remove the new owner's tool
    expect(registry.get('b_tool')?.source).toBe('p2');
    expect(registry.names()).toEqual(['a_tool', 'b_tool']);
  });

  it('builds the specs once until the tools change, frozen so no request can alter the next (issue 13)', () => {
    const registry = new ToolRegistry();
    const offX = registry.register(tool('x'));
    const first = registry.toModelSpecs();
    expect(registry.toModelSpecs()).toBe(first);
    expect(() => {
      (first[0]!.parameters as Record<string, unknown>).type = 'mutated';
    }).toThrow(TypeError);
    expect(registry.toModelSpecs()[0]!.parameters.type).toBe('object');
    registry.register(tool('y'));
    const second = registry.toModelSpecs();
    expect(second).not.toBe(first);
    expect(second.map((s) => s.name)).toEqual(['x', 'y']);
    offX();
    expect(registry.toModelSpecs().map((s) => s.name)).toEqual(['y']);
    registry.unregister('y');
    expect(registry.toModelSpecs()).toEqual([]);
  });

  it('asks when a needsApproval hook throws', () => {
    const registry = new ToolRegistry();
    registry.register(
      tool('h', {
        needsApproval: () => {
          throw new Error('boom');
        },
      }),
    );
    registry.register(tool('f', { needsApproval: () => false }));
    registry.register(tool('none'));
    expect(toolWantsApproval(registry.get('h')!, {})).toBe(true);
    expect(toolWantsApproval(registry.get('f')!, {})).toBe(false);
    expect(toolWantsApproval(registry.get('none')!, {})).toBeUndefined();
  });

  it('normalizes needsApproval and suggestRule once at registration (issue 7 §5)', () => {
    const registry = new ToolRegistry();
    // Casts: the hooks deliberately break their declared types, as a faulty JavaScript plugin could.
    registry.register(tool('odd', { needsApproval: (() => 'no') as never, suggestRule: (() => ({ a: 1 })) as never }));
    registry.register(
      tool('bad', {
        suggestRule: () => {
          throw new Error('boom');
        },
      }),
    );
    registry.register(tool('good', { suggestRule: () => ({ a: 'x *' }) }));
    // A non-boolean answer asks; a malformed or throwing suggestion gives none (the exact rule applies).
    expect(registry.get('odd')!.wantsApproval({})).toBe(true);
    expect(registry.get('odd')!.suggestRule({})).toBeUndefined();
    expect(registry.get('bad')!.suggestRule({})).toBeUndefined();
    expect(registry.get('good')!.suggestRule({})).toEqual({ a: 'x *' });
  });
});

describe('ToolRegistry.unregister', () => {
  it('removes a tool by exposed name and reports whether it existed', () => {
    const registry = new ToolRegistry();
    registry.register(tool('echo'));
    expect(registry.unregister('echo')).toBe(true);
    expect(registry.get('echo')).toBeUndefined();
    expect(registry.unregister('echo')).toBe(false);
  });
});
