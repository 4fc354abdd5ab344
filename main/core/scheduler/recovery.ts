// Start-up recovery: runs a previous process claimed and never ended are ended `interrupted`, never run again.
import type { ReceiptLine } from '../../../preload/contract/scheduler';
import type { SchedulerContext } from './context';
import { iso } from './types';

/**
 * Ends the receipts of runs a previous process claimed and never ended (`interrupted`; tools that ran are not
 * repeated) and drops queue heads whose claim was written but whose store update was lost (a crash between the two).
 */
export async function recoverClaims(ctx: SchedulerContext): Promise<void> {
  const now = () => iso(ctx.clock.now());
  for (const w of ctx.store.all()) {
    if (!w.inFlight) continue;
    const inFlight = w.inFlight;
    const receipts = await ctx.receipts.forOccurrence(w.id, inFlight.scheduledFor);
    const run = receipts.find((r) => r.runId === inFlight.runId);
    if (run && !run.endedAt) {
      const line: ReceiptLine = {
        v: 1,
        runId: inFlight.runId,
        wakeupId: w.id,
        scheduledFor: inFlight.scheduledFor,
        phase: 'ended',
        at: now(),
        status: 'interrupted',
        reason: 'Deskpilot stopped during the run; it is not run again (tools that ran are not repeated)',
        ...(run.sessionId ? { sessionId: run.sessionId } : {}),
      };
      await ctx.receipts.append(line, true);
      ctx.emitRun(line, w.title);
    }
    const saved = await ctx.store.update(w.id, (d) => {
      d.inFlight = null;
      d.last = { runId: inFlight.runId, status: 'interrupted', endedAt: now(), sessionId: run?.sessionId ?? null };
    });
    if (saved) ctx.changed(saved);
  }
  for (const w of ctx.store.all()) {
    const head = w.queue[0];
    if (!head) continue;
    const claimed = (await ctx.receipts.forOccurrence(w.id, head.scheduledFor)).filter(
      (r) => r.claimedAt && (r.attempt ?? 1) === head.attempt,
    );
    if (claimed.length === 0) continue;
    for (const run of claimed.filter((r) => !r.endedAt))
      await ctx.receipts.append(
        {
          v: 1,
          runId: run.runId,
          wakeupId: w.id,
          scheduledFor: run.scheduledFor,
          phase: 'ended',
          at: now(),
          status: 'interrupted',
          reason: 'Deskpilot stopped during the run; it is not run again',
        },
        true,
      );
    await ctx.store.update(w.id, (d) => void d.queue.shift());
  }
}
