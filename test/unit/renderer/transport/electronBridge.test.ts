// Tests for the Electron transport over a fake `window.assistant` (renderer/transport/electronBridge.ts, shellEvents.ts).
import { describe, expect, it } from 'vitest';
import { createElectronTransport, type AssistantBridge } from '../../../../renderer/transport/electronBridge';
import { parseShellEvent } from '../../../../renderer/transport/shellEvents';

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

describe('parseShellEvent', () => {
  it('rejects unknown names and wrong payloads', () => {
    expect(parseShellEvent('shell/other', {})).toBeNull();
    expect(parseShellEvent('shell/shortcutFailed', { accelerator: 'x' })).toBeNull();
    expect(parseShellEvent('shell/navigationRequested', null)).toBeNull();
    expect(parseShellEvent('shell/navigationRequested', { sessionId: 's1' })).toEqual({ type: 'navigationRequested', sessionId: 's1' });
  });
});
