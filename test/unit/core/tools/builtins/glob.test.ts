// Tests for the glob tool on a real temp tree.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGlobTool, globTool, MAX_GLOB_RESULTS } from '../../../../../main/core/tools/builtins/glob';
import { context, run, tempDir, text } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  for (const sub of ['src/deep', 'node_modules/pkg', '.git', '.github'])
    await mkdir(join(dir, sub), { recursive: true });
  for (const file of [
    'src/a.ts',
    'src/deep/b.ts',
    'src/c.js',
    'node_modules/pkg/i.ts',
    '.git/x.ts',
    '.github/ci.ts',
    'top.ts',
  ])
    await writeFile(join(dir, file), 'x');
});
afterEach(() => cleanup());

describe('glob', () => {
  it('matches recursively, skips node_modules and .git, includes dotfiles, sorted', async () => {
    expect(await run(globTool, { pattern: '**/*.ts' }, context(dir))).toBe(
      ['.github/ci.ts', 'src/a.ts', 'src/deep/b.ts', 'top.ts'].join('\n'),
    );
  });

  it('searches under path and shows paths relative to cwd', async () => {
    expect(await run(globTool, { pattern: '*.ts', path: 'src' }, context(dir))).toBe('src/a.ts');
    // Outside cwd: absolute paths.
    expect(await run(globTool, { pattern: '*.js', path: join(dir, 'src') }, context(join(dir, 'src', 'deep')))).toBe(
      join(dir, 'src', 'c.js'),
    );
  });

  it('says when nothing matches or the path is missing', async () => {
    expect(await run(globTool, { pattern: '**/*.py' }, context(dir))).toMatch(
      /^No files under .* match "\*\*\/\*\.py"\.$/,
    );
    await expect(run(globTool, { pattern: '*', path: 'missing' }, context(dir))).rejects.toThrow(/Directory not found/);
  });

  it('caps results and says so', async () => {
    await mkdir(join(dir, 'many'));
    await Promise.all(
      Array.from({ length: MAX_GLOB_RESULTS + 5 }, (_, i) => writeFile(join(dir, 'many', `f${i}.txt`), '')),
    );
    const out = text(await run(globTool, { pattern: 'many/*.txt' }, context(dir)));
    expect(out.split('\n')).toHaveLength(MAX_GLOB_RESULTS + 1);
    expect(out).toContain(`[showing the first ${MAX_GLOB_RESULTS} of ${MAX_GLOB_RESULTS + 5} matches`);
  });

  it('stops at the directory-entry cap and says the list is incomplete', async () => {
    const small = createGlobTool({ walkMaxEntries: 4, scanMaxBytes: 0 });
    const out = text(await run(small, { pattern: '**/*' }, context(dir)));
    expect(out).toMatch(
      /\n\[stopped listing after 4 directory entries, so matches past them are missing and not counted; use a narrower pattern or path\]$/,
    );
    expect(out.split('\n').length).toBeLessThanOrEqual(5);
  });
});
