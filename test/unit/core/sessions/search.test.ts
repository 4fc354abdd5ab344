// Tests for full-text search over session files (main/core/sessions/search.ts) on a real store in a temp home.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HITS_PER_SESSION, searchSessions } from '../../../../main/core/sessions/search';
import { SessionStore } from '../../../../main/core/sessions/store';
import { createLogger } from '../../../../main/core/util/log';
import { assistantItem, userItem } from '../../../support/items';

let home: string;
let store: SessionStore;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-search-'));
  store = new SessionStore(home, { logger: createLogger('test', { level: 'error', sink: () => {} }) });
});
afterEach(async () => {
  await store.close();
  await rm(home, { recursive: true, force: true });
});

describe('searchSessions', () => {
  it('finds the matching line of user and assistant messages, case-insensitively, with the chat and seq', async () => {
    const a = await store.create({ title: 'Trip' });
    await store.appendItems(a.id, 't1', [
      userItem('Book a train to Lyon'),
      assistantItem('Done.\nYour TRAIN leaves at 9:12.\nBye'),
    ]);
    const b = await store.create({ title: 'Other' });
    await store.appendItems(b.id, 't1', [userItem('Nothing relevant'), assistantItem('No.')]);
    await store.appendItems(b.id, 't2', [
      { type: 'function_call', call_id: 'c', name: 'x', arguments: '{"q":"train"}' },
      { type: 'function_call_output', call_id: 'c', output: 'train in a tool output only' },
    ]);
    const r = await searchSessions(store.dir, await store.list(), 'Train', 50);
    expect(r.truncated).toBe(false);
    expect(r.hits.map((h) => [h.title, h.seq, h.role, h.line])).toEqual([
      ['Trip', 2, 'assistant', 'Your TRAIN leaves at 9:12.'],
      ['Trip', 1, 'user', 'Book a train to Lyon'],
    ]);
    expect(r.hits[0]!.sessionId).toBe(a.id);
  });

  it('matches text JSON escapes on disk (quotes, backslashes) and cuts long lines around the match', async () => {
    const s = await store.create({ title: 'Code' });
    const long = `${'x'.repeat(400)} say "hi" \\o/ ${'y'.repeat(400)}`;
    await store.appendItems(s.id, 't1', [userItem(long)]);
    const r = await searchSessions(store.dir, await store.list(), 'say "hi" \\o/', 50);
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]!.line).toContain('say "hi" \\o/');
    expect(r.hits[0]!.line.length).toBeLessThanOrEqual(202);
    expect(r.hits[0]!.line.startsWith('…') && r.hits[0]!.line.endsWith('…')).toBe(true);
  });

  it('keeps the latest matches per chat and says when the limit cut chats off', async () => {
    for (let n = 0; n < 3; n++) {
      const s = await store.create({ title: `Chat ${n}` });
      for (let i = 0; i < 5; i++) await store.appendItems(s.id, `t${i}`, [userItem(`needle ${i}`)]);
    }
    const all = await searchSessions(store.dir, await store.list(), 'needle', 50);
    expect(all.hits).toHaveLength(3 * HITS_PER_SESSION);
    expect(all.hits.slice(0, HITS_PER_SESSION).map((h) => h.line)).toEqual(['needle 4', 'needle 3', 'needle 2']);
    const cut = await searchSessions(store.dir, await store.list(), 'needle', 4);
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.hits).toHaveLength(4);
  });
});
