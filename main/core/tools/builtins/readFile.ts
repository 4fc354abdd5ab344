// Built-in `read_file`: a text file as numbered lines (`cat -n` style) paged by offset/limit, or raw text by byte
// range; read in fixed-size chunks with byte budgets, so a huge line never becomes one string.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { BINARY_DOCUMENT_EXTENSIONS } from '../../documents/formats';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { utf8SafeLength } from '../output';
import { defineBuiltin } from './define';
import { errnoCode, formatBytes, looksBinary, notFoundMessage, readPath, SNIFF_BYTES } from './fsHelpers';

/** Lines returned when `limit` is not given. */
export const DEFAULT_READ_LIMIT = 2000;
/** Bytes (UTF-8) shown of one line; a longer line is cut with a note giving the `byteOffset` to read on. */
export const MAX_LINE_BYTES = 2000;
/** Bytes of output (numbered lines, or raw text by byte range) collected before stopping early. */
export const MAX_READ_BYTES = 60_000;
/** Most bytes read to reach the line `offset` asks for; past it the call fails and suggests `byteOffset`. */
export const READ_SEEK_MAX_BYTES = 1024 ** 3;
/** Most bytes skipped of the unshown rest of one cut line; past it reading stops with a note (lines after are not read). */
export const LONG_LINE_SKIP_MAX_BYTES = 16 * 1024 ** 2;
/** Bytes read from the file per `read` call (the only buffer the reader holds). */
const CHUNK_BYTES = 256 * 1024;

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
  byteOffset: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'Read raw text starting at this byte of the file (0-based) instead of by lines: for the rest of a line that was cut, or a position far into a huge file. Not combined with offset; limit does not apply.',
    ),
  byteLimit: z
    .number()
    .int()
    .min(1)
    .max(MAX_READ_BYTES)
    .optional()
    .describe(`With byteOffset: how many bytes to return (default and maximum ${MAX_READ_BYTES}).`),
});

/**
 * `read_file` {path, offset?, limit?, byteOffset?, byteLimit?}. By lines (default): numbered lines
 * (`     1\ttext`), at most `limit` lines and {@link MAX_READ_BYTES} bytes, each line cut at {@link MAX_LINE_BYTES}
 * bytes with a note naming the `byteOffset` of the rest. By bytes (`byteOffset`): the raw text of that byte range
 * (UTF-8 boundaries respected) with a footer naming the next `byteOffset`. Memory stays bounded by one chunk
 * whatever the line lengths. Errors for directories, binary and missing files, and offsets past the end.
 */
export const readFileTool: ToolDefinition = defineBuiltin({
  name: 'read_file',
  description:
    'Read a text file. Returns numbered lines ("     1\\tline"). Use offset and limit to page through long files; the output says when more lines remain. Very long lines are cut; read their rest with byteOffset (raw text from that byte of the file).',
  parameters,
  risk: 'read',
  async execute(args, ctx) {
    const path = readPath(args.path, ctx);
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
    if (args.byteOffset !== undefined && args.offset !== undefined)
      throw new Error('Give either offset (a line number) or byteOffset (a byte position), not both.');
    if (size === 0) return `(${path} is empty)`;
    if (BINARY_DOCUMENT_EXTENSIONS.includes(extname(path).toLowerCase()))
      throw new Error(
        `${path} is a ${extname(path)} document; read_file shows text files only. Use read_document to read its text.`,
      );
    const handle = await open(path, 'r');
    try {
      const sniff = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(sniff, 0, SNIFF_BYTES, 0);
      if (looksBinary(sniff.subarray(0, bytesRead))) {
        throw new Error(
          `${path} looks like a binary file (${formatBytes(size)}); read_file only shows text files. For PDF, Word, spreadsheet, slide or EPUB documents use read_document.`,
        );
      }
      if (args.byteOffset !== undefined)
        return await readByteRange(handle, path, size, args.byteOffset, args.byteLimit ?? MAX_READ_BYTES, ctx.signal);
      return await readLines(handle, path, size, args.offset ?? 1, args.limit, ctx.signal);
    } finally {
      await handle.close();
    }
  },
});

/** One shown line: its number, its first byte in the file, its kept bytes and its full length (undefined: unknown). */
interface Line {
  no: number;
  start: number;
  head: Buffer;
  length: number | undefined;
}

