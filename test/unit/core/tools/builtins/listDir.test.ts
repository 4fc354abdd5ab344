// Tests for list_dir on a real temp directory.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDirTool } from '../../../../../main/core/tools/builtins/listDir';
import { context, run, tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('list_dir', () => {
  it('lists sorted entries with / for directories, sizes and links', async () => {
    await writeFile(join(dir, 'b.txt'), 'hello');
    await mkdir(join(dir, 'a-dir'));
    await writeFile(join(dir, 'c.bin'), Buffer.alloc(2048));
    await symlink('b.txt', join(dir, 'link'));
    const out = await run(listDirTool, {}, context(dir));
    expect(out).toBe(`${dir} (4 entries):\na-dir/\nb.txt  (5 B)\nc.bin  (2.0 KB)\nlink -> b.txt`);
  });

  it('handles empty directories, files and missing paths', async () => {
    await mkdir(join(dir, 'empty'));
    expect(await run(listDirTool, { path: 'empty' }, context(dir))).toBe(`${join(dir, 'empty')} is empty.`);
    await writeFile(join(dir, 'f'), 'x');
    await expect(run(listDirTool, { path: 'f' }, context(dir))).rejects.toThrow(/is a file.*read_file/);
    await expect(run(listDirTool, { path: 'nope' }, context(dir))).rejects.toThrow(/Directory not found/);
  });
});
