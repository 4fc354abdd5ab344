// The "memory" context provider: recalls the memories most relevant to the latest user message, within a token budget.
import { defineContextProvider, type ContextProviderDefinition } from '../sdk';
import { formatMemory } from './format';
import type { MemoryService } from './service';
import { estimateTokens } from './text';
import type { InjectedMemory } from './contract';
import type { MemoryHit, SearchMode } from './types';

/** Candidates fetched before the token budget is applied. */
const CANDIDATES = 20;

/** Heading of the injected block. */
export const RECALL_HEADER =
  'Long-term memories that may be relevant (ids and sources in brackets; newer user statements win):';

/** What one turn's recall found: the injected hits, best first, and the search mode used. */
export interface MemorySnapshot {
  hits: MemoryHit[];
  mode: SearchMode;
}

/** Keeps hits in rank order while header + lines fit `budget` tokens (≈4 characters per token). */
export function fitBudget(hits: MemoryHit[], budget: number): MemoryHit[] {
  let used = estimateTokens(RECALL_HEADER) + 1;
  const kept: MemoryHit[] = [];
  for (const hit of hits) {
    const cost = estimateTokens(`- ${formatMemory(hit.memory)}\n`);
    if (used + cost > budget) continue;
    used += cost;
    kept.push(hit);
  }
  return kept;
}

/**
 * The provider: `snapshot` searches with the latest user text (nothing for empty text) and keeps what fits
 * `tokenBudget()`; `toPrompt` renders each memory with its provenance (empty string when nothing is relevant);
 * `detail` returns `{memories: InjectedMemory[], mode}` for the receipt; `subscribe` fires on any memory change.
 */
export function createMemoryProvider(service: MemoryService, tokenBudget: () => number): ContextProviderDefinition {
  return defineContextProvider<MemorySnapshot>({
    id: 'memory',
    title: 'Memory',
    async snapshot(ctx) {
      if (ctx.latestUserText.trim() === '') return { hits: [], mode: 'fts' };
      const result = await service.search(ctx.latestUserText, { limit: CANDIDATES }, ctx.signal);
      return { hits: fitBudget(result.hits, tokenBudget()), mode: result.mode };
    },
    toPrompt(snapshot) {
      if (snapshot.hits.length === 0) return '';
      return [RECALL_HEADER, ...snapshot.hits.map((hit) => `- ${formatMemory(hit.memory)}`)].join('\n');
    },
    detail(snapshot): { memories: InjectedMemory[]; mode: SearchMode } {
      return {
        memories: snapshot.hits.map(({ memory, score }) => ({
          id: memory.id,
          text: memory.text,
          kind: memory.kind,
          score,
          source: memory.source,
        })),
        mode: snapshot.mode,
      };
    },
    subscribe(notify) {
      return service.onChange(notify);
    },
  });
}
