// Tests for event payload validation and fan-out (renderer/transport/eventHub.ts).
import { describe, expect, it } from 'vitest';
import { createEventHub, validateEvent } from '../../../../renderer/transport/eventHub';

const resolved = { callId: 'c', sessionId: 's' };

describe('validateEvent', () => {
  it('accepts a payload that matches the contract schema', () => {
    expect(validateEvent('approval/resolved', resolved)).toEqual({
      ok: true,
      event: 'approval/resolved',
      payload: resolved,
    });
  });

  it('rejects unknown channels and invalid payloads with a reason', () => {
    const unknown = validateEvent('nope/happened', {});
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.reason).toContain('unknown event channel');
    const bad = validateEvent('agent/event', { type: 'text_delta', sessionId: 's', turnId: 't' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toContain('agent/event');
  });

  it('rejects inherited property names as channels', () => {
    expect(validateEvent('toString', {}).ok).toBe(false);
  });
});

describe('createEventHub', () => {
  it('delivers valid events, drops invalid ones with a warning and isolates throwing listeners', () => {
    const warnings: string[] = [];
    const hub = createEventHub((m) => warnings.push(m));
    const got: unknown[] = [];
    hub.on('approval/resolved', () => {
      throw new Error('listener bug');
    });
    const off = hub.on('approval/resolved', (p) => got.push(p));
    hub.emit('approval/resolved', resolved);
    hub.emit('approval/resolved', { callId: 1 });
    expect(got).toEqual([resolved]);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
    expect(warnings.some((w) => w.includes('invalid payload'))).toBe(true);
    off();
    hub.emit('approval/resolved', resolved);
    expect(got).toHaveLength(1);
  });
});
