// The scheduler with a controllable clock: firing, misfires, pause/resume, retries, receipts, restarts, long timers.
import { appendFile, mkdir, readFile, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../../../main/core/scheduler/clock';
import { setup } from './helpers';

const M = 60_000;
const H = 60 * M;
let ctx: Awaited<ReturnType<typeof setup>> | null = null;
afterEach(async () => {
  await ctx?.cleanup();
  ctx = null;
});

describe('firing', () => {
  it('a one-shot `in 20m` fires once at its due time; the receipt goes claimed -> started -> ended', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'check the build', in: '20m' }, 'user');
    expect(w.nextDueAt).toBe('2026-05-01T10:20:00.000Z');
    expect(ctx.scheduler.armedFor).toBe(Date.parse('2026-05-01T10:20:00Z'));
    await ctx.advance(20 * M - 1);
    expect(ctx.executor.requests).toHaveLength(0);
    await ctx.advance(1);
    expect(ctx.executor.requests).toHaveLength(1);
    expect(ctx.executor.requests[0]).toMatchObject({ scheduledFor: '2026-05-01T10:20:00.000Z', trigger: 'schedule' });
    const { receipts } = await ctx.scheduler.history(w.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      status: 'succeeded',
      claimedAt: '2026-05-01T10:20:00.000Z',
      startedAt: '2026-05-01T10:20:00.000Z',
      sessionId: 's_1',
      toolsUsed: ['read_file'],
      tokens: 42,
    });
    expect(ctx.scheduler.get(w.id).nextDueAt).toBeNull();
    await ctx.advance(48 * H);
    expect(ctx.executor.requests).toHaveLength(1);
    expect(ctx.scheduler.armedFor).toBeNull();
  });

  it('cron runs each occurrence in its zone; one timer armed for the nearest of several wakeups', async () => {
    ctx = await setup('2026-05-01T05:00:00Z');
    const a = await ctx.scheduler.create({ prompt: 'brief', cron: '0 8 * * *', tz: 'Europe/Berlin' }, 'user');
    await ctx.scheduler.create({ prompt: 'later', cron: '0 23 * * *', tz: 'UTC' }, 'user');
    expect(ctx.scheduler.armedFor).toBe(Date.parse('2026-05-01T06:00:00Z'));
    expect(ctx.clock.pending).toBe(1);
    await ctx.advance(3 * 24 * H);
    const runs = ctx.executor.requests.filter((r) => r.wakeup.id === a.id).map((r) => r.scheduledFor);
    expect(runs).toEqual(['2026-05-01T06:00:00.000Z', '2026-05-02T06:00:00.000Z', '2026-05-03T06:00:00.000Z']);
    expect(ctx.executor.requests).toHaveLength(6);
  });

  it('an interval runs every N from its anchor', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    await ctx.scheduler.create({ prompt: 'checklist', every: '30m' }, 'user');
    await ctx.advance(2 * H);
    expect(ctx.executor.requests.map((r) => r.scheduledFor)).toEqual([
      '2026-05-01T10:30:00.000Z',
      '2026-05-01T11:00:00.000Z',
      '2026-05-01T11:30:00.000Z',
      '2026-05-01T12:00:00.000Z',
    ]);
  });

  it('timers past 24.8 days are re-armed in steps and fire once at the due time', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    await ctx.scheduler.create({ prompt: 'far away', in: '40d' }, 'user');
    expect(ctx.clock.delays.at(-1)).toBe(MAX_TIMER_MS);
    await ctx.advance(MAX_TIMER_MS);
    expect(ctx.executor.requests).toHaveLength(0);
    expect(ctx.clock.delays.at(-1)).toBe(40 * 24 * H - MAX_TIMER_MS);
    await ctx.advance(40 * 24 * H - MAX_TIMER_MS);
    expect(ctx.executor.requests).toHaveLength(1);
  });

  it('a wall clock set back does not fire early', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    await ctx.scheduler.create({ prompt: 'x', at: '2026-05-01T11:00' }, 'user');
    await ctx.advance(30 * M);
    ctx.clock.setWall(Date.parse('2026-05-01T09:00:00Z'));
    await ctx.advance(30 * M);
    expect(ctx.executor.requests).toHaveLength(0);
    await ctx.advance(90 * M);
    expect(ctx.executor.requests).toHaveLength(1);
  });
});

