// The preload port (preload/bridge.ts) over a fake ipcRenderer: contract-checked frames out, frames only in, frozen.
import { describe, expect, it } from 'vitest';
import { IPC_RPC_CHANNEL } from '../../../preload/contract/wire';
import { createAssistantPort, type IpcRendererLike } from '../../../preload/bridge';

function fakeIpc() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const sent: Array<[string, unknown]> = [];
  const ipc: IpcRendererLike = {
    send: (channel, frame) => void sent.push([channel, frame]),
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
    },
    removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
  };
  const electronEvent = { sender: 'the Electron event' };
  const emit = (frame: unknown) => {
    for (const l of listeners.get(IPC_RPC_CHANNEL) ?? []) l(electronEvent, frame);
  };
  return { ipc, sent, emit, count: () => listeners.get(IPC_RPC_CHANNEL)?.size ?? 0 };
}

describe('createAssistantPort', () => {
  it('is frozen and has exactly send and onMessage', () => {
    const port = createAssistantPort(fakeIpc().ipc);
    expect(Object.isFrozen(port)).toBe(true);
    expect(Object.keys(port).sort()).toEqual(['onMessage', 'send']);
    expect(Object.isFrozen(port.send)).toBe(true);
    expect(Object.isFrozen(port.onMessage)).toBe(true);
  });

  it('sends valid frames on the RPC channel and refuses invalid frames and channels outside the contract', () => {
    const f = fakeIpc();
    const port = createAssistantPort(f.ipc);
    port.send({ type: 'request', id: 1, channel: 'runtime/status', params: {} });
    port.send({ type: 'subscribe', channels: ['agent/event'], sessions: ['s1'] });
    port.send({ type: 'cancel', id: 1 });
    expect(f.sent).toEqual([
      [IPC_RPC_CHANNEL, { type: 'request', id: 1, channel: 'runtime/status', params: {} }],
      [IPC_RPC_CHANNEL, { type: 'subscribe', channels: ['agent/event'], sessions: ['s1'] }],
      [IPC_RPC_CHANNEL, { type: 'cancel', id: 1 }],
    ]);
    expect(() => port.send({ type: 'request', id: 2, channel: 'fs/read', params: {} })).toThrow(/Unknown request/);
    expect(() => port.send({ type: 'request', id: 2, channel: '__proto__', params: {} })).toThrow(/Unknown request/);
    expect(() => port.send({ type: 'subscribe', channels: ['fs/changed'] })).toThrow(/Not an RPC frame/);
    expect(() => port.send(null)).toThrow(/Not an RPC frame/);
    expect(f.sent).toHaveLength(3);
  });

  it('gives listeners the frame only, shares one IPC listener and removes it after the last unsubscribe', () => {
    const f = fakeIpc();
    const port = createAssistantPort(f.ipc);
    const a: unknown[][] = [];
    const b: unknown[] = [];
    const offA = port.onMessage((...args) => a.push(args));
    const offB = port.onMessage((frame) => b.push(frame));
    expect(f.count()).toBe(1);
    f.emit({ type: 'event', event: 'context/updated', payload: { providerId: 'x' } });
    expect(a).toEqual([[{ type: 'event', event: 'context/updated', payload: { providerId: 'x' } }]]);
    offA();
    offA();
    expect(f.count()).toBe(1);
    offB();
    expect(f.count()).toBe(0);
    f.emit({ type: 'event', event: 'context/updated', payload: {} });
    expect(b).toHaveLength(1);
    // Cast: deliberately ill-typed: the test passes what the types forbid.
    expect(() => port.onMessage('nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('a throwing listener does not stop the others', () => {
    const f = fakeIpc();
    const port = createAssistantPort(f.ipc);
    const got: unknown[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      port.onMessage(() => {
        throw new Error('boom');
      });
      port.onMessage((frame) => got.push(frame));
      f.emit('x');
    } finally {
      console.error = original;
    }
    expect(got).toEqual(['x']);
  });
});
