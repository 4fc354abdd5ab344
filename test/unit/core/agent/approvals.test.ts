// Approvals inside real turns: each decision, the timeout, policies, and pending approvals surviving a restart.
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalDecision } from '../../../../preload/contract/approvals';
import { createHarness, type Harness } from '../../../support/runtimeHarness';
import { scripted } from '../../../support/fakeModelServer';

let h: Harness;
afterEach(async () => h?.close());

function writeCall(file: string, callId = 'call_w') {
  return scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'hello' }, callId });
}

async function turnWithDecision(decision: ApprovalDecision) {
  const file = path.join(h.home, `out-${Math.random().toString(36).slice(2)}.txt`);
  h.server.enqueue(writeCall(file), scripted.text('finished'));
  const started = await h.runtime.send({ sessionId: null, text: 'write it' });
  const requested = await h.waitFor((e) => e.type === 'approval_requested' && e.sessionId === started.sessionId);
  expect(h.runtime.approvals.list()).toHaveLength(1);
  expect(h.runtime.approvals.decide((requested as { approval: { callId: string } }).approval.callId, decision).ok).toBe(
    true,
  );
  const outcome = await started.done!;
  const output = (h.server.requests.at(-1)!.body as { input: Array<{ type: string; output?: string }> }).input.find(
    (i) => i.type === 'function_call_output',
  )!.output!;
  const written = await readFile(file, 'utf8').catch(() => null);
  return { outcome, output, written, sessionId: started.sessionId, file };
}

