// A Node client for a running runtime's bridge (used by the CLI when another host owns the directory).
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { eventChannels, type EventChannel, type Payload } from '../../../preload/contract/channels';
import type { Result } from '../../../preload/contract/result';
import { ClientError, unwrap, type RuntimeClient } from '../api/client';
import { bridgeInfoPath, type BridgeInfo } from './server';

/** Reads `<home>/runtime/bridge.json`; null when absent or unreadable. */
export async function readBridgeInfo(home: string): Promise<BridgeInfo | null> {
  try {
    const info = JSON.parse(await readFile(bridgeInfoPath(home), 'utf8')) as BridgeInfo;
    return typeof info.port === 'number' && typeof info.token === 'string' ? info : null;
  } catch {
    return null;
  }
}

/**
 * Connects to the bridge of the runtime owning `home` with its token (Authorization: Bearer).
 * Resolves to null when there is no bridge.json or nothing answers within `timeoutMs` (default 3000 ms).
 */
export async function connectBridge(home: string, timeoutMs = 3000): Promise<RuntimeClient | null> {
  const info = await readBridgeInfo(home);
  if (!info) return null;
  const ws = new WebSocket(`ws://127.0.0.1:${info.port}/ws`, {
    headers: { Authorization: `Bearer ${info.token}` },
    handshakeTimeout: timeoutMs,
  });
  const opened = await new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('error', () => resolve(false));
  });
  if (!opened) return null;

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void }>();
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  ws.on('message', (data) => {
    let frame: { id?: number; result?: Result<unknown>; event?: EventChannel; payload?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (frame.event && Object.hasOwn(eventChannels, frame.event)) {
      const parsed = eventChannels[frame.event].safeParse(frame.payload);
      if (parsed.success) for (const listener of listeners.get(frame.event) ?? []) listener(parsed.data as never);
      return;
    }
    if (typeof frame.id === 'number' && frame.result) {
      pending.get(frame.id)?.resolve(frame.result);
      pending.delete(frame.id);
    }
  });
  ws.on('close', () => {
    for (const { resolve } of pending.values())
      resolve({
        ok: false,
        error: { code: 'unavailable', message: 'The connection to the running Deskpilot closed.' },
      });
    pending.clear();
  });

  return {
    transport: 'bridge',
    async invoke(channel, params) {
      if (ws.readyState !== WebSocket.OPEN)
        throw new ClientError('unavailable', 'The connection to the running Deskpilot is closed.');
      const id = nextId++;
      const result = await new Promise<Result<unknown>>((resolve) => {
        pending.set(id, { resolve });
        ws.send(JSON.stringify({ id, channel, params }));
      });
      return unwrap(result);
    },
    on<E extends EventChannel>(event: E, listener: (payload: Payload<E>) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close();
        });
      }
    },
  };
}
