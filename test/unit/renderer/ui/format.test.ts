// Tests for display formatting helpers (renderer/ui/format.ts).
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatRelative,
  formatTokens,
  prettyJsonString,
} from '../../../../renderer/ui/format';

describe('format helpers', () => {
  it('formats token counts', () => {
    expect([999, 1234, 12_345, 1_234_567].map(formatTokens)).toEqual(['999', '1.2k', '12k', '1.2M']);
  });

  it('formats byte sizes', () => {
    expect([512, 1536, 2 * 1024 * 1024].map(formatBytes)).toEqual(['512 B', '1.5 KB', '2.0 MB']);
  });

  it('formats durations', () => {
    expect([850, 2400, 185_000].map(formatDuration)).toEqual(['850 ms', '2.4 s', '3 min 5 s']);
  });

  it('formats relative times', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(formatRelative('2026-01-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2026-01-10T11:55:00Z', now)).toBe('5 min');
    expect(formatRelative('2026-01-10T09:00:00Z', now)).toBe('3 h');
    expect(formatRelative('2026-01-08T12:00:00Z', now)).toBe('2 d');
    expect(formatRelative('not a date', now)).toBe('');
  });

  it('pretty-prints JSON strings and leaves other text alone', () => {
    expect(prettyJsonString('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJsonString('{broken')).toBe('{broken');
  });
});
