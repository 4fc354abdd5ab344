// RuntimeClient: the contract as a caller sees it (invoke + on), in-process or over the bridge.
import type { EventChannel, InvokeChannel, ParamsInput, Payload, ResultOf } from '../../../preload/contract/channels';
import type { ErrorCode, Result } from '../../../preload/contract/result';
import { createHandlers } from './handlers';
import { dispatch } from './dispatch';
import type { Runtime } from '../runtime';

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
  /** Sends a request; resolves to the value, throws {@link ClientError} when the Result is not ok. */
  invoke<C extends InvokeChannel>(channel: C, params: ParamsInput<C>): Promise<ResultOf<C>>;
  /** Subscribes to an event channel; returns an unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: Payload<E>) => void): () => void;
  /** Closes the connection (bridge) or the runtime (in-process). */
  close(): Promise<void>;
}

/** Unwraps a Result, throwing {@link ClientError} on failure. */
export function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new ClientError(result.error.code, result.error.message);
  return result.value as T;
}

/** A client that drives `runtime` in this process through the same validation as the transports. */
export function inProcessClient(runtime: Runtime): RuntimeClient {
  const handlers = createHandlers(runtime);
  return {
    transport: 'in-process',
    invoke: async (channel, params) => unwrap(await dispatch(handlers, channel, params)),
    on: (event, listener) => runtime.bus.on(event, listener),
    close: () => runtime.close(),
  };
}
