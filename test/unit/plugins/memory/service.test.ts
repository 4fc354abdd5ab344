// MemoryService on a real LanceDB table in a temp dir: CRUD, BM25 search, validation, expiry and dedupe.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryInputError, type MemoryService } from '../../../../plugins/memory/service';
import { MemoryConfig } from '../../../../plugins/memory/types';
import { openMemoryService, recordingLogger, tempDir, testEmbedder } from './helpers';

const source = { sessionId: 's_1', turnId: null, callId: 'call_1', at: Date.UTC(2026, 10, 20) };

describe('MemoryService (full text, no embedder)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let service: MemoryService;
  let clock: number;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    clock = Date.UTC(2026, 10, 21, 12);
    service = await openMemoryService({
      dataDir: dir,
      config: () => MemoryConfig.parse({}),
      embed: null,
      log: recordingLogger(),
      now: () => clock,
    });
  });
  afterEach(async () => {
    await service.close();
    await cleanup();
  });

  it('adds, searches, edits, lists and deletes memories', async () => {
    const dark = await service.add({
      text: 'The user prefers dark mode in every editor',
      kind: 'preference',
      tags: ['UI', 'ui '],
      source,
    });
    expect(dark.action).toBe('added');
    expect(dark.memory).toMatchObject({ kind: 'preference', tags: ['ui'], source, createdAt: clock, expiresAt: null });
    expect(dark.memory.id).toMatch(/^mem_[a-z0-9]+$/);
    clock += 1000;
    const trip = await service.add({ text: 'Trip to Lisbon planned for December 2026', kind: 'event', source: null });
    clock += 1000;
    await service.add({ text: 'Sister is called Marta', source: null });

    const found = await service.search('lisbon trip');
    expect(found.mode).toBe('fts');
    expect(found.hits.map((hit) => hit.memory.id)).toEqual([trip.memory.id]);
    expect(found.hits[0].score).toBeGreaterThan(0);
    expect((await service.search('editors')).hits[0].memory.id).toBe(dark.memory.id); // stemmed: editor ~ editors
    expect((await service.search('lisbon', { kind: 'fact' })).hits).toEqual([]);
    expect((await service.search('   ')).hits).toEqual([]);

    clock += 1000;
    const edited = await service.edit({
      id: trip.memory.id,
      text: 'Trip to Porto planned for December 2026',
      tags: ['travel'],
    });
    expect(edited).toMatchObject({
      text: 'Trip to Porto planned for December 2026',
      tags: ['travel'],
      kind: 'event',
      createdAt: trip.memory.createdAt,
      updatedAt: clock,
    });
    expect((await service.search('lisbon')).hits).toEqual([]);
    expect((await service.search('porto')).hits.map((hit) => hit.memory.id)).toEqual([trip.memory.id]);

    const page = await service.list({ limit: 2 });
    expect(page.total).toBe(3);
    expect(page.memories.map((memory) => memory.id)).toEqual([trip.memory.id, page.memories[1].id]);
    expect(page.memories[1].text).toBe('Sister is called Marta');
    expect((await service.list({ kind: 'preference' })).memories.map((memory) => memory.id)).toEqual([dark.memory.id]);
    expect((await service.list({ offset: 2 })).memories.map((memory) => memory.id)).toEqual([dark.memory.id]);

    const deleted = await service.delete(dark.memory.id);
    expect(deleted.text).toBe(dark.memory.text);
    expect((await service.list()).total).toBe(2);
    await expect(service.delete(dark.memory.id)).rejects.toThrow(/No memory has id mem_/);
    await expect(service.get("mem_x' OR 1=1")).rejects.toBeInstanceOf(MemoryInputError);
  });

  it('refuses empty and over-long text, bad dates and past expiry with a clear message', async () => {
    await expect(service.add({ text: '   ', source: null })).rejects.toThrow(/memory text is empty/);
    await expect(service.add({ text: 'x'.repeat(4001), source: null })).rejects.toThrow(
      /4001 characters; the limit is 4000 \(plugins\.memory\.maxTextChars\)/,
    );
    await expect(service.add({ text: 'ok', expiresAt: 'next week', source: null })).rejects.toThrow(
      /not an ISO 8601 date-time/,
    );
    await expect(service.add({ text: 'ok', expiresAt: '2020-01-01T00:00:00Z', source: null })).rejects.toThrow(
      /in the past/,
    );
    const kept = await service.add({ text: 'x'.repeat(4000), source: null });
    await expect(service.edit({ id: kept.memory.id, text: '' })).rejects.toThrow(/empty/);
    expect((await service.list()).total).toBe(1);
  });

  it('never returns expired memories and purges them when reopened', async () => {
    const soon = await service.add({
      text: 'Parking spot is level 3, row B',
      expiresAt: new Date(clock + 60_000).toISOString(),
      source: null,
    });
    await service.add({ text: 'Parking garage closes at midnight', source: null });
    expect(soon.memory.expiresAt).toBe(clock + 60_000);
    expect((await service.search('parking')).hits).toHaveLength(2);
    clock += 61_000;
    expect((await service.search('parking')).hits.map((hit) => hit.memory.text)).toEqual([
      'Parking garage closes at midnight',
    ]);
    expect((await service.list()).total).toBe(1);
    await expect(service.get(soon.memory.id)).rejects.toThrow(/No memory has id/);
    await service.close();

    const log = recordingLogger();
    service = await openMemoryService({
      dataDir: dir,
      config: () => MemoryConfig.parse({}),
      embed: null,
      log,
      now: () => clock,
    });
    expect(log.lines).toContainEqual({ level: 'info', message: 'Purged expired memories', fields: { count: 1 } });
    expect((await service.list()).total).toBe(1);
  });

  it('updates the existing memory for a near-duplicate instead of adding a copy', async () => {
    const first = await service.add({
      text: 'The user drinks coffee black, no sugar',
      kind: 'preference',
      tags: ['food'],
      source,
    });
    clock += 1000;
    const same = await service.add({
      text: '  the USER drinks coffee: black, no sugar!',
      tags: ['drinks'],
      source: null,
    });
    expect(same).toMatchObject({ action: 'updated', reason: 'same text' });
    expect(same.memory).toMatchObject({
      id: first.memory.id,
      kind: 'preference',
      tags: ['food', 'drinks'],
      text: '  the USER drinks coffee: black, no sugar!'.trim(),
    });
    expect(same.memory.source).toEqual(source); // no new source given: the old one is kept

    const overlap = await service.add({
      text: 'The user drinks coffee black, no sugar ever',
      source: { ...source, sessionId: 's_2' },
    });
    expect(overlap.action).toBe('updated');
    expect(overlap.action === 'updated' && overlap.reason).toMatch(/^8\d% word overlap$/);
    expect(overlap.memory.source?.sessionId).toBe('s_2');

    const different = await service.add({ text: 'The user drinks tea in the evening', source: null });
    expect(different.action).toBe('added');
    expect((await service.list()).total).toBe(2);
  });
});

describe('MemoryService dedupe by embedding', () => {
  it('treats cosine ≥ 0.95 as the same memory when vectors exist', async () => {
    const { dir, cleanup } = await tempDir();
    const { embed } = testEmbedder();
    const config = MemoryConfig.parse({ embedder: { model: 'bow-64' } });
    const service = await openMemoryService({ dataDir: dir, config: () => config, embed, log: recordingLogger() });
    try {
      await service.idle();
      const first = await service.add({ text: 'Dog named Rex', source: null });
      // Different words (no text or word-overlap match) but the same concepts: puppy ~ dog.
      const second = await service.add({ text: 'puppy named Rex', source: null });
      expect(second).toMatchObject({ action: 'updated', memory: { id: first.memory.id, text: 'puppy named Rex' } });
      expect(second.action === 'updated' && second.reason).toMatch(/^cosine similarity (0\.9[5-9]|1\.00)$/);
      expect((await service.list()).total).toBe(1);
    } finally {
      await service.close();
      await cleanup();
    }
  });
});
