// Tests for read_file on real temp files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, readFileTool } from '../../../../../main/core/tools/builtins/readFile';
import { context, run, tempDir, text } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('read_file', () => {
  it('returns numbered lines, resolving relative paths against cwd', async () => {
    await writeFile(join(dir, 'a.txt'), 'first\nsecond\r\nthird\n');
    expect(await run(readFileTool, { path: 'a.txt' }, context(dir))).toBe(
      '     1\tfirst\n     2\tsecond\n     3\tthird',
    );
  });

  it('pages with offset and limit and says how to read more', async () => {
    await writeFile(join(dir, 'n.txt'), Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n'));
    const out = text(await run(readFileTool, { path: join(dir, 'n.txt'), offset: 3, limit: 2 }, context('/')));
    expect(out).toBe(
      '     3\tline 3\n     4\tline 4\n[showing lines 3-4; the file has more. Call read_file with offset=5 to continue.]',
    );
    const tail = text(await run(readFileTool, { path: 'n.txt', offset: 9 }, context(dir)));
    expect(tail).toBe('     9\tline 9\n    10\tline 10');
  });

  it('cuts very long lines', async () => {
    await writeFile(join(dir, 'long.txt'), 'x'.repeat(MAX_LINE_CHARS + 10));
    expect(text(await run(readFileTool, { path: 'long.txt' }, context(dir)))).toContain(
      `[line cut at ${MAX_LINE_CHARS} characters]`,
    );
  });

  it('fails clearly for missing files, directories, binary files and offsets past the end', async () => {
    await expect(run(readFileTool, { path: 'missing.txt' }, context(dir))).rejects.toThrow(
      /File not found: .*missing\.txt.*Relative paths resolve against/,
    );
    await mkdir(join(dir, 'sub'));
    await expect(run(readFileTool, { path: 'sub' }, context(dir))).rejects.toThrow(/is a directory.*list_dir/);
    await writeFile(join(dir, 'bin'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    await expect(run(readFileTool, { path: 'bin' }, context(dir))).rejects.toThrow(/binary/);
    await writeFile(join(dir, 'short.txt'), 'a\nb');
    await expect(run(readFileTool, { path: 'short.txt', offset: 5 }, context(dir))).rejects.toThrow(
      /only 2 lines; offset 5/,
    );
  });

  it('says when a file is empty', async () => {
    await writeFile(join(dir, 'empty.txt'), '');
    expect(await run(readFileTool, { path: 'empty.txt' }, context(dir))).toMatch(/is empty/);
  });
});
