// serveRpc: the server half of the one RPC core: frames checked, requests dispatched with cancellation, events filtered.
import type { EventChannel, Payload } from '../../../preload/contract/channels';
import { err, type ErrorCode, type Result } from '../../../preload/contract/result';
import {
  ClientFrame,
  eventSessionId,
  MAX_SUBSCRIBED_SESSIONS,
  RequestId,
  type RpcPort,
  type ServerFrame,
  type SubscribeFrame,
  type UnsubscribeFrame,
} from '../../../preload/contract/wire';
import type { Logger } from '../../../plugins/sdk/types';
import { dispatch, type ChannelHandlers } from '../api/dispatch';
import { describeIssues } from '../util/jsonDocument';

/** What a port delivers in place of a message it could not decode (a WebSocket text that is not JSON, binary data). */
export class Undecodable {
  constructor(
    /** Why the message could not be read, e.g. `not JSON`. */
    readonly reason: string,
  ) {}
}

/** The part of the runtime's EventBus a connection listens to. */
export interface EventSource {
  onAny(listener: (event: EventChannel, payload: unknown) => void): () => void;
}

/** Options of {@link serveRpc}. */
export interface ServeRpcOptions {
  /** Refuses `channel` on this connection: return a sentence saying why (answered `forbidden`), or null to allow. */
  authorize?: (channel: string) => string | null;
  /** Receives protocol problems (frames that are not valid); default: none. */
  log?: Logger;
  /** Called after a subscribe frame added `channels` (so a host can re-send state such a client missed). */
  onSubscribe?: (channels: readonly EventChannel[]) => void;
}

/** One served connection. */
export interface RpcConnection {
  /** Sends a host event (e.g. a shell event) to this client when it subscribed to it; returns whether it was sent. */
  emit<E extends EventChannel>(event: E, payload: Payload<E>): boolean;
  /** Stops event delivery and aborts the requests in flight (their replies are not sent). Does not close the port. */
  dispose(): void;
}

/** Most requests one connection may have in flight; more are answered `unavailable` at once. */
export const MAX_IN_FLIGHT = 256;

/**
 * Serves one connection over `port` (frames in preload/contract/wire.ts). Every message is checked against
 * `ClientFrame`: one that is not a valid frame (not JSON, `null`, wrong types) is answered by an `invalid_params` reply
 * (with the frame's id when one can be read, else `id: null`) and changes nothing else. A request runs through
 * {@link dispatch} with an `AbortSignal` that fires on a `cancel` frame for its id (the reply is then `cancelled`) or
 * when the port closes (no reply). Events of `bus` reach the client only for channels it subscribed to, and
 * `agent/event`s only for its sessions. Disposes itself when the port closes.
 */
export function serveRpc(
  port: RpcPort<ServerFrame>,
  handlers: ChannelHandlers,
  bus: EventSource,
  options: ServeRpcOptions = {},
): RpcConnection {
  const channels = new Set<EventChannel>();
  const sessions = new Set<string>();
  let allSessions = false;
  let disposed = false;
  const inFlight = new Map<RequestId, { controller: AbortController; cancelled: boolean }>();

  const send = (frame: ServerFrame) => {
    if (disposed) return;
    try {
      port.send(frame);
    } catch (error) {
      options.log?.warn('could not send an RPC frame', { error: (error as Error).message });
    }
  };
  const reply = (id: RequestId | null, result: Result<unknown>) => send({ type: 'reply', id, result });
  const refuse = (id: RequestId | null, code: ErrorCode, message: string) => reply(id, err(code, message));

  const deliver = (event: EventChannel, payload: unknown): boolean => {
    if (disposed || !channels.has(event)) return false;
    const sessionId = eventSessionId(event, payload as Payload<EventChannel>);
    if (sessionId !== null && !allSessions && !sessions.has(sessionId)) return false;
    send({ type: 'event', event, payload });
    return true;
  };

  const subscribe = (frame: SubscribeFrame) => {
    for (const channel of frame.channels ?? []) channels.add(channel);
    if (frame.sessions === '*') allSessions = true;
    else
      for (const id of frame.sessions ?? []) {
        if (sessions.size >= MAX_SUBSCRIBED_SESSIONS) {
          options.log?.warn('a client subscribed to too many sessions; ignored the rest', {
            max: MAX_SUBSCRIBED_SESSIONS,
          });
          break;
        }
        sessions.add(id);
      }
    if (frame.channels?.length) options.onSubscribe?.(frame.channels);
  };

  const unsubscribe = (frame: UnsubscribeFrame) => {
    for (const channel of frame.channels ?? []) channels.delete(channel);
    if (frame.sessions === '*') {
      allSessions = false;
      sessions.clear();
    } else for (const id of frame.sessions ?? []) sessions.delete(id);
  };

  const request = async (id: RequestId, channel: string, params: unknown) => {
    if (inFlight.has(id))
      return refuse(id, 'conflict', `Request id ${JSON.stringify(id)} is still in flight: use a new id.`);
    if (inFlight.size >= MAX_IN_FLIGHT)
      return refuse(id, 'unavailable', `Too many requests in flight (${MAX_IN_FLIGHT}): wait for replies, then retry.`);
    const refusal = options.authorize?.(channel);
    if (refusal) return refuse(id, 'forbidden', refusal);
    const state = { controller: new AbortController(), cancelled: false };
    inFlight.set(id, state);
    const result = await dispatch(handlers, channel, params, state.controller.signal);
    inFlight.delete(id);
    if (state.cancelled) return refuse(id, 'cancelled', `${channel} was cancelled by the client.`);
    if (!state.controller.signal.aborted) reply(id, result);
  };

  const onMessage = (message: unknown) => {
    if (disposed) return;
    if (message instanceof Undecodable)
      return refuse(
        null,
        'invalid_params',
        `The message is ${message.reason}: send JSON frames such as {"type":"request","id":1,"channel":"runtime/status","params":{}}.`,
      );
    const parsed = ClientFrame.safeParse(message);
    if (!parsed.success) {
      const id = RequestId.safeParse((message as { id?: unknown } | null)?.id);
      options.log?.debug('refused an invalid RPC frame', { problem: describeIssues(parsed.error) });
      return refuse(
        id.success ? id.data : null,
        'invalid_params',
        `Not a valid frame (${describeIssues(parsed.error)}): expected request, cancel, subscribe or unsubscribe as in preload/contract/wire.ts.`,
      );
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'request':
        void request(frame.id, frame.channel, frame.params);
        return;
      case 'cancel': {
        const state = inFlight.get(frame.id);
        if (state && !state.cancelled) {
          state.cancelled = true;
          state.controller.abort(new Error('The client cancelled the request.'));
        }
        return;
      }
      case 'subscribe':
        return subscribe(frame);
      case 'unsubscribe':
        return unsubscribe(frame);
    }
  };

  const offMessage = port.onMessage(onMessage);
  const offBus = bus.onAny(deliver);
  let offClose = () => {};
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    offBus();
    offMessage();
    offClose();
    for (const state of inFlight.values()) state.controller.abort(new Error('The client disconnected.'));
    inFlight.clear();
  };
  offClose = port.onClose(dispose);

  return { emit: (event, payload) => deliver(event, payload), dispose };
}
