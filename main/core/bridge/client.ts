// A Node client for a running runtime's bridge (used by the CLI when another host owns the directory).
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { createRpcClient } from '../../../preload/contract/rpcClient';
import type { ClientFrame } from '../../../preload/contract/wire';
import { runtimeClient, type RuntimeClient } from '../api/client';
import { wsPort } from '../rpc/ports';
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
 * Connects to the bridge of the runtime owning `home` with its token (Authorization: Bearer), and speaks the RPC
 * core's frames over the socket. Resolves to null when there is no bridge.json or nothing answers within `timeoutMs`
 * (default 3000 ms).
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
  const port = wsPort<ClientFrame>(ws);
  const closed = new Promise<void>((resolve) => port.onClose(resolve));
  return runtimeClient(createRpcClient(port, { warn: () => {} }), 'bridge', () => closed);
}
