// Tests for the grep tool on a real temp tree.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGrepTool,
  GREP_MAX_FILE_BYTES,
  grepTool,
  nestedQuantifier,
} from '../../../../../main/core/tools/builtins/grep';
import { context, run, tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await writeFile(join(dir, 'src/a.ts'), 'const x = 1;\n// TODO fix\nexport { x };\n');
  await writeFile(join(dir, 'src/b.md'), 'todo: lower case\nnothing\n');
  await writeFile(join(dir, 'node_modules/dep.ts'), 'TODO hidden\n');
  await writeFile(join(dir, 'bin.dat'), Buffer.from('TODO\0binary'));
});
afterEach(() => cleanup());

describe('grep', () => {
  it('prints file:line:text, skipping node_modules and binary files', async () => {
    expect(await run(grepTool, { pattern: 'TODO' }, context(dir))).toBe(
      'src/a.ts:2:// TODO fix\n[skipped 1 binary, unreadable or over-2-MB file]',
    );
  });

  it('supports ignoreCase, glob, a file path and regex syntax', async () => {
    expect(await run(grepTool, { pattern: 'todo', ignoreCase: true, glob: 'src/**' }, context(dir))).toBe(
      'src/a.ts:2:// TODO fix\nsrc/b.md:1:todo: lower case',
    );
    expect(await run(grepTool, { pattern: '^export', path: 'src/a.ts' }, context(dir))).toBe(
      'src/a.ts:3:export { x };',
    );
    expect(await run(grepTool, { pattern: 'x\\s*=\\s*\\d', glob: '**/*.ts' }, context(dir))).toBe(
      'src/a.ts:1:const x = 1;',
    );
  });

  it('caps results at maxResults and says so', async () => {
    await writeFile(join(dir, 'many.txt'), Array.from({ length: 50 }, () => 'hit').join('\n'));
    const out = await run(grepTool, { pattern: 'hit', maxResults: 3, path: 'many.txt' }, context(dir));
    expect(out).toBe(
      'many.txt:1:hit\nmany.txt:2:hit\nmany.txt:3:hit\n[results capped at 3 lines; narrow the pattern, path or glob, or raise maxResults]',
    );
  });

  it('skips files over the size cap', async () => {
    await writeFile(join(dir, 'big.txt'), `needle\n${'x'.repeat(GREP_MAX_FILE_BYTES)}`);
    expect(await run(grepTool, { pattern: 'needle', path: 'big.txt' }, context(dir))).toMatch(
      /^No matches .*\n\[skipped 1 /,
    );
  });

  it('rejects an invalid regex and a missing path clearly', async () => {
    await expect(run(grepTool, { pattern: '(' }, context(dir))).rejects.toThrow(
      /Invalid regular expression "\(":.*JavaScript regex syntax/,
    );
    await expect(run(grepTool, { pattern: 'x', path: 'nope' }, context(dir))).rejects.toThrow(/Path not found/);
  });

  it('stops at the directory-entry and byte caps and says what was left out', async () => {
    await mkdir(join(dir, 'many'));
    for (let i = 0; i < 40; i++)
      await writeFile(join(dir, 'many', `f${String(i).padStart(2, '0')}.txt`), 'hit\n'.repeat(100));
    const byBytes = createGrepTool({ walkMaxEntries: 10_000, scanMaxBytes: 4000 });
    const out = await run(byBytes, { pattern: 'hit', path: 'many', maxResults: 2000 }, context(dir));
    expect(out).toMatch(
      /\n\[stopped after reading 3\.9 KB from 10 files; the remaining files were not searched\. Narrow the path or glob\.\]$/,
    );
    expect(
      String(out)
        .split('\n')
        .filter((l) => l.endsWith(':hit')),
    ).toHaveLength(1000);
    const byEntries = createGrepTool({ walkMaxEntries: 5, scanMaxBytes: 1e9 });
    const few = await run(byEntries, { pattern: 'hit', path: 'many', maxResults: 2000 }, context(dir));
    expect(few).toMatch(
      /\[stopped listing after 5 directory entries; files past them were not searched\. Narrow the path or glob\.\]$/,
    );
    expect(
      new Set(
        String(few)
          .split('\n')
          .filter((l) => l.endsWith(':hit'))
          .map((l) => l.split(':')[0]),
      ).size,
    ).toBeLessThanOrEqual(5);
  });

  it('refuses a repeated group of one repeated atom, the catastrophic-backtracking shape', async () => {
    await expect(run(grepTool, { pattern: '^(a+)+$' }, context(dir))).rejects.toThrow(
      /repeats a repeated group \("\(a\+\)\+"\).*exponential time.*"a\+" instead of "\(a\+\)\+"/,
    );
    for (const bad of ['(a+)+', '(a*)*', '(?:\\w+)*', '([a-z]+)+x', '(.*)+', '(\\d+?){2,}'])
      expect(nestedQuantifier(bad), bad).toBeDefined();
    for (const fine of ['a+', '(ab)+', '(ab+)+', '(\\w+\\s)*', '(a|b)+', '\\(a+\\)+', '[(a+)]+', 'TODO|FIXME'])
      expect(nestedQuantifier(fine), fine).toBeUndefined();
  });
});
