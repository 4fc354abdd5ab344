// A renderer Transport over the contract's RPC client: the one implementation behind both the Electron and web modes.
import { createRpcClient, type ClientPort } from '../../preload/contract/rpcClient';
import { subscribeShellEvents } from './shellEvents';
import type { ConnectionState, Transport } from './types';

/** Where a transport's link state comes from (a reconnecting WebSocket; Electron IPC is always connected). */
export interface LinkState {
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** Options of {@link createRpcTransport}; times in milliseconds. */
export interface RpcTransportOptions {
  mode: Transport['mode'];
  /** A request without a reply after this long resolves as `unavailable` (and is cancelled on the runtime). */
  requestTimeoutMs: number;
  /** Receives drop notices for frames and events that fail the contract. */
  warn?: (message: string) => void;
}

/** Builds a {@link Transport} running {@link createRpcClient} over `port`, with the link state of `link`. */
export function createRpcTransport(
  port: ClientPort,
  link: LinkState,
  options: RpcTransportOptions,
): Transport & { close(): void } {
  const rpc = createRpcClient(port, { timeoutMs: options.requestTimeoutMs, warn: options.warn });
  const on: Transport['on'] = (event, listener) => rpc.on(event, listener);
  return {
    mode: options.mode,
    invoke: (channel, params, requestOptions) => rpc.request(channel, params, requestOptions),
    on,
    setSessions: (sessionIds) => rpc.setSessions(sessionIds),
    connectionState: () => link.state(),
    onConnectionChange: (listener) => link.onStateChange(listener),
    onShell: (listener) => subscribeShellEvents(on, listener),
    close: () => rpc.close(),
  };
}
