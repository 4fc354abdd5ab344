// Tests for plugins/sdk/testing.ts: createTestPluginContext's permissions, state, config, logs, notifications and events.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestPluginContext } from '../../../../plugins/sdk/testing';

const turn = {
  sessionId: 's1',
  turnId: 't1',
  userText: 'hi',
  assistantText: 'hello',
  usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, totalTokens: 2 },
};

describe('createTestPluginContext', () => {
  it('grants no capability without permissions and refuses emitTurnCompleted', () => {
    const ctx = createTestPluginContext({ model: { complete: async () => 'x', embed: async () => [] } });
    expect(ctx.manifest.id).toBe('test-plugin');
    expect(ctx.model).toBeUndefined();
    expect(ctx.events).toBeUndefined();
    expect(ctx.notifications).toBeUndefined();
    expect(ctx.setting).toBeUndefined();
    expect(() => ctx.emitTurnCompleted(turn)).toThrow(/does not grant the `events` permission/);
  });

  it('provides granted capabilities, records notifications and delivers turns', async () => {
    const ctx = createTestPluginContext({
      manifest: { id: 'mine', permissions: ['model', 'events', 'notifications', 'settings:read'] },
      model: { complete: async ({ input }) => `echo ${input}`, embed: async ({ texts }) => texts.map(() => [0]) },
      settings: { model: 'gpt-x', openai: { baseUrl: 'https://example.test' } },
    });
    expect(await ctx.model?.complete({ instructions: '', input: 'q' })).toBe('echo q');
    ctx.notifications?.notify({ title: 'T', body: 'B' });
    expect(ctx.sentNotifications).toEqual([{ title: 'T', body: 'B' }]);
    expect(ctx.setting?.('openai.baseUrl')).toBe('https://example.test');
    expect(ctx.setting?.('openai.missing')).toBeUndefined();
    const seen: string[] = [];
    const off = ctx.events?.onTurnCompleted((info) => seen.push(info.turnId));
    ctx.emitTurnCompleted(turn);
    off?.();
    ctx.emitTurnCompleted({ ...turn, turnId: 't2' });
    expect(seen).toEqual(['t1']);
  });

  it('gives a model that explains itself when the permission is granted but no model was passed', async () => {
    const ctx = createTestPluginContext({ manifest: { permissions: ['model'] } });
    await expect(ctx.model?.complete({ instructions: '', input: '' })).rejects.toThrow(/pass `model` in the options/);
  });

  it('keeps state in memory with validation on load and update', async () => {
    const schema = z.object({ items: z.array(z.string()) });
    const ctx = createTestPluginContext({ state: { items: 'bad' } });
    const state = await ctx.state(schema, { items: [] });
    expect(state.get()).toEqual({ items: [] });
    expect(ctx.logs[0]).toMatchObject({ level: 'error' });
    await Promise.all([
      state.update((s) => ({ items: [...s.items, 'a'] })),
      state.update((s) => ({ items: [...s.items, 'b'] })),
    ]);
    expect(ctx.savedState()).toEqual({ items: ['a', 'b'] });
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    await expect(state.update(() => ({ items: 3 }) as never)).rejects.toThrow(
      /Not saved: the new content of the state/,
    );
    expect(state.get()).toEqual({ items: ['a', 'b'] });

    const loaded = await createTestPluginContext({ state: { items: ['x'] } }).state(schema, { items: [] });
    expect(loaded.get()).toEqual({ items: ['x'] });
  });

  it('parses config like the runtime and records logs', () => {
    const schema = z.object({ limit: z.number().default(5) });
    expect(createTestPluginContext({ config: { limit: 2 } }).config(schema)).toEqual({ limit: 2 });
    const ctx = createTestPluginContext({ config: { limit: 'x' } });
    expect(ctx.config(schema)).toEqual({ limit: 5 });
    ctx.log.info('done', { n: 1 });
    expect(ctx.logs.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(ctx.logs[1]).toEqual({ level: 'info', message: 'done', fields: { n: 1 } });
  });

  it('uses the given dirs and explains a missing one', () => {
    expect(createTestPluginContext({ home: '/tmp/h/', manifest: { id: 'abc' } }).dataDir).toBe('/tmp/h/abc');
    expect(createTestPluginContext({ home: '/tmp/h', dataDir: '/tmp/d' }).dataDir).toBe('/tmp/d');
    expect(() => createTestPluginContext().home).toThrow(/pass `home`/);
    expect(() => createTestPluginContext().dataDir).toThrow(/pass `dataDir` or `home`/);
  });
});
