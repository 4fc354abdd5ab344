// Pure helpers: normalization, overlap, ids, provenance formatting, the token budget and fact parsing.
import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../../plugins/memory/archive';
import { provenance } from '../../../../plugins/memory/format';
import { fitBudget, RECALL_HEADER } from '../../../../plugins/memory/provider';
import { MEMORY_ID_PATTERN } from '../../../../plugins/memory/contract';
import { estimateTokens, jaccard, newMemoryId, normalizeText, textKey } from '../../../../plugins/memory/text';
import type { Memory } from '../../../../plugins/memory/types';

const memory = (id: string, text: string): Memory => ({
  id,
  text,
  kind: 'fact',
  tags: [],
  source: { sessionId: 's_1', turnId: null, callId: 'c', at: Date.UTC(2026, 10, 20, 23, 59) },
  createdAt: Date.UTC(2026, 10, 21),
  updatedAt: Date.UTC(2026, 10, 21),
  expiresAt: null,
});

describe('memory text helpers', () => {
  it('normalizes case, width and punctuation', () => {
    expect(normalizeText('  Ｈello,   WORLD!! Ünïcode ')).toBe('hello world ünïcode');
    expect(textKey('Hello, world')).toBe(textKey('hello world!'));
    expect(textKey('Hello world')).not.toBe(textKey('Hello there world'));
  });

  it('measures word-set overlap', () => {
    expect(jaccard('a b c d', 'a b c d e')).toBeCloseTo(0.8);
    expect(jaccard('a b', 'c d')).toBe(0);
    expect(jaccard('', '')).toBe(0);
  });

  it('makes unique, time-sortable ids that pass the id check', () => {
    const a = newMemoryId(1_000_000);
    const b = newMemoryId(2_000_000);
    expect(a).toMatch(MEMORY_ID_PATTERN);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 200 }, () => newMemoryId())).size).toBe(200);
    expect(MEMORY_ID_PATTERN.test("mem_1' OR '1'='1")).toBe(false);
  });

  it('renders provenance from the source, or the creation date without a session', () => {
    expect(provenance(memory('mem_abcd', 'x'))).toBe('[mem_abcd · fact · from session s_1 on 2026-11-20]');
    expect(provenance({ ...memory('mem_abcd', 'x'), source: null })).toBe('[mem_abcd · fact · added 2026-11-21]');
  });

  it('keeps ranked memories that fit the token budget', () => {
    const hits = [
      memory('mem_aaaa', 'x'.repeat(400)),
      memory('mem_bbbb', 'short'),
      memory('mem_cccc', 'also short'),
    ].map((m, i) => ({ memory: m, score: 3 - i }));
    const budget = estimateTokens(RECALL_HEADER) + 1 + 2 * 30;
    expect(fitBudget(hits, budget).map((hit) => hit.memory.id)).toEqual(['mem_bbbb', 'mem_cccc']);
    expect(fitBudget(hits, 0)).toEqual([]);
  });

  it('parses the extraction answer', () => {
    expect(parseFacts('["a", " b ", "", 3]')).toEqual(['a', 'b']);
    expect(parseFacts('Sure:\n```json\n["x"]\n```')).toEqual(['x']);
    expect(parseFacts('[]')).toEqual([]);
    expect(parseFacts(JSON.stringify(['1', '2', '3', '4', '5', '6', '7']))).toHaveLength(5);
    expect(() => parseFacts('nothing to remember')).toThrow(/expected a JSON array/);
    expect(parseFacts('{"a": [1]}')).toEqual([]);
  });
});
