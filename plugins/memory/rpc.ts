// The memory plugin's UI methods (`plugin/call` with pluginId 'memory'): list, search, get, add, edit, delete, status.
import { z } from 'zod';
import { MAX_LIMIT, MemoryInputError, type AddOutcome, type MemoryService, type SearchResult } from './service';
import { MEMORY_ID_PATTERN } from './text';
import { MemoryKind, type Memory, type ReembedStatus, type SearchMode } from './types';

const Id = z
  .string()
  .trim()
  .regex(MEMORY_ID_PATTERN, 'is not a memory id; ids look like mem_0abc123xyz4567 (see memory list)');
const Limit = z.number().int().min(1).max(MAX_LIMIT);
/** An ISO 8601 date-time in the future (checked by the service); null removes an expiry. */
const ExpiresAt = z.string().nullable();

/** `list` params: filter by kind; page with `limit` (1–100, default 20) and `offset` (default 0). */
export const ListParams = z.strictObject({
  kind: MemoryKind.optional(),
  limit: Limit.optional(),
  offset: z.number().int().min(0).optional(),
});
/** `search` params: `query` (non-empty; longer than 1,000 characters is cut), `limit` (1–100, default 10), `kind`. */
export const SearchParams = z.strictObject({
  query: z.string().trim().min(1, 'is empty; give words to look for'),
  limit: Limit.optional(),
  kind: MemoryKind.optional(),
});
/** `get` and `delete` params. */
export const IdParams = z.strictObject({ id: Id });
/** `add` params: `kind` defaults to note; `expiresAt` is ISO 8601 and must be in the future. */
export const AddParams = z.strictObject({
  text: z.string(),
  kind: MemoryKind.optional(),
  tags: z.array(z.string()).optional(),
  expiresAt: ExpiresAt.optional(),
});
/** `edit` params: the fields to change (`tags` replaces all tags; `expiresAt: null` removes the expiry). */
export const EditParams = z.strictObject({
  id: Id,
  text: z.string().optional(),
  kind: MemoryKind.optional(),
  tags: z.array(z.string()).optional(),
  expiresAt: ExpiresAt.optional(),
});
/** `status` takes no params (`{}` or nothing). */
export const StatusParams = z.strictObject({});

/** `status` result: re-embedding progress, how searches run now, and how many live memories exist. */
export interface MemoryStatus extends ReembedStatus {
  mode: SearchMode;
  /** Live (unexpired) memories. */
  count: number;
}

/**
 * The memory plugin's `rpc` contribution. Every method takes untrusted JSON params (an omitted params object counts as
 * `{}`), validates it strictly and throws an Error with `code` `invalid_params` naming each problem, or `not_found` for
 * an unknown memory id. Times in results are epoch ms.
 */
export type MemoryRpc = {
  /** Live memories, most recently updated first, and the total matching `kind`. */
  list(params: unknown): Promise<{ memories: Memory[]; total: number }>;
  /** Hits best first with scores (BM25 or RRF) and the mode used (`fts` or `hybrid`). */
  search(params: unknown): Promise<SearchResult>;
  /** One live memory. */
  get(params: unknown): Promise<Memory>;
  /** Adds a memory on the user's behalf (source: no session), or updates the near-duplicate it matches. */
  add(params: unknown): Promise<AddOutcome>;
  /** Changes one memory; resolves to it as saved. */
  edit(params: unknown): Promise<Memory>;
  /** Deletes one memory: `deleted` is false when no memory has that (well-formed) id. */
  delete(params: unknown): Promise<{ deleted: boolean }>;
  /** See {@link MemoryStatus}. */
  status(params: unknown): Promise<MemoryStatus>;
};

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
  throw coded('invalid_params', `Invalid params for memory ${method}: ${problems}.`);
}

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
