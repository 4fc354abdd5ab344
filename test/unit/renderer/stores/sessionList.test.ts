// Tests for session list ordering, search and upsert (renderer/stores/sessionList.ts).
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../../preload/contract';
import { upsertSession, visibleSessions } from '../../../../renderer/stores/sessionList';
import { usage } from '../fixtures';

const s = (id: string, title: string, updatedAt: string): SessionSummary => ({
  id,
  title,
  createdAt: updatedAt,
  updatedAt,
  itemCount: 0,
  usage: usage(0, 0),
});

describe('visibleSessions', () => {
  const items = [
    s('a', 'Trip to Lisbon', '2026-01-02T00:00:00Z'),
    s('b', 'Build times', '2026-01-05T00:00:00Z'),
    s('c', 'lisbon hotels', '2026-01-03T00:00:00Z'),
  ];

  it('orders newest first', () => {
    expect(visibleSessions(items, '').map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('filters by title, case-insensitively and trimmed', () => {
    expect(visibleSessions(items, '  LISBON ').map((x) => x.id)).toEqual(['c', 'a']);
    expect(visibleSessions(items, 'nothing')).toEqual([]);
  });

  it('does not mutate its input', () => {
    visibleSessions(items, '');
    expect(items.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('upsertSession', () => {
  it('replaces by id or appends', () => {
    const items = [s('a', 'A', '2026-01-01T00:00:00Z')];
    expect(upsertSession(items, s('a', 'A2', '2026-01-02T00:00:00Z'))).toEqual([s('a', 'A2', '2026-01-02T00:00:00Z')]);
    expect(upsertSession(items, s('b', 'B', '2026-01-02T00:00:00Z')).map((x) => x.id)).toEqual(['a', 'b']);
  });
});
