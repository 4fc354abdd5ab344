// The RPC frames every transport carries (WebSocket bridge, Electron IPC, in-process), as zod schemas (DESIGN.md §4).
// Modelled on VS Code's ipc.ts (https://github.com/microsoft/vscode/blob/main/src/vs/base/parts/ipc/common/ipc.ts):
// requests and replies by id, cancellation by id, and events only for what a client subscribed to.
import { z } from 'zod';
import { eventChannels, type EventChannel, type Payload } from './channels';
import { ErrorInfo } from './result';

/**
 * The one Electron IPC channel RPC frames travel on, both ways: the renderer sends {@link ClientFrame}s with
 * `ipcRenderer.send`, main answers with {@link ServerFrame}s through `webContents.send`.
 */
export const IPC_RPC_CHANNEL = 'deskpilot:rpc';

/** A request id chosen by the client: unique among its requests still in flight. */
export const RequestId = z.union([z.string().min(1).max(100), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]);
/** Shape of {@link RequestId}. */
export type RequestId = z.infer<typeof RequestId>;

/** Any event channel name of the contract's `eventChannels`. */
export const EventChannelName = z.enum(Object.keys(eventChannels) as [EventChannel, ...EventChannel[]]);

/** Most session ids one subscribe or unsubscribe frame may list. */
export const MAX_SUBSCRIBED_SESSIONS = 1000;

/** A session id, or `'*'` in place of the list: every session. */
const Sessions = z.union([z.array(z.string().min(1).max(200)).max(MAX_SUBSCRIBED_SESSIONS), z.literal('*')]);

/**
 * Client -> server: call `channel` (a request channel of the contract) with `params`. The server answers with exactly
 * one {@link ReplyFrame} carrying the same `id`. `channel` is checked by the server (unknown -> `not_found`).
 */
export const RequestFrame = z.object({
  type: z.literal('request'),
  id: RequestId,
  channel: z.string().min(1).max(200),
  params: z.unknown(),
});
/** Shape of {@link RequestFrame}. */
export type RequestFrame = z.infer<typeof RequestFrame>;

/** Client -> server: abort request `id`; its handler sees its `AbortSignal` fire and the reply is `cancelled`. */
export const CancelFrame = z.object({ type: z.literal('cancel'), id: RequestId });
/** Shape of {@link CancelFrame}. */
export type CancelFrame = z.infer<typeof CancelFrame>;

/**
 * Client -> server: start receiving event `channels`, and the `agent/event`s of `sessions` (ids, or `'*'` for all).
 * Adds to what the client already receives. A client receives nothing it did not subscribe to.
 */
export const SubscribeFrame = z.object({
  type: z.literal('subscribe'),
  channels: z.array(EventChannelName).optional(),
  sessions: Sessions.optional(),
});
/** Shape of {@link SubscribeFrame}. */
export type SubscribeFrame = z.infer<typeof SubscribeFrame>;

/** Client -> server: stop receiving `channels` and `sessions` (`'*'` drops every session subscription). */
export const UnsubscribeFrame = z.object({
  type: z.literal('unsubscribe'),
  channels: z.array(EventChannelName).optional(),
  sessions: Sessions.optional(),
});
/** Shape of {@link UnsubscribeFrame}. */
export type UnsubscribeFrame = z.infer<typeof UnsubscribeFrame>;

/** Every frame a client may send, tagged by `type`. */
export const ClientFrame = z.discriminatedUnion('type', [RequestFrame, CancelFrame, SubscribeFrame, UnsubscribeFrame]);
/** Shape of {@link ClientFrame}. */
export type ClientFrame = z.infer<typeof ClientFrame>;

/** A request's outcome: the contract's `Result` (the value is checked against the channel's result schema by callers). */
export const WireResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfo }),
]);

/**
 * Server -> client: the answer to request `id`. `id` is null only for a frame the server could not read an id from
 * (not JSON, not an object, no valid id): the client cannot match it and treats it as a protocol notice.
 */
export const ReplyFrame = z.object({ type: z.literal('reply'), id: RequestId.nullable(), result: WireResult });
/** Shape of {@link ReplyFrame}. */
export type ReplyFrame = z.infer<typeof ReplyFrame>;

/** Server -> client: one event of a subscribed channel; `payload` matches `eventChannels[event]`. */
export const EventFrame = z.object({ type: z.literal('event'), event: EventChannelName, payload: z.unknown() });
/** Shape of {@link EventFrame}. */
export type EventFrame = z.infer<typeof EventFrame>;

/** Every frame a server may send, tagged by `type`. */
export const ServerFrame = z.discriminatedUnion('type', [ReplyFrame, EventFrame]);
/** Shape of {@link ServerFrame}. */
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Event channels whose events belong to one session (`payload.sessionId`): delivered per session subscription. */
export const SESSION_SCOPED_EVENTS: ReadonlySet<EventChannel> = new Set<EventChannel>(['agent/event']);

/** The session `payload` of `event` belongs to, or null for a global event channel. */
export function eventSessionId<E extends EventChannel>(event: E, payload: Payload<E>): string | null {
  if (!SESSION_SCOPED_EVENTS.has(event)) return null;
  const sessionId = (payload as { sessionId?: unknown }).sessionId;
  return typeof sessionId === 'string' ? sessionId : null;
}

/**
 * A message link of one RPC connection, in either direction: `send` posts one frame (serialized by the link if it
 * needs to), `onMessage` delivers what the other side sent (untrusted: validated by the receiver), `onClose` fires
 * once when the link is gone. Each function returns an unsubscribe function where it registers a listener.
 */
export interface RpcPort<Out> {
  send(frame: Out): void;
  onMessage(listener: (message: unknown) => void): () => void;
  onClose(listener: () => void): () => void;
}
