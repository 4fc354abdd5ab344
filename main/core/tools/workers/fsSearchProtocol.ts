// The messages between the grep/glob tools and their worker thread, and the worker's default limits.

/** Directory entries one search reads at most (every readdir result counts); the walk stops there. */
export const WALK_MAX_ENTRIES = 100_000;
/** File bytes one grep reads at most; the files after that are not searched. */
export const GREP_MAX_SCAN_BYTES = 512 * 1024 ** 2;
/** Files larger than this (bytes) are skipped by grep. */
export const GREP_MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Characters kept of a matching line. */
export const GREP_MAX_LINE_CHARS = 500;
/** Heap limit of a search worker (MB); a search that needs more is stopped with a clear error. */
export const SEARCH_WORKER_HEAP_MB = 256;
/** Lines per message the worker posts. */
export const SEARCH_BATCH_LINES = 100;

/** Caps of one search (defaults above; tests pass smaller ones). */
export interface SearchLimits {
  /** Directory entries read at most. */
  walkMaxEntries: number;
  /** grep only: file bytes read at most. */
  scanMaxBytes: number;
}

/** The worker's input (its `workerData`). Paths are absolute; output paths are shown relative to `cwd` when inside it. */
export type FsSearchRequest =
  | {
      kind: 'glob';
      /** Directory searched. */
      base: string;
      /** Deskpilot's protected locations (real paths): never listed. */
      protectedPaths?: { dirs: string[]; filePrefixes: string[] };
      cwd: string;
      pattern: string;
      /** Paths sent back at most (sorted first). */
      maxShown: number;
      limits: SearchLimits;
    }
  | {
      kind: 'grep';
      /** Directory searched, or the one file to search when `baseIsFile`. */
      base: string;
      /** Deskpilot's protected locations (real paths): never read (counted as skipped). */
      protectedPaths?: { dirs: string[]; filePrefixes: string[] };
      baseIsFile: boolean;
      cwd: string;
      /** `RegExp` source and flags (already checked to compile). */
      pattern: string;
      flags: string;
      /** Only files matching this glob, relative to `base`. */
      glob?: string;
      /** Matching lines sent back at most. */
      maxResults: number;
      limits: SearchLimits;
    };

/** What the worker found besides the lines it sent. */
export interface FsSearchSummary {
  /** glob: matching paths found (all of them, not only those sent); grep: matching lines sent. */
  matches: number;
  /** grep: files skipped as binary, unreadable or over {@link GREP_MAX_FILE_BYTES}. */
  skipped: number;
  /** grep: files searched. */
  filesSearched: number;
  /** The walk stopped at `walkMaxEntries`: files beyond were neither listed nor searched. */
  walkCapped: boolean;
  /** grep: reading stopped at `scanMaxBytes`: the remaining files were not searched. */
  scanCapped: boolean;
  /** grep: more lines matched than `maxResults`. */
  matchCapped: boolean;
}

/** Messages from the worker, in order: any number of `lines` batches, then one `done`. */
export type FsSearchMessage = { type: 'lines'; lines: string[] } | { type: 'done'; summary: FsSearchSummary };
