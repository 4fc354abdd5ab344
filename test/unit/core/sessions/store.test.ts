// Tests for SessionStore: create/append/load/list/rename/fork/delete/resolve, concurrency, torn and corrupt lines.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionItem, Usage } from '../../../../preload/contract/items';
import { SessionDetail } from '../../../../preload/contract/sessions';
import { SessionNotFoundError, SessionStore } from '../../../../main/core/sessions/store';
import { assistantItem, userItem } from '../../../support/items';

let home: string;
const stores: SessionStore[] = [];

/** Failures the store reports only to its logger; every test expects none unless it says otherwise. */
const logged: string[] = [];
const logger = {
  debug() {},
  info() {},
  warn: (message: string) => void logged.push(message),
  error: (message: string) => void logged.push(message),
};

function open(options: Partial<ConstructorParameters<typeof SessionStore>[1]> = {}): SessionStore {
  const store = new SessionStore(home, { logger, ...options });
  stores.push(store);
  return store;
}

const usage = (n: number): Usage => ({
  inputTokens: n,
  cachedInputTokens: 0,
  outputTokens: n,
  reasoningTokens: 0,
  totalTokens: 2 * n,
});
const fileOf = (id: string) => join(home, 'sessions', `${id}.jsonl`);

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-sessions-'));
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await rm(home, { recursive: true, force: true });
  expect(logged.splice(0)).toEqual([]);
});

