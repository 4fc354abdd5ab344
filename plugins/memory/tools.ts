// The memory tools the model calls (exposed as memory_add, memory_search, memory_edit, memory_delete, memory_list).
import { z } from 'zod';
import { defineTool, type ToolContext, type ToolDefinition, type ToolResult } from '../sdk';
import { formatMemories, formatMemory } from './format';
import { MemoryInputError, type MemoryService } from './service';
import { MemoryKind } from './types';

const kindHelp =
  'fact (about the user or world), preference (how the user likes things), event (something dated), note (anything else)';

/** Runs `fn`; input problems become an error result the model can act on, anything else propagates to the host. */
async function guarded(fn: () => Promise<string>): Promise<ToolResult> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof MemoryInputError) return { output: error.message, isError: true };
    throw error;
  }
}

const AddParams = z.object({
  text: z.string().describe('The durable fact to remember, self-contained (e.g. "The user prefers metric units").'),
  kind: MemoryKind.optional().describe(`Kind of memory: ${kindHelp}. Default note.`),
  tags: z.array(z.string()).optional().describe('Short keywords for grouping, e.g. ["travel"].'),
  expiresAt: z
    .string()
    .optional()
    .describe('ISO 8601 date-time after which the memory is forgotten (for temporary facts).'),
});

const SearchParams = z.object({
  query: z.string().describe('What to look for, in natural language or keywords.'),
  limit: z.number().int().min(1).max(50).optional().describe('Most results to return (default 10).'),
  kind: MemoryKind.optional().describe('Only memories of this kind.'),
});

const EditParams = z.object({
  id: z.string().describe('Memory id (mem_…).'),
  text: z.string().optional().describe('New text.'),
  kind: MemoryKind.optional(),
  tags: z.array(z.string()).optional().describe('Replaces all tags.'),
  expiresAt: z.string().nullable().optional().describe('New ISO 8601 expiry; null removes the expiry.'),
});

const DeleteParams = z.object({ id: z.string().describe('Memory id (mem_…).') });

const ListParams = z.object({
  kind: MemoryKind.optional(),
  limit: z.number().int().min(1).max(100).optional().describe('Page size (default 20).'),
  offset: z.number().int().min(0).optional().describe('Memories to skip (default 0).'),
});

/**
 * The five memory tools over `service`. Risks: add/edit/delete are `write` — delete removes one memory the user
 * or the model created (it is not `destructive`: no file or external state is touched, and the approval policy
 * still asks for writes under `untrusted`); search/list are `read`. `add` records the call's session and call id.
 */
export function createMemoryTools(service: MemoryService): ToolDefinition[] {
  return [
    defineTool({
      name: 'add',
      description:
        'Save a durable memory (a fact, preference or event worth knowing in future sessions). A near-duplicate of an ' +
        'existing memory updates that memory instead of adding a copy.',
      parameters: AddParams,
      risk: 'write',
      execute: (args, ctx: ToolContext) =>
        guarded(async () => {
          const source = { sessionId: ctx.sessionId, turnId: null, callId: ctx.callId, at: Date.now() };
          const outcome = await service.add({ ...args, source }, ctx.signal);
          return outcome.action === 'added'
            ? `Saved memory ${formatMemory(outcome.memory)}`
            : `Updated existing memory ${outcome.memory.id} instead of adding a duplicate (${outcome.reason}): ${formatMemory(outcome.memory)}`;
        }),
    }),
    defineTool({
      name: 'search',
      description: 'Search long-term memory for facts, preferences and past events relevant to a query.',
      parameters: SearchParams,
      risk: 'read',
      execute: (args, ctx: ToolContext) =>
        guarded(async () => {
          const result = await service.search(args.query, { limit: args.limit, kind: args.kind }, ctx.signal);
          if (result.hits.length === 0) return `No memories match "${args.query.trim().slice(0, 200)}".`;
          const memories = result.hits.map((hit) => hit.memory);
          return `${memories.length} ${memories.length === 1 ? 'memory' : 'memories'} (${result.mode === 'hybrid' ? 'semantic + keyword' : 'keyword'} search), best first:\n${formatMemories(memories, '')}`;
        }),
    }),
    defineTool({
      name: 'edit',
      description: 'Change the text, kind, tags or expiry of one memory (by id), e.g. when a remembered fact changed.',
      parameters: EditParams,
      risk: 'write',
      execute: (args, ctx: ToolContext) =>
        guarded(async () => `Updated memory ${formatMemory(await service.edit(args, ctx.signal))}`),
    }),
    defineTool({
      name: 'delete',
      description: 'Delete one memory by id (when it is wrong or the user asks to forget it).',
      parameters: DeleteParams,
      risk: 'write',
      execute: (args) => guarded(async () => `Deleted memory ${formatMemory(await service.delete(args.id))}`),
    }),
    defineTool({
      name: 'list',
      description: 'List memories, most recently updated first, optionally of one kind; page with offset.',
      parameters: ListParams,
      risk: 'read',
      execute: (args) =>
        guarded(async () => {
          const offset = args.offset ?? 0;
          const page = await service.list({ kind: args.kind, limit: args.limit, offset });
          if (page.memories.length === 0)
            return page.total === 0
              ? 'No memories stored yet.'
              : `No memories after offset ${offset} (total ${page.total}).`;
          const last = offset + page.memories.length;
          const more = last < page.total ? `\nMore: call memory_list with offset ${last}.` : '';
          return `Memories ${offset + 1}–${last} of ${page.total}, most recently updated first:\n${formatMemories(page.memories, '')}${more}`;
        }),
    }),
  ];
}
