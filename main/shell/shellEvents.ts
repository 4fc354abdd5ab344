// The IPC event channel main -> renderer, and the Electron-only events the shell adds to the contract's event table.

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

/**
 * Events only the Electron shell emits (not in preload/contract: the web bridge never sends them). The renderer
 * listens for them through `window.assistant.on(name, listener)`:
 * - `shell/navigationRequested` {@link NavigationRequested}: show this session, or a new empty chat for `null`
 *   (a notification or the tray's "New chat" was clicked).
 * - `shell/shortcutFailed` {@link ShortcutFailed}: the global shortcut could not be registered; tell the user and
 *   point to Settings.
 */
export const SHELL_EVENTS = {
  navigationRequested: 'shell/navigationRequested',
  shortcutFailed: 'shell/shortcutFailed',
} as const;

/** Payload of `shell/navigationRequested`: the session to open; `null` = start a new, empty chat. */
export interface NavigationRequested {
  sessionId: string | null;
}

/** Payload of `shell/shortcutFailed`: the accelerator from settings and a sentence saying why and what to do. */
export interface ShortcutFailed {
  accelerator: string;
  message: string;
}
