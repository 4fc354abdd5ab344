// Tests for approval keyboard shortcuts (renderer/features/approval/approvalKeys.ts).
import { describe, expect, it } from 'vitest';
import { APPROVAL_SHORTCUTS, approvalActionForKey } from '../../../../../renderer/features/approval/approvalKeys';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('approvalActionForKey', () => {
  it('maps the documented keys', () => {
    expect(['1', 'a', '2', 's', '3', 'A', '4', 'd'].map((k) => approvalActionForKey(key(k)))).toEqual([
      'allow_once',
      'allow_once',
      'allow_session',
      'allow_session',
      'allow_always',
      'allow_always',
      'deny',
      'deny',
    ]);
  });

  it('ignores other keys and modified presses', () => {
    expect(approvalActionForKey(key('5'))).toBeNull();
    expect(approvalActionForKey(key('S'))).toBeNull();
    expect(approvalActionForKey(key('1', { ctrlKey: true }))).toBeNull();
    expect(approvalActionForKey(key('a', { metaKey: true }))).toBeNull();
    expect(approvalActionForKey(key('d', { altKey: true }))).toBeNull();
  });

  it('shows the numeric key as each button hint', () => {
    expect(Object.values(APPROVAL_SHORTCUTS).map((s) => s.hint)).toEqual(['1', '2', '3', '4']);
  });
});
