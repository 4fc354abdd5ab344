// Context providers: registration, one run per model call, last snapshot per provider, per-turn receipts.
import type { ContextReceiptEntry } from '../../../preload/contract/events';
import type { ContextProviderContext, ContextProviderDefinition } from '../../../plugins/sdk/types';
import { estimateTokens } from './tokens';

/** Longest text one provider may inject, in characters; longer text is cut with a note. */
export const MAX_PROVIDER_CHARS = 8_000;
/** Longest a provider may take before it is skipped for this call, in ms. */
export const PROVIDER_TIMEOUT_MS = 3_000;

/** A registered provider and where it came from (`builtin` or a plugin id). */
export interface RegisteredProvider {
  provider: ContextProviderDefinition;
  source: string;
}

/** What the UI lists for each provider. */
export interface ProviderInfo {
  id: string;
  title: string;
  source: string;
  enabled: boolean;
  /** What it injected the last time it ran (any session), if it has run. */
  last?: ContextReceiptEntry;
}

/**
 * Holds context providers and runs them before each model call. Providers run concurrently, each under
 * {@link PROVIDER_TIMEOUT_MS}; one that throws or times out is recorded in the receipt with `error`, never fatal.
 */
export class ContextRegistry {
  private readonly providers = new Map<string, RegisteredProvider>();
  private readonly last = new Map<string, ContextReceiptEntry>();
  private readonly listeners = new Set<(providerId: string) => void>();
  private readonly unsubscribes = new Map<string, () => void>();
  /** How many times each provider signalled "may have new data" (its `subscribe` callback). */
  private readonly changes = new Map<string, number>();

  /** @param isEnabled says whether a provider id is switched on (settings `disabledContextProviders`). */
  constructor(private readonly isEnabled: (id: string) => boolean = () => true) {}

  /** Adds a provider; throws when the id is taken. Returns a function that removes it. */
  register(provider: ContextProviderDefinition, source = 'builtin'): () => void {
    if (this.providers.has(provider.id))
      throw new Error(
        `A context provider with id "${provider.id}" is already registered (by ${this.providers.get(provider.id)?.source}).`,
      );
    this.providers.set(provider.id, { provider, source });
    if (provider.subscribe)
      this.unsubscribes.set(
        provider.id,
        provider.subscribe(() => {
          this.changes.set(provider.id, (this.changes.get(provider.id) ?? 0) + 1);
          this.emit(provider.id);
        }),
      );
    return () => {
      this.unsubscribes.get(provider.id)?.();
      this.unsubscribes.delete(provider.id);
      this.providers.delete(provider.id);
      this.last.delete(provider.id);
    };
  }

  /** Every provider with its enabled state and last receipt entry, in registration order. */
  list(): ProviderInfo[] {
    return [...this.providers.values()].map(({ provider, source }) => ({
      id: provider.id,
      title: provider.title,
      source,
      enabled: this.isEnabled(provider.id),
      last: this.last.get(provider.id),
    }));
  }

  /** True when a provider with this id is registered. */
  has(id: string): boolean {
    return this.providers.has(id);
  }

  /** Subscribes to "provider may have new data" and "provider ran" notifications; returns an unsubscribe. */
  onUpdated(listener: (providerId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs every enabled provider; resolves to the receipt (one entry per provider that ran, in registration order). */
  async gather(ctx: ContextProviderContext): Promise<ContextReceiptEntry[]> {
    return this.forTurn()(ctx);
  }

  /**
   * A gatherer for one turn (issue 13: context once per turn, not per tool round). Its first call runs every enabled
   * provider; each later call (the turn's next model round) re-runs only the providers that signalled a change
   * through `subscribe` since they last ran, that failed, or that were enabled since, and reuses the other entries
   * as they were (a provider without `subscribe` runs once per turn). Resolves to the receipt in registration order,
   * like {@link gather}.
   */
  forTurn(): (ctx: ContextProviderContext) => Promise<ContextReceiptEntry[]> {
    const previous = new Map<string, { entry: ContextReceiptEntry; changes: number }>();
    return async (ctx) => {
      const enabled = [...this.providers.values()].filter(({ provider }) => this.isEnabled(provider.id));
      const entries = await Promise.all(
        enabled.map(async ({ provider }) => {
          const changes = this.changes.get(provider.id) ?? 0;
          const kept = previous.get(provider.id);
          if (kept && kept.changes === changes && !kept.entry.error) return { entry: kept.entry, ran: false };
          const entry = await runProvider(provider, ctx);
          previous.set(provider.id, { entry, changes });
          return { entry, ran: true };
        }),
      );
      for (const { entry, ran } of entries) {
        if (!ran) continue;
        this.last.set(entry.providerId, entry);
        this.emit(entry.providerId);
      }
      return entries.map(({ entry }) => entry);
    };
  }

  private emit(providerId: string): void {
    for (const listener of this.listeners) listener(providerId);
  }
}

async function runProvider(
  provider: ContextProviderDefinition,
  ctx: ContextProviderContext,
): Promise<ContextReceiptEntry> {
  const base = { providerId: provider.id, title: provider.title };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${PROVIDER_TIMEOUT_MS} ms`)), PROVIDER_TIMEOUT_MS);
    });
    const snapshot = await Promise.race([Promise.resolve(provider.snapshot(ctx)), timeout]);
    let text = provider.toPrompt(snapshot).trim();
    if (text.length > MAX_PROVIDER_CHARS)
      text = `${text.slice(0, MAX_PROVIDER_CHARS)}\n[cut: ${text.length - MAX_PROVIDER_CHARS} more characters]`;
    const detail = provider.detail?.(snapshot);
    return { ...base, text, tokens: estimateTokens(text), ...(detail === undefined ? {} : { detail }) };
  } catch (error) {
    return {
      ...base,
      text: '',
      tokens: 0,
      error: `Context provider "${provider.id}" failed: ${(error as Error).message}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
