// Built-in `grep`: JavaScript-regex search over text files, `file:line:text` output. The walk and the matching run in
// a worker thread (../workers), so a huge tree or a catastrophically backtracking pattern cannot freeze the runtime.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { searchInWorker } from '../workers/fsSearch';
import {
  GREP_MAX_FILE_BYTES,
  GREP_MAX_SCAN_BYTES,
  WALK_MAX_ENTRIES,
  type SearchLimits,
} from '../workers/fsSearchProtocol';
import { defineBuiltin } from './define';
import { errnoCode, formatBytes, notFoundMessage, readPath } from './fsHelpers';

export { GREP_MAX_FILE_BYTES, GREP_MAX_LINE_CHARS } from '../workers/fsSearchProtocol';
/** Default `maxResults`. */
export const GREP_DEFAULT_RESULTS = 200;
/** Largest allowed `maxResults`. */
export const GREP_MAX_RESULTS = 2000;

const parameters = z.object({
  pattern: z.string().min(1).describe('JavaScript regular expression, e.g. "TODO|FIXME" or "^import .* from".'),
  path: z.string().min(1).optional().describe('File or directory to search (default: the working directory).'),
  glob: z
    .string()
    .min(1)
    .optional()
    .describe('Only search files matching this glob, relative to path (e.g. "**/*.ts").'),
  ignoreCase: z.boolean().optional().describe('Case-insensitive match (default false).'),
  maxResults: z
    .number()
    .int()
    .min(1)
    .max(GREP_MAX_RESULTS)
    .default(GREP_DEFAULT_RESULTS)
    .describe(`Stop after this many matching lines (default ${GREP_DEFAULT_RESULTS}).`),
});

/** The caps grep runs with unless a test passes others. */
const defaultLimits: SearchLimits = { walkMaxEntries: WALK_MAX_ENTRIES, scanMaxBytes: GREP_MAX_SCAN_BYTES };

/**
 * A group holding one repeated atom that is itself repeated, e.g. `(a+)+`, `(\w*)*`, `([a-z]+){2,}`: the classic
 * catastrophic-backtracking shape (exponential time on text that almost matches). Cheap, deliberately narrow check;
 * the worker's termination on timeout is the guarantee for everything it misses.
 */
const nestedRepeat = /\((?:\?:)?(?:\\.|\[(?:\\.|[^\]\\])*\]|[^()|\\[])(?:[+*]|\{\d+,\d*\})\??\)(?:[+*]|\{\d+,\d*\})/;

/** The part of `pattern` that nests a repeated atom in a repeated group (e.g. `(a+)+`), or undefined. */
export function nestedQuantifier(pattern: string): string | undefined {
  return nestedRepeat.exec(pattern)?.[0];
}

/**
 * Creates `grep` {pattern, path?, glob?, ignoreCase?, maxResults?}: one `file:line:text` per matching line, files in
 * sorted order. Skips node_modules, .git, binary files and files over 2 MB (the output counts them). Reads at most
 * `limits.walkMaxEntries` directory entries and `limits.scanMaxBytes` file bytes, saying so when it stops early.
 * Patterns that nest a repeated atom in a repeated group are refused. Runs in a worker thread that is terminated
 * when the call's signal aborts (timeout or interrupt).
 * Regex syntax: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide/Regular_expressions
 */
export function createGrepTool(limits: SearchLimits = defaultLimits): ToolDefinition {
  return defineBuiltin({
    name: 'grep',
    description:
      'Search file contents with a JavaScript regular expression. Returns "file:line:text" for each matching line. Skips node_modules, .git, binary and very large files.',
    parameters,
    risk: 'read',
    async execute(args, ctx) {
      const base = readPath(args.path ?? '.', ctx);
      const flags = args.ignoreCase ? 'i' : '';
      try {
        new RegExp(args.pattern, flags);
      } catch (error) {
        throw new Error(
          `Invalid regular expression ${JSON.stringify(args.pattern)}: ${(error as Error).message}. Use JavaScript regex syntax.`,
          { cause: error },
        );
      }
      const nested = nestedQuantifier(args.pattern);
      if (nested) {
        throw new Error(
          `The pattern ${JSON.stringify(args.pattern)} repeats a repeated group ("${nested}"), which can take exponential time on lines that almost match. Drop the outer repetition (for example "a+" instead of "(a+)+") and search again.`,
        );
      }
      let baseIsFile: boolean;
      try {
        baseIsFile = !(await stat(base)).isDirectory();
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') throw new Error(notFoundMessage('Path', base, ctx.cwd), { cause: error });
        throw error;
      }
      const { lines, summary } = await searchInWorker(
        {
          kind: 'grep',
          base,
          baseIsFile,
          protectedPaths: ctx.files?.protectedPaths(),
          cwd: ctx.cwd,
          pattern: args.pattern,
          flags,
          glob: args.glob,
          maxResults: args.maxResults,
          limits,
        },
        ctx.signal,
      );
      const notes: string[] = [];
      if (summary.matchCapped)
        notes.push(
          `[results capped at ${args.maxResults} lines; narrow the pattern, path or glob, or raise maxResults]`,
        );
      if (summary.skipped > 0)
        notes.push(
          `[skipped ${summary.skipped} binary, unreadable or over-${GREP_MAX_FILE_BYTES / 1024 ** 2}-MB ${summary.skipped === 1 ? 'file' : 'files'}]`,
        );
      if (summary.scanCapped)
        notes.push(
          `[stopped after reading ${formatBytes(limits.scanMaxBytes)} from ${summary.filesSearched} files; the remaining files were not searched. Narrow the path or glob.]`,
        );
      if (summary.walkCapped)
        notes.push(
          `[stopped listing after ${limits.walkMaxEntries} directory entries; files past them were not searched. Narrow the path or glob.]`,
        );
      const body = lines.length > 0 ? lines.join('\n') : `No matches for /${args.pattern}/ under ${base}.`;
      return [body, ...notes].join('\n');
    },
  });
}

/** The `grep` tool with the default limits. */
export const grepTool: ToolDefinition = createGrepTool();
