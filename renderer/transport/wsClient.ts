// Web-mode transport: one WebSocket to the runtime's bridge, request/reply by id, events, reconnect with backoff.
// Wire format (DESIGN.md §4): request {id, channel, params} -> reply {id, result: Result<T>}; events {event, payload}.
import { err, type InvokeChannel, type ParamsInput, type Result, type ResultOf } from '../../preload/contract';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import { createEventHub } from './eventHub';
import { subscribeShellEvents } from './shellEvents';
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

const OPEN = 1;

interface PendingRequest {
  channel: string;
  frame: string;
  sent: boolean;
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Creates the web-mode transport and starts connecting at once. Requests made while the socket is down wait
 * in a queue and go out when it opens; requests already sent when it drops resolve as `unavailable`. After a
 * drop the client reconnects by itself with {@link backoffDelay}; listeners stay registered across reconnects.
 */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const connect: SocketFactory = options.connect ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const backoff = options.backoff ?? defaultBackoff;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const hub = createEventHub(warn);
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<string, PendingRequest>();
  let state: ConnectionState = 'connecting';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const fn of [...stateListeners]) fn(next);
  };

  const settle = (id: string, result: Result<unknown>) => {
    const req = pending.get(id);
    if (!req) return;
    pending.delete(id);
    clearTimeout(req.timer);
    req.resolve(result);
  };

  const flushQueue = () => {
    if (!socket || socket.readyState !== OPEN) return;
    for (const req of pending.values()) {
      if (req.sent) continue;
      socket.send(req.frame);
      req.sent = true;
    }
  };

  const onMessage = (data: unknown) => {
    let message: unknown;
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      warn('Deskpilot: dropped a bridge message that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (typeof m.event === 'string') {
      hub.emit(m.event, m.payload);
      return;
    }
    if ((typeof m.id === 'string' || typeof m.id === 'number') && isResult(m.result)) {
      settle(String(m.id), m.result);
      return;
    }
    warn('Deskpilot: dropped a bridge message that is neither a reply nor an event');
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
    for (const [id, req] of pending) {
      if (!req.sent) continue;
      settle(
        id,
        err(
          'unavailable',
          `The connection to Deskpilot closed before it answered ${req.channel}; it reconnects by itself, then try again.`,
        ),
      );
    }
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
      flushQueue();
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
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

  open();

  return {
    mode: 'web',
    invoke<C extends InvokeChannel>(channel: C, params: ParamsInput<C>): Promise<Result<ResultOf<C>>> {
      if (closed)
        return Promise.resolve(
          err('unavailable', `Deskpilot's connection is shut down; reload the page to call ${channel}.`),
        );
      const id = `r${nextId++}`;
      return new Promise((resolve) => {
        const timer = setTimeout(
          () =>
            settle(
              id,
              err(
                'unavailable',
                `Deskpilot did not answer ${channel} within ${Math.round(timeoutMs / 1000)} s; check that it is running, then try again.`,
              ),
            ),
          timeoutMs,
        );
        pending.set(id, {
          channel,
          frame: JSON.stringify({ id, channel, params }),
          sent: false,
          resolve: resolve as (r: Result<unknown>) => void,
          timer,
        });
        flushQueue();
      });
    },
    on: hub.on,
    connectionState: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    onShell: (listener) => subscribeShellEvents(hub.on, listener),
    close() {
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
      for (const id of [...pending.keys()])
        settle(id, err('unavailable', 'The Deskpilot connection was closed by the page; reload to reconnect.'));
      setState('disconnected');
    },
  };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (r.ok === true) return 'value' in r;
  if (r.ok === false) return typeof r.error === 'object' && r.error !== null;
  return false;
}
