// The memory plugin: durable semantic memory on LanceDB (tools, recall provider, slash commands, UI methods, auto-archive).
import { definePlugin, type Logger, type PluginContext, type PluginDefinition } from '../sdk';
import { startAutoArchive, type AutoArchive } from './archive';
import { createMemoryCommands } from './commands';
import type { EmbedFn } from './embedder';
import { createMemoryProvider } from './provider';
import { createMemoryRpc } from './rpc';
import { MemoryService } from './service';
import { openSidecar } from './sidecar';
import { createMemoryTools } from './tools';
import { MemoryConfig } from './types';

export { MemoryConfig } from './types';
export type { Memory, MemoryHit, MemoryKind, MemorySource, ReembedStatus, SearchMode } from './types';
export type { EditInput, SearchResult } from './service';
export type { AddOutcome, InjectedMemory, MemoryStatus } from './contract';
export type { MemoryRpc } from './rpc';
export { MemoryDatasetError } from './errors';

/** System-prompt section: when the model should use the memory tools. */
export const MEMORY_PROMPT = [
  'You have long-term memory that persists across sessions. Before each turn, memories relevant to the user message',
  'are shown in a "Long-term memories" block with their ids and sources.',
  'Call memory_add when the user shares a durable fact, preference or upcoming event worth recalling later, or asks you',
  'to remember something: one self-contained fact per call; never transient task details or secrets.',
  'Call memory_search when the user refers to something from an earlier conversation that the block does not show.',
  'Use memory_edit when a remembered fact changed and memory_delete when the user asks you to forget it.',
].join(' ');

interface Active {
  service: MemoryService;
  archive: AutoArchive | null;
}

function embedFn(ctx: PluginContext): EmbedFn | null {
  const model = ctx.model;
  if (!model) return null;
  return (texts, embedder, signal) => model.embed({ texts, model: embedder.model, baseUrl: embedder.baseUrl, signal });
}

function startArchive(
  ctx: PluginContext,
  service: MemoryService,
  config: () => MemoryConfig,
  log: Logger,
): AutoArchive | null {
  if (!ctx.events || !ctx.model) {
    if (config().autoArchive)
      log.warn('autoArchive is on but the events or model permission is missing; turns are not archived.');
    return null;
  }
  return startAutoArchive({ service, events: ctx.events, model: ctx.model, enabled: () => config().autoArchive, log });
}

async function dispose(active: Active): Promise<void> {
  await active.archive?.dispose();
  await active.service.close();
}

/**
 * A memory plugin definition with its own activation state: `activate` prepares the dataset in `ctx.dataDir` (opened
 * on first use; a damaged one then fails that use and every later one, naming its path) and contributes the tools, the `memory` context provider, the slash commands, the prompt section and the UI methods
 * (`rpc`, see {@link MemoryRpc}); `deactivate` stops auto-archiving and closes what this definition opened.
 * The host activates one definition once at a time; the default export is one such definition.
 */
export function createMemoryPlugin(): PluginDefinition {
  // The SDK's deactivate() takes no argument, so the definition remembers what its activations opened.
  const opened = new Set<Active>();
  return definePlugin({
    async activate(ctx) {
      const config = () => ctx.config(MemoryConfig);
      if (!ctx.model && config().embedder)
        ctx.log.warn('An embedder is configured but the model permission is missing; search uses full text only.');
      // The store opens on first use: LanceDB is not loaded for commands and turns that never touch memory.
      const service = MemoryService.create({
        dataDir: ctx.dataDir,
        sidecar: await openSidecar(ctx.state.bind(ctx)),
        config,
        embed: embedFn(ctx),
        log: ctx.log,
      });
      opened.add({ service, archive: startArchive(ctx, service, config, ctx.log) });
      return {
        tools: createMemoryTools(service),
        contextProviders: [createMemoryProvider(service, () => config().tokenBudget)],
        slashCommands: createMemoryCommands(service),
        promptSections: [MEMORY_PROMPT],
        rpc: createMemoryRpc(service),
      };
    },
    async deactivate() {
      const current = [...opened];
      opened.clear();
      for (const active of current) await dispose(active);
    },
  });
}

export default createMemoryPlugin();
