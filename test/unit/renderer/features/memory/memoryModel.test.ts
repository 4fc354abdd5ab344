// Tests for the Memory panel's pure logic (renderer/features/memory/memoryModel.ts) and its result schemas.
import { describe, expect, it } from 'vitest';
import {
  draftFromMemory,
  editPatch,
  formatScore,
  parseTags,
  receiptMemories,
  searchModeLabel,
} from '../../../../../renderer/features/memory/memoryModel';
import { MemoryListResult, MemoryStatus, type Memory } from '../../../../../plugins/memory/contract';

const memory: Memory = {
  id: 'mem_0abc123xyz4567',
  text: 'Prefers dark roast',
  kind: 'preference',
  tags: ['coffee', 'taste'],
  source: { sessionId: 's1', turnId: null, callId: 'call_1', at: 1_767_225_600_000 },
  createdAt: 1_767_225_600_000,
  updatedAt: 1_767_225_600_000,
  expiresAt: null,
};

describe('parseTags', () => {
  it('trims, lower-cases and drops empty and repeated tags', () => {
    expect(parseTags(' Coffee, taste,,coffee , ')).toEqual(['coffee', 'taste']);
    expect(parseTags('')).toEqual([]);
  });
});

describe('editPatch', () => {
  it('is null when nothing changed (tags compared as parsed lists)', () => {
    expect(editPatch(memory, draftFromMemory(memory))).toBeNull();
    expect(
      editPatch(memory, { ...draftFromMemory(memory), tags: 'Coffee ,taste', text: ' Prefers dark roast ' }),
    ).toBeNull();
  });

  it('holds only the changed fields', () => {
    expect(editPatch(memory, { text: 'Prefers light roast', kind: 'preference', tags: 'coffee, taste' })).toEqual({
      id: memory.id,
      text: 'Prefers light roast',
    });
    expect(editPatch(memory, { text: memory.text, kind: 'fact', tags: '' })).toEqual({
      id: memory.id,
      kind: 'fact',
      tags: [],
    });
  });
});

describe('labels', () => {
  it('names the search mode and shortens scores', () => {
    expect(searchModeLabel('fts')).toBe('full-text search');
    expect(searchModeLabel('hybrid')).toContain('embeddings');
    expect(formatScore(0.016393442)).toBe('0.0164');
    expect(formatScore(12.3456)).toBe('12.3');
    expect(formatScore(Number.NaN)).toBe('–');
  });
});

describe('receiptMemories', () => {
  const injected = { id: memory.id, text: memory.text, kind: memory.kind, score: 1.5, source: memory.source };

  it('lists the memories the memory provider injected, skipping malformed ones', () => {
    const entry = {
      providerId: 'memory',
      title: 'Memory',
      text: 'x',
      tokens: 3,
      detail: { memories: [injected, { id: 'bad' }], mode: 'fts' },
    };
    expect(receiptMemories(entry)).toEqual([injected]);
  });

  it('gives nothing for other providers or missing detail', () => {
    expect(
      receiptMemories({ providerId: 'plan', title: 'Plan', text: '', tokens: 0, detail: { memories: [injected] } }),
    ).toEqual([]);
    expect(receiptMemories({ providerId: 'memory', title: 'Memory', text: '', tokens: 0 })).toEqual([]);
    expect(
      receiptMemories({ providerId: 'memory', title: 'Memory', text: '', tokens: 0, detail: { memories: 'no' } }),
    ).toEqual([]);
  });
});

describe('schemas', () => {
  it('accept the plugin answers and reject wrong shapes', () => {
    expect(
      MemoryListResult.safeParse({ memories: [memory, { ...memory, source: null, expiresAt: 1 }], total: 2 }).success,
    ).toBe(true);
    expect(MemoryListResult.safeParse({ memories: [{ ...memory, kind: 'secret' }], total: 1 }).success).toBe(false);
    expect(MemoryStatus.safeParse({ state: 'reembedding', done: 3, total: 9, mode: 'hybrid', count: 9 }).success).toBe(
      true,
    );
    expect(MemoryStatus.safeParse({ state: 'busy', done: 0, total: 0, mode: 'fts', count: 0 }).success).toBe(false);
  });
});
