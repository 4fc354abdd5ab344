// Tests for the settings migration steps, applied by JsonDocument as the store applies them: v0 -> current version.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SETTINGS_MIGRATIONS } from '../../../../main/core/settings/migrations';
import { SETTINGS_VERSION, Settings } from '../../../../main/core/settings/schema';
import { readJsonDocument } from '../../../../main/core/util/jsonDocument';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskpilot-migrations-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function migrated(content: unknown) {
  const path = join(dir, 'settings.json');
  await writeFile(path, JSON.stringify(content));
  return readJsonDocument({
    path,
    schema: z.record(z.string(), z.unknown()),
    initial: () => ({}),
    version: SETTINGS_VERSION,
    migrations: SETTINGS_MIGRATIONS,
    log: silent,
  });
}

describe('settings migrations', () => {
  it('has a step from every older version', () => {
    for (let v = 0; v < SETTINGS_VERSION; v++) expect(SETTINGS_MIGRATIONS[v]).toBeTypeOf('function');
  });

  it('takes a file without version (v0) to the current version with the same keys', async () => {
    const read = await migrated({ model: 'gpt-5', theme: 'dark' });
    expect(read.value).toEqual({ model: 'gpt-5', theme: 'dark', version: SETTINGS_VERSION });
    expect(Settings.parse(read.value)).toMatchObject({ model: 'gpt-5', theme: 'dark' });
  });

  it('leaves current-version content as it is', async () => {
    const current = { version: SETTINGS_VERSION, model: 'x' };
    expect((await migrated(current)).value).toEqual(current);
  });
});
