// Hybrid search with a deterministic embedder, and background re-embedding when the embedder changes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryConfig, type ReembedStatus } from '../../../../plugins/memory/types';
import { openMemoryService, recordingLogger, tempDir, testEmbedder } from './helpers';

const MEMORIES = [
  "The user's automobile is a crimson Tesla Model 3",
  "The user's physician is Dr. Weber in Hamburg",
  'Favourite pizza is margherita with extra basil',
];

describe('hybrid search', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('finds a paraphrase that full text search misses', async () => {
    const log = recordingLogger();
    const plain = await openMemoryService({ dataDir: dir, config: () => MemoryConfig.parse({}), embed: null, log });
    for (const text of MEMORIES) await plain.add({ text, source: null });
    const fts = await plain.search('what colour is my car');
    expect(fts).toEqual({ hits: [], mode: 'fts' });
    await plain.close();

    const { embed } = testEmbedder();
    const config = MemoryConfig.parse({ embedder: { model: 'bow-64' } });
    const service = await openMemoryService({ dataDir: dir, config: () => config, embed, log });
    try {
      await service.idle();
      const hybrid = await service.search('what colour is my car');
      expect(hybrid.mode).toBe('hybrid');
      expect(hybrid.hits.map((hit) => hit.memory.text)).toEqual([MEMORIES[0]]);
      expect(hybrid.hits[0].score).toBeGreaterThan(0);
      // Keyword matches still come through the BM25 side.
      expect((await service.search('margherita')).hits.map((hit) => hit.memory.text)).toEqual([MEMORIES[2]]);
      expect((await service.search('which doctor do I see')).hits[0].memory.text).toBe(MEMORIES[1]);
      // A keyword hit with no semantic neighbour within minSimilarity (the vector side finds nothing).
      const keywordOnly = await service.search('basil zebra kayak');
      expect(keywordOnly.mode).toBe('hybrid');
      expect(keywordOnly.hits.map((hit) => hit.memory.text)).toEqual([MEMORIES[2]]);
      expect(await service.search('zebra kayak')).toEqual({ mode: 'hybrid', hits: [] });
    } finally {
      await service.close();
    }
  });

  it('backfills a memory saved while the embedder was still being set up', async () => {
    const { embed } = testEmbedder({ delayMs: 30 });
    const config = MemoryConfig.parse({ embedder: { model: 'bow-64' } });
    const service = await openMemoryService({ dataDir: dir, config: () => config, embed, log: recordingLogger() });
    try {
      expect(service.status().state).toBe('reembedding'); // the dimension probe is in flight
      await service.add({ text: MEMORIES[0], source: null });
      await service.idle();
      // Only the stored vector can connect "car"/"colour" to this memory.
      expect(await service.search('what colour is my car')).toMatchObject({
        mode: 'hybrid',
        hits: [{ memory: { text: MEMORIES[0] } }],
      });
    } finally {
      await service.close();
    }
  });

  it('falls back to full text when embedding the query fails', async () => {
    const log = recordingLogger();
    let failing = false;
    const { embed } = testEmbedder({ failWith: () => (failing ? new Error('connection refused') : null) });
    const config = MemoryConfig.parse({ embedder: { model: 'bow-64' } });
    const service = await openMemoryService({ dataDir: dir, config: () => config, embed, log });
    try {
      await service.idle();
      await service.add({ text: MEMORIES[2], source: null });
      failing = true;
      expect(await service.search('pizza')).toMatchObject({ mode: 'fts', hits: [{ memory: { text: MEMORIES[2] } }] });
      expect(log.lines.some((line) => line.level === 'warn' && /using full-text search/.test(line.message))).toBe(true);
      // Stored without a vector while the model is down; still findable by keywords.
      const added = await service.add({ text: 'Basil grows on the balcony', source: null });
      expect(added.action).toBe('added');
      expect((await service.search('balcony')).hits.map((hit) => hit.memory.id)).toEqual([added.memory.id]);
    } finally {
      await service.close();
    }
  });
});

describe('re-embedding on embedder change', () => {
  it('re-embeds every memory in background batches with progress, using full text meanwhile', async () => {
    const { dir, cleanup } = await tempDir();
    let config = MemoryConfig.parse({});
    const { embed, calls } = testEmbedder({ delayMs: 15 });
    const open = () =>
      openMemoryService({ dataDir: dir, config: () => config, embed, log: recordingLogger(), batchSize: 16 });
    let service = await open();
    try {
      for (let i = 0; i < 40; i += 1)
        await service.add({ text: `The item${i} belongs with the part${i * 3} in drawer ${i}`, source: null });
      const statuses: ReembedStatus[] = [];
      service.onChange(() => statuses.push(service.status()));

      config = MemoryConfig.parse({ embedder: { model: 'bow-64' } });
      const during = await service.search('item7 drawer'); // notices the change and starts the job
      expect(during.mode).toBe('fts');
      expect(service.status().state).toBe('reembedding');
      await service.idle();
      expect(service.status()).toEqual({ state: 'idle', done: 0, total: 0 });
      const progress = statuses.filter((status) => status.state === 'reembedding');
      // Started (total not yet counted), counted, then one step per batch of 16.
      expect(progress).toEqual(
        [0, 40, 40, 40, 40].map((total, i) => ({ state: 'reembedding', done: [0, 0, 16, 32, 40][i], total })),
      );
      expect(calls.slice(-3).map((batch) => batch.length)).toEqual([16, 16, 8]);
      expect(JSON.parse(await readFile(join(dir, 'embedder.json'), 'utf8'))).toEqual({
        model: 'bow-64',
        baseUrl: null,
        dimension: 64,
      });
      expect((await service.search('item7 drawer')).mode).toBe('hybrid');

      config = MemoryConfig.parse({ embedder: { model: 'bow-32', baseUrl: 'http://127.0.0.1:9/v1' } });
      calls.length = 0;
      await service.search('drawer');
      await service.idle();
      expect(calls.map((batch) => batch.length)).toEqual([1, 16, 16, 8]); // dimension probe, then the batches
      expect(JSON.parse(await readFile(join(dir, 'embedder.json'), 'utf8'))).toEqual({
        model: 'bow-32',
        baseUrl: 'http://127.0.0.1:9/v1',
        dimension: 32,
      });
      const hybrid = await service.search('item12 part36');
      expect(hybrid.mode).toBe('hybrid');
      expect(hybrid.hits[0].memory.text).toBe('The item12 belongs with the part36 in drawer 12');
      await service.close();

      // Same embedder after a restart: nothing to re-embed.
      calls.length = 0;
      service = await open();
      await service.idle();
      expect(calls).toEqual([]);
      expect((await service.search('drawer')).mode).toBe('hybrid');
      expect(calls).toEqual([['drawer']]);
    } finally {
      await service.close();
      await cleanup();
    }
  });
});
