// Tests for edit_file on real temp files.
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countOccurrences, editFileTool } from '../../../../../main/core/tools/builtins/editFile';
import { context, run, tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let path: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, 'f.txt');
  await writeFile(path, 'alpha beta\nbeta gamma\n$& end\n');
});
afterEach(() => cleanup());

describe('edit_file', () => {
  it('replaces a unique string literally (no $ patterns)', async () => {
    await chmod(path, 0o600);
    expect(
      await run(editFileTool, { path: 'f.txt', old_string: '$& end', new_string: '$1 $$ fin' }, context(dir)),
    ).toBe(`Replaced 1 occurrence in ${path}.`);
    expect(await readFile(path, 'utf8')).toBe('alpha beta\nbeta gamma\n$1 $$ fin\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('fails clearly when old_string is missing', async () => {
    await expect(
      run(editFileTool, { path: 'f.txt', old_string: 'delta', new_string: 'x' }, context(dir)),
    ).rejects.toThrow(/old_string was not found in .*f\.txt/);
    expect(await readFile(path, 'utf8')).toBe('alpha beta\nbeta gamma\n$& end\n');
  });

  it('fails on an ambiguous match, saying how many times, unless replace_all', async () => {
    await expect(
      run(editFileTool, { path: 'f.txt', old_string: 'beta', new_string: 'B' }, context(dir)),
    ).rejects.toThrow(/occurs 2 times.*replace_all/);
    expect(
      await run(editFileTool, { path: 'f.txt', old_string: 'beta', new_string: 'B', replace_all: true }, context(dir)),
    ).toBe(`Replaced 2 occurrences in ${path}.`);
    expect(await readFile(path, 'utf8')).toBe('alpha B\nB gamma\n$& end\n');
  });

  it('fails for missing files, identical strings and empty old_string', async () => {
    await expect(
      run(editFileTool, { path: 'nope.txt', old_string: 'a', new_string: 'b' }, context(dir)),
    ).rejects.toThrow(/File not found.*write_file/);
    await expect(
      run(editFileTool, { path: 'f.txt', old_string: 'alpha', new_string: 'alpha' }, context(dir)),
    ).rejects.toThrow(/identical/);
    await expect(run(editFileTool, { path: 'f.txt', old_string: '', new_string: 'x' }, context(dir))).rejects.toThrow();
  });

  it('counts non-overlapping occurrences', () => {
    expect(countOccurrences('aaaa', 'aa')).toBe(2);
    expect(countOccurrences('abc', 'd')).toBe(0);
  });
});
