// Built-in `grep`: JavaScript-regex search over text files (walked with tinyglobby), `file:line:text` output.
import { readFile, stat } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { defineBuiltin } from './define';
import {
  DEFAULT_IGNORE,
  displayPath,
  errnoCode,
  looksBinary,
  notFoundMessage,
  resolvePath,
  SNIFF_BYTES,
} from './fsHelpers';

/** Files larger than this (bytes) are skipped. */
export const GREP_MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Default `maxResults`. */
export const GREP_DEFAULT_RESULTS = 200;
/** Largest allowed `maxResults`. */
export const GREP_MAX_RESULTS = 2000;
/** Characters kept of a matching line. */
export const GREP_MAX_LINE_CHARS = 500;

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

/**
 * `grep` {pattern, path?, glob?, ignoreCase?, maxResults?}: one `file:line:text` per matching line, files in sorted
 * order. Skips node_modules, .git, binary files and files over 2 MB (the output counts them).
 * Regex syntax: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide/Regular_expressions
 */
export const grepTool: ToolDefinition = defineBuiltin({
  name: 'grep',
  description:
    'Search file contents with a JavaScript regular expression. Returns "file:line:text" for each matching line. Skips node_modules, .git, binary and very large files.',
  parameters,
  risk: 'read',
  async execute(args, ctx) {
    let regex: RegExp;
    try {
      regex = new RegExp(args.pattern, args.ignoreCase ? 'i' : '');
    } catch (error) {
      throw new Error(
        `Invalid regular expression ${JSON.stringify(args.pattern)}: ${(error as Error).message}. Use JavaScript regex syntax.`,
        { cause: error },
      );
    }
    const base = resolvePath(args.path ?? '.', ctx.cwd);
    let files: string[];
    try {
      const info = await stat(base);
      files = info.isDirectory()
        ? (
            await glob(args.glob ?? '**/*', {
              cwd: base,
              absolute: true,
              dot: true,
              ignore: DEFAULT_IGNORE,
              expandDirectories: false,
              signal: ctx.signal,
            })
          ).sort()
        : [base];
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new Error(notFoundMessage('Path', base, ctx.cwd), { cause: error });
      throw error;
    }

    const results: string[] = [];
    let skipped = 0;
    let capped = false;
    for (const file of files) {
      ctx.signal.throwIfAborted();
      const content = await readText(file);
      if (content === undefined) {
        skipped++;
        continue;
      }
      const shown = displayPath(file, ctx.cwd);
      const lines = content.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        if (!regex.test(lines[i])) continue;
        if (results.length === args.maxResults) {
          capped = true;
          break;
        }
        const line = lines[i].length > GREP_MAX_LINE_CHARS ? `${lines[i].slice(0, GREP_MAX_LINE_CHARS)}…` : lines[i];
        results.push(`${shown}:${i + 1}:${line}`);
      }
      if (capped) break;
    }
    const notes: string[] = [];
    if (capped)
      notes.push(`[results capped at ${args.maxResults} lines; narrow the pattern, path or glob, or raise maxResults]`);
    if (skipped > 0)
      notes.push(`[skipped ${skipped} binary, unreadable or over-2-MB ${skipped === 1 ? 'file' : 'files'}]`);
    const body = results.length > 0 ? results.join('\n') : `No matches for /${args.pattern}/ under ${base}.`;
    return [body, ...notes].join('\n');
  },
});

/** A file's text, or undefined when it is over the size cap, binary or unreadable. */
async function readText(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > GREP_MAX_FILE_BYTES) return undefined;
    const bytes = await readFile(file);
    if (looksBinary(bytes.subarray(0, SNIFF_BYTES))) return undefined;
    return bytes.toString('utf8');
  } catch {
    // Vanished or unreadable files are counted as skipped.
    return undefined;
  }
}
