// The grep/glob side of the search worker: runs one request off the event loop and gathers its batches.
import { runWorker } from './runWorker';
import {
  SEARCH_WORKER_HEAP_MB,
  type FsSearchMessage,
  type FsSearchRequest,
  type FsSearchSummary,
} from './fsSearchProtocol';

/** What a search returned: the lines (paths for glob, `file:line:text` for grep) in order, and the summary. */
export interface FsSearchResult {
  lines: string[];
  summary: FsSearchSummary;
}

/**
 * Runs `request` in a worker thread with a {@link SEARCH_WORKER_HEAP_MB} MB heap. Aborting `signal` (the tool's
 * timeout or an interrupt) terminates the worker at once, even inside a catastrophically backtracking regex.
 * @throws the signal's reason on abort; an Error saying to narrow the search when the worker runs out of heap; the
 *   worker's error when it fails (see ./runWorker).
 */
export async function searchInWorker(request: FsSearchRequest, signal: AbortSignal): Promise<FsSearchResult> {
  const lines: string[] = [];
  let summary: FsSearchSummary | undefined;
  try {
    await runWorker<FsSearchMessage>('fsSearchWorker', request, {
      signal,
      resourceLimits: { maxOldGenerationSizeMb: SEARCH_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
      onMessage: (message) => {
        if (message.type === 'lines') lines.push(...message.lines);
        else summary = message.summary;
      },
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      throw new Error(
        `The ${request.kind} needed more than its ${SEARCH_WORKER_HEAP_MB} MB memory budget and was stopped. Narrow the path${request.kind === 'grep' ? ' or glob' : ' or pattern'}.`,
        { cause: error },
      );
    }
    throw error;
  }
  if (!summary) throw new Error('the search worker ended without a summary');
  return { lines, summary };
}
