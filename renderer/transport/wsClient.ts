// Web-mode transport: the RPC client over one WebSocket to the runtime's bridge that reconnects by itself with backoff.
import type { ClientPort } from '../../preload/contract/rpcClient';
import type { ClientFrame } from '../../preload/contract/wire';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import { createRpcTransport, type LinkState } from './rpcTransport';
import type { ConnectionState, Transport } from './types';

/** The part of the WebSocket API the client uses; browsers' WebSocket and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

/** Constructor of a {@link SocketLike}. */
export type SocketFactory = (url: string) => SocketLike;

/** Options of {@link createWsTransport}. Times in milliseconds. */
export interface WsTransportOptions {
  /** Full ws:// or wss:// URL of the bridge endpoint. */
  url: string;
  /** Creates sockets; defaults to the browser's `WebSocket`. */
  connect?: SocketFactory;
  backoff?: BackoffOptions;
  /** A request without a reply after this long resolves as `unavailable` (default 60 000). */
  requestTimeoutMs?: number;
  /** Receives drop notices for malformed messages and invalid events (default `console.warn`). */
  warn?: (message: string) => void;
}

/** A {@link Transport} that can also be shut down (used by tests and page unload). */
export interface WsTransport extends Transport {
  /** Closes the socket and stops reconnecting; pending requests resolve as `unavailable`. */
  close(): void;
}

/** A WebSocket link that reconnects by itself: a {@link ClientPort} with a {@link LinkState}. */
export interface ReconnectingPort extends ClientPort, LinkState {
  close(): void;
}

const OPEN = 1;

/**
 * Opens `options.url` at once and keeps it open: after a drop it reconnects with {@link backoffDelay} (at once when
 * the browser comes back online or the page becomes visible). Frames go out as JSON text; incoming text is parsed
 * (text that is not JSON is passed on as is, and the RPC client drops it with a warning).
 */
export function createWsPort(options: WsTransportOptions): ReconnectingPort {
  // The browser's WebSocket has the SocketLike members; the cast only narrows its event handler types.
  const connect: SocketFactory = options.connect ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const backoff = options.backoff ?? defaultBackoff;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const messageListeners = new Set<(message: unknown) => void>();
  const openListeners = new Set<() => void>();
  const closeListeners = new Set<() => void>();
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const fn of [...stateListeners]) fn(next);
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = backoffDelay(attempt, backoff);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, delay);
  };

  const dropSocket = () => {
    socket = null;
    for (const fn of [...closeListeners]) fn();
    if (closed) return;
    setState('disconnected');
    scheduleReconnect();
  };

  function open() {
    if (closed) return;
    setState('connecting');
    let s: SocketLike;
    try {
      s = connect(options.url);
    } catch (error) {
      warn(`Deskpilot: could not open ${options.url}: ${String(error)}`);
      dropSocket();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      setState('connected');
      for (const fn of [...openListeners]) fn();
    };
    s.onmessage = (ev) => {
      if (socket !== s) return;
      const text = typeof ev.data === 'string' ? ev.data : String(ev.data);
      let message: unknown = text;
      try {
        message = JSON.parse(text);
      } catch {
        warn('Deskpilot: the runtime sent a message that is not JSON');
      }
      for (const fn of [...messageListeners]) fn(message);
    };
    s.onerror = () => {
      // A close event always follows an error; reconnecting happens there.
    };
    s.onclose = () => {
      if (socket === s) dropSocket();
    };
  }

  const wake = () => {
    if (closed || state !== 'disconnected') return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    open();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') wake();
  };
  const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';
  if (inBrowser) {
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', onVisible);
  }

  const listen = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };

  open();

  return {
    send(frame: ClientFrame) {
      if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
    },
    isOpen: () => socket?.readyState === OPEN && state === 'connected',
    onMessage: (listener) => listen(messageListeners, listener),
    onOpen: (listener) => listen(openListeners, listener),
    onClose: (listener) => listen(closeListeners, listener),
    state: () => state,
    onStateChange: (listener) => listen(stateListeners, listener),
    close() {
      if (closed) return;
      closed = true;
      if (inBrowser) {
        window.removeEventListener('online', wake);
        document.removeEventListener('visibilitychange', onVisible);
      }
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const s = socket;
      socket = null;
      s?.close(1000, 'client closed');
      for (const fn of [...closeListeners]) fn();
      setState('disconnected');
    },
  };
}

/**
 * Creates the web-mode transport and starts connecting at once: the RPC client (preload/contract/rpcClient.ts) over a
 * {@link createWsPort} link. Requests made while the socket is down wait and go out when it opens; requests already
 * sent when it drops resolve as `unavailable`. On every (re)connect the client re-sends its subscriptions first.
 */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const port = createWsPort(options);
  return createRpcTransport(port, port, {
    mode: 'web',
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    warn: options.warn,
  });
}
