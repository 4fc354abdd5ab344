// The transport interface every renderer module talks to (Electron preload bridge or WebSocket client).
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
  /** Sends one request and resolves with the runtime's Result. */
  invoke<C extends InvokeChannel>(channel: C, params: ParamsInput<C>): Promise<Result<ResultOf<C>>>;
  /** Subscribes to an event channel; returns the unsubscribe function. Survives reconnects. */
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void;
  /** Current link state. */
  connectionState(): ConnectionState;
  /** Subscribes to link state changes; returns the unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Subscribes to the shell events (contract 'shell/*'; only the Electron shell sends them); returns the unsubscribe function. */
  onShell(listener: (event: ShellEvent) => void): () => void;
}
