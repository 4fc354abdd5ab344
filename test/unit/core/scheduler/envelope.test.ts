// Unattended runs and their grant envelope (issue 10 §5), through a real runtime and the fake model server: an
// allowed call runs without asking; anything else parks the run on an approval (waiting_approval, notified), resumes
// when the user allows it, and ends `denied` when the user or the approval timeout denies it; shell constraints hold
// against `;`, `&&`, pipes and `$()`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../../../preload/contract/approvals';
import type { SchedulerNotification } from '../../../../main/core/scheduler/scheduler';
import type { RuleArgKind } from '../../../../plugins/sdk/types';
import { createHandlers } from '../../../../main/core/api/handlers';
import { envelopeRules } from '../../../../main/core/scheduler/envelopeRules';
import { scripted } from '../../../support/fakeModelServer';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const bash = (command: string, callId: string) => scripted.toolCalls({ name: 'bash', arguments: { command }, callId });

/** Resolves with the next approval requested in the runtime. */
function nextApproval(harness: Harness): Promise<PendingApproval> {
  return new Promise((resolve) => {
    const off = harness.runtime.bus.on('approval/requested', (pending) => {
      off();
      resolve(pending);
    });
  });
}

async function wakeup(harness: Harness, allow: string[]) {
  const handlers = createHandlers(harness.runtime);
  const { wakeup: w } = await handlers['wakeup/create']({ prompt: 'tidy up', every: '1h', allow, test: false });
  return { handlers, id: w.id };
}

describe('envelopeRules', () => {
  it('turns grants into rule drafts: prefixes for bash, roots for paths, hosts for urls; constraints never widen', () => {
    const table: Record<string, Record<string, RuleArgKind>> = {
      bash: { command: 'shell' },
      write_file: { path: 'path' },
    };
    const kinds = (tool: string) => table[tool];
    const budget = { toolCalls: 5, minutes: 5, tokens: 1000 };
    expect(
      envelopeRules(
        {
          readOnly: true,
          budget,
          grants: [
            { tool: 'bash', commands: ['git status'] },
            { tool: 'write_file', paths: ['/home/me/Inbox/'] },
            { tool: 'open_url', hosts: ['example.com'] },
            { tool: 'browser_click', paths: ['/nowhere'] },
            { tool: 'memory_add' },
          ],
        },
        kinds,
      ),
    ).toEqual([
      { tool: 'bash', match: { command: 'git status *' } },
      { tool: 'write_file', match: { path: '/home/me/Inbox/*' } },
      { tool: 'open_url', match: { url: 'https://example.com' } },
      { tool: 'open_url', match: { url: 'https://example.com/*' } },
      { tool: 'open_url', match: { url: 'http://example.com' } },
      { tool: 'open_url', match: { url: 'http://example.com/*' } },
      { tool: 'memory_add', match: {} },
    ]);
  });
});

describe('unattended runs and their envelope', () => {
  it('an allowed call runs without asking; its grant ends with the run', async () => {
    h = await createHarness();
    const { handlers, id } = await wakeup(h, ['bash:echo']);
    h.server.enqueue(bash('echo from-the-envelope', 'c1'), scripted.text('Done.'));
    const receipt = await handlers['wakeup/runNow']({ wakeupId: id });
    expect(receipt).toMatchObject({ status: 'succeeded', toolsUsed: ['bash'] });
    expect(h.events.filter((e) => e.type === 'approval_requested')).toEqual([]);
    const output = h.events.find((e) => e.type === 'tool_output' && e.callId === 'c1');
    expect(output).toMatchObject({ isError: false, output: expect.stringContaining('from-the-envelope') });
    // The same call in the same session, typed by the user afterwards, asks as usual.
    h.server.enqueue(bash('echo from-the-envelope', 'c2'), scripted.text('ok'));
    const asked = nextApproval(h);
    const user = await h.runtime.send({ sessionId: receipt.sessionId!, text: 'again' });
    expect((await asked).callId).toBe('c2');
    h.runtime.approvals.decide('c2', { type: 'deny' });
    await user.done;
  });

  it('a call outside the envelope parks the run (waiting_approval, notified); allowing it resumes the run', async () => {
    const notes: SchedulerNotification[] = [];
    h = await createHarness({ runtime: { onSchedulerNotification: (n) => notes.push(n) } });
    const marker = path.join(h.home, 'marker.txt');
    const { handlers, id } = await wakeup(h, ['bash:echo']);
    // `echo ok; touch …` starts like an allowed command, but the envelope covers every command of the line or none.
    h.server.enqueue(bash(`echo ok; echo ran >> ${marker}`, 'c1'), scripted.text('Wrote the marker.'));
    const asked = nextApproval(h);
    const run = handlers['wakeup/runNow']({ wakeupId: id });
    const pending = await asked;
    expect(pending).toMatchObject({ tool: 'bash', callId: 'c1' });
    await expect.poll(() => notes.map((n) => n.kind)).toContain('waiting_approval');
    const detail = await handlers['wakeup/get']({ wakeupId: id, limit: 5 });
    expect(detail.receipts[0]).toMatchObject({ status: 'waiting_approval' });
    await expect(readFile(marker, 'utf8')).rejects.toThrow(/ENOENT/);
    h.runtime.approvals.decide('c1', { type: 'allow_once' });
    expect(await run).toMatchObject({ status: 'succeeded', toolsUsed: ['bash'] });
    expect(await readFile(marker, 'utf8')).toBe('ran\n');
  });

  it('a denial ends the run denied, and it is not retried', async () => {
    h = await createHarness();
    const { handlers, id } = await wakeup(h, []);
    h.server.enqueue(bash('echo $(id)', 'c1'), scripted.text('I could not run it.'));
    const asked = nextApproval(h);
    const run = handlers['wakeup/runNow']({ wakeupId: id });
    h.runtime.approvals.decide((await asked).callId, { type: 'deny', reason: 'not at night' });
    expect(await run).toMatchObject({ status: 'denied', error: expect.stringMatching(/denied .*not at night/) });
    const w = (await handlers['wakeup/get']({ wakeupId: id, limit: 5 })).wakeup;
    expect(w.retry).toBeNull();
    expect(w.consecutiveFailures).toBe(0);
  });

  it('an approval nobody answers times out: the run ends denied', async () => {
    h = await createHarness({ settings: { approvalTimeoutMs: 1500 } });
    const { handlers, id } = await wakeup(h, ['bash:ls']);
    h.server.enqueue(bash('ls | sh', 'c1'), scripted.text('Stopped.'));
    const receipt = await handlers['wakeup/runNow']({ wakeupId: id });
    expect(receipt).toMatchObject({ status: 'denied', error: expect.stringMatching(/not approved in time/) });
  });
});
