// Tests for main/core/plugins/stateFile.ts: load, invalid-file backup, validated atomic serialized updates.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStateFile } from '../../../../main/core/plugins/stateFile';
import type { Logger } from '../../../../plugins/sdk/types';

const Counter = z.object({ count: z.number().int().min(0), names: z.array(z.string()).default([]) });

let dir: string;
let path: string;
let errors: string[];
let log: Logger;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskpilot-state-'));
  path = join(dir, 'counter.json');
  errors = [];
  log = { debug: () => {}, info: () => {}, warn: () => {}, error: (m) => void errors.push(m) };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = () =>
  openStateFile({
    path,
    schema: Counter,
    initial: { count: 0, names: [] },
    log,
    now: () => new Date('2025-01-02T03:04:05.678Z'),
  });

describe('openStateFile', () => {
  it('starts from the initial value without writing when the file is missing', async () => {
    const state = await open();
    expect(state.get()).toEqual({ count: 0, names: [] });
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes updates and reloads them', async () => {
    const state = await open();
    const seen: unknown[] = [];
    state.onChange((v) => seen.push(v));
    expect(await state.update((s) => ({ ...s, count: s.count + 1 }))).toEqual({ count: 1, names: [] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ count: 1, names: [] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(seen).toEqual([{ count: 1, names: [] }]);
    expect((await open()).get()).toEqual({ count: 1, names: [] });
  });

  it('serializes concurrent updates', async () => {
    const state = await open();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => state.update((s) => ({ count: s.count + 1, names: [...s.names, `n${i}`] }))),
    );
    expect(state.get().count).toBe(20);
    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    expect(onDisk.count).toBe(20);
    expect(onDisk.names).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });

  it('rejects an invalid update, writes nothing and keeps the current value', async () => {
    const state = await open();
    await state.update(() => ({ count: 3, names: [] }));
    await expect(state.update(() => ({ count: -1, names: [] }))).rejects.toThrow(
      new RegExp(`Not saved: the new content of ${path} is invalid \\(count: `),
    );
    expect(state.get()).toEqual({ count: 3, names: [] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ count: 3, names: [] });
    expect(await state.update((s) => ({ ...s, count: s.count + 1 }))).toEqual({ count: 4, names: [] });
  });

  it('does not let a mutating update corrupt the current value when it fails', async () => {
    const state = await open();
    await expect(
      state.update((s) => {
        s.names.push('mutated');
        s.count = -5;
        return s;
      }),
    ).rejects.toThrow();
    expect(state.get()).toEqual({ count: 0, names: [] });
  });

  it('moves a schema-invalid file aside, logs the path and problem, and starts from initial', async () => {
    await writeFile(path, JSON.stringify({ count: 'many' }));
    const state = await open();
    expect(state.get()).toEqual({ count: 0, names: [] });
    const backup = `${path}.invalid-2025-01-02T03-04-05-678Z`;
    expect(await readFile(backup, 'utf8')).toBe(JSON.stringify({ count: 'many' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(path);
    expect(errors[0]).toContain(backup);
    expect(errors[0]).toContain('count: ');
  });

  it('moves a file that is not JSON aside', async () => {
    await writeFile(path, '{"count": 1');
    const state = await open();
    expect(state.get().count).toBe(0);
    expect(await readdir(dir)).toEqual(['counter.json.invalid-2025-01-02T03-04-05-678Z']);
    expect(errors[0]).toMatch(/not valid JSON/);
  });

  it('throws when the initial value does not match the schema', async () => {
    await expect(openStateFile({ path, schema: Counter, initial: { count: -1, names: [] }, log })).rejects.toThrow(
      /initial value for .*counter\.json does not match its schema/,
    );
  });
});