/** Numbered lines from line `first`, at most `limit` lines and {@link MAX_READ_BYTES} bytes, with a footer when cut short. */
async function readLines(
  handle: FileHandle,
  path: string,
  size: number,
  first: number,
  limit: number,
  signal: AbortSignal,
): Promise<string> {
  const keep = MAX_LINE_BYTES + 4;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const out: string[] = [];
  let outBytes = 0;
  let pos = 0;
  let lineNo = 1;
  let lineStart = 0;
  let head: Buffer[] = [];
  let headBytes = 0;
  let footer = '';
  let stopped = false;

  const show = (line: Line) => {
    const numbered = `${String(line.no).padStart(6)}\t${lineText(line)}`;
    out.push(numbered);
    outBytes += Buffer.byteLength(numbered) + 1;
  };
  const budgetFull = () => out.length >= limit || outBytes > MAX_READ_BYTES;

  reading: for (;;) {
    signal.throwIfAborted();
    const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, pos);
    if (bytesRead === 0) break;
    const data = chunk.subarray(0, bytesRead);
    let i = 0;
    while (i < bytesRead) {
      const nl = data.indexOf(0x0a, i);
      const end = nl === -1 ? bytesRead : nl;
      if (lineNo >= first && headBytes < keep) {
        const piece = data.subarray(i, Math.min(end, i + keep - headBytes));
        head.push(Buffer.from(piece));
        headBytes += piece.length;
      }
      if (nl === -1) break;
      if (lineNo >= first) {
        show({ no: lineNo, start: lineStart, head: Buffer.concat(head), length: pos + nl - lineStart });
        if (budgetFull()) {
          stopped = true;
          if (pos + nl + 1 < Math.max(size, pos + bytesRead))
            footer = `[showing lines ${first}-${lineNo}; the file has more. Call read_file with offset=${lineNo + 1} to continue.]`;
          break reading;
        }
      }
      lineNo++;
      lineStart = pos + nl + 1;
      head = [];
      headBytes = 0;
      i = nl + 1;
    }
    pos += bytesRead;
    if (lineNo < first && pos > READ_SEEK_MAX_BYTES) {
      throw new Error(
        `Line ${first} of ${path} was not reached within the first ${formatBytes(READ_SEEK_MAX_BYTES)} (${lineNo - 1} lines so far; the file is ${formatBytes(size)}). Read by bytes with byteOffset instead, or use bash (e.g. tail) for lines this far in.`,
      );
    }
    if (lineNo >= first && pos - lineStart > keep + LONG_LINE_SKIP_MAX_BYTES) {
      show({ no: lineNo, start: lineStart, head: Buffer.concat(head), length: undefined });
      stopped = true;
      footer = `[stopped inside line ${lineNo}, which is longer than ${formatBytes(pos - lineStart)}; the lines after it were not read. Read on in this line with byteOffset=${lineStart + shownBytes(Buffer.concat(head), undefined)}, or skip to the next line with offset=${lineNo + 1}.]`;
      break;
    }
  }
  if (!stopped && lineStart < pos && lineNo >= first) {
    show({ no: lineNo, start: lineStart, head: Buffer.concat(head), length: pos - lineStart });
  }
  if (out.length === 0) {
    const lines = lineStart < pos ? lineNo : lineNo - 1;
    throw new Error(`${path} has only ${lines} lines; offset ${first} is past the end. Use a smaller offset.`);
  }
  return footer ? `${out.join('\n')}\n${footer}` : out.join('\n');
}

/** Bytes of `head` shown for a line of `length` bytes (undefined: longer than what was kept). */
function shownBytes(head: Buffer, length: number | undefined): number {
  if (length !== undefined && length <= MAX_LINE_BYTES) return length;
  return utf8SafeLength(head, MAX_LINE_BYTES);
}

/** A line's text: whole (without a trailing `\r`), or its first {@link MAX_LINE_BYTES} bytes and a cut note. */
function lineText(line: Line): string {
  const shown = shownBytes(line.head, line.length);
  const text = line.head.subarray(0, shown).toString('utf8');
  if (shown === line.length) return text.endsWith('\r') ? text.slice(0, -1) : text;
  const size = line.length === undefined ? 'longer than that' : `${line.length} bytes long`;
  return `${text}… [line ${line.no} cut after ${shown} bytes (the line is ${size}); read the rest with byteOffset=${line.start + shown}]`;
}

/** Raw text of bytes `from`..`from + limit` (moved to whole UTF-8 characters) with a footer naming the next byteOffset. */
async function readByteRange(
  handle: FileHandle,
  path: string,
  size: number,
  from: number,
  limit: number,
  signal: AbortSignal,
): Promise<string> {
  if (from >= size)
    throw new Error(`byteOffset ${from} is at or past the end of ${path} (${size} bytes). Use a smaller byteOffset.`);
  signal.throwIfAborted();
  // Up to 3 extra bytes on each side, to move both ends to character boundaries.
  const buffer = Buffer.allocUnsafe(limit + 4);
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, from + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  const bytes = buffer.subarray(0, filled);
  let skip = 0;
  while (skip < 3 && skip < bytes.length && (bytes[skip] & 0xc0) === 0x80) skip++;
  const body = bytes.subarray(skip);
  const shown = body.length > limit ? utf8SafeLength(body, limit) : body.length;
  const start = from + skip;
  const end = start + shown;
  const footer =
    end < size
      ? `[bytes ${start}-${end - 1} of ${size}; call read_file with byteOffset=${end} to continue.]`
      : `[bytes ${start}-${end - 1} of ${size}; this is the end of the file.]`;
  return `${body.subarray(0, shown).toString('utf8')}\n${footer}`;
}
