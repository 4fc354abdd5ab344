// The runtime's event bus: hosts subscribe to typed event channels; nothing else reads loop internals.
import type { EventChannel, Payload } from '../../../preload/contract/channels';

/** A listener for one event channel. */
export type EventListener<E extends EventChannel> = (payload: Payload<E>) => void;

/**
 * Typed publish/subscribe over the contract's event channels. A listener that throws is isolated
 * (reported to `onListenerError`) so one broken host cannot stop a turn.
 */
export class EventBus {
  private readonly listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  private readonly anyListeners = new Set<(event: EventChannel, payload: unknown) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** Subscribes to one channel; returns an unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Subscribes to every channel (bridges forward everything); returns an unsubscribe function. */
  onAny(listener: (event: EventChannel, payload: unknown) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /** Delivers `payload` to the channel's listeners, then to catch-all listeners, synchronously. */
  emit<E extends EventChannel>(event: E, payload: Payload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) this.safely(() => (listener as EventListener<E>)(payload));
    for (const listener of this.anyListeners) this.safely(() => listener(event, payload));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
