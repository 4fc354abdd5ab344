// Built-in `glob`: file paths matching a glob pattern (tinyglobby), skipping node_modules and .git.
import { stat } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { defineBuiltin } from './define';
import { DEFAULT_IGNORE, displayPath, errnoCode, notFoundMessage, resolvePath } from './fsHelpers';

/** Paths shown at most; the output says when there were more. */
export const MAX_GLOB_RESULTS = 500;

const parameters = z.object({
  pattern: z
    .string()
    .min(1)
    .describe('Glob pattern, e.g. "**/*.ts" or "src/*.{js,jsx}". Matched against paths relative to `path`.'),
  path: z.string().min(1).optional().describe('Directory to search in (default: the working directory).'),
});

/**
 * `glob` {pattern, path?}: matching files, sorted, one per line, relative to the working directory when inside it.
 * Dotfiles are included; node_modules and .git are skipped. Glob syntax: https://github.com/SuperchupuDev/tinyglobby
 */
export const globTool: ToolDefinition = defineBuiltin({
  name: 'glob',
  description:
    'Find files by glob pattern (e.g. "**/*.md"). Skips node_modules and .git. Returns matching file paths, sorted.',
  parameters,
  risk: 'read',
  async execute(args, ctx) {
    const base = resolvePath(args.path ?? '.', ctx.cwd);
    try {
      if (!(await stat(base)).isDirectory())
        throw new Error(`${base} is a file, not a directory. Pass a directory as path.`);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new Error(notFoundMessage('Directory', base, ctx.cwd), { cause: error });
      throw error;
    }
    const found = await glob(args.pattern, {
      cwd: base,
      absolute: true,
      dot: true,
      ignore: DEFAULT_IGNORE,
      expandDirectories: false,
      signal: ctx.signal,
    });
    if (found.length === 0) return `No files under ${base} match "${args.pattern}".`;
    const paths = found.map((p) => displayPath(p, ctx.cwd)).sort();
    const shown = paths.slice(0, MAX_GLOB_RESULTS);
    const footer =
      paths.length > shown.length
        ? `\n[showing the first ${shown.length} of ${paths.length} matches; use a narrower pattern or path to see the rest]`
        : '';
    return `${shown.join('\n')}${footer}`;
  },
});
