// Forwards runtime bus events (and shell events) to every Deskpilot window on the one IPC event channel.
import type { EventChannel } from '../../../preload/contract/channels';
import { isAppUrl } from '../appOrigin';
import { IPC_EVENT_CHANNEL, type EventEnvelope } from '../shellEvents';

/** The parts of an Electron `WebContents` forwarding uses. */
export interface EventTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, message: EventEnvelope): void;
}

/** The part of the runtime's EventBus forwarding uses. */
export interface EventSource {
  onAny(listener: (event: EventChannel, payload: unknown) => void): () => void;
}

/**
 * Sends `{event, payload}` on {@link IPC_EVENT_CHANNEL} to each target that is alive and shows an app:// page
 * (a page that somehow left the app origin gets nothing). A target that throws (destroyed meanwhile) is skipped.
 * Returns how many targets received the event.
 */
export function broadcast(targets: Iterable<EventTarget>, event: string, payload: unknown): number {
  let delivered = 0;
  for (const target of targets) {
    if (target.isDestroyed() || !isAppUrl(target.getURL())) continue;
    try {
      target.send(IPC_EVENT_CHANNEL, { event, payload });
      delivered++;
    } catch {
      /* destroyed between the check and the send: nothing to deliver to */
    }
  }
  return delivered;
}

/** Forwards every event of `source` to `targets()` (evaluated per event); returns the unsubscribe function. */
export function forwardEvents(source: EventSource, targets: () => Iterable<EventTarget>): () => void {
  return source.onAny((event, payload) => {
    broadcast(targets(), event, payload);
  });
}