describe('SessionStore basics', () => {
  it('creates, appends with increasing seq, and loads everything back', async () => {
    const store = open();
    const created = await store.create();
    expect(created).toMatchObject({ title: 'New session', itemCount: 0, usage: usage(0) });
    const first = await store.appendItems(created.id, 't1', [userItem('hello\nsecond line'), assistantItem('hi')]);
    const second = await store.appendItems(created.id, 't2', [userItem('again')]);
    expect([...first, ...second].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first[0]).toMatchObject({ turnId: 't1', item: userItem('hello\nsecond line') });

    const loaded = await open().load(created.id);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.entries.map((e) => [e.seq, e.turnId, e.item])).toEqual([
      [1, 't1', userItem('hello\nsecond line')],
      [2, 't1', assistantItem('hi')],
      [3, 't2', userItem('again')],
    ]);
    expect(loaded.summary).toMatchObject({ id: created.id, title: 'hello', itemCount: 3 });
  });

  it('continues seq numbering after a restart', async () => {
    const { id } = await open().create();
    await stores[0].appendItems(id, 't', [userItem('a'), userItem('b')]);
    const again = open();
    expect((await again.appendItems(id, 't', [userItem('c')]))[0].seq).toBe(3);
  });

  it('derives the title from the first user message (first line, at most 80 chars) until renamed', async () => {
    const store = open();
    const { id } = await store.create();
    await store.appendItems(id, 't', [assistantItem('ignored'), userItem(`\n  ${'x'.repeat(100)}  \nmore`)]);
    const derived = (await store.summary(id)).title;
    expect(derived).toHaveLength(80);
    expect(derived.endsWith('…')).toBe(true);
    expect((await store.rename(id, '  Trip\nplanning ')).title).toBe('Trip planning');
    await store.appendItems(id, 't', [userItem('later message')]);
    expect((await open().load(id)).summary.title).toBe('Trip planning');
    expect((await store.rename(id, '')).title).toBe(derived);
    expect((await open().list())[0].title).toBe(derived);
  });

  it('never cuts an emoji in half when shortening a title', async () => {
    const store = open();
    const { id } = await store.create();
    await store.appendItems(id, 't', [userItem(`${'a'.repeat(78)}😀😀😀`)]);
    expect((await store.summary(id)).title).toBe(`${'a'.repeat(78)}😀…`);
  });

  it('keeps an explicit title given at creation', async () => {
    const store = open();
    const { id } = await store.create({ title: 'Groceries' });
    await store.appendItems(id, 't', [userItem('buy milk')]);
    expect((await open().load(id)).summary.title).toBe('Groceries');
  });

  it('records turns (usage summed) and compactions', async () => {
    const store = open();
    const { id } = await store.create();
    await store.appendItems(id, 't1', [userItem('a'), assistantItem('b')]);
    await store.appendTurn(id, { turn: 't1', stopReason: 'completed', usage: usage(10) });
    await store.appendTurn(id, { turn: 't2', stopReason: 'error', usage: usage(5), error: 'boom', toolRounds: 2 });
    await store.appendCompaction(id, { turn: 't2', upToSeq: 1, summary: 'user said a' });
    await store.sync(id);
    await expect(store.appendCompaction(id, { turn: 't2', upToSeq: 9, summary: 'x' })).rejects.toThrow(
      /last item has seq 2/,
    );
    const loaded = await open().load(id);
    expect(loaded.summary.usage).toEqual(usage(15));
    expect(loaded.turns.map((t) => [t.turnId, t.stopReason, t.error])).toEqual([
      ['t1', 'completed', undefined],
      ['t2', 'error', 'boom'],
    ]);
    expect(loaded.compactions).toEqual([{ turnId: 't2', at: expect.any(String), upToSeq: 1, summary: 'user said a' }]);
    expect(loaded.turns[1]).toMatchObject({ toolRounds: 2, usage: usage(5) });
    expect(loaded.entries).toHaveLength(2);
    expect(() => SessionDetail.parse({ ...loaded, running: false })).not.toThrow(); // the contract shape the UI opens
  });

  it('rejects an invalid item without writing anything', async () => {
    const store = open();
    const { id } = await store.create();
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    const bad = { type: 'message', role: 'robot', content: [] } as unknown as SessionItem;
    await expect(store.appendItems(id, 't', [userItem('ok'), bad])).rejects.toThrow(/item 1 .*role/);
    expect((await open().load(id)).entries).toEqual([]);
  });

  it('lists newest first by last activity, and resolves latest, ids and prefixes', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const store = open({ now: () => new Date((clock += 1000)) });
    const a = await store.create({ title: 'A' });
    const b = await store.create({ title: 'B' });
    expect((await store.list()).map((s) => s.title)).toEqual(['B', 'A']);
    await store.appendItems(a.id, 't', [userItem('bump')]);
    expect((await store.list()).map((s) => s.title)).toEqual(['A', 'B']);
    expect((await store.latest())?.id).toBe(a.id);
    expect((await store.resolve('latest')).id).toBe(a.id);
    expect((await store.resolve(b.id)).title).toBe('B');
    expect((await store.resolve(b.id.slice(0, 20))).id).toBe(b.id);
    await expect(store.resolve('s_0000000000000000000000')).rejects.toThrow(
      /s_0000000000000000000000.*deskpilot sessions list/,
    );
    await expect(store.resolve('s_0000000000000000000000')).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  it('explains that there are no sessions when resolving latest in an empty home', async () => {
    await expect(open().resolve('latest')).rejects.toThrow(/no sessions/);
    expect(await open().latest()).toBeUndefined();
  });

  it('forks up to a seq, copying items and covered compactions, with forkedFrom set', async () => {
    const store = open();
    const source = await store.create({ title: 'Source' });
    await store.appendItems(source.id, 't1', [
      userItem('one'),
      assistantItem('two'),
      userItem('three'),
      assistantItem('four'),
    ]);
    await store.appendTurn(source.id, { turn: 't1', stopReason: 'completed', usage: usage(7) });
    await store.appendCompaction(source.id, { turn: 't1', upToSeq: 2, summary: 's2' });
    await store.appendCompaction(source.id, { turn: 't1', upToSeq: 4, summary: 's4' });
    const fork = await store.fork(source.id, 3);
    expect(fork).toMatchObject({
      title: 'Source (fork)',
      itemCount: 3,
      forkedFrom: { id: source.id, seq: 3 },
      usage: usage(0),
    });
    const loaded = await open().load(fork.id);
    expect(loaded.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(loaded.compactions.map((c) => c.summary)).toEqual(['s2']);
    expect(loaded.summary.forkedFrom).toEqual({ id: source.id, seq: 3 });
    expect((await store.appendItems(fork.id, 't2', [userItem('branch')]))[0].seq).toBe(4);
    expect((await store.load(source.id)).entries).toHaveLength(4);

    const whole = await store.fork(source.id);
    expect(whole.forkedFrom).toEqual({ id: source.id, seq: 4 });
    expect(whole.itemCount).toBe(4);
    await expect(store.fork(source.id, -1)).rejects.toThrow(/whole number/);
  });

  it('titles a fork after its source with a fork mark, counting up for forks of forks', async () => {
    const store = open();
    const source = await store.create();
    await store.appendItems(source.id, 't1', [userItem('Plan the trip'), assistantItem('ok')]);
    const fork = await store.fork(source.id);
    expect(fork.title).toBe('Plan the trip (fork)');
    expect((await store.fork(fork.id)).title).toBe('Plan the trip (fork 2)');
    expect((await open().load(fork.id)).summary.title).toBe('Plan the trip (fork)');
    expect((await store.list()).filter((s) => s.title === 'Plan the trip')).toHaveLength(1);
  });

  it('renaming does not move a session up the list (ordered by last activity)', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = open({ now: () => new Date((clock += 1000)) });
    const older = await store.create();
    await store.appendItems(older.id, 't', [userItem('older')]);
    const newer = await store.create();
    await store.appendItems(newer.id, 't', [userItem('newer')]);
    const before = await store.summary(older.id);
    const renamed = await store.rename(older.id, 'Renamed');
    expect(renamed.updatedAt).toBe(before.updatedAt);
    expect((await store.list()).map((s) => s.title)).toEqual(['newer', 'Renamed']);
    const reopened = open();
    expect((await reopened.list()).map((s) => s.title)).toEqual(['newer', 'Renamed']);
    expect((await reopened.load(older.id)).summary.updatedAt).toBe(before.updatedAt);
  });

  it('deletes a session everywhere', async () => {
    const store = open();
    const keep = await store.create();
    const gone = await store.create();
    await store.appendItems(gone.id, 't', [userItem('bye')]);
    await store.delete(gone.id);
    expect(await store.exists(gone.id)).toBe(false);
    expect(await store.exists(keep.id)).toBe(true);
    expect((await store.list()).map((s) => s.id)).toEqual([keep.id]);
    await expect(store.load(gone.id)).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(store.appendItems(gone.id, 't', [userItem('x')])).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(open().delete(gone.id)).rejects.toBeInstanceOf(SessionNotFoundError);
    expect((await open().list()).map((s) => s.id)).toEqual([keep.id]);
  });

  it('refuses ids that are not session ids', async () => {
    await expect(open().load('../../etc/passwd')).rejects.toThrow(/not a session id/);
  });
});

