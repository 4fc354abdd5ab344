// Tests for UTF-8-safe output cutting.
import { describe, expect, it } from 'vitest';
import { cutOutput, utf8SafeLength } from '../../../../main/core/tools/output';

describe('cutOutput', () => {
  it('leaves output that fits untouched', () => {
    expect(cutOutput('hello', 5)).toBe('hello');
  });

  it('cuts on a character boundary and notes the sizes', () => {
    const text = 'ab€€'; // 2 + 3 + 3 = 8 bytes
    expect(cutOutput(text, 4)).toBe('ab\n[output cut: 2 of 8 bytes shown]');
    expect(cutOutput(text, 5)).toBe('ab€\n[output cut: 5 of 8 bytes shown]');
    expect(cutOutput('😀x', 3)).toBe('\n[output cut: 0 of 5 bytes shown]');
  });

  it('utf8SafeLength never splits a multi-byte sequence', () => {
    const bytes = Buffer.from('é😀', 'utf8'); // 2 + 4
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => utf8SafeLength(bytes, n))).toEqual([0, 0, 2, 2, 2, 2, 6]);
  });
});
