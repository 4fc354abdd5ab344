// The memory plugin: durable semantic memory on LanceDB (tools, recall provider, slash commands, auto-archive).
import { definePlugin, type Logger, type PluginContext } from '../sdk';
import { startAutoArchive, type AutoArchive } from './archive';
import { createMemoryCommands } from './commands';
import type { EmbedFn } from './embedder';
import { createMemoryProvider } from './provider';
import { MemoryService } from './service';
import { createMemoryTools } from './tools';
import { MemoryConfig } from './types';

export { MemoryConfig } from './types';
export type { Memory, MemoryHit, MemoryKind, MemorySource, ReembedStatus, SearchMode } from './types';
export type { AddOutcome, EditInput, SearchResult } from './service';
export type { InjectedMemory } from './provider';
export { MemoryDatasetError } from './dataset';

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

let active: Active | null = null;

function embedFn(ctx: PluginContext): EmbedFn | null {
  const model = ctx.model;
  if (!model) return null;
  return (texts, embedder, signal) => model.embed({ texts, model: embedder.model, baseUrl: embedder.baseUrl, signal });
}

function startArchive(ctx: PluginContext, service: MemoryService, config: () => MemoryConfig, log: Logger): AutoArchive | null {
  if (!ctx.events || !ctx.model) {
    if (config().autoArchive) log.warn('autoArchive is on but the events or model permission is missing; turns are not archived.');
    return null;
  }
  return startAutoArchive({ service, events: ctx.events, model: ctx.model, enabled: () => config().autoArchive, log });
}

function requireActive(): MemoryService {
  if (!active) throw new Error('The memory plugin is not active (it failed to start or was disabled); see the plugin list for why.');
  return active.service;
}

/**
 * Direct access to the active plugin's memories for the Memory view (composition roots only; plugins and core must
 * go through the tools). Every method throws when the plugin is not active; `add` records no session.
 */
export const memoryView = {
  list: (options?: Parameters<MemoryService['list']>[0]) => requireActive().list(options),
  search: (query: string, options?: Parameters<MemoryService['search']>[1]) => requireActive().search(query, options),
  get: (id: string) => requireActive().get(id),
  add: (input: Omit<Parameters<MemoryService['add']>[0], 'source'>) =>
    requireActive().add({ ...input, source: { sessionId: null, turnId: null, callId: null, at: Date.now() } }),
  edit: (input: Parameters<MemoryService['edit']>[0]) => requireActive().edit(input),
  delete: (id: string) => requireActive().delete(id),
  status: () => requireActive().status(),
  onChange: (listener: () => void) => requireActive().onChange(listener),
};

export default definePlugin({
  async activate(ctx) {
    const config = () => ctx.config(MemoryConfig);
    if (!ctx.model && config().embedder) ctx.log.warn('An embedder is configured but the model permission is missing; search uses full text only.');
    const service = await MemoryService.open({ dataDir: ctx.dataDir, config, embed: embedFn(ctx), log: ctx.log });
    active = { service, archive: startArchive(ctx, service, config, ctx.log) };
    return {
      tools: createMemoryTools(service),
      contextProviders: [createMemoryProvider(service, () => config().tokenBudget)],
      slashCommands: createMemoryCommands(service),
      promptSections: [MEMORY_PROMPT],
    };
  },
  async deactivate() {
    const current = active;
    active = null;
    await current?.archive?.dispose();
    await current?.service.close();
  },
});
