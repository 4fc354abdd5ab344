// Tests for the grep tool on a real temp tree.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GREP_MAX_FILE_BYTES, grepTool } from '../../../../../main/core/tools/builtins/grep';
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
});
