// Document extraction for the runtime: checks size and type, then extracts in a worker thread with a time limit
// and a heap cap, so a huge or hostile file never stalls the event loop.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { runWorker } from '../tools/workers/runWorker';
import { detectFormat } from './formats';
import {
  DOCUMENT_TIMEOUT_MS,
  DOCUMENT_WORKER_HEAP_MB,
  MAX_DOCUMENT_BYTES,
  type DocumentMessage,
  type DocumentRequest,
} from './protocol';
import type { DocumentFormat, ExtractOptions } from './types';

/** A document's text as the model gets it, with facts for chips and notes. */
export interface DocumentText {
  /** The file name (or URL) shown in the heading. */
  name: string;
  format: DocumentFormat;
  /** Markdown with a heading, cut to the token budget with a note saying how to read on. */
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  truncated: boolean;
  /** Pages, slides or sheets in the whole document, when the format has them. */
  total?: number;
  parts?: 'page' | 'slide' | 'sheet';
}

/** Options of {@link extractFile} and {@link extractBytesInWorker}. */
export interface ExtractRunOptions extends ExtractOptions {
  /** Token budget of the text (default ./render DEFAULT_DOCUMENT_TOKENS). */
  maxTokens?: number;
  /** Extraction time limit in ms (default {@link DOCUMENT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** The page's address, for HTML. */
  url?: string;
}

const MB = 1024 ** 2;

/** Throws when `size` bytes is over {@link MAX_DOCUMENT_BYTES}, naming the file and what to do. */
export function checkDocumentSize(name: string, size: number): void {
  if (size > MAX_DOCUMENT_BYTES)
    throw new Error(
      `${name} is ${(size / MB).toFixed(0)} MB, more than the ${MAX_DOCUMENT_BYTES / MB} MB Deskpilot extracts. Split it or export the part you need (e.g. a page range as PDF, one sheet as CSV), then read that.`,
    );
}

/**
 * Extracts the file at `path` (an absolute path the caller already passed through its sandbox checks).
 * @throws an Error naming the file for a missing file, a directory, one over {@link MAX_DOCUMENT_BYTES}, an
 *   unsupported type, a failed extraction, or the time limit; the signal's reason on abort.
 */
export async function extractFile(path: string, opts: ExtractRunOptions, signal: AbortSignal): Promise<DocumentText> {
  const name = basename(path);
  const info = await stat(path);
  if (info.isDirectory()) throw new Error(`${path} is a directory, not a document. Use list_dir to see what it holds.`);
  checkDocumentSize(name, info.size);
  const head = Buffer.alloc(4096);
  const handle = await open(path, 'r');
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(head, 0, head.length, 0));
  } finally {
    await handle.close();
  }
  const format = detectFormat(name, head.subarray(0, bytesRead));
  return runExtraction({ source: { path }, name, format, options: opts }, opts.timeoutMs, signal);
}

/**
 * Extracts a document held in memory (a downloaded page or file) named `name`; `format` when known (from a
 * Content-Type), else detected from the name and bytes.
 * @throws like {@link extractFile}.
 */
export async function extractBytesInWorker(
  bytes: Uint8Array,
  name: string,
  format: DocumentFormat | undefined,
  opts: ExtractRunOptions,
  signal: AbortSignal,
): Promise<DocumentText> {
  checkDocumentSize(name, bytes.byteLength);
  const detected = format ?? detectFormat(name, bytes.subarray(0, 4096));
  return runExtraction({ source: { bytes }, name, format: detected, options: opts }, opts.timeoutMs, signal);
}

/** Runs one request in the document worker with the time limit and heap cap. */
async function runExtraction(
  request: DocumentRequest,
  timeoutMs: number | undefined,
  signal: AbortSignal,
): Promise<DocumentText> {
  const limit = timeoutMs ?? DOCUMENT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(limit);
  let result: DocumentMessage | undefined;
  try {
    await runWorker<DocumentMessage>('documentWorker', request, {
      signal: AbortSignal.any([signal, timeout]),
      resourceLimits: { maxOldGenerationSizeMb: DOCUMENT_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 },
      onMessage: (message) => {
        result = message;
      },
    });
  } catch (error) {
    if (timeout.aborted && !signal.aborted)
      throw new Error(
        `Extracting ${request.name} took longer than ${Math.round(limit / 1000)} s and was stopped. Read fewer pages (pages="1-20") or a smaller part of the file.`,
        { cause: error },
      );
    if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY')
      throw new Error(
        `Extracting ${request.name} needed more than ${DOCUMENT_WORKER_HEAP_MB} MB of memory and was stopped. Read fewer pages or export a smaller part of the file.`,
        { cause: error },
      );
    throw error;
  }
  if (!result) throw new Error(`the document worker ended without a result for ${request.name}`);
  if (!result.ok) throw new Error(result.error);
  return {
    name: request.name,
    format: request.format,
    text: result.text,
    tokens: result.tokens,
    truncated: result.truncated,
    total: result.total,
    parts: result.parts,
  };
}
