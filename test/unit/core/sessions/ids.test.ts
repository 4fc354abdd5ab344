// Tests for session ids: shape, creation-order sorting, time round trip.
import { describe, expect, it } from 'vitest';
import { isSessionId, newSessionId, sessionIdTime } from '../../../../main/core/sessions/ids';

describe('session ids', () => {
  it('have the s_ + 22 Crockford base32 chars shape', () => {
    const id = newSessionId();
    expect(id).toMatch(/^s_[0-9a-z]{22}$/);
    expect(isSessionId(id)).toBe(true);
    for (const bad of ['s_short', `x_${id.slice(2)}`, `${id}/..`, '../etc/passwd', `s_${'i'.repeat(22)}`, 42]) {
      expect(isSessionId(bad)).toBe(false);
    }
  });

  it('sort lexicographically in creation order, within one millisecond too', () => {
    const ids: string[] = [];
    const base = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 200; i++) ids.push(newSessionId(new Date(base + Math.floor(i / 50) * 7)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('order across years by time', () => {
    const older = newSessionId(new Date('2001-05-05T00:00:00Z'));
    const newer = newSessionId(new Date('2030-01-01T00:00:00Z'));
    expect(older < newer).toBe(true);
  });

  it('encode their creation time', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    expect(sessionIdTime(newSessionId(at))?.toISOString()).toBe(at.toISOString());
    expect(sessionIdTime('nope')).toBeUndefined();
  });
});
