// Navigation, window.open and permission decisions behind security.ts.
import { describe, expect, it } from 'vitest';
import { navigationDecision, permissionDecision, windowOpenDecision } from '../../../main/shell/securityPolicy';

describe('navigationDecision', () => {
  it('allows the app origin only', () => {
    expect(navigationDecision('app://deskpilot/index.html#/chat/1')).toEqual({ allow: true });
    expect(navigationDecision('app://other/index.html')).toEqual({ allow: false, external: null });
    expect(navigationDecision('file:///etc/passwd')).toEqual({ allow: false, external: null });
    expect(navigationDecision('http://127.0.0.1:5173/')).toEqual({ allow: false, external: null });
  });

  it('sends https links to the system browser', () => {
    expect(navigationDecision('https://example.com/a')).toEqual({ allow: false, external: 'https://example.com/a' });
  });
});

describe('windowOpenDecision', () => {
  it('never opens a window; https goes outside, the rest is dropped', () => {
    expect(windowOpenDecision('https://example.com/')).toEqual({ action: 'deny', external: 'https://example.com/' });
    expect(windowOpenDecision('app://deskpilot/index.html')).toEqual({ action: 'deny', external: null });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', external: null });
  });
});

describe('permissionDecision', () => {
  it('denies everything but sanitized clipboard writes from the app origin', () => {
    expect(permissionDecision('clipboard-sanitized-write', 'app://deskpilot/index.html')).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', 'app://deskpilot')).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'unknown',
    ]) {
      expect(permissionDecision(permission, 'app://deskpilot/index.html')).toBe(false);
    }
  });
});