describe('missed runs are never silent', () => {
  it('restart after downtime, policy once: one catch-up, the others missed with "app not running"', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'hourly', cron: '0 * * * *' }, 'user');
    await ctx.reopen(false); // a CLI-only runtime: does not fire
    ctx.clock.sleep(3 * H + 5 * M); // nothing runs for three hours
    await ctx.reopen(true);
    expect(ctx.executor.requests.map((r) => [r.scheduledFor, r.trigger])).toEqual([
      ['2026-05-01T13:00:00.000Z', 'catch-up'],
    ]);
    const { receipts } = await ctx.scheduler.history(w.id);
    expect(receipts.map((r) => [r.scheduledFor, r.status, r.reason])).toEqual([
      ['2026-05-01T13:00:00.000Z', 'succeeded', undefined],
      ['2026-05-01T12:00:00.000Z', 'missed', 'app not running; one catch-up run covers it'],
      ['2026-05-01T11:00:00.000Z', 'missed', 'app not running; one catch-up run covers it'],
    ]);
    expect(ctx.notes.some((n) => n.kind === 'missed')).toBe(true);
    expect(ctx.scheduler.get(w.id).nextDueAt).toBe('2026-05-01T14:00:00.000Z');
  });

  it('policy skip records them all; policy all runs each (capped); maxLateness drops stale ones', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const skip = await ctx.scheduler.create({ prompt: 'skip', cron: '0 * * * *', misfire: 'skip' }, 'user');
    const all = await ctx.scheduler.create({ prompt: 'all', cron: '0 * * * *', misfire: 'all' }, 'user');
    const brief = await ctx.scheduler.create(
      { prompt: 'briefing', cron: '0 7 * * *', maxLateness: '2h', misfire: 'once' },
      'user',
    );
    await ctx.reopen(false);
    ctx.clock.sleep(36 * H + 30 * M); // until 22:30 the next day: that day's 07:00 briefing is 15.5 h late
    await ctx.reopen(true);
    const byWakeup = (id: string) => ctx!.executor.requests.filter((r) => r.wakeup.id === id);
    expect(byWakeup(skip.id)).toHaveLength(0);
    expect(byWakeup(all.id).map((r) => r.trigger)).toEqual(Array(5).fill('catch-up'));
    expect(byWakeup(brief.id)).toHaveLength(0);
    const briefReceipts = (await ctx.scheduler.history(brief.id)).receipts;
    expect(briefReceipts.every((r) => r.status === 'missed' && /^too late/.test(r.reason!))).toBe(true);
    expect(briefReceipts).toHaveLength(1);
    const skipped = (await ctx.scheduler.history(skip.id, 100)).receipts;
    expect(skipped).toHaveLength(36);
    expect(skipped.every((r) => r.reason === 'app not running (misfire policy skip)')).toBe(true);
    const allReceipts = (await ctx.scheduler.history(all.id, 100)).receipts;
    expect(allReceipts.filter((r) => r.status === 'missed')).toHaveLength(31);
  });

  it('sleep is detected from timer drift: occurrences in the gap are recorded as "machine asleep"', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', cron: '0 * * * *', misfire: 'skip' }, 'user');
    await ctx.advance(30 * M);
    ctx.clock.sleep(3 * H);
    await ctx.advance(30 * M); // the timer armed for 11:00 fires at 14:00 wall time
    const { receipts } = await ctx.scheduler.history(w.id);
    expect(receipts.map((r) => [r.scheduledFor.slice(11, 16), r.status, r.reason])).toEqual([
      ['14:00', 'succeeded', undefined],
      ['13:00', 'missed', 'machine asleep (misfire policy skip)'],
      ['12:00', 'missed', 'machine asleep (misfire policy skip)'],
      ['11:00', 'missed', 'machine asleep (misfire policy skip)'],
    ]);
    expect(ctx.executor.requests).toHaveLength(1);
  });

  it('a recurring wakeup paused over two occurrences records them skipped and resumes from the next', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', cron: '0 * * * *' }, 'user');
    await ctx.scheduler.pause(w.id);
    await ctx.advance(2 * H + 30 * M);
    expect(ctx.executor.requests).toHaveLength(0);
    const resumed = await ctx.scheduler.resume(w.id);
    expect(resumed.nextDueAt).toBe('2026-05-01T13:00:00.000Z');
    const { receipts } = await ctx.scheduler.history(w.id);
    expect(receipts.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'paused'],
      ['skipped', 'paused'],
    ]);
    await ctx.advance(30 * M);
    expect(ctx.executor.requests).toHaveLength(1);
  });

  it('pausing all autonomous runs records due occurrences as skipped', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', cron: '0 * * * *' }, 'user');
    ctx.scheduler.setPaused(true);
    await ctx.advance(H);
    expect(ctx.executor.requests).toHaveLength(0);
    expect((await ctx.scheduler.history(w.id)).receipts[0]).toMatchObject({ status: 'skipped' });
    ctx.scheduler.setPaused(false);
    await ctx.advance(H);
    expect(ctx.executor.requests).toHaveLength(1);
  });
});

