// The run path: a wakeup's queue drained in order — lateness check, durable claim, execute, final receipt, retries.
import type { QueuedRun, ReceiptLine, Wakeup } from '../../../preload/contract/scheduler';
import type { SchedulerContext } from './context';
import { iso, newId, type RunResult } from './types';

/**
 * Runs the wakeup's queue in order (each: lateness check, durable claim, store update, execute, final receipt).
 * Call it on the wakeup's own queue. Resolves to the run id of the run for `wanted` (a `scheduledFor`, run now) when
 * given, else null.
 */
export async function drain(ctx: SchedulerContext, id: string, wanted: string | null): Promise<string | null> {
  let wantedRun: string | null = null;
  for (;;) {
    const w = ctx.store.get(id);
    if (!w || w.queue.length === 0 || ctx.closed) return wantedRun;
    const item = w.queue[0];
    const lateness = ctx.clock.now() - Date.parse(item.scheduledFor);
    const scheduled = item.trigger === 'schedule' || item.trigger === 'catch-up';
    const byHand = item.trigger === 'manual' || item.trigger === 'test';
    if (scheduled && w.misfire.maxLatenessMs !== null && lateness > w.misfire.maxLatenessMs) {
      const reason = 'too late: waited past maxLateness before it could run';
      await ctx.recordMissed(w, [{ at: Date.parse(item.scheduledFor), count: 1, reason }], 'missed');
      await ctx.store.update(id, (d) => void d.queue.shift());
      continue;
    }
    if (!w.enabled && !byHand) {
      await ctx.recordMissed(w, [{ at: Date.parse(item.scheduledFor), count: 1, reason: 'paused' }], 'skipped');
      await ctx.store.update(id, (d) => void d.queue.shift());
      continue;
    }
    const runId = await runOne(ctx, w, item);
    if (item.scheduledFor === wanted) wantedRun = runId;
  }
}

/** Claims the queue head durably (fsynced receipt line) before the executor starts the turn; then runs and ends it. */
async function runOne(ctx: SchedulerContext, w: Wakeup, item: QueuedRun): Promise<string> {
  const runId = newId('run');
  const base = { v: 1 as const, runId, wakeupId: w.id, scheduledFor: item.scheduledFor };
  const now = () => iso(ctx.clock.now());
  const claimed: ReceiptLine = { ...base, phase: 'claimed', at: now(), trigger: item.trigger, attempt: item.attempt };
  // The durable claim comes first: a crash from here on leaves a claimed receipt, never a second run.
  await ctx.receipts.append(claimed, true);
  const claimedWakeup = await ctx.store.update(w.id, (d) => {
    d.queue.shift();
    d.inFlight = { runId, scheduledFor: item.scheduledFor };
  });
  ctx.emitRun(claimed, w.title);
  const controller = new AbortController();
  ctx.running.set(w.id, controller);
  let result: RunResult;
  try {
    result = await ctx.options.executor.run({
      wakeup: claimedWakeup ?? w,
      runId,
      scheduledFor: item.scheduledFor,
      trigger: item.trigger,
      attempt: item.attempt,
      signal: controller.signal,
      started: async (sessionId) => {
        const line: ReceiptLine = { ...base, phase: 'started', at: now(), sessionId };
        await ctx.receipts.append(line);
        ctx.emitRun(line, w.title);
      },
      waiting: async ({ callId, tool, sessionId }) => {
        const at = now();
        const reason = `${tool} is outside the wakeup's envelope and waits for your approval`;
        const line: ReceiptLine = {
          ...base,
          phase: 'waiting',
          at,
          status: 'waiting_approval',
          callId,
          sessionId,
          reason,
        };
        ctx.waiting.set(runId, { runId, wakeupId: w.id, title: w.title, tool, callId, sessionId, since: at });
        await ctx.receipts.append(line, true);
        ctx.emitRun(line, w.title);
        ctx.notify({
          kind: 'waiting_approval',
          wakeupId: w.id,
          sessionId,
          title: `Approval needed: ${w.title}`,
          body: `The scheduled run wants to use ${tool}. Open the session to allow or deny it.`,
        });
      },
    });
  } catch (error) {
    result = { status: 'failed', sessionId: null, text: '', error: (error as Error).message, toolsUsed: [], tokens: 0 };
  } finally {
    ctx.running.delete(w.id);
    ctx.waiting.delete(runId);
  }
  await finish(ctx, w, item, runId, result);
  return runId;
}

