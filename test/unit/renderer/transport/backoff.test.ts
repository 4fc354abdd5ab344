// Tests for the reconnect delay schedule (renderer/transport/backoff.ts).
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../renderer/transport/backoff';

const opts = { baseMs: 100, maxMs: 1000, jitter: 0.5 };

describe('backoffDelay', () => {
  it('doubles per attempt and caps at maxMs without jitter', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, opts, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('removes at most `jitter` of the delay', () => {
    expect(backoffDelay(3, opts, () => 0.999)).toBeGreaterThanOrEqual(400);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(600);
  });
});
