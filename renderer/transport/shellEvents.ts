// Electron-only shell events (main/shell/shellEvents.ts; not in the contract): names and payload checks.

/** A shell event the renderer acts on: open a chat (`sessionId: null` = new chat), or the global shortcut failed. */
export type ShellEvent =
  | { type: 'navigationRequested'; sessionId: string | null }
  | { type: 'shortcutFailed'; accelerator: string; message: string };

/** Event names the preload forwards besides the contract's (must match SHELL_EVENTS in main/shell/shellEvents.ts). */
export const SHELL_EVENT_NAMES = ['shell/navigationRequested', 'shell/shortcutFailed'] as const;

/** Checks a raw shell event; null when the name is unknown or the payload has the wrong shape. */
export function parseShellEvent(name: string, payload: unknown): ShellEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (name === 'shell/navigationRequested' && (typeof p.sessionId === 'string' || p.sessionId === null)) {
    return { type: 'navigationRequested', sessionId: p.sessionId };
  }
  if (name === 'shell/shortcutFailed' && typeof p.accelerator === 'string' && typeof p.message === 'string') {
    return { type: 'shortcutFailed', accelerator: p.accelerator, message: p.message };
  }
  return null;
}
