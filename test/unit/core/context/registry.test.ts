// ContextRegistry.forTurn (issue 13): a turn gathers its context once; later model rounds re-run only the providers
// that signalled a change (their `subscribe` callback), that failed, or that were switched on since.
import { describe, expect, it } from 'vitest';
import { ContextRegistry } from '../../../../main/core/context/registry';
import type { ContextProviderDefinition } from '../../../../plugins/sdk/types';

const ctx = { sessionId: 's1', latestUserText: 'hi', cwd: '/', signal: new AbortController().signal };

function counting(id: string, options: { subscribable?: boolean; failFirst?: boolean } = {}) {
  let runs = 0;
  let notify: (() => void) | undefined;
  const provider: ContextProviderDefinition<number> = {
    id,
    title: id,
    snapshot: () => {
      runs += 1;
      if (options.failFirst && runs === 1) throw new Error('not ready');
      return runs;
    },
    toPrompt: (n) => `${id} run ${n}`,
    ...(options.subscribable
      ? {
          subscribe: (fn: () => void) => {
            notify = fn;
            return () => (notify = undefined);
          },
        }
      : {}),
  };
  return { provider, runs: () => runs, change: () => notify?.() };
}

describe('ContextRegistry.forTurn', () => {
  it('runs each provider once per turn and again only after it signalled a change', async () => {
    const registry = new ContextRegistry();
    const clock = counting('datetime');
    const memory = counting('memory', { subscribable: true });
    registry.register(clock.provider);
    registry.register(memory.provider);
    const gather = registry.forTurn();

    const first = await gather(ctx);
    const second = await gather(ctx);
    expect(clock.runs()).toBe(1);
    expect(memory.runs()).toBe(1);
    expect(second).toEqual(first);

    memory.change(); // e.g. memory_save during a tool round
    const third = await gather(ctx);
    expect(clock.runs()).toBe(1);
    expect(memory.runs()).toBe(2);
    expect(third.map((e) => e.text)).toEqual(['datetime run 1', 'memory run 2']);

    // The next turn starts fresh.
    await registry.forTurn()(ctx);
    expect(clock.runs()).toBe(2);
    expect(memory.runs()).toBe(3);
  });

  it('re-runs a provider that failed, and one switched on during the turn', async () => {
    let enabled = false;
    const registry = new ContextRegistry((id) => id !== 'late' || enabled);
    const flaky = counting('flaky', { failFirst: true });
    const late = counting('late');
    registry.register(flaky.provider);
    registry.register(late.provider);
    const gather = registry.forTurn();
    const first = await gather(ctx);
    expect(first.map((e) => e.providerId)).toEqual(['flaky']);
    expect(first[0]!.error).toMatch(/not ready/);
    enabled = true;
    const second = await gather(ctx);
    expect(second.map((e) => [e.providerId, e.text])).toEqual([
      ['flaky', 'flaky run 2'],
      ['late', 'late run 1'],
    ]);
    expect(registry.list().find((p) => p.id === 'flaky')?.last?.text).toBe('flaky run 2');
  });
});
