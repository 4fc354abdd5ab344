// The names of the Electron-only events in the contract's event table (sent through the IPC server's `emit`).
import type { EventChannel, Payload } from '../../preload/contract/channels';

/** Events only the Electron shell emits (the web bridge never sends them); their schemas are in preload/contract/channels.ts. */
export const SHELL_EVENTS = {
  navigationRequested: 'shell/navigationRequested',
  shortcutFailed: 'shell/shortcutFailed',
} as const satisfies Record<string, EventChannel>;

/** Payload of `shell/navigationRequested`: the session to open; `null` = start a new, empty chat. */
export type NavigationRequested = Payload<'shell/navigationRequested'>;

/** Payload of `shell/shortcutFailed`: the accelerator from settings and a sentence saying why and what to do. */
export type ShortcutFailed = Payload<'shell/shortcutFailed'>;
