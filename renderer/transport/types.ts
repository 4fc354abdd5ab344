// The transport interface every renderer module talks to (Electron preload port or WebSocket), over the one RPC client.
import type { EventChannel, InvokeChannel, ParamsInput, Payload, Result, ResultOf } from '../../preload/contract';
import type { ShellEvent } from './shellEvents';

/** Link state shown in the status bar: `connecting` while a socket opens, `disconnected` while waiting to retry. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Listener for one event channel; receives the validated payload only. */
export type EventListener<E extends EventChannel> = (payload: Payload<E>) => void;

/**
 * A typed connection to the runtime, derived from the contract table (preload/contract/channels.ts).
 * `invoke` never throws: transport failures come back as `{ok: false, error: {code: 'unavailable'}}`.
 */
export interface Transport {
  /** Which host the renderer runs in. */
  readonly mode: 'electron' | 'web';
  /**
   * Sends one request and resolves with the runtime's Result. `options.signal` cancels it: the Result is `cancelled`
   * at once and the runtime's handler sees its signal fire. `options.timeoutMs` replaces the transport's default
   * request timeout (for requests that wait on the user, e.g. a sign-in).
   */
  invoke<C extends InvokeChannel>(
    channel: C,
    params: ParamsInput<C>,
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<Result<ResultOf<C>>>;
  /** Subscribes to an event channel (on the runtime too); returns the unsubscribe function. Survives reconnects. */
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void;
  /**
   * The sessions this page shows: only their `agent/event`s arrive (replaces the previous list; survives reconnects).
   * Set it before fetching a session, so that no event between the fetch and the subscription is missed.
   */
  setSessions(sessionIds: readonly string[]): void;
  /** Current link state. */
  connectionState(): ConnectionState;
  /** Subscribes to link state changes; returns the unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Subscribes to the shell events (contract 'shell/*'; only the Electron shell sends them); returns the unsubscribe function. */
  onShell(listener: (event: ShellEvent) => void): () => void;
}
