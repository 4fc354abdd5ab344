// TurnState: round-trip on disk (0600, atomic), an invalid file moved aside, the one-time legacy migration, and
// parked turns end to end: park, resume once, expired while down -> denied by timeout, ended by a new message.
// (Two sessions reusing one call id: test/security/parkedTurns.test.ts.)
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../../../preload/contract/approvals';
import type { FunctionCallItem } from '../../../../preload/contract/items';
import { zeroUsage } from '../../../../preload/contract/items';
import {
  migrateLegacyApprovals,
  TURN_STATE_VERSION,
  TurnStateStore,
  type TurnState,
} from '../../../../main/core/agent/turnState';
import { createLogger } from '../../../../main/core/util/log';
import { createHarness, type Harness } from '../../../support/runtimeHarness';
import { scripted } from '../../../support/fakeModelServer';

const log = createLogger('test', { level: 'error', sink: () => {} });
let dir: string | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const call: FunctionCallItem = {
  type: 'function_call',
  call_id: 'call_1',
  name: 'bash',
  arguments: '{"command":"echo hi"}',
};
const approval: PendingApproval = {
  callId: 'call_1',
  sessionId: 's_one',
  turnId: 't_one',
  tool: 'bash',
  arguments: { command: 'echo hi' },
  risk: 'destructive',
  suggestedRule: { tool: 'bash', match: { command: 'echo hi' } },
  requestedAt: '2030-01-01T00:00:00.000Z',
  expiresAt: '2030-01-01T00:10:00.000Z',
};
const state: TurnState = {
  version: TURN_STATE_VERSION,
  sessionId: 's_one',
  turnId: 't_one',
  parkedAt: '2030-01-01T00:00:00.000Z',
  userText: 'say hi',
  usage: { ...zeroUsage, inputTokens: 12, totalTokens: 12 },
  toolRounds: 2,
  toolResults: [{ callId: 'call_0', status: 'ok', isError: false, durationMs: 3 }],
  calls: [call, { ...call, call_id: 'call_2' }],
  approval,
};

describe('TurnStateStore', () => {
  it('round-trips a parked turn exactly, privately, one file per session', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'deskpilot-turns-'));
    const store = new TurnStateStore(dir, log);
    expect(await store.read('s_one')).toBeNull();
    await store.save(state);
    expect(await store.read('s_one')).toEqual(state);
    expect((await stat(store.pathOf('s_one'))).mode & 0o777).toBe(0o600);
    expect(await store.list()).toEqual([state]);
    await store.remove('s_one');
    expect(await store.list()).toEqual([]);
    expect(() => store.pathOf('../x')).toThrow(/not a valid session id/);
  });

  it('moves an invalid or newer-version file aside and reads nothing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'deskpilot-turns-'));
    const store = new TurnStateStore(dir, log);
    await store.save(state);
    await writeFile(store.pathOf('s_one'), JSON.stringify({ ...state, version: 9 }));
    expect(await store.read('s_one')).toBeNull();
    expect((await readdir(store.dir)).some((n) => n.startsWith('s_one.json.invalid-'))).toBe(true);
  });

  it('migrates a legacy pending-approvals.json once, with the exact calls still waiting', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'deskpilot-turns-'));
    const store = new TurnStateStore(dir, log);
    const legacy = path.join(dir, 'pending-approvals.json');
    const gone = { ...approval, callId: 'call_gone', sessionId: 's_two' };
    await writeFile(legacy, JSON.stringify({ version: 1, pending: [approval, gone] }));
    const unanswered = async (id: string) => (id === 's_one' ? [{ ...call, call_id: 'call_0' }, ...state.calls] : []);
    expect(await migrateLegacyApprovals(dir, store, unanswered, log)).toBe(1);
    expect(await store.read('s_one')).toMatchObject({ turnId: 't_one', calls: state.calls, approval });
    expect(await store.read('s_two')).toBeNull();
    await expect(stat(legacy)).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(`${legacy}.migrated`, 'utf8')).pending).toHaveLength(2);
    expect(await migrateLegacyApprovals(dir, store, unanswered, log)).toBe(0);
  });
});

