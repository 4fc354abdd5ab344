// The theme setting resolves to concrete colors: "system" follows the OS preference.
import { describe, expect, it } from 'vitest';
import { resolveTheme } from '../../../../renderer/stores/theme';

describe('theme', () => {
  it('resolves system from the OS preference and keeps explicit choices', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
