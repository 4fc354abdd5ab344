// Tests for ApprovalBroker: request/decide, keys by session + call id, timeout, restore after a restart, cancel, dispose.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PendingApproval } from '../../../../preload/contract/approvals';
import { ApprovalBroker, type ApprovalRequest, type DecidedApproval } from '../../../../main/core/approvals/broker';
import { createLogger } from '../../../../main/core/util/log';

const brokers: ApprovalBroker[] = [];
afterEach(() => {
  for (const b of brokers.splice(0)) b.dispose();
  vi.useRealTimers();
});

function broker(timeoutMs = 60_000, now?: () => number): ApprovalBroker {
  const b = new ApprovalBroker({ timeoutMs, now, log: createLogger('test', { level: 'error' }) });
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

function decisions(b: ApprovalBroker): DecidedApproval[] {
  const seen: DecidedApproval[] = [];
  b.onDecided((d) => seen.push(d));
  return seen;
}

describe('ApprovalBroker', () => {
  it('request -> decide emits requested and decided and empties the list', () => {
    const b = broker(60_000, () => Date.parse('2030-01-01T00:00:00.000Z'));
    const requested: PendingApproval[] = [];
    b.onRequested((p) => requested.push(p));
    const decided = decisions(b);

    const approval = b.request(req('call_a'));
    expect(approval).toMatchObject({
      callId: 'call_a',
      requestedAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:01:00.000Z',
    });
    expect(requested).toEqual([approval]);
    expect(b.list()).toEqual([approval]);

    const result = b.decide('call_a', { type: 'allow_once' });
    expect(result).toMatchObject({ ok: true, value: { callId: 'call_a', tool: 'bash' } });
    expect(decided).toEqual([{ approval, decision: { type: 'allow_once' }, decidedBy: 'user' }]);
    expect(b.list()).toEqual([]);

    const again = b.decide('call_a', { type: 'allow_once' });
    expect(again.ok ? 'ok' : again.error.code).toBe('not_found');
  });

  it('rejects malformed decisions and duplicate requests in one session', () => {
    const b = broker();
    b.request(req('call_a'));
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    const bad = b.decide('call_a', { type: 'maybe' } as never);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid_params');
    expect(() => b.request(req('call_a'))).toThrow(/already pending/);
  });

  it('keys approvals by session and call id: the same call id in two sessions never crosses', () => {
    const b = broker();
    const decided = decisions(b);
    b.request(req('call_1', 'sA'));
    b.request(req('call_1', 'sB'));
    expect(b.list()).toHaveLength(2);
    const ambiguous = b.decide('call_1', { type: 'allow_once' });
    expect(ambiguous.ok ? 'ok' : ambiguous.error.code).toBe('conflict');
    expect(b.decide('call_1', { type: 'deny' }, 'sB').ok).toBe(true);
    expect(decided.map((d) => [d.approval.sessionId, d.decision.type])).toEqual([['sB', 'deny']]);
    expect(b.get('call_1', 'sA')).toMatchObject({ sessionId: 'sA' });
    expect(b.get('call_1', 'sB')).toBeUndefined();
    expect(b.decide('call_1', { type: 'allow_once' }).ok).toBe(true);
    expect(decided.map((d) => d.approval.sessionId)).toEqual(['sB', 'sA']);
  });

  it('denies by timeout after timeoutMs', () => {
    vi.useFakeTimers();
    const b = broker(40);
    const decided = decisions(b);
    b.request(req('call_t'));
    vi.advanceTimersByTime(39);
    expect(decided).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(decided[0]).toMatchObject({
      decidedBy: 'timeout',
      decision: { type: 'deny', reason: expect.stringMatching(/^The approval timed out after .+\.$/) },
    });
    expect(b.list()).toEqual([]);
  });

  it('restores an approval that expired while the runtime was down and denies it by timeout at once', async () => {
    vi.useFakeTimers();
    const now = Date.parse('2030-01-01T01:00:00Z');
    const b = broker(60_000, () => now);
    const decided = decisions(b);
    const approval: PendingApproval = {
      ...req('call_old'),
      requestedAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:10:00.000Z',
    };
    b.restore(approval);
    b.restore(approval);
    expect(b.list()).toEqual([approval]);
    await vi.advanceTimersByTimeAsync(0);
    expect(decided).toEqual([
      {
        approval,
        decision: { type: 'deny', reason: 'The approval timed out after 10 minutes.' },
        decidedBy: 'timeout',
      },
    ]);
  });

  it('lists oldest first', () => {
    let t = Date.parse('2030-01-01T00:00:00Z');
    const b = broker(60_000, () => t);
    b.request(req('later'));
    t -= 10_000;
    b.request(req('earlier'));
    expect(b.list().map((p) => p.callId)).toEqual(['earlier', 'later']);
  });

  it('cancelSession denies only that session with decidedBy policy', () => {
    const b = broker();
    const decided = decisions(b);
    b.request(req('a1', 'sA'));
    b.request(req('a2', 'sA'));
    b.request(req('b1', 'sB'));
    expect(b.cancelSession('sA', 'The turn was interrupted.')).toBe(2);
    expect(decided.map((d) => [d.approval.callId, d.decidedBy, d.decision])).toEqual([
      ['a1', 'policy', { type: 'deny', reason: 'The turn was interrupted.' }],
      ['a2', 'policy', { type: 'deny', reason: 'The turn was interrupted.' }],
    ]);
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
    b.request(req('one'));
    off();
    b.request(req('two'));
    expect(seen).toEqual(['one']);
  });

  it('dispose stops timeouts (the parked turn keeps the approval for the next start)', () => {
    vi.useFakeTimers();
    const b = broker(30);
    const decided = decisions(b);
    b.request(req('call_d'));
    b.dispose();
    vi.advanceTimersByTime(1000);
    expect(decided).toEqual([]);
  });
});