describe('SessionStore concurrency', () => {
  it('never interleaves concurrent appends and keeps call order', async () => {
    const store = open();
    const { id } = await store.create();
    const big = 'y'.repeat(70_000); // larger than one pipe/page write
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.appendItems(id, `t${i}`, [userItem(`m${i}`), assistantItem(`${big}${i}`)]),
      ),
    );
    expect(results.flat().map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const loaded = await open().load(id);
    expect(loaded.warnings).toEqual([]);
    expect(
      loaded.entries.filter((e) => e.item.type === 'message' && e.item.role === 'user').map((e) => e.turnId),
    ).toEqual(Array.from({ length: 40 }, (_, i) => `t${i}`));
    const lines = (await readFile(fileOf(id), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(81);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps appending correctly when handles are evicted (maxOpenFiles 1)', async () => {
    const store = open({ maxOpenFiles: 1 });
    const ids = [(await store.create()).id, (await store.create()).id, (await store.create()).id];
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.appendItems(ids[i % 3], 't', [userItem(`n${i}`)])));
    await store.close();
    for (const [k, id] of ids.entries()) {
      const loaded = await open().load(id);
      expect(loaded.warnings).toEqual([]);
      expect(loaded.entries.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(loaded.entries[0].item).toEqual(userItem(`n${k}`));
    }
  });
});

describe('SessionStore damaged files', () => {
  it('skips a torn last line with a warning, and the next append starts on a new line', async () => {
    const store = open();
    const { id } = await store.create();
    await store.appendItems(id, 't', [userItem('one'), assistantItem('two')]);
    await store.close();
    const torn = JSON.stringify({
      t: 'item',
      seq: 3,
      at: new Date().toISOString(),
      turn: 't',
      item: userItem('three'),
    });
    await appendFile(fileOf(id), torn.slice(0, torn.length / 2));

    const after = open();
    const loaded = await after.load(id);
    expect(loaded.entries.map((e) => e.item)).toEqual([userItem('one'), assistantItem('two')]);
    expect(loaded.warnings).toEqual([
      `sessions/${id}.jsonl line 4: the line is incomplete (an interrupted write); the line was skipped`,
    ]);

    const [added] = await after.appendItems(id, 't2', [userItem('four')]);
    expect(added.seq).toBe(3);
    const again = await open().load(id);
    expect(again.entries.map((e) => e.item)).toEqual([userItem('one'), assistantItem('two'), userItem('four')]);
    expect(again.warnings).toHaveLength(1);
    expect(again.warnings[0]).toMatch(/line 4: invalid JSON .*; the line was skipped$/);
  });

  it('skips corrupt middle lines (bad JSON, wrong shape) and keeps the others', async () => {
    const store = open();
    const { id } = await store.create();
    await store.appendItems(id, 't', [userItem('a'), userItem('b'), userItem('c'), userItem('d')]);
    await store.close();
    const lines = (await readFile(fileOf(id), 'utf8')).split('\n');
    lines[2] = '{"t":"item","seq":2,,,garbage';
    lines[3] = JSON.stringify({
      t: 'item',
      seq: 3,
      at: 'x',
      turn: 't',
      item: { type: 'message', role: 'user', content: 'not a list' },
    });
    await writeFile(fileOf(id), lines.join('\n'));

    const loaded = await open().load(id);
    expect(loaded.entries.map((e) => e.item)).toEqual([userItem('a'), userItem('d')]);
    expect(loaded.warnings).toHaveLength(2);
    expect(loaded.warnings[0]).toMatch(
      new RegExp(`^sessions/${id}.jsonl line 3: invalid JSON .*; the line was skipped$`),
    );
    expect(loaded.warnings[1]).toMatch(
      /^sessions\/.*line 4: not a valid session record \(item\.content: .*\); the line was skipped$/,
    );
    expect(loaded.summary.itemCount).toBe(2);
  });
});

