// Validates incoming event payloads against the contract's zod schemas and fans them out to listeners.
import { eventChannels, type EventChannel, type Payload } from '../../preload/contract';
import type { EventListener } from './types';

/** Outcome of {@link validateEvent}: the parsed payload, or why the event was dropped. */
export type ValidatedEvent =
  { ok: true; event: EventChannel; payload: Payload<EventChannel> } | { ok: false; reason: string };

/** True when `name` is one of the contract's event channels. */
export function isEventChannel(name: string): name is EventChannel {
  return Object.prototype.hasOwnProperty.call(eventChannels, name);
}

/**
 * Checks an incoming `{event, payload}` against `eventChannels[event]` (preload/contract/channels.ts).
 * Unknown channels and payloads that fail the schema are rejected with a readable reason.
 */
export function validateEvent(event: string, payload: unknown): ValidatedEvent {
  if (!isEventChannel(event)) return { ok: false, reason: `unknown event channel "${event}"` };
  const parsed = eventChannels[event].safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'schema mismatch';
    return { ok: false, reason: `invalid payload for "${event}" (${where})` };
  }
  return { ok: true, event, payload: parsed.data as Payload<EventChannel> };
}

/** Listener registry with validation; shared by both transports. */
export interface EventHub {
  /** Adds a listener; returns its removal function. */
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void;
  /** Validates and delivers one raw event; invalid ones are dropped with a console warning. */
  emit(event: string, payload: unknown): void;
}

/** Creates an {@link EventHub}. `warn` receives drop notices (default `console.warn`). */
export function createEventHub(warn: (message: string) => void = (m) => console.warn(m)): EventHub {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const fn = listener as (payload: unknown) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    emit(event, payload) {
      const checked = validateEvent(event, payload);
      if (!checked.ok) {
        warn(`Deskpilot: dropped event: ${checked.reason}`);
        return;
      }
      for (const fn of [...(listeners.get(checked.event) ?? [])]) {
        try {
          fn(checked.payload);
        } catch (error) {
          warn(`Deskpilot: a listener for "${checked.event}" threw: ${String(error)}`);
        }
      }
    },
  };
}
