// RuntimeClient: the contract as a Node caller sees it (invoke + on), in-process or over the bridge, via the RPC core.
import type { EventChannel, InvokeChannel, ParamsInput, Payload, ResultOf } from '../../../preload/contract/channels';
import type { ErrorCode, Result } from '../../../preload/contract/result';
import { createRpcClient, type RequestOptions, type RpcClient } from '../../../preload/contract/rpcClient';
import type { ClientFrame, ServerFrame } from '../../../preload/contract/wire';
import { memoryPorts } from '../rpc/ports';
import { serveRpc } from '../rpc/server';
import type { Runtime } from '../runtime';
import { createHandlers } from './handlers';

/** A failed request: `code` is the contract error code, the message says what to do. */
export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** The typed contract from the caller's side. */
export interface RuntimeClient {
  /** Where requests go: `in-process` or `bridge` (a running runtime's loopback server). */
  readonly transport: 'in-process' | 'bridge';
  /**
   * Sends a request; resolves to the value, throws {@link ClientError} when the Result is not ok. `options.signal`
   * cancels it (the handler's signal fires; this rejects with code `cancelled`).
   */
  invoke<C extends InvokeChannel>(channel: C, params: ParamsInput<C>, options?: RequestOptions): Promise<ResultOf<C>>;
  /** Subscribes to an event channel; returns an unsubscribe function. `agent/event` needs {@link setSessions}. */
  on<E extends EventChannel>(event: E, listener: (payload: Payload<E>) => void): () => void;
  /** Sets whose `agent/event`s arrive: session ids, or `'*'` for every session (default: none). */
  setSessions(sessions: readonly string[] | '*'): void;
  /** Closes the connection (bridge) or the runtime (in-process). */
  close(): Promise<void>;
}

/** Unwraps a Result, throwing {@link ClientError} on failure. */
export function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new ClientError(result.error.code, result.error.message);
  return result.value as T;
}

/** Wraps an {@link RpcClient} as a {@link RuntimeClient}; `close` runs after the RPC client is closed. */
export function runtimeClient(
  rpc: RpcClient,
  transport: RuntimeClient['transport'],
  close: () => Promise<void>,
): RuntimeClient {
  return {
    transport,
    invoke: async (channel, params, options) => unwrap(await rpc.request(channel, params, options)),
    on: (event, listener) => rpc.on(event, listener),
    setSessions: (sessions) => rpc.setSessions(sessions),
    async close() {
      rpc.close();
      await close();
    },
  };
}

/**
 * A client that drives `runtime` in this process through the RPC core over an in-memory port: the same validation,
 * subscriptions and cancellation as the other transports. Closing it closes the runtime.
 */
export function inProcessClient(runtime: Runtime): RuntimeClient {
  const [clientPort, serverPort] = memoryPorts<ClientFrame, ServerFrame>();
  serveRpc(serverPort, createHandlers(runtime), runtime.bus, { log: runtime.log });
  return runtimeClient(createRpcClient(clientPort), 'in-process', () => runtime.close());
}