describe('parked turns in a runtime', () => {
  it('a turn that needs a decision parks (state on disk, no turn running) and a decision resumes it once', async () => {
    h = await createHarness();
    const file = path.join(h.home, 'parked.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' }, callId: 'call_p' }),
      scripted.text('done'),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'write' });
    await h.waitFor((e) => e.type === 'turn_completed' && e.stopReason === 'awaiting_approval');
    await h.runtime.loop.settled(sent.sessionId);
    expect(h.runtime.loop.isRunning(sent.sessionId)).toBe(false);
    const parked = await h.runtime.turns.parked(sent.sessionId);
    expect(parked).toMatchObject({
      turnId: sent.turnId,
      calls: [{ call_id: 'call_p' }],
      approval: { callId: 'call_p' },
    });
    expect(h.runtime.approvals.decide('call_p', { type: 'allow_once' }, sent.sessionId).ok).toBe(true);
    const outcome = await sent.done!;
    expect(outcome).toMatchObject({ stopReason: 'completed', turnId: sent.turnId });
    expect(h.events.some((e) => e.type === 'turn_resumed' && e.turnId === sent.turnId)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('x');
    expect(await h.runtime.turns.parked(sent.sessionId)).toBeNull();
    const loaded = await h.runtime.sessions.load(sent.sessionId);
    expect(loaded.entries.filter((e) => e.item.type === 'function_call_output')).toHaveLength(1);
    expect(loaded.turns.map((t) => [t.turnId, t.stopReason])).toEqual([[sent.turnId, 'completed']]);
  });

  it('an approval that expired while Deskpilot was down is denied by timeout on the next start, with an output', async () => {
    h = await createHarness({ settings: { approvalTimeoutMs: 60_000 } });
    const file = path.join(h.home, 'late.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' }, callId: 'call_late' }),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'write' });
    await h.waitFor((e) => e.type === 'turn_completed' && e.stopReason === 'awaiting_approval');
    await h.runtime.close();
    // While Deskpilot is down the approval expires.
    const store = new TurnStateStore(h.home, log);
    const parked = (await store.read(sent.sessionId))!;
    await store.save({
      ...parked,
      approval: { ...parked.approval, expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    h.server.enqueue(scripted.text('ok, not written'));
    const runtime = await h.restart();
    await h.waitFor(
      (e) => e.type === 'turn_completed' && e.sessionId === sent.sessionId && e.stopReason === 'completed',
    );
    expect(h.events.find((e) => e.type === 'approval_decided' && e.callId === 'call_late')).toMatchObject({
      decidedBy: 'timeout',
    });
    const loaded = await runtime.sessions.load(sent.sessionId);
    const outputs = loaded.entries.filter((e) => e.item.type === 'function_call_output');
    expect(outputs).toHaveLength(1);
    expect(outputs[0].item).toMatchObject({ call_id: 'call_late', output: expect.stringMatching(/timed out/) });
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await runtime.turns.parked(sent.sessionId)).toBeNull();
  });

  it('a new message ends the parked turn: its call is recorded as not run and never runs later', async () => {
    h = await createHarness();
    const file = path.join(h.home, 'never.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' }, callId: 'call_n' }),
    );
    const first = await h.runtime.send({ sessionId: null, text: 'write' });
    await h.waitFor((e) => e.type === 'turn_completed' && e.stopReason === 'awaiting_approval');
    h.server.enqueue(scripted.text('fine'));
    const second = await h.runtime.send({ sessionId: first.sessionId, text: 'never mind' });
    expect((await first.done!).stopReason).toBe('interrupted');
    expect((await second.done!).stopReason).toBe('completed');
    expect(h.runtime.approvals.list()).toEqual([]);
    const loaded = await h.runtime.sessions.load(first.sessionId);
    expect(loaded.entries.find((e) => e.item.type === 'function_call_output')!.item).toMatchObject({
      output: expect.stringMatching(/^not run: A new message was sent/),
    });
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