describe('outcomes, retries and self-pause', () => {
  it('records every outcome in receipts', async () => {
    ctx = await setup('2026-05-01T10:00:00Z', { retryMaxAttempts: 1, pauseAfterFailures: 99 });
    const w = await ctx.scheduler.create({ prompt: 'x', every: '1h' }, 'user');
    ctx.executor.results.push(
      { status: 'quiet', text: '[nothing to report]' },
      { status: 'denied', error: 'bash was denied' },
      { status: 'budget_exceeded', error: 'over 50 tool calls' },
      { status: 'failed', error: 'model down' },
    );
    await ctx.advance(5 * H);
    const statuses = (await ctx.scheduler.history(w.id)).receipts.map((r) => r.status).reverse();
    expect(statuses).toEqual(['quiet', 'denied', 'budget_exceeded', 'failed', 'succeeded']);
    // Quiet runs notify no one; the successful one notifies with the first line of the answer.
    expect(ctx.notes.map((n) => n.kind)).toEqual(['failed', 'failed', 'failed', 'finished']);
    expect(ctx.notes.at(-1)!.body).toBe('Done.');
  });

  it('waiting for approval is a receipt and a notification; the run then ends', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', in: '1m' }, 'user');
    const release = ctx.executor.hold();
    const run = ctx.advance(M);
    await new Promise((resolve) => setImmediate(resolve));
    while (!ctx.executor.waitingRun) await new Promise((resolve) => setImmediate(resolve));
    await ctx.executor.waitingRun.waiting({ callId: 'call_1', tool: 'bash', sessionId: 's_1' });
    const waiting = (await ctx.scheduler.receipts.tail(w.id)).receipts[0];
    expect(waiting).toMatchObject({ status: 'waiting_approval', callId: 'call_1' });
    expect(ctx.notes.map((n) => n.kind)).toEqual(['waiting_approval']);
    release();
    await run;
    expect((await ctx.scheduler.history(w.id)).receipts[0].status).toBe('succeeded');
  });

  it('failed runs retry with backoff; N consecutive failures pause the wakeup and notify', async () => {
    ctx = await setup('2026-05-01T10:00:00Z', { retryMaxAttempts: 3, retryBackoffMs: 5 * M, pauseAfterFailures: 3 });
    const w = await ctx.scheduler.create({ prompt: 'x', cron: '0 * * * *' }, 'user');
    for (let i = 0; i < 3; i++) ctx.executor.results.push({ status: 'failed', error: `boom ${i}` });
    await ctx.advance(H);
    expect(ctx.executor.requests).toHaveLength(1);
    await ctx.advance(5 * M);
    expect(ctx.executor.requests.map((r) => [r.attempt, r.trigger])).toEqual([
      [1, 'schedule'],
      [2, 'retry'],
    ]);
    await ctx.advance(10 * M);
    expect(ctx.executor.requests).toHaveLength(3);
    const paused = ctx.scheduler.get(w.id);
    expect(paused.enabled).toBe(false);
    expect(paused.pausedReason).toMatch(/paused after 3 consecutive failed runs; last error: boom 2/);
    expect(ctx.notes.at(-1)).toMatchObject({ kind: 'paused' });
    await ctx.advance(5 * H);
    expect(ctx.executor.requests).toHaveLength(3);
  });

  it('run now and the creation test use the wakeup and do not move its schedule', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', cron: '0 9 * * *' }, 'user');
    const receipt = await ctx.scheduler.runNow(w.id, 'test');
    expect(receipt).toMatchObject({ status: 'succeeded', trigger: 'test', scheduledFor: '2026-05-01T10:00:00.000Z' });
    expect(ctx.scheduler.get(w.id).nextDueAt).toBe('2026-05-02T09:00:00.000Z');
    expect(ctx.executor.requests[0].wakeup.envelope).toEqual(w.envelope);
  });
});

