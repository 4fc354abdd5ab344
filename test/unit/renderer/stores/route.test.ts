// Tests for the hash routes (renderer/stores/route.ts): the quick-prompt view and session links.
import { describe, expect, it } from 'vitest';
import { QUICK_HASH, isQuickRoute, sessionFromHash, sessionHash } from '../../../../renderer/stores/route';

describe('routes', () => {
  it('recognizes only the quick-prompt hash as the quick view', () => {
    expect(isQuickRoute(QUICK_HASH)).toBe(true);
    expect(isQuickRoute('#/quickly')).toBe(false);
    expect(isQuickRoute('#/chat/s1')).toBe(false);
    expect(isQuickRoute('')).toBe(false);
  });

  it('builds session hashes that read back to the same id', () => {
    for (const id of ['s_0001', 'a b/c?#']) expect(sessionFromHash(sessionHash(id))).toBe(id);
    expect(sessionFromHash(QUICK_HASH)).toBeNull();
  });
});
