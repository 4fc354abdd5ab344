// The IPC event channel main -> renderer, and the names of the Electron-only events in the contract's event table.
import type { EventChannel, Payload } from '../../preload/contract/channels';

/**
 * The one IPC channel events travel on, main -> renderer: every message is an {@link EventEnvelope}. The preload
 * (preload/bridge.ts) listens on the same name; a unit test keeps the two in step.
 */
export const IPC_EVENT_CHANNEL = 'deskpilot:event';

/** What is sent on {@link IPC_EVENT_CHANNEL}: an event name (contract `eventChannels` or {@link SHELL_EVENTS}) and its payload. */
export interface EventEnvelope {
  event: string;
  payload: unknown;
}

/** Events only the Electron shell emits (the web bridge never sends them); their schemas are in preload/contract/channels.ts. */
export const SHELL_EVENTS = {
  navigationRequested: 'shell/navigationRequested',
  shortcutFailed: 'shell/shortcutFailed',
} as const satisfies Record<string, EventChannel>;

/** Payload of `shell/navigationRequested`: the session to open; `null` = start a new, empty chat. */
export type NavigationRequested = Payload<'shell/navigationRequested'>;

/** Payload of `shell/shortcutFailed`: the accelerator from settings and a sentence saying why and what to do. */
export type ShortcutFailed = Payload<'shell/shortcutFailed'>;
