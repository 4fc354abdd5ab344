// Wakeups through a real runtime and the fake model server: firing, the run's prompt, quiet runs, busy sessions.
import { afterEach, describe, expect, it } from 'vitest';
import type { Payload } from '../../../../preload/contract/channels';
import type { SchedulerNotification } from '../../../../main/core/scheduler/scheduler';
import { createHandlers } from '../../../../main/core/api/handlers';
import { scripted } from '../../../support/fakeModelServer';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Resolves with the first run update matching `predicate`. */
function runUpdate(harness: Harness, predicate: (p: Payload<'wakeup/runUpdated'>) => boolean) {
  return new Promise<Payload<'wakeup/runUpdated'>>((resolve) => {
    const off = harness.runtime.bus.on('wakeup/runUpdated', (payload) => {
      if (!predicate(payload)) return;
      off();
      resolve(payload);
    });
  });
}

function inputText(body: unknown): string {
  return JSON.stringify((body as { input: unknown }).input);
}

describe('wakeups in the runtime', () => {
  it('a firing runtime runs a due wakeup: the model receives its prompt, the receipt names the session', async () => {
    let notified!: (n: SchedulerNotification) => void;
    const note = new Promise<SchedulerNotification>((resolve) => (notified = resolve));
    h = await createHarness({ runtime: { scheduler: { fire: true }, onSchedulerNotification: (n) => notified(n) } });
    h.server.enqueue(scripted.text('The build finished green.\nDetails follow.'));
    const handlers = createHandlers(h.runtime);
    const ended = runUpdate(h, (p) => p.receipt.endedAt !== undefined);
    const created = await handlers['wakeup/create']({
      prompt: 'check whether the build finished',
      in: '1s',
      test: false,
    });
    const { receipt } = await ended;
    expect(receipt).toMatchObject({ wakeupId: created.wakeup.id, status: 'succeeded' });
    expect(inputText(h.server.requests.at(-1)!.body)).toContain('check whether the build finished');
    expect(inputText(h.server.requests.at(-1)!.body)).toContain('Scheduled run of');
    const detail = await handlers['wakeup/get']({ wakeupId: created.wakeup.id, limit: 20 });
    expect(detail.receipts[0]).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      sessionId: receipt.sessionId,
    });
    expect(Date.parse(detail.receipts[0].startedAt!) - Date.parse(detail.receipts[0].scheduledFor)).toBeLessThan(1000);
    expect(await note).toMatchObject({ kind: 'finished', body: 'The build finished green.' });
    const session = await h.runtime.sessions.load(receipt.sessionId!);
    expect(session.summary.title).toBe('check whether the build finished');
  });

  it('a check-in with nothing to report ends quiet and notifies no one', async () => {
    const notes: SchedulerNotification[] = [];
    h = await createHarness({ runtime: { onSchedulerNotification: (n) => notes.push(n) } });
    h.server.enqueue(scripted.text('[nothing to report]'));
    const handlers = createHandlers(h.runtime);
    const created = await handlers['wakeup/create']({ prompt: 'look at my checklist', every: '30m', test: true });
    expect(created.test).toMatchObject({ status: 'quiet', trigger: 'test' });
    expect(notes).toEqual([]);
  });

  it('a run for a busy named session queues behind the current turn and continues its history', async () => {
    h = await createHarness();
    const handlers = createHandlers(h.runtime);
    h.server.enqueue(scripted.text('first answer', { deltas: 8, delayMs: 60 }), scripted.text('scheduled answer'));
    const sent = await h.runtime.send({ sessionId: null, text: 'hello' });
    const sessionId = sent.sessionId;
    const order: string[] = [];
    h.runtime.bus.on('agent/event', (e) => {
      if (e.type === 'turn_completed') order.push(`turn_completed ${e.sessionId === sessionId}`);
    });
    h.runtime.bus.on('wakeup/runUpdated', (p) => {
      if (p.receipt.startedAt) order.push('run started');
    });
    const created = await handlers['wakeup/create']({
      prompt: 'follow up',
      cron: '0 9 * * *',
      session: sessionId,
      test: false,
    });
    expect(created.wakeup.target).toEqual({ type: 'session', name: sessionId, sessionId });
    const receipt = await handlers['wakeup/runNow']({ wakeupId: created.wakeup.id });
    expect(receipt).toMatchObject({ status: 'succeeded', sessionId });
    expect(order.slice(0, 2)).toEqual(['turn_completed true', 'run started']);
    const loaded = await h.runtime.sessions.load(sessionId);
    const texts = loaded.entries.filter((e) => e.item.type === 'message').map((e) => JSON.stringify(e.item));
    expect(texts).toHaveLength(4);
  });

  it('bad input over the contract gets invalid_params with the right form', async () => {
    h = await createHarness();
    const handlers = createHandlers(h.runtime);
    await expect(handlers['wakeup/create']({ prompt: 'x', cron: '99 * * * *', test: false })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/Example: "0 8 \* \* 1-5"/),
    });
    await expect(handlers['wakeup/get']({ wakeupId: 'wk_nope', limit: 5 })).rejects.toMatchObject({
      code: 'not_found',
    });
    const preview = await handlers['wakeup/preview']({ cron: '0 8 * * 1-5', tz: 'Europe/Berlin', count: 5 });
    expect(preview.times).toHaveLength(5);
    expect(preview.zone).toBe('Europe/Berlin');
  });
});
