// The Electron transport over a fake `window.assistant` port served by the real RPC core (renderer/transport/electronBridge.ts).
import { describe, expect, it } from 'vitest';
import type { ClientFrame, ServerFrame } from '../../../../preload/contract/wire';
import { createElectronTransport, type AssistantBridge } from '../../../../renderer/transport/electronBridge';
import { subscribeShellEvents } from '../../../../renderer/transport/shellEvents';
import { createRpcClient } from '../../../../preload/contract/rpcClient';

/** A fake preload port: frames the transport sends are recorded; `reply`/`event` push server frames to it. */
function fakeBridge(options: { throws?: boolean } = {}) {
  const sent: ClientFrame[] = [];
  const listeners = new Set<(frame: unknown) => void>();
  const bridge: AssistantBridge = {
    send(frame) {
      if (options.throws) throw new Error('refused by the preload');
      sent.push(frame);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  const push = (frame: ServerFrame | unknown) => listeners.forEach((fn) => fn(frame));
  return { bridge, sent, push };
}

describe('createElectronTransport', () => {
  it('sends request frames, matches replies by id and is always connected', async () => {
    const f = fakeBridge();
    const t = createElectronTransport(f.bridge);
    const pending = t.invoke('chat/interrupt', { sessionId: 's' });
    const request = f.sent[0] as Extract<ClientFrame, { type: 'request' }>;
    expect(request).toMatchObject({ type: 'request', channel: 'chat/interrupt', params: { sessionId: 's' } });
    f.push({ type: 'reply', id: request.id, result: { ok: true, value: { interrupted: true } } });
    expect(await pending).toEqual({ ok: true, value: { interrupted: true } });
    expect(t.connectionState()).toBe('connected');
  });

  it('a send the preload refuses resolves unavailable at once, with a warning', async () => {
    const warnings: string[] = [];
    const t = createElectronTransport(fakeBridge({ throws: true }).bridge, (m) => warnings.push(m));
    const r = await t.invoke('session/list', {});
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('session/list') },
    });
    expect(warnings[0]).toContain('refused by the preload');
  });

  it('subscribes to each channel once, follows the shown sessions and delivers only valid payloads', () => {
    const f = fakeBridge();
    const t = createElectronTransport(f.bridge, () => undefined);
    const got: unknown[] = [];
    t.on('approval/resolved', (p) => got.push(p));
    t.on('approval/resolved', (p) => got.push(p));
    t.setSessions(['s1']);
    expect(f.sent).toEqual([
      { type: 'subscribe', channels: ['approval/resolved'] },
      { type: 'subscribe', sessions: ['s1'] },
    ]);
    f.push({ type: 'event', event: 'approval/resolved', payload: { callId: 'c', sessionId: 's' } });
    f.push({ type: 'event', event: 'approval/resolved', payload: { callId: 42 } });
    expect(got).toEqual([
      { callId: 'c', sessionId: 's' },
      { callId: 'c', sessionId: 's' },
    ]);
  });

  it('delivers checked shell events', () => {
    const f = fakeBridge();
    const t = createElectronTransport(f.bridge, () => undefined);
    const got: unknown[] = [];
    t.onShell((e) => got.push(e));
    f.push({ type: 'event', event: 'shell/navigationRequested', payload: { sessionId: null } });
    f.push({ type: 'event', event: 'shell/shortcutFailed', payload: { accelerator: 'Alt+Space', message: 'taken' } });
    f.push({ type: 'event', event: 'shell/navigationRequested', payload: { sessionId: 7 } });
    expect(got).toEqual([
      { type: 'navigationRequested', sessionId: null },
      { type: 'shortcutFailed', accelerator: 'Alt+Space', message: 'taken' },
    ]);
  });
});

describe('subscribeShellEvents', () => {
  it('tags contract-checked shell payloads and unsubscribes from both channels', () => {
    const f = fakeBridge();
    const warnings: string[] = [];
    const client = createRpcClient(
      { send: (frame) => f.bridge.send(frame), onMessage: f.bridge.onMessage, onClose: () => () => undefined },
      { warn: (m) => warnings.push(m) },
    );
    const got: unknown[] = [];
    const off = subscribeShellEvents(client.on, (e) => got.push(e));
    f.push({ type: 'event', event: 'shell/shortcutFailed', payload: { accelerator: 'x' } });
    f.push({ type: 'event', event: 'shell/navigationRequested', payload: null });
    f.push({ type: 'event', event: 'shell/navigationRequested', payload: { sessionId: 's1' } });
    expect(got).toEqual([{ type: 'navigationRequested', sessionId: 's1' }]);
    expect(warnings).toHaveLength(2);
    off();
    f.push({ type: 'event', event: 'shell/navigationRequested', payload: { sessionId: 's2' } });
    expect(got).toHaveLength(1);
    expect(f.sent.filter((s) => s.type === 'unsubscribe')).toHaveLength(2);
  });
});