/** Writes the final receipt, updates the wakeup (last run, failures, retry or self-pause), notifies, prunes. */
async function finish(ctx: SchedulerContext, w: Wakeup, item: QueuedRun, runId: string, result: RunResult) {
  const now = ctx.clock.now();
  const s = ctx.settings();
  const line: ReceiptLine = {
    v: 1,
    runId,
    wakeupId: w.id,
    scheduledFor: item.scheduledFor,
    phase: 'ended',
    at: iso(now),
    status: result.status,
    ...(result.sessionId ? { sessionId: result.sessionId } : {}),
    toolsUsed: result.toolsUsed,
    tokens: result.tokens,
    ...(result.text ? { text: result.text.slice(0, 500) } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  await ctx.receipts.append(line, true);
  ctx.emitRun(line, w.title);
  const failed = result.status === 'failed';
  let pausedNow = false;
  const saved = await ctx.store.update(w.id, (d) => {
    d.inFlight = null;
    d.last = { runId, status: result.status, endedAt: iso(now), sessionId: result.sessionId };
    if (result.sessionId && d.target.type === 'session' && d.target.sessionId === null)
      d.target = { ...d.target, sessionId: result.sessionId };
    if (failed) {
      d.consecutiveFailures += 1;
      if (d.consecutiveFailures >= s.pauseAfterFailures) {
        d.enabled = false;
        d.pausedAt = iso(now);
        d.pausedReason = `paused after ${d.consecutiveFailures} consecutive failed runs; last error: ${result.error ?? 'unknown'}`;
        d.retry = null;
        pausedNow = true;
      } else if (item.attempt < s.retryMaxAttempts && item.trigger !== 'test' && item.trigger !== 'manual') {
        d.retry = {
          scheduledFor: item.scheduledFor,
          attempt: item.attempt + 1,
          at: iso(now + s.retryBackoffMs * 2 ** (item.attempt - 1)),
        };
      }
    } else if (result.status === 'succeeded' || result.status === 'quiet') d.consecutiveFailures = 0;
  });
  if (saved) ctx.changed(saved);
  notifyResult(ctx, w, result, pausedNow, saved?.pausedReason ?? null);
  const cutoff = now - s.receiptRetentionDays * 86_400_000;
  await ctx.receipts.prune(w.id, cutoff).catch((error: Error) => ctx.options.log.warn(error.message));
}

/** The notification of a finished run, by status and the wakeup's notify mode (quiet runs notify only `always`). */
function notifyResult(
  ctx: SchedulerContext,
  w: Wakeup,
  result: RunResult,
  pausedNow: boolean,
  pausedReason: string | null,
) {
  const sessionId = result.sessionId ?? undefined;
  if (pausedNow) {
    ctx.notify({ kind: 'paused', wakeupId: w.id, sessionId, title: `Paused: ${w.title}`, body: pausedReason ?? '' });
    return;
  }
  if (w.notify === 'never') return;
  if (result.status === 'failed' || result.status === 'denied' || result.status === 'budget_exceeded') {
    const label = result.status === 'failed' ? 'Failed' : result.status === 'denied' ? 'Denied' : 'Over budget';
    ctx.notify({
      kind: 'failed',
      wakeupId: w.id,
      sessionId,
      title: `${label}: ${w.title}`,
      body: result.error ?? result.status,
    });
    return;
  }
  if (result.status === 'succeeded' || (result.status === 'quiet' && w.notify === 'always'))
    ctx.notify({
      kind: 'finished',
      wakeupId: w.id,
      sessionId,
      title: w.title,
      body: firstLine(result.text) || 'The scheduled run finished.',
    });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
