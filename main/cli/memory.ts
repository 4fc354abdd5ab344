// `deskpilot memory list|search|add|delete`: the memory plugin's UI methods (`plugin/call`, pluginId 'memory') from the shell.
import { Option, type Command } from 'commander';
import type { AddOutcome, Memory, SearchResult } from '../../plugins/memory/index';
import { MEMORY_KINDS } from '../../plugins/memory/constants';
import type { RuntimeClient } from '../core/api/client';
import { CliError } from './errors';
import type { Io } from './run';

/** Runs `fn` with a client opened for this command (the CLI's `withClient`). */
export type WithClient = (fn: (client: RuntimeClient) => Promise<number | void>) => Promise<void>;

/** Most memories one list or search prints (the plugin's page limit). */
const MAX_LIMIT = 100;

/** Calls memory method `method`; any failure (unknown id, plugin failed or disabled) becomes a CliError with exit code 1. */
async function callMemory<T>(client: RuntimeClient, method: string, params: Record<string, unknown>): Promise<T> {
  try {
    const defined = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
    return (await client.invoke('plugin/call', { pluginId: 'memory', method, params: defined })) as T;
  } catch (error) {
    // Loaded here, not at the top: `deskpilot --version` must not load the client (the client is open by now).
    const { ClientError } = await import('../core/api/client');
    if (error instanceof ClientError) throw new CliError(error.message, 1);
    throw error;
  }
}

/** Parses `--limit`: an integer 1–100, else a usage error (exit 2). */
function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new CliError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${value}".`, 2);
  return n;
}

/** Splits `--tags a,b` into trimmed, non-empty tags. */
function parseTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** One memory as a line: `id  kind  updated-date  text #tag…`. */
function memoryLine(memory: Memory): string {
  const tags = memory.tags.map((tag) => ` #${tag}`).join('');
  return `${memory.id}  ${memory.kind.padEnd(10)}  ${new Date(memory.updatedAt).toISOString().slice(0, 10)}  ${memory.text}${tags}`;
}

function write(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints memories most recently updated first (`--json`: `{memories, total}`). */
export async function listMemories(
  client: RuntimeClient,
  options: { kind?: string; limit?: number; json: boolean },
  io: Io,
): Promise<void> {
  const page = await callMemory<{ memories: Memory[]; total: number }>(client, 'list', {
    kind: options.kind,
    limit: options.limit,
  });
  if (options.json) return write(io, page);
  if (page.total === 0) {
    io.stdout.write(
      options.kind
        ? `No ${options.kind} memories.\n`
        : 'No memories stored yet. Add one with: deskpilot memory add <text>\n',
    );
    return;
  }
  for (const memory of page.memories) io.stdout.write(`${memoryLine(memory)}\n`);
  if (page.memories.length < page.total)
    io.stdout.write(`(${page.memories.length} of ${page.total}; raise --limit to see more)\n`);
}

/** Prints the memories matching `query`, best first, with their scores (`--json`: `{hits, mode}`). */
export async function searchMemories(
  client: RuntimeClient,
  query: string,
  options: { limit?: number; json: boolean },
  io: Io,
): Promise<void> {
  const result = await callMemory<SearchResult>(client, 'search', { query, limit: options.limit });
  if (options.json) return write(io, result);
  if (result.hits.length === 0) {
    io.stdout.write(`No memories match "${query}".\n`);
    return;
  }
  for (const hit of result.hits) io.stdout.write(`${hit.score.toFixed(3).padStart(7)}  ${memoryLine(hit.memory)}\n`);
}

/** Adds a memory as the user (no session); a near-duplicate updates the existing one (`--json`: the AddOutcome). */
export async function addMemory(
  client: RuntimeClient,
  text: string,
  options: { kind?: string; tags?: string[]; json: boolean },
  io: Io,
): Promise<void> {
  const outcome = await callMemory<AddOutcome>(client, 'add', { text, kind: options.kind, tags: options.tags });
  if (options.json) return write(io, outcome);
  if (outcome.action === 'added') io.stdout.write(`Added ${memoryLine(outcome.memory)}\n`);
  else
    io.stdout.write(
      `Updated the existing memory instead of adding a copy (${outcome.reason}): ${memoryLine(outcome.memory)}\n`,
    );
}

/** Deletes one memory; an unknown id fails (exit 1). */
export async function deleteMemory(client: RuntimeClient, id: string, io: Io): Promise<void> {
  const { deleted } = await callMemory<{ deleted: boolean }>(client, 'delete', { id });
  if (!deleted) throw new CliError(`No memory has id ${id}; see the ids with: deskpilot memory list`, 1);
  io.stdout.write(`Deleted ${id}.\n`);
}

/** Registers `memory list|search|add|delete` on `program` (subcommands inherit its output and exit settings). */
export function addMemoryCommands(program: Command, withClient: WithClient, io: Io): void {
  const kindOption = () => new Option('--kind <kind>', 'fact, preference, event or note').choices(MEMORY_KINDS);
  const memory = program
    .command('memory')
    .description("list, search, add and delete the assistant's long-term memories");
  memory
    .command('list')
    .description('memories, most recently updated first')
    .addOption(kindOption())
    .option('--limit <n>', `how many to show (1-${MAX_LIMIT}, default 20)`, parseLimit)
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withClient((c) => listMemories(c, { kind: opts.kind, limit: opts.limit, json: Boolean(opts.json) }, io)),
    );
  memory
    .command('search')
    .description('memories relevant to a query, best first')
    .argument('<query...>', 'what to look for')
    .option('--limit <n>', `how many to show (1-${MAX_LIMIT}, default 10)`, parseLimit)
    .option('--json', 'print JSON')
    .action(async (words: string[], opts) =>
      withClient((c) => searchMemories(c, words.join(' '), { limit: opts.limit, json: Boolean(opts.json) }, io)),
    );
  memory
    .command('add')
    .description('remember something (a near-duplicate updates the existing memory)')
    .argument('<text...>', 'the fact, preference or event')
    .addOption(kindOption())
    .option('--tags <tags>', 'comma-separated tags, e.g. travel,family', parseTags)
    .option('--json', 'print JSON')
    .action(async (words: string[], opts) =>
      withClient((c) =>
        addMemory(c, words.join(' '), { kind: opts.kind, tags: opts.tags, json: Boolean(opts.json) }, io),
      ),
    );
  memory
    .command('delete')
    .description('forget one memory')
    .argument('<id>', 'memory id (mem_…), see memory list')
    .action(async (id: string) => withClient((c) => deleteMemory(c, id, io)));
}
