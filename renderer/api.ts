// The only file that picks a transport: the Electron preload bridge when present, else the WebSocket bridge.
import { createElectronTransport } from './transport/electronBridge';
import type { Transport } from './transport/types';
import { createWsTransport } from './transport/wsClient';

export type { ConnectionState, Transport } from './transport/types';

/** The same-origin bridge endpoint for web mode: ws(s)://<host>/ws; the HttpOnly cookie authenticates it. */
function bridgeUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** The renderer's one connection to the runtime. Stores call `api.invoke` and subscribe with `api.on`. */
export const api: Transport = window.assistant
  ? createElectronTransport(window.assistant)
  : createWsTransport({ url: bridgeUrl() });
