// Fast path for streamed answer text: deltas reach the live stream row as they arrive, ahead of the per-frame store update.
import type { AgentEvent } from '../../preload/contract';

/** Receives a turn's answer text deltas, in order. */
export type LiveTextSink = (delta: string) => void;

const sinks = new Map<string, LiveTextSink>();

const keyOf = (sessionId: string, turnId: string) => `${sessionId}\n${turnId}`;

/**
 * Registers the view that shows the live answer of `turnId` in `sessionId` (one per turn; a later one replaces it).
 * Returns a function that unregisters it. The store still delivers the same text on its next frame.
 */
export function onLiveText(sessionId: string, turnId: string, sink: LiveTextSink): () => void {
  const key = keyOf(sessionId, turnId);
  sinks.set(key, sink);
  return () => {
    if (sinks.get(key) === sink) sinks.delete(key);
  };
}

/** Hands a `text_delta` to its turn's registered view at once; any other event, or one without a view, is ignored. */
export function pushLiveText(event: AgentEvent): void {
  if (event.type !== 'text_delta' || sinks.size === 0) return;
  sinks.get(keyOf(event.sessionId, event.turnId))?.(event.delta);
}
