// JsonDocument and SerialQueue: typed JSON files with one backup policy, migrations, atomic 0600 writes, ordering.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonDocument, readJsonDocument } from '../../../../main/core/util/jsonDocument';
import { SerialQueue } from '../../../../main/core/util/serialQueue';

const Doc = z.object({ version: z.literal(2), items: z.array(z.string()) });
type Doc = z.infer<typeof Doc>;

function logger() {
  const errors: string[] = [];
  const log = { debug() {}, info() {}, warn() {}, error: (msg: string) => void errors.push(msg) };
  return { log, errors };
}

async function open(path: string, log = logger().log, now?: () => Date) {
  return JsonDocument.open<Doc>({
    path,
    schema: Doc,
    initial: () => ({ version: 2, items: [] }),
    version: 2,
    migrations: {
      0: (d) => ({ ...d, items: d.list ?? [] }),
      1: (d) => ({ ...d, items: (d.items as string[]).map((s) => s.toUpperCase()) }),
    },
    log,
    now,
  });
}

describe('JsonDocument', () => {
  it('starts from the initial value when the file is missing and writes it 0600 on the first update', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'doc.json');
    const doc = await open(path);
    expect(doc.get()).toEqual({ version: 2, items: [] });
    expect(doc.existed).toBe(false);
    await doc.update((d) => void d.items.push('a'));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 2, items: ['a'] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('migrates older versions step by step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'doc.json');
    await writeFile(path, JSON.stringify({ list: ['x', 'y'] }));
    const doc = await open(path);
    expect(doc.get()).toEqual({ version: 2, items: ['X', 'Y'] });
    expect(doc.existed).toBe(true);
  });

  it('moves an invalid file aside and never overwrites an earlier backup', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'doc.json');
    const at = new Date('2026-01-02T03:04:05.678Z');
    const { log, errors } = logger();
    await writeFile(path, '{not json');
    const first = await open(path, log, () => at);
    expect(first.problem).toMatch(/not valid JSON/);
    await writeFile(path, JSON.stringify({ version: 9, items: [] }));
    const second = await open(path, log, () => at);
    expect(second.problem).toMatch(/newer than this Deskpilot understands/);
    expect(second.backup).not.toBe(first.backup);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['doc.json.invalid-2026-01-02T03-04-05-678Z', 'doc.json.invalid-2026-01-02T03-04-05-678Z-2']);
    expect(await readFile(join(dir, files[0]), 'utf8')).toBe('{not json');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain(path);
  });

  it('rejects an invalid update without writing, and runs updates in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'doc.json');
    const doc = await open(path);
    const results = await Promise.allSettled([
      doc.update((d) => void d.items.push('1')),
      doc.update(() => ({ version: 2, items: [42] }) as unknown as Doc), // deliberately invalid content
      doc.update((d) => void d.items.push('2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/Not saved.*items\.0/);
    expect(JSON.parse(await readFile(path, 'utf8')).items).toEqual(['1', '2']);
  });
});

describe('JsonDocument edge cases', () => {
  it('saves nothing and notifies no one for an update that changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'doc.json');
    const doc = await open(path);
    const seen: unknown[] = [];
    doc.onChange((value) => seen.push(value));
    await doc.update(() => ({ version: 2, items: [] }));
    expect(await readdir(dir)).toEqual([]);
    await doc.update((d) => void d.items.push('x'));
    expect(seen).toEqual([{ version: 2, items: ['x'] }]);
  });

  it('keeps a null value (nullable schemas) and does not mistake it for "no return"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'id.json');
    const schema = z.object({ model: z.string() }).nullable();
    const doc = await JsonDocument.open({ path, schema, initial: () => null, log: logger().log });
    await doc.set({ model: 'm' });
    expect(await doc.update(() => null)).toBeNull();
    expect(await readFile(path, 'utf8')).toBe('null\n');
  });

  it('never quotes a sensitive file in its problem, and names the friendly problem when given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'secret.json');
    await writeFile(path, '{"key": sk-secret-value');
    const { log, errors } = logger();
    const read = await readJsonDocument<Doc>({
      path,
      schema: Doc,
      initial: () => ({ version: 2, items: [] }),
      log,
      sensitive: true,
    });
    expect(read.problem).toBe('not valid JSON');
    expect(errors.join('\n')).not.toContain('sk-secret');

    await writeFile(path, JSON.stringify({ version: 2, items: 'x' }));
    const described = await readJsonDocument<Doc>({
      path,
      schema: Doc,
      initial: () => ({ version: 2, items: [] }),
      describe: (_error, content) => `items should be a list, got ${JSON.stringify((content as Doc).items)}`,
      log,
    });
    expect(described.problem).toBe('items should be a list, got "x"');
  });

  it('throws, naming the path and what to check, when the file cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsondoc-'));
    const path = join(dir, 'doc.json');
    await mkdir(path);
    await expect(open(path)).rejects.toThrow(/^Cannot read .*doc\.json: .*Check the file's owner and permissions\.$/);
  });
});

describe('SerialQueue', () => {
  it('never overlaps tasks and keeps going after a failure', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = queue.run(async () => {
      log.push('a start');
      await gate;
      log.push('a end');
    });
    const b = queue.run(() => {
      log.push('b');
      throw new Error('b failed');
    });
    const c = queue.run(() => log.push('c'));
    expect(queue.size).toBe(3);
    release();
    await a;
    await expect(b).rejects.toThrow('b failed');
    await c;
    await queue.idle();
    expect(log).toEqual(['a start', 'a end', 'b', 'c']);
    expect(queue.size).toBe(0);
  });
});

describe('JsonDocument group commit', () => {
  it('writes a burst of updates once, and an update issued as the burst settles is saved too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskpilot-jsondoc-burst-'));
    try {
      const file = join(dir, 'burst.json');
      const doc = await JsonDocument.open({
        path: file,
        schema: z.object({ n: z.number() }),
        initial: () => ({ n: 0 }),
        version: 1,
        log: logger().log,
      });
      let saves = 0;
      doc.onChange(() => (saves += 1));
      const burst = Array.from({ length: 50 }, () => doc.update((d) => ({ n: d.n + 1 })));
      // An update chained on the burst's first result arrives after that save: the next save takes it.
      const chained = burst[0]!.then(() => doc.update((d) => ({ n: d.n + 100 })));
      const values = await Promise.all(burst);
      expect(values.map((v) => v.n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await chained).n).toBe(150);
      await doc.flush();
      expect(saves).toBe(2);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ n: 150 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
