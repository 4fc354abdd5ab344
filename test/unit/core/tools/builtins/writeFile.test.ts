// Tests for write_file on real temp files.
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileTool } from '../../../../../main/core/tools/builtins/writeFile';
import { context, run, tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('write_file', () => {
  it('creates parents, writes the content and reports bytes', async () => {
    const out = await run(writeFileTool, { path: 'a/b/c.txt', content: 'héllo' }, context(dir));
    expect(out).toBe(`Wrote 6 bytes to ${join(dir, 'a/b/c.txt')} (new file).`);
    expect(await readFile(join(dir, 'a/b/c.txt'), 'utf8')).toBe('héllo');
    expect(await readdir(join(dir, 'a/b'))).toEqual(['c.txt']); // no temp files left behind
  });

  it('replaces an existing file and keeps its mode', async () => {
    const path = join(dir, 'run.sh');
    await writeFile(path, 'old');
    await chmod(path, 0o750);
    expect(await run(writeFileTool, { path, content: 'new' }, context('/'))).toMatch(/replaced the previous content/);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o750);
  });

  it('refuses a directory path', async () => {
    await mkdir(join(dir, 'd'));
    await expect(run(writeFileTool, { path: 'd', content: 'x' }, context(dir))).rejects.toThrow(/is a directory/);
  });

  it('declares risk write and suggests a rule for this exact path', () => {
    expect(writeFileTool.risk).toBe('write');
    expect(writeFileTool.suggestRule?.({ path: 'notes/*.md', content: 'x' })).toEqual({ path: 'notes/\\*.md' });
  });
});
