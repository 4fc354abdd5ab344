// Parity: the same plugin-state tests over the SDK's createTestPluginContext and the host's createPluginContext.
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPluginContext } from '../../../../main/core/plugins/pluginContext';
import { Settings } from '../../../../main/core/settings/schema';
import type { PluginContext } from '../../../../plugins/sdk/plugin';
import { createTestPluginContext } from '../../../../plugins/sdk/testing';
import type { Logger } from '../../../../plugins/sdk/types';

const Todo = z.object({ items: z.array(z.string()) });

/** A context of plugin `probe`, with `stored` as the state it finds (unnamed, or by name), and what it logged. */
interface Harness {
  open(stored?: {
    state?: unknown;
    named?: Record<string, unknown>;
  }): Promise<{ ctx: PluginContext; errors: () => string[] }>;
}

const homes: string[] = [];
afterEach(async () => {
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

function recorder(): { log: Logger; errors: string[] } {
  const errors: string[] = [];
  return { errors, log: { debug() {}, info() {}, warn() {}, error: (message) => void errors.push(message) } };
}

const harnesses: [string, Harness][] = [
  [
    'createTestPluginContext',
    {
      async open(stored = {}) {
        const ctx = createTestPluginContext({
          manifest: { id: 'probe' },
          state: stored.state,
          namedState: stored.named,
        });
        return { ctx, errors: () => ctx.logs.filter((line) => line.level === 'error').map((line) => line.message) };
      },
    },
  ],
  [
    'createPluginContext (host)',
    {
      async open(stored = {}) {
        const home = await mkdtemp(join(tmpdir(), 'deskpilot-parity-'));
        homes.push(home);
        if (stored.state !== undefined) await writeFile(join(home, 'probe.json'), JSON.stringify(stored.state));
        for (const [name, value] of Object.entries(stored.named ?? {})) {
          await mkdir(join(home, 'probe'), { recursive: true });
          await writeFile(join(home, 'probe', `${name}.json`), JSON.stringify(value));
        }
        const { log, errors } = recorder();
        const manifest = {
          id: 'probe',
          version: '1.0.0',
          displayName: 'Probe',
          description: '',
          permissions: [],
          activation: 'startup' as const,
        };
        const built = await createPluginContext({
          manifest,
          home,
          getSettings: () => Settings.parse({}),
          capabilities: {},
          log,
        });
        return { ctx: built.ctx, errors: () => errors };
      },
    },
  ],
];

describe.each(harnesses)('plugin state over %s', (_name, harness) => {
  it('starts from the stored value, else the initial one', async () => {
    const fresh = await harness.open();
    expect((await fresh.ctx.state(Todo, { items: [] })).get()).toEqual({ items: [] });
    const stored = await harness.open({ state: { items: ['x'] } });
    expect((await stored.ctx.state(Todo, { items: [] })).get()).toEqual({ items: ['x'] });
  });

  it('logs an invalid stored value and starts from the initial one', async () => {
    const { ctx, errors } = await harness.open({ state: { items: 'bad' } });
    expect((await ctx.state(Todo, { items: [] })).get()).toEqual({ items: [] });
    expect(errors()).toHaveLength(1);
  });

  it('applies updates in call order, rejects an invalid one alone, and saves a burst once (group commit)', async () => {
    const { ctx } = await harness.open();
    const state = await ctx.state(Todo, { items: [] });
    const seen: string[][] = [];
    state.onChange((value) => seen.push(value.items));
    const results = await Promise.allSettled([
      state.update((s) => ({ items: [...s.items, 'a'] })),
      state.update(() => ({ items: 3 }) as unknown as z.infer<typeof Todo>), // deliberately invalid
      state.update((s) => ({ items: [...s.items, 'b'] })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(
      /^Not saved: the new content of .* is invalid/,
    );
    expect(state.get()).toEqual({ items: ['a', 'b'] });
    expect((results[0] as PromiseFulfilledResult<{ items: string[] }>).value).toEqual({ items: ['a'] });
    // The three updates of one tick were saved together: the listeners heard of the result once.
    expect(seen).toEqual([['a', 'b']]);
    await state.update((s) => ({ items: [...s.items, 'c'] }));
    expect(seen).toEqual([
      ['a', 'b'],
      ['a', 'b', 'c'],
    ]);
    expect(await ctx.state(Todo, { items: [] })).toBe(state);
  });

  it('keeps named state apart from the main state and refuses a bad name', async () => {
    const { ctx } = await harness.open({ named: { embedder: { items: ['n'] } } });
    const main = await ctx.state(Todo, { items: [] });
    const named = await ctx.state(Todo, { items: [] }, 'embedder');
    expect(named).not.toBe(main);
    expect(named.get()).toEqual({ items: ['n'] });
    await named.update(() => ({ items: ['m'] }));
    expect(main.get()).toEqual({ items: [] });
    await expect(ctx.state(Todo, { items: [] }, '../escape')).rejects.toThrow(/Invalid state name "..\/escape"/);
  });
});

describe('plugin state files on disk (host)', () => {
  it('writes the main and named state 0600 in a 0700 data dir, and moves an invalid file aside', async () => {
    const home = await mkdtemp(join(tmpdir(), 'deskpilot-parity-'));
    homes.push(home);
    await mkdir(join(home, 'probe'), { mode: 0o755 });
    await writeFile(join(home, 'probe', 'embedder.json'), '{broken');
    const { log, errors } = recorder();
    const { ctx } = await createPluginContext({
      manifest: {
        id: 'probe',
        version: '1.0.0',
        displayName: 'Probe',
        description: '',
        permissions: [],
        activation: 'startup',
      },
      home,
      getSettings: () => Settings.parse({}),
      capabilities: {},
      log,
    });
    expect((await stat(ctx.dataDir)).mode & 0o777).toBe(0o700);
    const named = await ctx.state(Todo, { items: [] }, 'embedder');
    expect(errors).toEqual([expect.stringMatching(/embedder\.json is invalid \(not valid JSON/)]);
    expect((await readdir(ctx.dataDir)).filter((n) => n.startsWith('embedder.json.invalid-'))).toHaveLength(1);
    await named.update(() => ({ items: ['a'] }));
    await (await ctx.state(Todo, { items: [] })).update(() => ({ items: ['b'] }));
    expect((await stat(join(ctx.dataDir, 'embedder.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'probe.json'))).mode & 0o777).toBe(0o600);
  });
});
