// Built-in `edit_file`: exact string replacement in a text file, refusing missing or ambiguous matches.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { atomicWrite } from '../../util/atomicWrite';
import { escapeGlob } from '../../approvals/glob';
import { defineBuiltin } from './define';
import { errnoCode, looksBinary, notFoundMessage, writePath, SNIFF_BYTES } from './fsHelpers';

const parameters = z.object({
  path: z.string().min(1).describe('File to edit. Relative paths resolve against the working directory.'),
  old_string: z
    .string()
    .min(1)
    .describe(
      'Exact text to replace, including whitespace and indentation. Must occur exactly once unless replace_all is true.',
    ),
  new_string: z.string().describe('Replacement text.'),
  replace_all: z.boolean().optional().describe('Replace every occurrence instead of exactly one (default false).'),
});

/** Non-overlapping occurrences of `needle` in `haystack` (needle must be non-empty). */
export function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * `edit_file` {path, old_string, new_string, replace_all?}: replaces `old_string` literally (no regex, no `$`
 * patterns) and writes atomically, keeping the file's permission bits. Fails when `old_string` is absent, or occurs
 * more than once without `replace_all` (the error says how many times).
 */
export const editFileTool: ToolDefinition = defineBuiltin({
  name: 'edit_file',
  description:
    'Edit a text file by replacing an exact string. old_string must match the file exactly (read the file first) and be unique unless replace_all is true.',
  parameters,
  risk: 'write',
  suggestRule: (args) => ({ path: escapeGlob(args.path) }),
  ruleArgs: { path: 'path' },
  async execute(args, ctx) {
    const path = writePath(args.path, ctx);
    let mode: number;
    let bytes: Buffer;
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new Error(`${path} is a directory; edit_file needs a file path.`);
      mode = info.mode & 0o777;
      bytes = await readFile(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT')
        throw new Error(`${notFoundMessage('File', path, ctx.cwd)} To create a file, use write_file.`, {
          cause: error,
        });
      throw error;
    }
    if (looksBinary(bytes.subarray(0, SNIFF_BYTES)))
      throw new Error(`${path} looks like a binary file; edit_file only edits text.`);
    if (args.old_string === args.new_string)
      throw new Error('old_string and new_string are identical; there is nothing to change.');
    const text = bytes.toString('utf8');
    const count = countOccurrences(text, args.old_string);
    if (count === 0) {
      throw new Error(
        `old_string was not found in ${path}. Read the file again and copy the exact text, including whitespace and line breaks.`,
      );
    }
    if (count > 1 && !args.replace_all) {
      throw new Error(
        `old_string occurs ${count} times in ${path}. Include more surrounding lines to make it unique, or set replace_all to true to replace all ${count}.`,
      );
    }
    const at = text.indexOf(args.old_string);
    const updated = args.replace_all
      ? text.split(args.old_string).join(args.new_string)
      : text.slice(0, at) + args.new_string + text.slice(at + args.old_string.length);
    await atomicWrite(path, updated, { mode });
    return `Replaced ${count} ${count === 1 ? 'occurrence' : 'occurrences'} in ${path}.`;
  },
});
