// Tests for read_file on real temp files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, MAX_READ_BYTES, readFileTool } from '../../../../../main/core/tools/builtins/readFile';
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

  it('cuts very long lines at a character boundary and says where the rest starts', async () => {
    await writeFile(join(dir, 'long.txt'), `short\n${'é'.repeat(MAX_LINE_BYTES)}\nafter\n`);
    const out = text(await run(readFileTool, { path: 'long.txt' }, context(dir)));
    const lines = out.split('\n');
    expect(lines[0]).toBe('     1\tshort');
    // 'é' is 2 bytes: 1000 of them fill the 2000 bytes; the line starts at byte 6.
    expect(lines[1]).toBe(
      `     2\t${'é'.repeat(MAX_LINE_BYTES / 2)}… [line 2 cut after ${MAX_LINE_BYTES} bytes (the line is ${2 * MAX_LINE_BYTES} bytes long); read the rest with byteOffset=${6 + MAX_LINE_BYTES}]`,
    );
    expect(lines[2]).toBe('     3\tafter');
    const rest = text(
      await run(readFileTool, { path: 'long.txt', byteOffset: 6 + MAX_LINE_BYTES, byteLimit: 10 }, context(dir)),
    );
    expect(rest).toBe(
      `ééééé\n[bytes ${6 + MAX_LINE_BYTES}-${6 + MAX_LINE_BYTES + 9} of ${6 + (4 * MAX_LINE_BYTES) / 2 + 7}; call read_file with byteOffset=${6 + MAX_LINE_BYTES + 10} to continue.]`,
    );
  });

  it('reads by byte range: moves a start inside a character forward and says when the end is reached', async () => {
    await writeFile(join(dir, 'b.txt'), 'aé€z'); // a(1) é(2) €(3) z(1) = 7 bytes
    expect(text(await run(readFileTool, { path: 'b.txt', byteOffset: 2 }, context(dir)))).toBe(
      '€z\n[bytes 3-6 of 7; this is the end of the file.]',
    );
    expect(text(await run(readFileTool, { path: 'b.txt', byteOffset: 0, byteLimit: 5 }, context(dir)))).toBe(
      'aé\n[bytes 0-2 of 7; call read_file with byteOffset=3 to continue.]',
    );
    await expect(run(readFileTool, { path: 'b.txt', byteOffset: 7 }, context(dir))).rejects.toThrow(
      /byteOffset 7 is at or past the end .* \(7 bytes\)/,
    );
    await expect(run(readFileTool, { path: 'b.txt', byteOffset: 0, offset: 2 }, context(dir))).rejects.toThrow(
      /either offset .* or byteOffset/,
    );
  });

  it('stops at the byte budget of the output and says where to continue', async () => {
    const line = 'y'.repeat(1000);
    await writeFile(join(dir, 'wide.txt'), Array.from({ length: 200 }, () => line).join('\n'));
    const out = text(await run(readFileTool, { path: 'wide.txt' }, context(dir)));
    const shown = out.split('\n').length - 1;
    expect(shown).toBeLessThan(200);
    expect(Buffer.byteLength(out)).toBeLessThan(MAX_READ_BYTES + 2 * MAX_LINE_BYTES);
    expect(out).toMatch(
      new RegExp(
        `\\[showing lines 1-${shown}; the file has more. Call read_file with offset=${shown + 1} to continue.\\]$`,
      ),
    );
  });

  it('does not show the last line twice when the budget ends exactly at the end of the file', async () => {
    await writeFile(join(dir, 'two.txt'), 'a\nb\n');
    expect(await run(readFileTool, { path: 'two.txt', limit: 2 }, context(dir))).toBe('     1\ta\n     2\tb');
    await writeFile(join(dir, 'two-open.txt'), 'a\nb');
    expect(await run(readFileTool, { path: 'two-open.txt', limit: 1 }, context(dir))).toBe(
      '     1\ta\n[showing lines 1-1; the file has more. Call read_file with offset=2 to continue.]',
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