describe('exactly once across restarts', () => {
  it('a run in progress at shutdown ends interrupted and is not run again', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', in: '1m' }, 'user');
    ctx.executor.hold();
    const advancing = ctx.advance(M);
    while (!ctx.executor.waitingRun) await new Promise((resolve) => setImmediate(resolve));
    await ctx.scheduler.close();
    await advancing;
    await ctx.reopen(true);
    await ctx.advance(H);
    expect(ctx.executor.requests).toHaveLength(1);
    expect((await ctx.scheduler.history(w.id)).receipts.map((r) => r.status)).toEqual(['interrupted']);
  });

  it('a crash after the claim (receipt claimed, store says in flight): interrupted at restart, never re-run', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', in: '1m' }, 'user');
    ctx.executor.hold();
    void ctx.advance(M);
    while (!ctx.executor.waitingRun) await new Promise((resolve) => setImmediate(resolve));
    // Simulated SIGKILL: the first scheduler is abandoned as it is; a new process opens the same home.
    await ctx.crashAndReopen();
    await ctx.advance(H);
    expect(ctx.executor.requests).toHaveLength(1);
    const { receipts } = await ctx.scheduler.history(w.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ status: 'interrupted', startedAt: expect.any(String) });
    expect(receipts[0].reason).toMatch(/stopped during the run/);
  });

  it('a crash between the claim and the store write: the claimed occurrence is not run twice', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', in: '1m' }, 'user');
    await ctx.reopen(false);
    await mkdir(ctx.scheduler.receipts.dir, { recursive: true });
    // The receipt says claimed; wakeups.json still says due (the store write never happened).
    await appendFile(
      ctx.scheduler.receipts.path(w.id),
      `${JSON.stringify({ v: 1, runId: 'run_x', wakeupId: w.id, scheduledFor: '2026-05-01T10:01:00.000Z', phase: 'claimed', at: '2026-05-01T10:01:00.000Z', trigger: 'schedule', attempt: 1 })}\n`,
    );
    ctx.clock.sleep(2 * M);
    await ctx.reopen(true);
    expect(ctx.executor.requests).toHaveLength(0);
  });

  it('edits made by a non-firing runtime (the CLI) are picked up by the next firing one', async () => {
    ctx = await setup('2026-05-01T10:00:00Z', {}, { fire: false });
    await ctx.scheduler.create({ prompt: 'x', in: '5m' }, 'user');
    expect(ctx.scheduler.armedFor).toBeNull();
    await ctx.reopen(true);
    expect(ctx.scheduler.armedFor).toBe(Date.parse('2026-05-01T10:05:00Z'));
    await ctx.advance(5 * M);
    expect(ctx.executor.requests).toHaveLength(1);
  });
});

describe('bad files', () => {
  it('a corrupt wakeups.json is reported with its path and kept as a backup', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    await ctx.scheduler.close();
    await writeFile(path.join(ctx.home, 'wakeups.json'), '{"version": 1, "wakeups": [{"id": 3}');
    await ctx.reopen(true);
    expect(ctx.scheduler.store.problem).toMatch(
      /wakeups\.json was invalid \(not valid JSON.*moved to .*wakeups\.json\.invalid-/,
    );
    const names = await readdir(ctx.home);
    const backup = names.find((n) => n.startsWith('wakeups.json.invalid-'))!;
    expect(await readFile(path.join(ctx.home, backup), 'utf8')).toBe('{"version": 1, "wakeups": [{"id": 3}');
  });

  it('a corrupt receipt line is reported with its path and skipped, the file is left as it is', async () => {
    ctx = await setup('2026-05-01T10:00:00Z');
    const w = await ctx.scheduler.create({ prompt: 'x', every: '1h' }, 'user');
    await ctx.advance(H);
    await appendFile(ctx.scheduler.receipts.path(w.id), 'garbage\n');
    await ctx.advance(H);
    const read = await ctx.scheduler.history(w.id);
    expect(read.receipts.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(read.problems[0]).toMatch(new RegExp(`${w.id}\\.jsonl: the line at byte \\d+ is not valid JSON`));
    expect(await readFile(ctx.scheduler.receipts.path(w.id), 'utf8')).toContain('garbage\n');
  });
});