describe('SessionStore index', () => {
  async function populate(): Promise<string[]> {
    let clock = Date.UTC(2025, 5, 1);
    const store = open({ now: () => new Date((clock += 1000)) });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await store.create();
      await store.appendItems(id, 't', [userItem(`topic ${i}`)]);
      ids.push(id);
    }
    await store.close();
    return ids.reverse();
  }

  it('writes index.json and rebuilds it when deleted', async () => {
    const ids = await populate();
    const index = JSON.parse(await readFile(join(home, 'sessions', 'index.json'), 'utf8'));
    expect(index.sessions.map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());
    await rm(join(home, 'sessions', 'index.json'));
    const store = open();
    expect((await store.list()).map((s) => [s.id, s.title])).toEqual(ids.map((id, i) => [id, `topic ${2 - i}`]));
    await store.close();
    expect(JSON.parse(await readFile(join(home, 'sessions', 'index.json'), 'utf8')).sessions).toHaveLength(3);
  });

  it('rebuilds a corrupt index.json', async () => {
    const ids = await populate();
    await writeFile(join(home, 'sessions', 'index.json'), '{"v":1,"sessions":[{"id":');
    const store = open();
    expect((await store.list()).map((s) => s.id)).toEqual(ids);
    await store.close();
    expect(JSON.parse(await readFile(join(home, 'sessions', 'index.json'), 'utf8')).v).toBe(1);
    expect(logged.splice(0)).toEqual([expect.stringMatching(/index\.json is corrupt; rebuilding it/)]);
  });

  it('rescans entries whose file changed behind its back, and drops vanished files', async () => {
    const ids = await populate();
    const index = JSON.parse(await readFile(join(home, 'sessions', 'index.json'), 'utf8'));
    for (const entry of index.sessions) entry.title = 'stale title';
    await writeFile(join(home, 'sessions', 'index.json'), JSON.stringify(index));
    const line = JSON.stringify({ t: 'title', title: 'Renamed elsewhere', at: '2030-01-01T00:00:00.000Z' });
    await appendFile(fileOf(ids[2]), `${line}\n`);
    await rm(fileOf(ids[1]));
    const list = await open().list();
    // A rename is not activity: the renamed session keeps its place.
    expect(list.map((s) => [s.id, s.title])).toEqual([
      [ids[0], 'stale title'],
      [ids[2], 'Renamed elsewhere'],
    ]);
  });
});

describe('SessionStore command notes (issue 9: command results kept across a reload)', () => {
  it('keeps a command output after the last item, loads it back, and does not count it as activity', async () => {
    let clock = Date.parse('2026-06-01T10:00:00Z');
    const store = open({ now: () => new Date((clock += 60_000)) });
    const { id } = await store.create();
    await store.appendItems(id, 't1', [userItem('hello'), assistantItem('hi')]);
    const before = (await store.summary(id)).updatedAt;
    const note = await store.appendNote(id, { command: 'config', text: 'model = gpt-test' });
    expect(note).toMatchObject({ afterSeq: 2, command: 'config', text: 'model = gpt-test' });
    expect((await store.summary(id)).updatedAt).toBe(before);

    const loaded = await open().load(id);
    expect(loaded.notes).toEqual([note]);
    expect(loaded.entries).toHaveLength(2);
    expect(loaded.summary.updatedAt).toBe(before);
    expect(SessionDetail.safeParse({ ...loaded, running: false }).success).toBe(true);
  });
});
