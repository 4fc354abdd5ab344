// The memory plugin's UI methods (`plugin/call` with pluginId 'memory'): list, search, get, add, edit, delete, status.
import type { z } from 'zod';
import { AddParams, EditParams, IdParams, ListParams, SearchParams, StatusParams, type memoryUi } from './contract';
import { MemoryInputError, type MemoryService } from './service';
import type { Memory } from './types';

/** The UI methods' results, as contract.ts declares them (`memoryUi`). */
type Results = { [M in keyof typeof memoryUi.methods]: z.infer<(typeof memoryUi.methods)[M]['result']> };

/**
 * The memory plugin's `rpc` contribution: exactly the methods of `memoryUi` (contract.ts), each resolving to that
 * method's result shape. Every method takes untrusted JSON params (an omitted params object counts as `{}`),
 * validates it strictly with the contract's params schema and throws an Error with `code` `invalid_params` naming
 * each problem, or `not_found` for an unknown memory id. Times in results are epoch ms.
 */
export type MemoryRpc = { [M in keyof Results]: (params: unknown) => Promise<Results[M]> };

/** An Error carrying a contract error code (`plugin/call` keeps `not_found`; anything else becomes `invalid_params`). */
function coded(code: 'invalid_params' | 'not_found', message: string): Error {
  return Object.assign(new Error(message), { code });
}

function parse<S extends z.ZodType>(method: string, schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`)
    .join('; ');
  throw coded('invalid_params', `Could not ${MEMORY_ACTIONS[method] ?? `${method} memories`}: ${problems}.`);
}

/** What each method does, in the user's words, for error messages ("Could not search memories: …"). */
const MEMORY_ACTIONS: Record<string, string> = {
  list: 'list memories',
  search: 'search memories',
  get: 'show the memory',
  add: 'add the memory',
  edit: 'edit the memory',
  delete: 'delete the memory',
  status: 'read the memory status',
};

/** Runs `fn`; the service's input errors become `invalid_params` errors with the same message. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof MemoryInputError) throw coded('invalid_params', error.message);
    throw error;
  }
}

function notFound(id: string): Error {
  return coded(
    'not_found',
    `No memory has id ${id}; it was deleted or has expired. List the memories to see the current ids.`,
  );
}

/** The live memory with `id` (already validated), or a `not_found` error. */
async function existing(service: MemoryService, id: string): Promise<Memory> {
  try {
    return await service.get(id);
  } catch (error) {
    if (error instanceof MemoryInputError) throw notFound(id);
    throw error;
  }
}

/** Builds the {@link MemoryRpc} methods over `service`; `now` (epoch ms, default Date.now) stamps user-added sources. */
export function createMemoryRpc(service: MemoryService, now: () => number = Date.now): MemoryRpc {
  return {
    list: async (params) => service.list(parse('list', ListParams, params)),
    search: async (params) => {
      const { query, ...options } = parse('search', SearchParams, params);
      return service.search(query, options);
    },
    get: async (params) => existing(service, parse('get', IdParams, params).id),
    add: async (params) => {
      const input = parse('add', AddParams, params);
      return guarded(() =>
        service.add({ ...input, source: { sessionId: null, turnId: null, callId: null, at: now() } }),
      );
    },
    edit: async (params) => {
      const input = parse('edit', EditParams, params);
      await existing(service, input.id);
      return guarded(() => service.edit(input));
    },
    delete: async (params) => {
      const { id } = parse('delete', IdParams, params);
      try {
        await service.delete(id);
        return { deleted: true };
      } catch (error) {
        // The id is well-formed, so the only input error left is "no such memory".
        if (error instanceof MemoryInputError) return { deleted: false };
        throw error;
      }
    },
    status: async (params) => {
      parse('status', StatusParams, params);
      const { total } = await service.list({ limit: 1 });
      return { ...service.status(), mode: service.searchMode(), count: total };
    },
  };
}
