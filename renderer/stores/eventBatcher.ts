// Frame batching for agent events: deltas arriving at hundreds per second become one store update per frame.
import type { AgentEvent } from '../../preload/contract';

/** Schedules `run` once (e.g. on the next animation frame); returns a cancel function. */
export type FrameScheduler = (run: () => void) => () => void;

/**
 * Merges runs of adjacent `text_delta` (or `reasoning_delta`) events of the same session and turn into one
 * event carrying the concatenated text. Order and every other event are kept as they are.
 */
export function coalesceDeltas(events: readonly AgentEvent[]): AgentEvent[] {
  const out: AgentEvent[] = [];
  for (const e of events) {
    const prev = out[out.length - 1];
    if (
      prev &&
      (e.type === 'text_delta' || e.type === 'reasoning_delta') &&
      prev.type === e.type &&
      prev.sessionId === e.sessionId &&
      prev.turnId === e.turnId
    ) {
      out[out.length - 1] = { ...prev, delta: prev.delta + e.delta };
    } else {
      out.push(e);
    }
  }
  return out;
}

/** Queue that hands its events to `flush` (coalesced, in order) at most once per scheduled frame. */
export interface EventBatcher {
  push(event: AgentEvent): void;
  /** Delivers whatever is queued now (used before a state reset so no event is lost). */
  flushNow(): void;
}

/** Creates an {@link EventBatcher} that calls `flush` with each frame's events. */
export function createEventBatcher(flush: (events: AgentEvent[]) => void, schedule: FrameScheduler): EventBatcher {
  let queue: AgentEvent[] = [];
  let cancel: (() => void) | null = null;
  const run = () => {
    cancel = null;
    if (!queue.length) return;
    const batch = coalesceDeltas(queue);
    queue = [];
    flush(batch);
  };
  return {
    push(event) {
      queue.push(event);
      if (!cancel) cancel = schedule(run);
    },
    flushNow() {
      cancel?.();
      run();
    },
  };
}

/**
 * The browser scheduler: the next animation frame, or after `fallbackMs` when frames are paused (a hidden
 * window or background tab), whichever comes first.
 */
export function animationFrameScheduler(fallbackMs = 250): FrameScheduler {
  return (run) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      run();
    };
    const frame = requestAnimationFrame(once);
    const timer = setTimeout(once, fallbackMs);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  };
}
