// Electron-only shell events (contract `eventChannels` 'shell/*') as one tagged union the renderer acts on.
import type { Payload } from '../../preload/contract';
import type { Transport } from './types';

/** A shell event the renderer acts on: open a chat (`sessionId: null` = new chat), or the global shortcut failed. */
export type ShellEvent =
  | ({ type: 'navigationRequested' } & Payload<'shell/navigationRequested'>)
  | ({ type: 'shortcutFailed' } & Payload<'shell/shortcutFailed'>);

/**
 * Subscribes `listener` to both shell channels through `on`, which checks each payload against the contract's
 * schema (invalid ones never arrive), and tags each event with its `type`. Returns the unsubscribe function.
 */
export function subscribeShellEvents(on: Transport['on'], listener: (event: ShellEvent) => void): () => void {
  const offs = [
    on('shell/navigationRequested', (payload) => listener({ type: 'navigationRequested', ...payload })),
    on('shell/shortcutFailed', (payload) => listener({ type: 'shortcutFailed', ...payload })),
  ];
  return () => {
    for (const off of offs) off();
  };
}
