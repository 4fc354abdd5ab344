// The renderer's whole view of Electron: a frozen RPC port {send, onMessage}, its frames checked against the contract (DESIGN.md §4).
import { invokeChannels } from './contract/channels';
import { ClientFrame, IPC_RPC_CHANNEL } from './contract/wire';

/** The subset of Electron's `ipcRenderer` the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * What `window.assistant` is: frozen, exactly these two functions. The renderer runs the contract's RPC client
 * (preload/contract/rpcClient.ts) over it, as it does over the WebSocket in a browser.
 */
export interface AssistantPort {
  /**
   * Sends one RPC frame (wire.ts `ClientFrame`) to main. Throws, sending nothing, for a frame that is not valid or a
   * request for a channel that is not in the contract's `invokeChannels`.
   */
  send(frame: unknown): void;
  /** Listens to main's frames; `listener` gets the frame only, never the Electron event. Returns the unsubscribe function. */
  onMessage(listener: (frame: unknown) => void): () => void;
}

/**
 * Builds the object the preload exposes as `window.assistant` over {@link IPC_RPC_CHANNEL}. One IPC listener serves
 * every `onMessage` listener; it is removed when the last one unsubscribes. A listener that throws is reported with
 * `console.error` and does not stop the others. The result and its functions are frozen.
 */
export function createAssistantPort(ipc: IpcRendererLike): AssistantPort {
  const listeners = new Set<(frame: unknown) => void>();
  const onIpc = (_event: unknown, frame: unknown) => {
    for (const listener of [...listeners]) {
      try {
        listener(frame);
      } catch (error) {
        console.error('A Deskpilot RPC listener threw:', error);
      }
    }
  };

  const send = (frame: unknown): void => {
    const parsed = ClientFrame.safeParse(frame);
    if (!parsed.success)
      throw new Error(
        `Not an RPC frame (${parsed.error.issues[0]?.message ?? 'invalid'}): see preload/contract/wire.ts.`,
      );
    if (parsed.data.type === 'request' && !Object.hasOwn(invokeChannels, parsed.data.channel))
      throw new Error(
        `Unknown request channel ${JSON.stringify(parsed.data.channel)}: use one of preload/contract invokeChannels.`,
      );
    ipc.send(IPC_RPC_CHANNEL, parsed.data);
  };

  const onMessage = (listener: (frame: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('The RPC listener must be a function.');
    const own = (frame: unknown) => listener(frame);
    if (listeners.size === 0) ipc.on(IPC_RPC_CHANNEL, onIpc);
    listeners.add(own);
    let active = true;
    return Object.freeze(() => {
      if (!active) return;
      active = false;
      listeners.delete(own);
      if (listeners.size === 0) ipc.removeListener(IPC_RPC_CHANNEL, onIpc);
    });
  };

  return Object.freeze({ send: Object.freeze(send), onMessage: Object.freeze(onMessage) });
}
