// Slash commands: /memory [query], /remember <text>, /forget <id>.
import { defineSlashCommand, type SlashCommandDefinition, type SlashCommandResult } from '../sdk';
import { formatMemories, formatMemory } from './format';
import { MemoryInputError, type MemoryService } from './service';

/** Runs `fn`; input problems become the command's text, anything else propagates to the host. */
async function guarded(fn: () => Promise<string>): Promise<SlashCommandResult> {
  try {
    return { text: await fn() };
  } catch (error) {
    if (error instanceof MemoryInputError) return { text: error.message };
    throw error;
  }
}

/** One line about background re-embedding, or '' when idle. */
function statusLine(service: MemoryService): string {
  const status = service.status();
  return status.state === 'reembedding'
    ? `\nRe-embedding memories for the new embedder: ${status.done}/${status.total} (search uses keywords meanwhile).`
    : '';
}

/** `/memory [query]` (search, or the 20 most recent), `/remember <text>` (add a note) and `/forget <id>` (delete). */
export function createMemoryCommands(service: MemoryService): SlashCommandDefinition[] {
  return [
    defineSlashCommand({
      name: 'memory',
      description: 'Search long-term memory, or list the most recent memories.',
      usage: '/memory [query]',
      run: (ctx) =>
        guarded(async () => {
          if (ctx.args === '') {
            const page = await service.list({ limit: 20 });
            const heading =
              page.total === 0
                ? ''
                : `${page.total} ${page.total === 1 ? 'memory' : 'memories'}; ${page.memories.length === 1 ? 'the most recent' : `the ${page.memories.length} most recent`}:\n`;
            return `${heading}${formatMemories(page.memories, 'No memories stored yet. Add one with /remember <text>.')}${statusLine(service)}`;
          }
          const result = await service.search(ctx.args, { limit: 20 }, ctx.signal);
          const memories = result.hits.map((hit) => hit.memory);
          return `${formatMemories(memories, `No memories match "${ctx.args}".`)}${statusLine(service)}`;
        }),
    }),
    defineSlashCommand({
      name: 'remember',
      description: 'Save a memory.',
      usage: '/remember <text>',
      run: (ctx) =>
        guarded(async () => {
          const source = { sessionId: ctx.sessionId, turnId: null, callId: null, at: Date.now() };
          const outcome = await service.add({ text: ctx.args, source }, ctx.signal);
          return outcome.action === 'added'
            ? `Remembered: ${formatMemory(outcome.memory)}`
            : `Updated the existing memory (${outcome.reason}): ${formatMemory(outcome.memory)}`;
        }),
    }),
    defineSlashCommand({
      name: 'forget',
      description: 'Delete a memory by id.',
      usage: '/forget <id>',
      run: (ctx) =>
        guarded(async () => {
          if (ctx.args === '') return 'Usage: /forget <id>. Find ids with /memory [query].';
          return `Forgot: ${formatMemory(await service.delete(ctx.args))}`;
        }),
    }),
  ];
}
