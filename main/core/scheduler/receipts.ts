// Run receipts: append-only `runs/<wakeupId>.jsonl` per wakeup; durable claims; reads only the tail of a file.
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ReceiptLine, type RunReceipt } from '../../../preload/contract/scheduler';
import type { Logger } from '../../../plugins/sdk/types';
import { SerialQueue } from '../util/serialQueue';
import { atomicWrite } from '../util/atomicWrite';

/** Bytes read from the end of a receipt file per step when looking for recent runs. */
const TAIL_STEP = 64 * 1024;

/** Folds receipt lines (in file order) into receipts by run id, in order of first appearance. */
export function foldReceipts(lines: readonly ReceiptLine[]): RunReceipt[] {
  const byRun = new Map<string, RunReceipt>();
  for (const line of lines) {
    const r = byRun.get(line.runId) ?? {
      runId: line.runId,
      wakeupId: line.wakeupId,
      scheduledFor: line.scheduledFor,
      toolsUsed: [],
    };
    if (line.trigger) r.trigger = line.trigger;
    if (line.attempt) r.attempt = line.attempt;
    if (line.phase === 'claimed') r.claimedAt = line.at;
    if (line.phase === 'started') r.startedAt = line.at;
    if (line.phase === 'ended') r.endedAt = line.at;
    if (line.status) r.status = line.status;
    if (line.phase === 'started' && r.status === undefined) delete r.status;
    for (const key of [
      'reason',
      'error',
      'sessionId',
      'tokens',
      'text',
      'count',
      'lastScheduledFor',
      'callId',
    ] as const)
      if (line[key] !== undefined) (r as Record<string, unknown>)[key] = line[key];
    if (line.toolsUsed) r.toolsUsed = line.toolsUsed;
    byRun.set(line.runId, r);
  }
  return [...byRun.values()];
}

/** Receipts read from the tail of a file, with the problems of unreadable lines (path and byte offset). */
export interface TailRead {
  receipts: RunReceipt[];
  problems: string[];
}

/**
 * The receipts of every wakeup, one JSONL file each under `<home>/runs/`. Lines are appended whole (one write each);
 * claim lines are fsynced before the append resolves, so a claimed occurrence survives a crash. Reads look only at
 * the end of a file, so start-up cost does not grow with history.
 */
export class ReceiptLog {
  /** Absolute path of the receipts directory. */
  readonly dir: string;
  private readonly queue = new SerialQueue();
  private dirReady: Promise<void> | null = null;

  constructor(
    home: string,
    private readonly log: Logger,
  ) {
    this.dir = join(home, 'runs');
  }

  /** Path of a wakeup's receipt file. */
  path(wakeupId: string): string {
    return join(this.dir, `${wakeupId}.jsonl`);
  }

  /**
   * Appends `line` (validated) to its wakeup's file. With `durable` (claims, final statuses) the file is fsynced
   * before the promise resolves. Appends run one at a time in call order. Rejects with the fs error.
   */
  append(line: ReceiptLine, durable = false): Promise<void> {
    const valid = ReceiptLine.parse(line);
    return this.queue.run(async () => {
      this.dirReady ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined);
      await this.dirReady;
      const handle = await open(this.path(valid.wakeupId), 'a', 0o600);
      try {
        await handle.write(`${JSON.stringify(valid)}\n`);
        if (durable) await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  /**
   * The last receipts of a wakeup (oldest first): reads backwards from the end in 64 KiB steps until `minRuns`
   * receipts are complete or `maxBytes` were read. Lines that are not valid receipts are skipped and reported in
   * `problems` (path and byte offset; also logged). A missing file gives no receipts.
   */
  async tail(wakeupId: string, minRuns = 20, maxBytes = 4 * 1024 * 1024): Promise<TailRead> {
    await this.queue.idle();
    const path = this.path(wakeupId);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { receipts: [], problems: [] };
      throw new Error(`Cannot read receipts ${path}: ${(error as Error).message}. Check its permissions.`, {
        cause: error,
      });
    }
    try {
      const size = (await handle.stat()).size;
      let start = size;
      let text = '';
      for (;;) {
        const from = Math.max(0, start - TAIL_STEP);
        const buffer = Buffer.alloc(start - from);
        await handle.read(buffer, 0, buffer.length, from);
        text = buffer.toString('utf8') + text;
        start = from;
        const { receipts, problems } = this.parse(path, text, start);
        const complete = receipts.filter((r) => r.claimedAt || r.status);
        if (start === 0 || complete.length >= minRuns + 1 || size - start >= maxBytes) {
          for (const problem of problems) this.log.warn(problem);
          // The first (partial) run may have lost its earlier lines to the cut: drop it unless the file start was read.
          return { receipts: start === 0 ? receipts : receipts.slice(1), problems };
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** The receipts of one occurrence (`scheduledFor` ISO) among the recent runs of a wakeup (retries included). */
  async forOccurrence(wakeupId: string, scheduledFor: string): Promise<RunReceipt[]> {
    const { receipts } = await this.tail(wakeupId, 50);
    return receipts.filter((r) => r.scheduledFor === scheduledFor);
  }

  /**
   * Drops lines older than `cutoffMs` from a wakeup's file (atomic rewrite; the file is read whole, so call it rarely
   * and only for files above `minBytes`). Lines of the newest 20 runs are always kept.
   */
  async prune(wakeupId: string, cutoffMs: number, minBytes = 1024 * 1024): Promise<void> {
    const path = this.path(wakeupId);
    await this.queue.run(async () => {
      const info = await stat(path).catch(() => null);
      if (!info || info.size < minBytes) return;
      const handle = await open(path, 'r');
      let text: string;
      try {
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const keepRuns = new Set<string>();
      for (let i = lines.length - 1; i >= 0 && keepRuns.size < 20; i--) {
        const id = /"runId":"([^"]+)"/.exec(lines[i])?.[1];
        if (id) keepRuns.add(id);
      }
      const kept = lines.filter((l) => {
        const at = Date.parse(/"at":"([^"]+)"/.exec(l)?.[1] ?? '');
        const id = /"runId":"([^"]+)"/.exec(l)?.[1] ?? '';
        return keepRuns.has(id) || !(at < cutoffMs);
      });
      if (kept.length === lines.length) return;
      await atomicWrite(path, kept.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    });
  }

  /** Deletes a wakeup's receipts (when the wakeup is deleted). */
  async remove(wakeupId: string): Promise<void> {
    await this.queue.run(() => rm(this.path(wakeupId), { force: true }));
  }

  /** Wakeup ids that have a receipt file. */
  async ids(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
  }

  private parse(path: string, text: string, offset: number): TailRead {
    const lines: ReceiptLine[] = [];
    const problems: string[] = [];
    const raw = text.split('\n');
    let position = offset;
    raw.forEach((line, index) => {
      const at = position;
      position += Buffer.byteLength(line) + 1;
      if (line.trim() === '') return;
      // The first piece of a read that did not start at the file start may be a cut line: not a problem.
      if (index === 0 && offset > 0) return;
      try {
        const parsed = ReceiptLine.safeParse(JSON.parse(line));
        if (parsed.success) {
          lines.push(parsed.data);
          return;
        }
        problems.push(`${path}: the line at byte ${at} is not a valid receipt (${parsed.error.issues[0]?.message})`);
      } catch {
        problems.push(`${path}: the line at byte ${at} is not valid JSON; it is skipped and left in the file`);
      }
    });
    return { receipts: foldReceipts(lines), problems };
  }
}