describe('approvals in the loop', () => {
  it('allow once runs the call and asks again next time', async () => {
    h = await createHarness();
    const first = await turnWithDecision({ type: 'allow_once' });
    expect(first.written).toBe('hello');
    expect(first.outcome.stopReason).toBe('completed');
    const second = await turnWithDecision({ type: 'allow_once' });
    expect(second.written).toBe('hello');
  });

  it('deny returns the reason to the model and does not run the tool', async () => {
    h = await createHarness();
    const r = await turnWithDecision({ type: 'deny', reason: 'not in my home folder' });
    expect(r.written).toBeNull();
    expect(r.output).toContain('not in my home folder');
    expect(h.events.find((e) => e.type === 'approval_decided')).toMatchObject({
      decision: { type: 'deny' },
      decidedBy: 'user',
    });
  });

  it('allow for session covers the same call later in that session only', async () => {
    h = await createHarness();
    const r = await turnWithDecision({ type: 'allow_session' });
    expect(r.written).toBe('hello');
    h.server.enqueue(writeCall(r.file, 'again'), scripted.text('done again'));
    const again = await h.runtime.send({ sessionId: r.sessionId, text: 'again' });
    const outcome = await again.done!;
    expect(outcome.stopReason).toBe('completed');
    expect(h.events.filter((e) => e.type === 'approval_requested')).toHaveLength(1);
  });

  it('a call no rule could cover later is offered once or deny only, with the reason (not a rule that never applies)', async () => {
    h = await createHarness();
    h.server.enqueue(
      scripted.toolCalls({
        name: 'bash',
        arguments: { command: 'echo hi > /tmp/deskpilot-unusable.txt' },
        callId: 'c1',
      }),
      scripted.text('ok'),
    );
    const started = await h.runtime.send({ sessionId: null, text: 'write outside' });
    const requested = (await h.waitFor((e) => e.type === 'approval_requested')) as {
      approval: { callId: string; ruleUnusable?: string };
    };
    expect(requested.approval.ruleUnusable).toMatch(/redirection targets > \/tmp\/deskpilot-unusable.txt/);
    expect(h.runtime.approvals.list()[0]!.ruleUnusable).toBe(requested.approval.ruleUnusable);
    h.runtime.approvals.decide('c1', { type: 'deny', reason: 'no' });
    await started.done;
    h.server.enqueue(
      scripted.toolCalls({ name: 'bash', arguments: { command: 'ls' }, callId: 'c2' }),
      scripted.text('ok'),
    );
    const plain = await h.runtime.send({ sessionId: started.sessionId, text: 'list' });
    const second = (await h.waitFor((e) => e.type === 'approval_requested' && e.approval.callId === 'c2')) as {
      approval: { ruleUnusable?: string };
    };
    expect(second.approval.ruleUnusable).toBeUndefined();
    h.runtime.approvals.decide('c2', { type: 'deny' });
    await plain.done;
  });

  it('always allow saves a rule in approvals.json that later sessions use, and revoking it asks again', async () => {
    h = await createHarness();
    const r = await turnWithDecision({
      type: 'allow_always',
      rule: { tool: 'write_file', match: { path: path.join(h.home, '*') } },
    });
    expect(r.written).toBe('hello');
    const saved = JSON.parse(await readFile(path.join(h.home, 'approvals.json'), 'utf8'));
    expect(saved.rules).toHaveLength(1);
    h.server.enqueue(writeCall(path.join(h.home, 'other.txt'), 'x2'), scripted.text('ok'));
    const second = await h.runtime.send({ sessionId: null, text: 'new session write' });
    expect((await second.done!).stopReason).toBe('completed');
    expect(h.events.filter((e) => e.type === 'approval_requested')).toHaveLength(1);
    expect(await h.runtime.grants.revokeRule(saved.rules[0].id)).toBe(true);
    await turnWithDecision({ type: 'allow_once' });
    expect(h.events.filter((e) => e.type === 'approval_requested')).toHaveLength(2);
  });

  it('a pending approval times out to denied', async () => {
    h = await createHarness({ settings: { approvalTimeoutMs: 150 } });
    h.server.enqueue(writeCall(path.join(h.home, 't.txt')), scripted.text('ok'));
    const started = await h.runtime.send({ sessionId: null, text: 'write' });
    const outcome = await started.done!;
    expect(outcome.stopReason).toBe('completed');
    expect(h.events.find((e) => e.type === 'approval_decided')).toMatchObject({
      decidedBy: 'timeout',
      decision: { type: 'deny' },
    });
    expect(await readFile(path.join(h.home, 't.txt'), 'utf8').catch(() => null)).toBeNull();
  });

  it('policy never denies out-of-grant calls without asking; read tools still run', async () => {
    h = await createHarness({ settings: { approvalPolicy: 'never' } });
    h.server.enqueue(
      scripted.toolCalls(
        { name: 'write_file', arguments: { path: path.join(h.home, 'n.txt'), content: 'x' } },
        { name: 'list_dir', arguments: { path: h.home } },
      ),
      scripted.text('ok'),
    );
    const started = await h.runtime.send({ sessionId: null, text: 'write' });
    await started.done;
    expect(h.events.some((e) => e.type === 'approval_requested')).toBe(false);
    const outputs = (h.server.requests[1].body as { input: Array<{ type: string; output?: string }> }).input.filter(
      (i) => i.type === 'function_call_output',
    );
    expect(outputs[0].output).toMatch(/never/);
    expect(outputs[1].output).toContain('settings.json');
  });

  it('policy untrusted asks even for tools that waive approval under on-request', async () => {
    h = await createHarness({ settings: { approvalPolicy: 'untrusted' } });
    h.server.enqueue(writeCall(path.join(h.home, 'u.txt')), scripted.text('ok'));
    const started = await h.runtime.send({ sessionId: null, text: 'write' });
    const requested = await h.waitFor((e) => e.type === 'approval_requested');
    expect(requested).toMatchObject({ approval: { tool: 'write_file', risk: 'write' } });
    h.runtime.approvals.decide((requested as { approval: { callId: string } }).approval.callId, { type: 'deny' });
    await started.done;
  });

  it('a pending approval survives a crash and restart; deciding it afterwards runs the tool once and finishes the turn', async () => {
    h = await createHarness();
    await h.runtime.close();
    const file = path.join(h.home, 'restart.txt');
    h.server.enqueue(writeCall(file, 'call_restart'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'crashingRuntime.ts')], {
      env: h.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fixture never reached PENDING: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d.toString();
        if (!out.includes('PENDING')) return;
        clearTimeout(timer);
        resolve();
      });
    });
    const sessionId = /SESSION (\S+)/.exec(out)![1];
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const runtime = await h.restart();
    expect(runtime.approvals.list().map((p) => p.callId)).toEqual(['call_restart']);
    h.server.enqueue(scripted.text('written after restart'));
    expect(runtime.approvals.decide('call_restart', { type: 'allow_once' }).ok).toBe(true);
    await h.waitFor((e) => e.type === 'turn_completed' && e.sessionId === sessionId);
    expect(await readFile(file, 'utf8')).toBe('hello');
    const loaded = await runtime.sessions.load(sessionId);
    const outputs = loaded.entries.filter(
      (e) => e.item.type === 'function_call_output' && e.item.call_id === 'call_restart',
    );
    expect(outputs).toHaveLength(1);
    expect(loaded.entries.at(-1)!.item).toMatchObject({ type: 'message', role: 'assistant' });
  });
});
