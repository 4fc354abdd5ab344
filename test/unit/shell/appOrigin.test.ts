// The app:// route helper the shell uses to hand a chat from the quick prompt to the main window.
import { describe, expect, it } from 'vitest';
import { sessionIdFromAppUrl } from '../../../main/shell/appOrigin';

describe('sessionIdFromAppUrl', () => {
  it('reads the chat id from the renderer route and rejects anything else', () => {
    expect(sessionIdFromAppUrl('app://deskpilot/index.html#/chat/s_01abcdef')).toBe('s_01abcdef');
    expect(sessionIdFromAppUrl('app://deskpilot/index.html#/quick')).toBeNull();
    expect(sessionIdFromAppUrl('app://deskpilot/index.html#/chat/')).toBeNull();
    expect(sessionIdFromAppUrl('app://deskpilot/index.html#/chat/..%2Fetc')).toBeNull();
    expect(sessionIdFromAppUrl('app://deskpilot/index.html#/chat/%E0%A4%A')).toBeNull();
  });
});
