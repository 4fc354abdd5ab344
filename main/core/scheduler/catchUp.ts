// Misfire handling when a wakeup is due: retries queued, due occurrences planned by policy, missed ones recorded.
import type { Wakeup } from '../../../preload/contract/scheduler';
import type { SchedulerContext } from './context';
import { planDue, type MissCause, type MissedOccurrence } from './misfire';
import { dueOccurrences, nextOccurrence, type DueOccurrences } from './occurrences';
import { drain } from './runs';
import { iso } from './types';

/**
 * Handles one due wakeup on its queue: a due retry is queued, due occurrences go through the misfire policy (missed
 * ones get receipts, `cause` says why they were late), then the queue runs. Errors are logged, never thrown.
 */
export async function processDue(ctx: SchedulerContext, id: string, cause: MissCause): Promise<void> {
  try {
    const w = ctx.store.get(id);
    if (!w || ctx.closed) return;
    const now = ctx.clock.now();
    if (w.enabled && w.retry && Date.parse(w.retry.at) <= now) {
      const retry = w.retry;
      await ctx.store.update(id, (d) => {
        d.retry = null;
        d.queue.push({ scheduledFor: retry.scheduledFor, attempt: retry.attempt, trigger: 'retry' });
      });
    }
    const current = ctx.store.get(id)!;
    if (current.enabled && current.nextDueAt && Date.parse(current.nextDueAt) <= now)
      await planOccurrences(ctx, current, now, cause);
    await drain(ctx, id, null);
  } catch (error) {
    ctx.options.log.error(`Scheduler: handling wakeup ${id} failed: ${(error as Error).message}`, { error });
  }
}

/** Applies the misfire policy to the occurrences from `nextDueAt` to `now` and advances `nextDueAt`. */
async function planOccurrences(ctx: SchedulerContext, w: Wakeup, now: number, cause: MissCause): Promise<void> {
  const first = Date.parse(w.nextDueAt!);
  const due = dueOccurrences(w.schedule, first, now, Math.max(100, w.misfire.maxCatchUp));
  const last = due.recent.at(-1) ?? first;
  // Occurrences a previous process already recorded (a crash between the receipt and the store write).
  const known = new Set((await ctx.receipts.tail(w.id, 50)).receipts.map((r) => r.scheduledFor));
  due.recent = due.recent.filter((at) => !known.has(iso(at)));
  const paused = ctx.globalPaused;
  const plan = paused
    ? { run: [], missed: allMissed(due, 'paused: autonomous runs are paused') }
    : planDue(due, now, w.misfire, cause);
  await ctx.recordMissed(w, plan.missed, paused ? 'skipped' : 'missed');
  const next = nextOccurrence(w.schedule, Math.max(last, now));
  const saved = await ctx.store.update(w.id, (d) => {
    d.nextDueAt = next === null ? null : iso(next);
    for (const run of plan.run) d.queue.push({ scheduledFor: iso(run.at), attempt: 1, trigger: run.trigger });
  });
  if (saved) ctx.changed(saved);
  if (plan.missed.length > 0 && !paused) {
    const count = plan.missed.reduce((n, m) => n + m.count, 0);
    ctx.notify({
      kind: 'missed',
      wakeupId: w.id,
      title: `Missed: ${w.title}`,
      body: `${count} occurrence${count === 1 ? '' : 's'} did not run (${plan.missed[0].reason}).`,
    });
  }
}

/** Every due occurrence as not run, with one reason (pauses). */
export function allMissed(due: DueOccurrences, reason: string): MissedOccurrence[] {
  const out: MissedOccurrence[] = [];
  if (due.older)
    out.push({
      at: due.older.first,
      ...(due.older.count > 1 ? { lastAt: due.older.last } : {}),
      count: due.older.count,
      reason,
    });
  for (const at of due.recent) out.push({ at, count: 1, reason });
  return out;
}
