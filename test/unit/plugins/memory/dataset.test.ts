// The memories dataset on disk: created with an explicit schema, and a damaged one reported with its path, untouched.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryDatasetError, tablePath } from '../../../../plugins/memory/dataset';
import { MemoryStore } from '../../../../plugins/memory/store';
import { MemoryConfig } from '../../../../plugins/memory/types';
import { openMemoryService, recordingLogger, snapshotFiles, tempDir } from './helpers';

async function seed(dir: string): Promise<void> {
  const service = await openMemoryService({
    dataDir: dir,
    config: () => MemoryConfig.parse({}),
    embed: null,
    log: recordingLogger(),
  });
  await service.add({ text: 'The user prefers tea', source: null });
  await service.add({ text: 'The user lives in Graz', source: null });
  await service.close();
}

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('memories dataset', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('creates the table with an explicit schema and a full-text index', async () => {
    const store = await MemoryStore.open(dir);
    await store.close();
    const { connect } = await import('@lancedb/lancedb');
    const db = await connect(dir);
    const table = await db.openTable('memories');
    const schema = await table.schema();
    expect(schema.fields.map((field) => `${field.name}:${field.type}:${field.nullable}`)).toEqual([
      'id:Utf8:false',
      'text:Utf8:false',
      'textKey:Utf8:false',
      'kind:Utf8:false',
      'tags:List<Utf8>:false',
      'source:Struct<{sessionId:Utf8, turnId:Utf8, callId:Utf8, at:Timestamp<MILLISECOND>}>:true',
      'createdAt:Timestamp<MILLISECOND>:false',
      'updatedAt:Timestamp<MILLISECOND>:false',
      'expiresAt:Timestamp<MILLISECOND>:true',
    ]);
    expect((await table.listIndices()).map((index) => [index.indexType, index.columns])).toEqual([['FTS', ['text']]]);
    table.close();
    db.close();
  });

  it('reports damaged data files with the dataset path and leaves every file untouched', async () => {
    await seed(dir);
    const dataFiles = await filesUnder(join(tablePath(dir), 'data'), '.lance');
    expect(dataFiles.length).toBeGreaterThan(0);
    for (const file of dataFiles) await writeFile(file, Buffer.alloc(64, 0x5a));
    const before = await snapshotFiles(dir);

    const error = await MemoryStore.open(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MemoryDatasetError);
    expect((error as MemoryDatasetError).path).toBe(tablePath(dir));
    expect((error as Error).message).toContain(`The memory dataset at ${tablePath(dir)} is damaged or unreadable`);
    expect((error as Error).message).toContain('It was left untouched');
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('reports a damaged manifest and never recreates the table over it', async () => {
    await seed(dir);
    for (const file of await filesUnder(tablePath(dir), '.manifest')) await writeFile(file, 'not a manifest');
    const before = await snapshotFiles(dir);
    await expect(
      openMemoryService({ dataDir: dir, config: () => MemoryConfig.parse({}), embed: null, log: recordingLogger() }),
    ).rejects.toThrow(MemoryDatasetError);
    expect(await snapshotFiles(dir)).toEqual(before);
  });
});
