// The memory plugin's UI methods (rpc) through activate(), on real LanceDB datasets in temp dirs.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPlugin, type Memory, type MemoryRpc } from '../../../../plugins/memory/index';
import type { PluginDefinition } from '../../../../plugins/sdk';
import { createTestPluginContext } from '../../../../plugins/sdk/testing';
import { tempDir, testModel } from './helpers';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Activates a fresh memory plugin definition on a new temp dir; returns its rpc methods. */
async function activate(
  config: Record<string, unknown> = {},
): Promise<{ rpc: MemoryRpc; plugin: PluginDefinition; methods: string[] }> {
  const { dir, cleanup } = await tempDir();
  const plugin = createMemoryPlugin();
  const ctx = createTestPluginContext({
    manifest: { id: 'memory', permissions: ['model', 'events'] },
    dataDir: dir,
    config,
    model: testModel(),
  });
  const contributions = await plugin.activate(ctx);
  cleanups.push(cleanup, async () => plugin.deactivate?.());
  // Cast: contributions.rpc is untyped at the SDK boundary; the plugin's own RPC type describes it.
  return { rpc: contributions.rpc as unknown as MemoryRpc, plugin, methods: Object.keys(contributions.rpc ?? {}) };
}

/** The rejection of `promise` (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to reject');
}

describe('memory rpc', () => {
  it('offers list, search, get, add, edit, delete and status', async () => {
    const { methods } = await activate();
    expect(methods).toEqual(['list', 'search', 'get', 'add', 'edit', 'delete', 'status']);
  });

  it('adds as the user, then lists, searches, gets, edits and deletes', async () => {
    const { rpc } = await activate();
    const before = Date.now();
    const added = await rpc.add({
      text: "The user's sister lives in Lisbon",
      kind: 'fact',
      tags: ['Family', ' travel '],
    });
    expect(added.action).toBe('added');
    const id = added.memory.id;
    expect(added.memory).toMatchObject({
      text: "The user's sister lives in Lisbon",
      kind: 'fact',
      tags: ['family', 'travel'],
      expiresAt: null,
    });
    expect(added.memory.source).toMatchObject({ sessionId: null, turnId: null, callId: null });
    expect(added.memory.source!.at).toBeGreaterThanOrEqual(before);

    const duplicate = await rpc.add({ text: "the user's sister lives in Lisbon." });
    expect(duplicate).toMatchObject({ action: 'updated', memory: { id }, reason: expect.any(String) });
    await rpc.add({ text: 'Dentist appointment on 2031-05-02', kind: 'event', expiresAt: '2031-05-03T00:00:00Z' });

    const page = await rpc.list({});
    expect(page.total).toBe(2);
    expect(page.memories.map((m) => m.kind)).toEqual(['event', 'fact']);
    expect(page.memories[0].expiresAt).toBe(Date.parse('2031-05-03T00:00:00Z'));
    expect(await rpc.list(undefined)).toEqual(page);
    expect((await rpc.list({ kind: 'fact' })).memories.map((m) => m.id)).toEqual([id]);
    const second = await rpc.list({ limit: 1, offset: 1 });
    expect(second).toMatchObject({ total: 2, memories: [{ id }] });

    const found = await rpc.search({ query: 'where does my sister live' });
    expect(found.mode).toBe('fts');
    expect(found.hits.map((hit) => hit.memory.id)).toEqual([id]);
    expect(found.hits[0].score).toBeGreaterThan(0);
    expect((await rpc.search({ query: 'sister', kind: 'event' })).hits).toEqual([]);

    expect(await rpc.get({ id })).toMatchObject({ id, text: "the user's sister lives in Lisbon." });
    const edited = await rpc.edit({ id, text: "The user's sister moved to Porto", tags: ['family'], expiresAt: null });
    expect(edited).toMatchObject({ id, text: "The user's sister moved to Porto", tags: ['family'], kind: 'fact' });
    expect(edited.updatedAt).toBeGreaterThan(added.memory.updatedAt);
    expect((await rpc.search({ query: 'Porto' })).hits.map((hit) => hit.memory.id)).toEqual([id]);

    expect(await rpc.delete({ id })).toEqual({ deleted: true });
    expect(await rpc.delete({ id })).toEqual({ deleted: false });
    expect((await rpc.list({})).total).toBe(1);
    const gone = await rejection(rpc.get({ id }));
    expect(gone.code).toBe('not_found');
    expect(gone.message).toContain(`No memory has id ${id}`);
    expect((await rejection(rpc.edit({ id, text: 'x' }))).code).toBe('not_found');
  });

  it('rejects invalid params with a message naming the problem', async () => {
    const { rpc } = await activate();
    const cases: [Promise<unknown>, RegExp][] = [
      [rpc.list({ limit: 0 }), /Could not list memories: limit: .*>=1/],
      [rpc.list({ limit: 101 }), /limit: .*<=100/],
      [rpc.list({ kind: 'gossip' }), /kind: /],
      [rpc.list({ page: 2 }), /Unrecognized key.*"page"/],
      [rpc.list('all'), /Could not list memories: params: /],
      [rpc.search({}), /Could not search memories: query: /],
      [rpc.search({ query: '   ' }), /query: is empty/],
      [rpc.get({ id: 'not-an-id' }), /Could not show the memory: id: is not a memory id/],
      [rpc.delete({}), /Could not delete the memory: id: /],
      [rpc.add({ text: 'x', source: { sessionId: 's_1' } }), /Unrecognized key.*"source"/],
      [rpc.add({ text: '   ' }), /memory text is empty/],
      [rpc.add({ text: 'ok', expiresAt: '2001-01-01T00:00:00Z' }), /is in the past/],
      [rpc.add({ text: 'ok', expiresAt: 'next week' }), /not an ISO 8601 date-time/],
      [rpc.edit({ id: 'mem_x', text: 'y' }), /id: is not a memory id/],
      [rpc.status({ verbose: true }), /Could not read the memory status: .*"verbose"/],
    ];
    for (const [call, message] of cases) {
      const error = await rejection(call);
      expect(error.message).toMatch(message);
      expect(error.code).toBe('invalid_params');
    }
    expect((await rpc.list({})).total).toBe(0);
  });

  it('reports status: progress, search mode and live count', async () => {
    const plain = await activate();
    await plain.rpc.add({ text: 'The user drinks oat milk', kind: 'preference' });
    expect(await plain.rpc.status({})).toEqual({ state: 'idle', done: 0, total: 0, mode: 'fts', count: 1 });
    expect(await plain.rpc.status(undefined)).toMatchObject({ count: 1 });

    const semantic = await activate({ embedder: { model: 'bow-64' } });
    let status = await semantic.rpc.status({});
    for (let i = 0; i < 500 && status.state !== 'idle'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await semantic.rpc.status({});
    }
    expect(status).toEqual({ state: 'idle', done: 0, total: 0, mode: 'hybrid', count: 0 });
    await semantic.rpc.add({ text: 'The user drives a red automobile', kind: 'fact' });
    const hits = await semantic.rpc.search({ query: 'what colour is the car' });
    expect(hits.mode).toBe('hybrid');
    expect(hits.hits.map((hit) => hit.memory.text)).toEqual(['The user drives a red automobile']);
  });

  it('keeps each definition separate; deactivate closes only its own dataset', async () => {
    const first = await activate();
    const second = await activate();
    const kept: Memory = (await second.rpc.add({ text: 'Second plugin memory' })).memory;
    await first.rpc.add({ text: 'First plugin memory' });
    await first.plugin.deactivate!();
    await expect(first.rpc.list({})).rejects.toThrow();
    expect((await second.rpc.list({})).memories.map((m) => m.id)).toEqual([kept.id]);
  });
});
