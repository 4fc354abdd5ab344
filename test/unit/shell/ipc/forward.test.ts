// Forwarding runtime bus events to our windows on the one IPC event channel (real EventBus, fake webContents).
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../../main/core/agent/events';
import { broadcast, forwardEvents, type EventTarget } from '../../../../main/shell/ipc/forward';
import { IPC_EVENT_CHANNEL, type EventEnvelope } from '../../../../main/shell/shellEvents';

function target(url: string, options: { destroyed?: boolean; throws?: boolean } = {}) {
  const sent: Array<[string, EventEnvelope]> = [];
  const t: EventTarget = {
    isDestroyed: () => options.destroyed ?? false,
    getURL: () => url,
    send: (channel, message) => {
      if (options.throws) throw new Error('Object has been destroyed');
      sent.push([channel, message]);
    },
  };
  return { t, sent };
}

const status = {
  version: '1',
  provider: 'openai' as const,
  model: 'm',
  modelConfigured: true,
  pendingApprovals: 1,
  runningSessions: [],
  autonomousPaused: false,
};

describe('forwardEvents', () => {
  it('sends every bus event as {event, payload} to live app:// windows until unsubscribed', () => {
    const bus = new EventBus();
    const main = target('app://deskpilot/index.html');
    const quick = target('app://deskpilot/index.html#/quick');
    const stop = forwardEvents(bus, () => [main.t, quick.t]);
    bus.emit('runtime/status', status);
    bus.emit('context/updated', { providerId: 'clock' });
    expect(main.sent).toEqual([
      [IPC_EVENT_CHANNEL, { event: 'runtime/status', payload: status }],
      [IPC_EVENT_CHANNEL, { event: 'context/updated', payload: { providerId: 'clock' } }],
    ]);
    expect(quick.sent).toHaveLength(2);
    stop();
    bus.emit('context/updated', { providerId: 'clock' });
    expect(main.sent).toHaveLength(2);
  });
});

describe('broadcast', () => {
  it('skips destroyed windows, pages off the app origin and windows that throw', () => {
    const good = target('app://deskpilot/index.html');
    const gone = target('app://deskpilot/index.html', { destroyed: true });
    const foreign = target('https://evil.example/');
    const blank = target('');
    const throwing = target('app://deskpilot/index.html', { throws: true });
    expect(
      broadcast([good.t, gone.t, foreign.t, blank.t, throwing.t], 'shell/shortcutFailed', {
        accelerator: 'F1',
        message: 'x',
      }),
    ).toBe(1);
    expect(good.sent).toEqual([
      [IPC_EVENT_CHANNEL, { event: 'shell/shortcutFailed', payload: { accelerator: 'F1', message: 'x' } }],
    ]);
    expect(gone.sent).toEqual([]);
    expect(foreign.sent).toEqual([]);
    expect(blank.sent).toEqual([]);
  });
});
