// Tests for the approval expiry label (renderer/features/approval/useCountdown.ts).
import { describe, expect, it } from 'vitest';
import { countdownLabel } from '../../../../../renderer/features/approval/useCountdown';

describe('countdownLabel', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('counts minutes, then seconds, then says expired', () => {
    expect(countdownLabel('2026-01-01T00:09:30Z', now)).toBe('expires in 10 min');
    expect(countdownLabel('2026-01-01T00:00:42Z', now)).toBe('expires in 42 s');
    expect(countdownLabel('2025-12-31T23:59:00Z', now)).toBe('expired');
    expect(countdownLabel('garbage', now)).toBe('');
  });
});
