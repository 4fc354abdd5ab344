// Tests for ApprovalBroker: request/decide, timeout, persistence and restore across instances, cancelSession, dispose.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../../../preload/contract/approvals';
import { ApprovalBroker, type ApprovalRequest, type DecidedApproval } from '../../../../main/core/approvals/broker';

let home: string;
const brokers: ApprovalBroker[] = [];
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-broker-'));
});
afterEach(async () => {
  for (const b of brokers.splice(0)) {
    b.dispose();
    await b.flush();
  }
  await rm(home, { recursive: true, force: true });
});

function broker(timeoutMs = 60_000, now?: () => number): ApprovalBroker {
  const b = new ApprovalBroker({ home, timeoutMs, now });
  brokers.push(b);
  return b;
}

function req(callId: string, sessionId = 'sess_1'): ApprovalRequest {
  return {
    callId,
    sessionId,
    turnId: 'turn_1',
    tool: 'bash',
    arguments: { command: 'ls -la' },
    risk: 'destructive',
    suggestedRule: { tool: 'bash', match: { command: 'ls *' } },
  };
}

async function fileContent(): Promise<{ version: number; pending: PendingApproval[] }> {
  return JSON.parse(await readFile(join(home, 'pending-approvals.json'), 'utf8'));
}

describe('ApprovalBroker', () => {
  it('request -> decide resolves the requester, emits events and clears the file', async () => {
    const b = broker(60_000, () => Date.parse('2030-01-01T00:00:00.000Z'));
    const requested: PendingApproval[] = [];
    const decided: DecidedApproval[] = [];
    b.onRequested((p) => requested.push(p));
    b.onDecided((d) => decided.push(d));

    const outcome = b.request(req('call_a'));
    expect(b.list().map((p) => p.callId)).toEqual(['call_a']);
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({
      callId: 'call_a',
      requestedAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:01:00.000Z',
    });
    await b.flush();
    expect((await fileContent()).pending.map((p) => p.callId)).toEqual(['call_a']);

    const result = b.decide('call_a', { type: 'allow_once' });
    expect(result).toMatchObject({ ok: true, value: { callId: 'call_a', tool: 'bash' } });
    await expect(outcome).resolves.toEqual({ decision: { type: 'allow_once' }, decidedBy: 'user' });
    expect(decided).toEqual([{ approval: requested[0], decision: { type: 'allow_once' }, decidedBy: 'user' }]);
    expect(b.list()).toEqual([]);
    await b.flush();
    expect(await fileContent()).toEqual({ version: 1, pending: [] });

    const again = b.decide('call_a', { type: 'allow_once' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('not_found');
  });

  it('rejects malformed decisions and duplicate requests', async () => {
    const b = broker();
    const pending = b.request(req('call_a'));
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    const bad = b.decide('call_a', { type: 'maybe' } as never);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid_params');
    await expect(b.request(req('call_a'))).rejects.toThrow(/already pending/);
    b.decide('call_a', { type: 'deny', reason: 'no' });
    await expect(pending).resolves.toEqual({ decision: { type: 'deny', reason: 'no' }, decidedBy: 'user' });
  });

  it('denies after timeoutMs', async () => {
    const b = broker(40);
    const decided: DecidedApproval[] = [];
    b.onDecided((d) => decided.push(d));
    const started = Date.now();
    const outcome = await b.request(req('call_t'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.decidedBy).toBe('timeout');
    expect(outcome.decision).toEqual({
      type: 'deny',
      reason: expect.stringMatching(/^The approval timed out after .+\.$/),
    });
    expect(decided[0].decidedBy).toBe('timeout');
    expect(b.list()).toEqual([]);
  });

  it('lists oldest first', () => {
    let t = Date.parse('2030-01-01T00:00:00Z');
    const b = broker(60_000, () => t);
    void b.request(req('later'));
    t -= 10_000;
    void b.request(req('earlier'));
    expect(b.list().map((p) => p.callId)).toEqual(['earlier', 'later']);
  });

  it('restores pending approvals in a new instance; a decision resolves awaitDecision', async () => {
    const first = broker();
    void first.request(req('call_r'));
    void first.request(req('call_s'));
    await first.flush();
    first.dispose(); // the "crash": nothing is decided

    const second = broker();
    await second.load();
    expect(second.list().map((p) => p.callId)).toEqual(['call_r', 'call_s']);
    expect(second.get('call_r')?.arguments).toEqual({ command: 'ls -la' });

    const waiting = second.awaitDecision('call_r');
    expect(second.decide('call_r', { type: 'allow_session' }).ok).toBe(true);
    await expect(waiting).resolves.toEqual({ decision: { type: 'allow_session' }, decidedBy: 'user' });

    // Decided before anyone awaited: kept until claimed, then gone.
    expect(second.decide('call_s', { type: 'deny', reason: 'later' }).ok).toBe(true);
    await expect(second.awaitDecision('call_s')).resolves.toEqual({
      decision: { type: 'deny', reason: 'later' },
      decidedBy: 'user',
    });
    await expect(second.awaitDecision('call_s')).rejects.toThrow(/call_s/);
    await second.flush();
    expect((await fileContent()).pending).toEqual([]);
  });

  it('times out a restored approval from its expiresAt with the wait in minutes', async () => {
    const now = Date.now();
    const approval: PendingApproval = {
      ...req('call_old'),
      requestedAt: new Date(now - 11 * 60_000).toISOString(),
      expiresAt: new Date(now - 60_000).toISOString(),
    };
    await writeFile(join(home, 'pending-approvals.json'), JSON.stringify({ version: 1, pending: [approval] }));
    const b = broker();
    await b.load();
    await expect(b.awaitDecision('call_old')).resolves.toEqual({
      decision: { type: 'deny', reason: 'The approval timed out after 10 minutes.' },
      decidedBy: 'timeout',
    });
  });

  it('cancelSession denies only that session, decided by policy', async () => {
    const b = broker();
    const a1 = b.request(req('a1', 'sA'));
    const a2 = b.request(req('a2', 'sA'));
    void b.request(req('b1', 'sB'));
    expect(b.cancelSession('sA', 'The turn was interrupted.')).toBe(2);
    const expected = { decision: { type: 'deny', reason: 'The turn was interrupted.' }, decidedBy: 'policy' };
    await expect(a1).resolves.toEqual(expected);
    await expect(a2).resolves.toEqual(expected);
    expect(b.list().map((p) => p.callId)).toEqual(['b1']);
    expect(b.cancelSession('sA', 'again')).toBe(0);
  });

  it('unsubscribes listeners and keeps going when one throws', () => {
    const b = broker();
    const seen: string[] = [];
    b.onRequested(() => {
      throw new Error('listener bug');
    });
    const off = b.onRequested((p) => seen.push(p.callId));
    void b.request(req('one'));
    off();
    void b.request(req('two'));
    expect(seen).toEqual(['one']);
  });

  it('dispose stops timeouts but keeps approvals on disk', async () => {
    const b = broker(30);
    let settled = false;
    void b.request(req('call_d')).then(() => (settled = true));
    b.dispose();
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    await b.flush();
    expect((await fileContent()).pending.map((p) => p.callId)).toEqual(['call_d']);
  });

  it('backs up an invalid file and throws naming it', async () => {
    const path = join(home, 'pending-approvals.json');
    await writeFile(path, '{"version": 2, "pending": []}');
    const b = broker();
    await expect(b.load()).rejects.toThrow(/pending-approvals\.json is invalid: version/);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('{"version": 2, "pending": []}');
    expect(b.list()).toEqual([]);
  });

  it('awaitDecision rejects for an unknown call', async () => {
    await expect(broker().awaitDecision('nope')).rejects.toThrow(/nope/);
  });
});
