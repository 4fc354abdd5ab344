// The scheduler plugin in a real runtime with the fake model server: the model schedules (asked, read-only envelope,
// cannot widen it), lists without asking, runs its own wakeup now; the Schedule context, the quiet prompt section,
// /wakeups and /digest.
import { afterEach, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../../plugins/index';
import { QUIET_MARKER } from '../../../../plugins/sdk';
import { scripted } from '../../../support/fakeModelServer';
import { allowEveryApproval, createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const schedulerOnly = builtinPlugins.filter((p) => p.manifest.id === 'scheduler');

function body(i: number): string {
  return JSON.stringify(h!.server.requests[i].body);
}

describe('scheduler plugin', () => {
  it('schedules with approval and the read-only envelope, lists without asking, shows the Schedule context', async () => {
    h = await createHarness({ plugins: schedulerOnly });
    const harness = h;
    const approvals = allowEveryApproval(harness);
    harness.server.enqueue(
      scripted.toolCalls({
        name: 'scheduler_schedule',
        // `allow` is not a parameter: an agent cannot widen the envelope even if it tries.
        arguments: { prompt: 'Check ~/Inbox for new files', title: 'Inbox check', in: '2h', allow: ['bash'] },
        callId: 'call_sched',
      }),
      scripted.text('Scheduled.'),
    );
    const first = await harness.runtime.send({ sessionId: null, text: 'In two hours check my inbox.' });
    expect((await first.done!).stopReason).toBe('completed');
    expect(approvals.map(({ tool, risk }) => ({ tool, risk }))).toEqual([
      { tool: 'scheduler_schedule', risk: 'write' },
    ]);
    const [wakeup] = harness.runtime.scheduler.list();
    expect(wakeup).toMatchObject({
      title: 'Inbox check',
      createdBy: 'agent',
      envelope: { readOnly: true, grants: [] },
    });
    const output = harness.events.find((e) => e.type === 'tool_output' && e.callId === 'call_sched');
    expect(output).toMatchObject({
      isError: false,
      output: expect.stringContaining(`Scheduled ${wakeup.id} "Inbox check"`),
    });
    // The prompt section tells the model how a quiet check-in answers.
    expect(body(0)).toContain(QUIET_MARKER);

    harness.server.enqueue(
      scripted.toolCalls({ name: 'scheduler_list', arguments: {}, callId: 'call_list' }),
      scripted.text('One wakeup.'),
    );
    const second = await harness.runtime.send({ sessionId: first.sessionId, text: 'What is scheduled?' });
    expect((await second.done!).stopReason).toBe('completed');
    expect(approvals).toHaveLength(1);
    const listed = harness.events.find((e) => e.type === 'tool_output' && e.callId === 'call_list');
    expect(listed).toMatchObject({ isError: false, output: expect.stringContaining(wakeup.id) });
    // The Schedule context provider shows the wakeup due within 24 hours.
    const request = body(harness.server.requests.length - 2);
    expect(request).toContain('Schedule');
    expect(request).toContain('Wakeups in the next 24 hours');
    expect(request).toContain(`\\"Inbox check\\" (${wakeup.id}, by agent)`);

    const listing = await harness.runtime.send({ sessionId: null, text: '/wakeups' });
    expect(listing.commandOutput).toContain(wakeup.id);
    expect(listing.commandOutput).toContain('by agent');
    const usage = await harness.runtime.send({ sessionId: null, text: '/wakeups stop it' });
    expect(usage.commandOutput).toContain('Usage: /wakeups');
    const paused = await harness.runtime.send({ sessionId: null, text: `/wakeups pause ${wakeup.id}` });
    expect(paused.commandOutput).toContain(`Paused ${wakeup.id}`);
    expect(harness.runtime.scheduler.get(wakeup.id).enabled).toBe(false);
  });

  it('runs its own wakeup now without asking; cancelling asks; /digest reports the run once', async () => {
    h = await createHarness({ plugins: schedulerOnly });
    const harness = h;
    const approvals = allowEveryApproval(harness);
    harness.server.enqueue(
      scripted.toolCalls({
        name: 'scheduler_schedule',
        arguments: { prompt: 'Say whether anything needs me', title: 'Check-in', every: '30m' },
        callId: 'call_a',
      }),
      scripted.text('Set up.'),
    );
    const setup = await harness.runtime.send({ sessionId: null, text: 'Check in every 30 minutes.' });
    await setup.done;
    const [wakeup] = harness.runtime.scheduler.list();
    await harness.runtime.send({ sessionId: null, text: '/digest' }); // marks earlier activity seen

    harness.server.enqueue(
      scripted.toolCalls({ name: 'scheduler_run_now', arguments: { id: wakeup.id }, callId: 'call_run' }),
      scripted.text('Two new invoices arrived.'), // the wakeup's own run
      scripted.text('It ran.'),
    );
    const run = await harness.runtime.send({ sessionId: setup.sessionId, text: 'Run the check-in now.' });
    expect((await run.done!).stopReason).toBe('completed');
    expect(approvals.map((a) => a.tool)).toEqual(['scheduler_schedule']);
    const output = harness.events.find((e) => e.type === 'tool_output' && e.callId === 'call_run');
    expect(output).toMatchObject({ isError: false, output: expect.stringMatching(/ended succeeded\. Session: \S+/) });
    expect(String((output as { output: string }).output)).toContain('Two new invoices arrived.');

    const digest = await harness.runtime.send({ sessionId: null, text: '/digest' });
    expect(digest.commandOutput).toContain('Check-in: done');
    expect(digest.commandOutput).toContain('Two new invoices arrived.');
    const again = await harness.runtime.send({ sessionId: null, text: '/digest' });
    expect(again.commandOutput).toBe('Nothing happened since you last looked.');

    harness.server.enqueue(
      scripted.toolCalls({ name: 'scheduler_cancel', arguments: { id: wakeup.id }, callId: 'call_cancel' }),
      scripted.text('Deleted.'),
    );
    await (
      await harness.runtime.send({ sessionId: setup.sessionId, text: 'Stop the check-in.' })
    ).done;
    expect(approvals.map((a) => ({ tool: a.tool, risk: a.risk }))).toContainEqual({
      tool: 'scheduler_cancel',
      risk: 'destructive',
    });
    expect(harness.runtime.scheduler.list()).toEqual([]);
  });

  it('an unknown id comes back to the model as an error naming it', async () => {
    h = await createHarness({ plugins: schedulerOnly });
    const harness = h;
    harness.runtime.bus.on(
      'approval/requested',
      (p) => void harness.runtime.approvals.decide(p.callId, { type: 'allow_once' }),
    );
    h.server.enqueue(
      scripted.toolCalls({ name: 'scheduler_list', arguments: {}, callId: 'call_l' }),
      scripted.toolCalls({ name: 'scheduler_pause', arguments: { id: 'wk_nope' }, callId: 'call_x' }),
      scripted.text('ok'),
    );
    await (
      await h.runtime.send({ sessionId: null, text: 'go' })
    ).done;
    expect(h.events.find((e) => e.type === 'tool_output' && e.callId === 'call_l')).toMatchObject({
      output: 'No wakeups are scheduled. Create one with scheduler_schedule.',
    });
    expect(h.events.find((e) => e.type === 'tool_output' && e.callId === 'call_x')).toMatchObject({
      isError: true,
      output: expect.stringContaining('No wakeup wk_nope'),
    });
  });
});
