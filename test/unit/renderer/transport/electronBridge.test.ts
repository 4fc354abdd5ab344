// Tests for the Electron transport over a fake `window.assistant` (renderer/transport/electronBridge.ts, shellEvents.ts).
import { describe, expect, it } from 'vitest';
import { createElectronTransport, type AssistantBridge } from '../../../../renderer/transport/electronBridge';
import { createEventHub } from '../../../../renderer/transport/eventHub';
import { subscribeShellEvents } from '../../../../renderer/transport/shellEvents';

function fakeBridge(invoke: AssistantBridge['invoke'] = async () => ({ ok: true, value: { interrupted: true } })) {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const bridge: AssistantBridge = {
    invoke,
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => undefined;
    },
  };
  const fire = (event: string, payload: unknown) => listeners.get(event)?.forEach((fn) => fn(payload));
  return { bridge, listeners, fire };
}

describe('createElectronTransport', () => {
  it('passes requests through and turns a rejected invoke into an unavailable Result', async () => {
    const ok = createElectronTransport(fakeBridge().bridge);
    expect(await ok.invoke('chat/interrupt', { sessionId: 's' })).toEqual({ ok: true, value: { interrupted: true } });
    const broken = createElectronTransport(
      fakeBridge(async () => {
        throw new Error('ipc gone');
      }).bridge,
    );
    const r = await broken.invoke('session/list', {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('unavailable');
    expect(!r.ok && r.error.message).toContain('session/list');
  });

  it('subscribes to each channel once and delivers only valid payloads', () => {
    const { bridge, listeners, fire } = fakeBridge();
    const t = createElectronTransport(bridge);
    const got: unknown[] = [];
    t.on('approval/resolved', (p) => got.push(p));
    t.on('approval/resolved', (p) => got.push(p));
    expect(listeners.get('approval/resolved')).toHaveLength(1);
    fire('approval/resolved', { callId: 'c', sessionId: 's' });
    fire('approval/resolved', { callId: 42 });
    expect(got).toEqual([
      { callId: 'c', sessionId: 's' },
      { callId: 'c', sessionId: 's' },
    ]);
    expect(t.connectionState()).toBe('connected');
  });

  it('delivers checked shell events', () => {
    const { bridge, fire } = fakeBridge();
    const t = createElectronTransport(bridge);
    const got: unknown[] = [];
    t.onShell((e) => got.push(e));
    fire('shell/navigationRequested', { sessionId: null });
    fire('shell/shortcutFailed', { accelerator: 'Alt+Space', message: 'taken' });
    fire('shell/navigationRequested', { sessionId: 7 });
    expect(got).toEqual([
      { type: 'navigationRequested', sessionId: null },
      { type: 'shortcutFailed', accelerator: 'Alt+Space', message: 'taken' },
    ]);
  });
});

describe('subscribeShellEvents', () => {
  it('tags contract-checked shell payloads and unsubscribes from both channels', () => {
    const warnings: string[] = [];
    const hub = createEventHub((m) => warnings.push(m));
    const got: unknown[] = [];
    const off = subscribeShellEvents(hub.on, (e) => got.push(e));
    hub.emit('shell/shortcutFailed', { accelerator: 'x' });
    hub.emit('shell/navigationRequested', null);
    hub.emit('shell/navigationRequested', { sessionId: 's1' });
    expect(got).toEqual([{ type: 'navigationRequested', sessionId: 's1' }]);
    expect(warnings).toHaveLength(2);
    off();
    hub.emit('shell/navigationRequested', { sessionId: 's2' });
    expect(got).toHaveLength(1);
  });
});
