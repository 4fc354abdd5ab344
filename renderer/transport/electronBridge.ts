// Electron transport: the RPC client over the frozen port the preload exposes as `window.assistant`.
import type { ClientPort } from '../../preload/contract/rpcClient';
import type { ClientFrame } from '../../preload/contract/wire';
import { createRpcTransport } from './rpcTransport';
import type { Transport } from './types';

/** What preload/bridge.ts exposes as `window.assistant` (DESIGN.md §4): an RPC port; listeners receive frames only. */
export interface AssistantBridge {
  send(frame: ClientFrame): void;
  onMessage(listener: (frame: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside the Electron app (set by the preload). */
    assistant?: AssistantBridge;
  }
}

/** How long the renderer waits for main to answer one request, in ms. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Builds a {@link Transport} over the preload port. The link is always `connected` (IPC cannot drop while the window
 * lives); a `send` that throws (a frame the preload refused) is reported through `warn` and its request resolves
 * `unavailable` at once.
 */
export function createElectronTransport(
  bridge: AssistantBridge,
  warn: (message: string) => void = (m) => console.warn(m),
): Transport {
  const port: ClientPort = {
    send: (frame) => bridge.send(frame),
    onMessage: (listener) => bridge.onMessage(listener),
    onClose: () => () => undefined,
  };
  return createRpcTransport(
    port,
    { state: () => 'connected', onStateChange: () => () => undefined },
    { mode: 'electron', requestTimeoutMs: REQUEST_TIMEOUT_MS, warn },
  );
}
