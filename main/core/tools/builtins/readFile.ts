// Built-in `read_file`: a text file as numbered lines (`cat -n` style), paged by offset/limit.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { defineBuiltin } from './define';
import { errnoCode, formatBytes, looksBinary, notFoundMessage, resolvePath, SNIFF_BYTES } from './fsHelpers';

/** Lines returned when `limit` is not given. */
export const DEFAULT_READ_LIMIT = 2000;
/** Characters kept of one line; longer lines are cut with a marker. */
export const MAX_LINE_CHARS = 2000;
/** Characters of numbered output collected before stopping early (keeps one read under the usual output limit). */
export const MAX_READ_CHARS = 60_000;

const parameters = z.object({
  path: z
    .string()
    .min(1)
    .describe('File to read. Relative paths resolve against the working directory; ~ is the home directory.'),
  offset: z.number().int().min(1).optional().describe('1-based line number to start from (default 1).'),
  limit: z
    .number()
    .int()
    .min(1)
    .default(DEFAULT_READ_LIMIT)
    .describe(`Maximum number of lines to return (default ${DEFAULT_READ_LIMIT}).`),
});

/** `read_file` {path, offset?, limit?}: numbered lines (`     1\ttext`); errors for directories, binary and missing files. */
export const readFileTool: ToolDefinition = defineBuiltin({
  name: 'read_file',
  description:
    'Read a text file. Returns numbered lines ("     1\\tline"). Use offset and limit to page through long files; the output says when more lines remain.',
  parameters,
  risk: 'read',
  async execute(args, ctx) {
    const path = resolvePath(args.path, ctx.cwd);
    let size: number;
    try {
      const info = await stat(path);
      if (info.isDirectory())
        throw new Error(`${path} is a directory, not a file. Use list_dir to see what it contains.`);
      size = info.size;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new Error(notFoundMessage('File', path, ctx.cwd), { cause: error });
      throw error;
    }
    if (size === 0) return `(${path} is empty)`;
    const handle = await open(path, 'r');
    try {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
      if (looksBinary(buffer.subarray(0, bytesRead))) {
        throw new Error(`${path} looks like a binary file (${formatBytes(size)}); read_file only shows text files.`);
      }
    } finally {
      await handle.close();
    }

    const first = args.offset ?? 1;
    const last = first + args.limit - 1;
    const lines: string[] = [];
    let chars = 0;
    let lineNo = 0;
    let more = false;
    const stream = createReadStream(path, { encoding: 'utf8', signal: ctx.signal });
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    try {
      for await (const line of reader) {
        lineNo++;
        if (lineNo < first) continue;
        if (lineNo > last || chars > MAX_READ_CHARS) {
          more = true;
          break;
        }
        const text =
          line.length > MAX_LINE_CHARS
            ? `${line.slice(0, MAX_LINE_CHARS)}… [line cut at ${MAX_LINE_CHARS} characters]`
            : line;
        const numbered = `${String(lineNo).padStart(6)}\t${text}`;
        lines.push(numbered);
        chars += numbered.length + 1;
      }
    } finally {
      reader.close();
      stream.destroy();
    }
    if (lines.length === 0) {
      throw new Error(`${path} has only ${lineNo} lines; offset ${first} is past the end. Use a smaller offset.`);
    }
    const shownLast = first + lines.length - 1;
    const footer = more
      ? `\n[showing lines ${first}-${shownLast}; the file has more. Call read_file with offset=${shownLast + 1} to continue.]`
      : '';
    return `${lines.join('\n')}${footer}`;
  },
});
