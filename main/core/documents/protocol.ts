// The messages between ./extractInWorker and the document worker thread, and the limits of one extraction.
import type { DocumentFormat, ExtractOptions } from './types';

/** Largest file extracted (bytes); bigger files are refused before reading, with what to do. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 ** 2;
/** Heap limit of the extraction worker (MB); a document that needs more is stopped with a clear error. */
export const DOCUMENT_WORKER_HEAP_MB = 1024;
/** Time one extraction may take (ms) before the worker is terminated. */
export const DOCUMENT_TIMEOUT_MS = 60_000;

/** The worker's input (its `workerData`): a file path (already checked by the caller) or the bytes themselves. */
export interface DocumentRequest {
  source: { path: string } | { bytes: Uint8Array };
  /** Name used in headings and errors (the file name, or the URL). */
  name: string;
  format: DocumentFormat;
  options: ExtractOptions & { url?: string; range?: string; maxTokens?: number };
}

/** What the worker posts: the rendered text and facts about the document, or the error message it hit. */
export type DocumentMessage =
  | {
      type: 'done';
      ok: true;
      text: string;
      tokens: number;
      truncated: boolean;
      /** Pages, slides or sheets in the whole document, when the format has them. */
      total?: number;
      parts?: 'page' | 'slide' | 'sheet';
    }
  | { type: 'done'; ok: false; error: string };
