// The one RPC client (requests, cancellation, subscriptions) over any port; used by the renderer, the CLI and in-process.
// It lives in the contract because the renderer may import only renderer + preload/contract: it needs zod and nothing else.
import {
  eventChannels,
  type EventChannel,
  type InvokeChannel,
  type ParamsInput,
  type Payload,
  type ResultOf,
} from './channels';
import { err, type Result } from './result';
import { ServerFrame, type ClientFrame, type RequestId, type RpcPort } from './wire';

/**
 * The client's side of a link. A link that reconnects by itself (the renderer's WebSocket) also has `onOpen` and
 * `isOpen`: requests made while it is down wait and go out when it opens, and the client re-sends its subscriptions.
 * A link without `onOpen` is open from the start and dead after `onClose`.
 */
export interface ClientPort extends RpcPort<ClientFrame> {
  /** True while frames can be sent; absent = open until `onClose` fired. */
  isOpen?(): boolean;
  /** Fires each time a reconnecting link (re)opens. */
  onOpen?(listener: () => void): () => void;
  /** Closes the link for good (the client's `close`). */
  close?(): void;
}

/** Options of {@link createRpcClient}. Times in milliseconds. */
export interface RpcClientOptions {
  /** Default for requests without their own `timeoutMs`; absent = wait as long as the link lives. */
  timeoutMs?: number;
  /** Receives drop notices: frames that are not valid, events whose payload fails the contract (default console.warn). */
  warn?: (message: string) => void;
}

/** Per-request options: `signal` cancels it (on the server too), `timeoutMs` gives up after that long (and cancels). */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A typed client of the contract over one port. */
export interface RpcClient {
  /**
   * Calls `channel`; resolves to the runtime's Result and never rejects. Link failures come back as `unavailable`,
   * a cancelled request (its `signal` aborted) as `cancelled`, at once, while the server's handler sees its signal fire.
   */
  request<C extends InvokeChannel>(
    channel: C,
    params: ParamsInput<C>,
    options?: RequestOptions,
  ): Promise<Result<ResultOf<C>>>;
  /**
   * Listens to event channel `event` (subscribing on the server with the first listener, unsubscribing after the
   * last); `listener` receives payloads that match the contract's schema. Returns the function that removes it.
   */
  on<E extends EventChannel>(event: E, listener: (payload: Payload<E>) => void): () => void;
  /**
   * Sets whose `agent/event`s the client receives: a list of session ids, or `'*'` for every session. Replaces the
   * previous set (only the difference goes over the link). The default is none.
   */
  setSessions(sessions: readonly string[] | '*'): void;
  /** Closes the port; requests in flight resolve as `unavailable`, later ones fail at once. */
  close(): void;
}

interface Pending {
  channel: string;
  frame: ClientFrame;
  sent: boolean;
  resolve(result: Result<unknown>): void;
  cleanup(): void;
}

