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

  it('keeps the total of the complete output when the tool already cut its own output', () => {
    // A tool kept 10 of 1000 bytes and said so; the runtime cuts again to 8 bytes.
    const fromTool = `status\n0123456789\n[output cut: 10 of 1000 bytes shown]`; // body: 7 + 10 = 17 bytes
    expect(cutOutput(fromTool, 8)).toBe('status\n0\n[output cut: 8 of 1007 bytes shown]');
    // Only the note pushed it over the limit: all of the body is shown, the total is still the complete size.
    expect(cutOutput(fromTool, 20)).toBe('status\n0123456789\n[output cut: 17 of 1007 bytes shown]');
    // A note that is not at the very end is ordinary text.
    expect(cutOutput('[output cut: 1 of 9 bytes shown] tail', 5)).toBe('[outp\n[output cut: 5 of 37 bytes shown]');
  });

  it('utf8SafeLength never splits a multi-byte sequence', () => {
    const bytes = Buffer.from('é😀', 'utf8'); // 2 + 4
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => utf8SafeLength(bytes, n))).toEqual([0, 0, 2, 2, 2, 2, 6]);
  });
});
