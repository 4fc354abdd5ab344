// Worker thread entry of grep and glob: walks the tree (tinyglobby, with an entry cap), matches, posts results in batches.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { inProtected } from '../sandbox/fileAccess';
import { parentPort, workerData } from 'node:worker_threads';
import { globSync } from 'tinyglobby';
import { DEFAULT_IGNORE, displayPath, looksBinary, SNIFF_BYTES } from '../builtins/fsHelpers';
import {
  GREP_MAX_FILE_BYTES,
  GREP_MAX_LINE_CHARS,
  SEARCH_BATCH_LINES,
  type FsSearchMessage,
  type FsSearchRequest,
  type FsSearchSummary,
} from './fsSearchProtocol';

const request = workerData as FsSearchRequest;
const port = parentPort;
if (!port) throw new Error('fsSearchWorker runs only as a worker thread (see ./runWorker.ts).');

const summary: FsSearchSummary = {
  matches: 0,
  skipped: 0,
  filesSearched: 0,
  walkCapped: false,
  scanCapped: false,
  matchCapped: false,
};
let batch: string[] = [];

function send(message: FsSearchMessage): void {
  port?.postMessage(message);
}

function emit(line: string): void {
  batch.push(line);
  if (batch.length >= SEARCH_BATCH_LINES) flush();
}

function flush(): void {
  if (batch.length > 0) send({ type: 'lines', lines: batch });
  batch = [];
}

/** Files under `base` matching `pattern`, absolute; reads at most `maxEntries` directory entries. */
function walk(base: string, pattern: string, maxEntries: number): string[] {
  let seen = 0;
  // fdir calls readdirSync(path, {withFileTypes: true}); once the budget is spent every directory reads as empty.
  const countingReaddir = (path: string, options: { withFileTypes: true }) => {
    if (seen >= maxEntries) {
      summary.walkCapped = true;
      return [];
    }
    const entries = readdirSync(path, options);
    seen += entries.length;
    if (seen > maxEntries) {
      summary.walkCapped = true;
      return entries.slice(0, entries.length - (seen - maxEntries));
    }
    return entries;
  };
  return globSync(pattern, {
    cwd: base,
    absolute: true,
    dot: true,
    ignore: DEFAULT_IGNORE,
    expandDirectories: false,
    // One overload of readdirSync is all fdir uses; the adapter type lists all of them.
    fs: { readdirSync: countingReaddir as unknown as typeof readdirSync },
  });
}

/** True when `file` (followed through symlinks) is one of Deskpilot's protected paths. */
function isProtectedFile(file: string, locations: FsSearchRequest['protectedPaths']): boolean {
  if (!locations) return false;
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    real = file;
  }
  return inProtected(real, locations) || inProtected(file, locations);
}

function runGlob(req: Extract<FsSearchRequest, { kind: 'glob' }>): void {
  const paths = walk(req.base, req.pattern, req.limits.walkMaxEntries)
    .filter((p) => !isProtectedFile(p, req.protectedPaths))
    .map((p) => displayPath(p, req.cwd));
  paths.sort();
  summary.matches = paths.length;
  for (const path of paths.slice(0, req.maxShown)) emit(path);
}

function runGrep(req: Extract<FsSearchRequest, { kind: 'grep' }>): void {
  const regex = new RegExp(req.pattern, req.flags);
  const files = req.baseIsFile ? [req.base] : walk(req.base, req.glob ?? '**/*', req.limits.walkMaxEntries).sort();
  let scanned = 0;
  for (const file of files) {
    if (isProtectedFile(file, req.protectedPaths)) {
      summary.skipped++;
      continue;
    }
    const content = readText(file, req.limits.scanMaxBytes - scanned);
    if (content === 'over_budget') {
      summary.scanCapped = true;
      break;
    }
    if (content === undefined) {
      summary.skipped++;
      continue;
    }
    scanned += content.bytes;
    summary.filesSearched++;
    const shown = displayPath(file, req.cwd);
    const text = content.text;
    let lineNo = 0;
    for (let start = 0; start <= text.length;) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      lineNo++;
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      if (regex.test(line)) {
        if (summary.matches === req.maxResults) {
          summary.matchCapped = true;
          return;
        }
        summary.matches++;
        emit(
          `${shown}:${lineNo}:${line.length > GREP_MAX_LINE_CHARS ? `${line.slice(0, GREP_MAX_LINE_CHARS)}…` : line}`,
        );
      }
      if (nl === -1) break;
      start = nl + 1;
    }
  }
}

/** A file's text and size, `undefined` when binary, unreadable or over the size cap, `over_budget` past `budget` bytes. */
function readText(file: string, budget: number): { text: string; bytes: number } | 'over_budget' | undefined {
  try {
    const info = statSync(file);
    if (!info.isFile() || info.size > GREP_MAX_FILE_BYTES) return undefined;
    if (info.size > budget) return 'over_budget';
    const bytes = readFileSync(file);
    if (looksBinary(bytes.subarray(0, SNIFF_BYTES))) return undefined;
    return { text: bytes.toString('utf8'), bytes: bytes.length };
  } catch {
    // Vanished or unreadable files are counted as skipped.
    return undefined;
  }
}

if (request.kind === 'glob') runGlob(request);
else runGrep(request);
flush();
send({ type: 'done', summary });