/** Creates an {@link RpcClient} over `port` (frames defined in wire.ts). */
export function createRpcClient(port: ClientPort, options: RpcClientOptions = {}): RpcClient {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const reconnects = typeof port.onOpen === 'function';
  const pending = new Map<RequestId, Pending>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let sessions: ReadonlySet<string> | '*' = new Set();
  let open = port.isOpen ? port.isOpen() : true;
  let closed = false;
  let nextId = 1;

  const send = (frame: ClientFrame): boolean => {
    if (!open || closed) return false;
    try {
      port.send(frame);
      return true;
    } catch (error) {
      warn(`Deskpilot: could not send a ${frame.type} frame: ${String(error)}`);
      return false;
    }
  };

  const settle = (id: RequestId, result: Result<unknown>) => {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    request.cleanup();
    request.resolve(result);
  };

  const giveUp = (id: RequestId, result: Result<unknown>) => {
    const request = pending.get(id);
    if (!request) return;
    if (request.sent) send({ type: 'cancel', id });
    settle(id, result);
  };

  const subscribeAll = () => {
    const channels = [...listeners.keys()];
    const all = sessions === '*' ? '*' : [...sessions];
    if (channels.length > 0 || all === '*' || all.length > 0)
      send({
        type: 'subscribe',
        ...(channels.length > 0 ? { channels } : {}),
        ...(all === '*' || all.length > 0 ? { sessions: all } : {}),
      });
  };

  const flush = () => {
    for (const request of pending.values()) if (!request.sent) request.sent = send(request.frame);
  };

  const onMessage = (message: unknown) => {
    const parsed = ServerFrame.safeParse(message);
    if (!parsed.success) {
      warn('Deskpilot: dropped a message from the runtime that is not a reply or an event frame');
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'reply') {
      if (frame.id === null) {
        if (!frame.result.ok) warn(`Deskpilot: the runtime refused a frame: ${frame.result.error.message}`);
        return;
      }
      settle(frame.id, frame.result as Result<unknown>);
      return;
    }
    const set = listeners.get(frame.event);
    if (!set) return;
    const checked = eventChannels[frame.event].safeParse(frame.payload);
    if (!checked.success) {
      const first = checked.error.issues[0];
      warn(
        `Deskpilot: dropped event "${frame.event}": ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'schema mismatch'}`,
      );
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(checked.data);
      } catch (error) {
        warn(`Deskpilot: a listener for "${frame.event}" threw: ${String(error)}`);
      }
    }
  };

  const onClose = () => {
    open = false;
    for (const [id, request] of pending) {
      if (!request.sent && reconnects) continue;
      settle(
        id,
        err(
          'unavailable',
          reconnects
            ? `The connection to Deskpilot closed before it answered ${request.channel}; it reconnects by itself, then try again.`
            : `The connection to the running Deskpilot closed before it answered ${request.channel}.`,
        ),
      );
    }
    if (!reconnects) closed = true;
  };

  port.onMessage(onMessage);
  port.onClose(onClose);
  port.onOpen?.(() => {
    open = true;
    subscribeAll();
    flush();
  });

  return {
    request<C extends InvokeChannel>(channel: C, params: ParamsInput<C>, requestOptions: RequestOptions = {}) {
      type R = Result<ResultOf<C>>;
      if (closed)
        return Promise.resolve(
          err('unavailable', `The connection to Deskpilot is closed; reconnect to call ${channel}.`) as R,
        );
      const { signal } = requestOptions;
      if (signal?.aborted)
        return Promise.resolve(err('cancelled', `${channel} was cancelled before it was sent.`) as R);
      const id = nextId++;
      return new Promise<R>((resolve) => {
        const timeoutMs = requestOptions.timeoutMs ?? options.timeoutMs;
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(
                () =>
                  giveUp(
                    id,
                    err(
                      'unavailable',
                      `Deskpilot did not answer ${channel} within ${Math.round(timeoutMs / 1000)} s; check that it is running, then try again.`,
                    ),
                  ),
                timeoutMs,
              );
        const onAbort = () => giveUp(id, err('cancelled', `${channel} was cancelled.`));
        signal?.addEventListener('abort', onAbort, { once: true });
        const frame: ClientFrame = { type: 'request', id, channel, params: params ?? {} };
        pending.set(id, {
          channel,
          frame,
          sent: false,
          resolve: resolve as (result: Result<unknown>) => void,
          cleanup: () => {
            if (timer !== undefined) clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          },
        });
        const request = pending.get(id);
        if (request) request.sent = send(frame);
        if (request && !request.sent && !reconnects)
          settle(id, err('unavailable', `The connection to the running Deskpilot is closed; cannot call ${channel}.`));
      });
    },

    on<E extends EventChannel>(event: E, listener: (payload: Payload<E>) => void) {
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        send({ type: 'subscribe', channels: [event] });
      }
      const own = (payload: unknown) => listener(payload as Payload<E>);
      set.add(own);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(own);
        if (set.size > 0 || listeners.get(event) !== set) return;
        listeners.delete(event);
        send({ type: 'unsubscribe', channels: [event] });
      };
    },

    setSessions(next) {
      const previous = sessions;
      const wanted: ReadonlySet<string> | '*' = next === '*' ? '*' : new Set(next);
      sessions = wanted;
      if (previous === '*' || wanted === '*') {
        if (previous === wanted) return;
        if (previous === '*' || previous.size > 0) send({ type: 'unsubscribe', sessions: '*' });
        if (wanted === '*') send({ type: 'subscribe', sessions: '*' });
        else if (wanted.size > 0) send({ type: 'subscribe', sessions: [...wanted] });
        return;
      }
      const removed = [...previous].filter((id) => !wanted.has(id));
      const added = [...wanted].filter((id) => !previous.has(id));
      if (removed.length > 0) send({ type: 'unsubscribe', sessions: removed });
      if (added.length > 0) send({ type: 'subscribe', sessions: added });
    },

    close() {
      if (closed) return;
      closed = true;
      for (const id of [...pending.keys()])
        settle(id, err('unavailable', 'The connection to Deskpilot was closed by this client.'));
      open = false;
      port.close?.();
    },
  };
}
