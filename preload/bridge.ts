// The renderer's whole view of Electron: a frozen {invoke, on} allowlisted by the contract's channel tables (DESIGN.md §4).
import { eventChannels, invokeChannels } from './contract/channels';
import type { Result } from './contract/result';

/**
 * The IPC channel main sends events on; every message is `{event, payload}`. Must equal `IPC_EVENT_CHANNEL` in
 * main/shell/shellEvents.ts (a unit test checks it: the preload may not import main/).
 */
export const IPC_EVENT_CHANNEL = 'deskpilot:event';

/** The subset of Electron's `ipcRenderer` the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** What `window.assistant` is: frozen, exactly these two functions. */
export interface AssistantApi {
  /** Calls request channel `channel` with `params`; resolves to main's `Result`. Rejects for a channel not in the contract. */
  invoke(channel: string, params?: unknown): Promise<Result<unknown>>;
  /** Subscribes to event `event`; `listener` gets the payload only. Returns the unsubscribe function. Throws for an unknown event. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

const allowedEvents: ReadonlySet<string> = new Set(Object.keys(eventChannels));

function isInvokeChannel(channel: unknown): channel is string {
  return typeof channel === 'string' && Object.hasOwn(invokeChannels, channel);
}

function isEnvelope(message: unknown): message is { event: string; payload: unknown } {
  return typeof message === 'object' && message !== null && typeof (message as { event?: unknown }).event === 'string';
}

/**
 * Builds the object the preload exposes as `window.assistant`. `invoke` forwards only channels of the contract's
 * `invokeChannels` (others reject with an Error naming the channel, nothing is sent). `on` accepts only the contract's
 * `eventChannels` (shell-only events included), and calls `listener(payload)`: never with the Electron
 * event. One IPC listener serves every subscription; it is removed when the last one unsubscribes. A listener that
 * throws is reported with `console.error` and does not stop the others. The result and its functions are frozen.
 */
export function createAssistantApi(ipc: IpcRendererLike): AssistantApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const onMessage = (_event: unknown, message: unknown) => {
    if (!isEnvelope(message)) return;
    for (const listener of [...(listeners.get(message.event) ?? [])]) {
      try {
        listener(message.payload);
      } catch (error) {
        console.error(`A listener for ${message.event} threw:`, error);
      }
    }
  };
  let attached = false;

  const invoke = (channel: string, params?: unknown): Promise<Result<unknown>> => {
    if (!isInvokeChannel(channel))
      return Promise.reject(
        new Error(`Unknown request channel ${JSON.stringify(channel)}: use one of preload/contract invokeChannels.`),
      );
    return ipc.invoke(channel, params ?? {}) as Promise<Result<unknown>>;
  };

  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string' || !allowedEvents.has(event))
      throw new Error(
        `Unknown event ${JSON.stringify(event)}: use one of preload/contract eventChannels or the shell events.`,
      );
    if (typeof listener !== 'function') throw new TypeError(`The listener for ${event} must be a function.`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const own = (payload: unknown) => listener(payload);
    set.add(own);
    if (!attached) {
      ipc.on(IPC_EVENT_CHANNEL, onMessage);
      attached = true;
    }
    let active = true;
    return Object.freeze(() => {
      if (!active) return;
      active = false;
      set.delete(own);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && attached) {
        ipc.removeListener(IPC_EVENT_CHANNEL, onMessage);
        attached = false;
      }
    });
  };

  return Object.freeze({ invoke: Object.freeze(invoke), on: Object.freeze(on) });
}
