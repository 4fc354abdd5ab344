// Built-in `glob`: file paths matching a glob pattern (tinyglobby), skipping node_modules and .git. The walk runs in a
// worker thread (../workers) with a cap on directory entries, so globbing `/` cannot freeze the runtime.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { searchInWorker } from '../workers/fsSearch';
import { GREP_MAX_SCAN_BYTES, WALK_MAX_ENTRIES, type SearchLimits } from '../workers/fsSearchProtocol';
import { defineBuiltin } from './define';
import { errnoCode, notFoundMessage, readPath } from './fsHelpers';

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
 * Creates `glob` {pattern, path?}: matching files, sorted, one per line, relative to the working directory when
 * inside it. Dotfiles are included; node_modules and .git are skipped. Reads at most `limits.walkMaxEntries`
 * directory entries and says so when it stops early. Runs in a worker thread terminated when the call's signal
 * aborts. Glob syntax: https://github.com/SuperchupuDev/tinyglobby
 */
export function createGlobTool(
  limits: SearchLimits = { walkMaxEntries: WALK_MAX_ENTRIES, scanMaxBytes: GREP_MAX_SCAN_BYTES },
): ToolDefinition {
  return defineBuiltin({
    name: 'glob',
    description:
      'Find files by glob pattern (e.g. "**/*.md"). Skips node_modules and .git. Returns matching file paths, sorted.',
    parameters,
    risk: 'read',
    async execute(args, ctx) {
      const base = readPath(args.path ?? '.', ctx);
      try {
        if (!(await stat(base)).isDirectory())
          throw new Error(`${base} is a file, not a directory. Pass a directory as path.`);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT')
          throw new Error(notFoundMessage('Directory', base, ctx.cwd), { cause: error });
        throw error;
      }
      const { lines, summary } = await searchInWorker(
        {
          kind: 'glob',
          base,
          cwd: ctx.cwd,
          protectedPaths: ctx.files?.protectedPaths(),
          pattern: args.pattern,
          maxShown: MAX_GLOB_RESULTS,
          limits,
        },
        ctx.signal,
      );
      const capNote = summary.walkCapped
        ? `[stopped listing after ${limits.walkMaxEntries} directory entries, so matches past them are missing and not counted; use a narrower pattern or path]`
        : '';
      if (lines.length === 0)
        return [`No files under ${base} match "${args.pattern}".`, capNote].filter(Boolean).join('\n');
      const more =
        summary.matches > lines.length
          ? `[showing the first ${lines.length} of ${summary.matches} matches; use a narrower pattern or path to see the rest]`
          : '';
      return [lines.join('\n'), more, capNote].filter(Boolean).join('\n');
    },
  });
}

/** The `glob` tool with the default limits. */
export const globTool: ToolDefinition = createGlobTool();
