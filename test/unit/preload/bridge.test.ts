// The preload bridge with a stand-in ipcRenderer: allowlist, frozen shape, payload-only listeners, unsubscribe.
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../../preload/contract/channels';
import { createAssistantApi, IPC_EVENT_CHANNEL, type IpcRendererLike } from '../../../preload/bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return { ok: true, value: `reply to ${channel}` };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const electronEvent = { sender: 'ipcRenderer', ports: [] };
  const emit = (message: unknown) => {
    for (const l of listeners.get(IPC_EVENT_CHANNEL) ?? []) l(electronEvent, message);
  };
  return { ipc, invoked, listeners, emit, count: () => listeners.get(IPC_EVENT_CHANNEL)?.size ?? 0 };
}

describe('createAssistantApi', () => {
  it('is frozen and has exactly invoke and on', () => {
    const api = createAssistantApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.invoke)).toBe(true);
    expect(() => Object.assign(api, { invoke: () => null })).toThrow(TypeError);
  });

  it('forwards contract channels with their params and the reply', async () => {
    const f = fakeIpc();
    const api = createAssistantApi(f.ipc);
    expect(await api.invoke('runtime/status', {})).toEqual({ ok: true, value: 'reply to runtime/status' });
    await api.invoke('session/list');
    expect(f.invoked).toEqual([
      ['runtime/status', [{}]],
      ['session/list', [{}]],
    ]);
    for (const channel of Object.keys(invokeChannels)) await expect(api.invoke(channel, {})).resolves.toBeDefined();
  });

  it('rejects channels outside the contract without sending anything', async () => {
    const f = fakeIpc();
    const api = createAssistantApi(f.ipc);
    for (const channel of ['fs/readFile', 'deskpilot:event', '__proto__', 'toString', 'constructor', '']) {
      await expect(api.invoke(channel, {})).rejects.toThrow(/Unknown request channel/);
    }
    await expect(api.invoke(42 as unknown as string, {})).rejects.toThrow(/Unknown request channel/);
    expect(f.invoked).toEqual([]);
  });

  it('gives listeners the payload only, for their event only', () => {
    const f = fakeIpc();
    const api = createAssistantApi(f.ipc);
    const got: unknown[][] = [];
    api.on('runtime/status', (...args) => got.push(args));
    f.emit({ event: 'runtime/status', payload: { model: 'm' } });
    f.emit({ event: 'session/updated', payload: { sessionId: 's' } });
    f.emit('not an envelope');
    f.emit(null);
    expect(got).toEqual([[{ model: 'm' }]]);
  });

  it('accepts every contract event and the shell events, and throws for others', () => {
    const api = createAssistantApi(fakeIpc().ipc);
    for (const event of [...Object.keys(eventChannels), 'shell/navigationRequested', 'shell/shortcutFailed'])
      expect(typeof api.on(event, () => undefined)).toBe('function');
    expect(() => api.on('deskpilot:event', () => undefined)).toThrow(/Unknown event/);
    expect(() => api.on('__proto__', () => undefined)).toThrow(/Unknown event/);
    expect(() => api.on('runtime/status', 'nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('unsubscribes, and removes its single IPC listener when the last subscription ends', () => {
    const f = fakeIpc();
    const api = createAssistantApi(f.ipc);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.on('runtime/status', (p) => a.push(p));
    const offB = api.on('agent/event', (p) => b.push(p));
    expect(f.count()).toBe(1);
    offA();
    offA();
    f.emit({ event: 'runtime/status', payload: 1 });
    f.emit({ event: 'agent/event', payload: 2 });
    expect(a).toEqual([]);
    expect(b).toEqual([2]);
    offB();
    expect(f.count()).toBe(0);
    api.on('agent/event', (p) => b.push(p));
    expect(f.count()).toBe(1);
  });

  it('keeps delivering when one listener throws', () => {
    const f = fakeIpc();
    const api = createAssistantApi(f.ipc);
    const got: unknown[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      api.on('runtime/status', () => {
        throw new Error('boom');
      });
      api.on('runtime/status', (p) => got.push(p));
      f.emit({ event: 'runtime/status', payload: 'x' });
    } finally {
      console.error = originalError;
    }
    expect(got).toEqual(['x']);
  });
});
