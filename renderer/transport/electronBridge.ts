// Electron transport: wraps the frozen `window.assistant` the preload exposes ({invoke, on}), adding payload validation.
import {
  err,
  type EventChannel,
  type InvokeChannel,
  type ParamsInput,
  type Result,
  type ResultOf,
} from '../../preload/contract';
import { createEventHub } from './eventHub';
import { subscribeShellEvents } from './shellEvents';
import type { Transport } from './types';

/** What preload/bridge.ts exposes as `window.assistant` (DESIGN.md §4): listeners receive the payload only. */
export interface AssistantBridge {
  invoke(channel: string, params: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside the Electron app (set by the preload). */
    assistant?: AssistantBridge;
  }
}

/**
 * Builds a {@link Transport} over the preload bridge. The bridge subscribes to a channel lazily, the first
 * time a listener asks for it; the link is always `connected` (IPC cannot drop while the window lives). Every
 * payload, shell events included, is checked against the contract's `eventChannels` schema before delivery.
 */
export function createElectronTransport(bridge: AssistantBridge): Transport {
  const hub = createEventHub();
  const subscribed = new Set<EventChannel>();
  const on: Transport['on'] = (event, listener) => {
    if (!subscribed.has(event)) {
      subscribed.add(event);
      bridge.on(event, (payload) => hub.emit(event, payload));
    }
    return hub.on(event, listener);
  };
  return {
    mode: 'electron',
    async invoke<C extends InvokeChannel>(channel: C, params: ParamsInput<C>): Promise<Result<ResultOf<C>>> {
      try {
        return (await bridge.invoke(channel, params)) as Result<ResultOf<C>>;
      } catch (error) {
        return err(
          'unavailable',
          `Deskpilot's main process did not answer ${channel} (${String(error)}); restart the app if this persists.`,
        );
      }
    },
    on,
    connectionState: () => 'connected',
    onConnectionChange: () => () => undefined,
    onShell: (listener) => subscribeShellEvents(on, listener),
  };
}
