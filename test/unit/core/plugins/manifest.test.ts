// Tests for main/core/plugins/manifest.ts: reading plugin.json, defaults, and errors that name the file and each problem.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest, validateManifest } from '../../../../main/core/plugins/manifest';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskpilot-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (value: unknown) =>
  writeFile(join(dir, 'plugin.json'), typeof value === 'string' ? value : JSON.stringify(value));

describe('readManifest', () => {
  it('reads a valid manifest and applies defaults', async () => {
    await write({ id: 'web-search', version: '0.1.0', displayName: 'Web search', description: 'Searches.' });
    expect(await readManifest(dir)).toEqual({
      id: 'web-search',
      version: '0.1.0',
      displayName: 'Web search',
      description: 'Searches.',
      permissions: [],
      activation: 'startup',
    });
  });

  it('names the file when it is missing', async () => {
    await expect(readManifest(dir)).rejects.toThrow(`${join(dir, 'plugin.json')} does not exist`);
  });

  it('names the file when it is not JSON', async () => {
    await write('{"id": "x",');
    await expect(readManifest(dir)).rejects.toThrow(new RegExp(`${join(dir, 'plugin.json')} is not valid JSON`));
  });

  it('lists every problem with its field path', async () => {
    await write({
      id: 'Bad_Id',
      version: 'one',
      displayName: '',
      description: 'x',
      permissions: ['model', 'root'],
      activation: 'eager',
    });
    const error: Error = await readManifest(dir).then(
      () => new Error('resolved'),
      (e: Error) => e,
    );
    expect(error.message).toContain(join(dir, 'plugin.json'));
    for (const field of ['at id', 'at version', 'at displayName', 'at permissions[1]', 'at activation'])
      expect(error.message).toContain(field);
    expect(error.message).toContain('id must be 2-32 lowercase letters');
  });

  it('rejects ids reserved for runtime files', async () => {
    await write({ id: 'settings', version: '1.0.0', displayName: 'S', description: '' });
    await expect(readManifest(dir)).rejects.toThrow(/"settings" is reserved/);
  });
});

describe('validateManifest', () => {
  it('names the source in the error', () => {
    expect(() => validateManifest({ id: 'ok' }, 'built-in plugin ok')).toThrow(
      /Invalid plugin manifest built-in plugin ok:[\s\S]*at version/,
    );
  });
});
