// The trusted-sender check of IPC requests.
import { describe, expect, it } from 'vitest';
import { checkSender, type FrameLike } from '../../../../main/shell/ipc/sender';

const ours = new Set([7, 9]);
const mainFrame = (url = 'app://deskpilot/index.html'): FrameLike => ({ url, parent: null });

describe('checkSender', () => {
  it('trusts the main frame of our window on the app origin', () => {
    expect(checkSender({ sender: { id: 7 }, senderFrame: mainFrame() }, ours)).toEqual({ trusted: true });
    expect(
      checkSender({ sender: { id: 9 }, senderFrame: mainFrame('app://deskpilot/index.html#/quick') }, ours),
    ).toEqual({ trusted: true });
  });

  it('refuses a webContents that is not one of our windows', () => {
    expect(checkSender({ sender: { id: 8 }, senderFrame: mainFrame() }, ours)).toMatchObject({
      trusted: false,
      reason: expect.stringContaining('webContents 8'),
    });
  });

  it('refuses a missing frame', () => {
    expect(checkSender({ sender: { id: 7 }, senderFrame: null }, ours)).toMatchObject({
      trusted: false,
      reason: expect.stringContaining('gone'),
    });
  });

  it('refuses a sub-frame even on the app origin', () => {
    const sub: FrameLike = { url: 'app://deskpilot/index.html', parent: mainFrame() };
    expect(checkSender({ sender: { id: 7 }, senderFrame: sub }, ours)).toMatchObject({
      trusted: false,
      reason: expect.stringContaining('sub-frame'),
    });
  });

  it.each(['https://evil.example/', 'file:///home/u/index.html', 'app://other-host/index.html', 'about:blank', ''])(
    'refuses the page %j',
    (url) => {
      expect(checkSender({ sender: { id: 7 }, senderFrame: mainFrame(url) }, ours)).toMatchObject({ trusted: false });
    },
  );
});
