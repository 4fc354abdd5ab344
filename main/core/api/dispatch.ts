// Validates a request against the contract table, runs its handler and wraps the outcome as a Result.
import { invokeChannels, type InvokeChannel, type Params, type ResultOf } from '../../../preload/contract/channels';
import { ErrorCode, err, ok, type Result } from '../../../preload/contract/result';

/**
 * The handler of request channel `C`. `signal` aborts when the client cancels the request or disconnects; it is
 * optional so that a handler without long work (and a test calling one directly) need not take it.
 */
export type Handler<C extends InvokeChannel> = (params: Params<C>, signal?: AbortSignal) => Promise<ResultOf<C>>;

/** Request channels the host of a transport answers itself (the loopback bridge), not the runtime. */
export const HOST_CHANNELS = ['bridge/loginUrl', 'bridge/loginPage'] as const satisfies readonly InvokeChannel[];
/** One of {@link HOST_CHANNELS}. */
export type HostChannel = (typeof HOST_CHANNELS)[number];
/** A request channel the runtime answers (every channel but the {@link HOST_CHANNELS}). */
export type RuntimeChannel = Exclude<InvokeChannel, HostChannel>;

/** One implementation per runtime request channel (api/handlers.ts), shared by every transport. */
export type Handlers = { [C in RuntimeChannel]: Handler<C> };
/** The runtime's handlers plus whichever host channels a transport answers (the bridge answers both). */
export type ChannelHandlers = Handlers & { [C in HostChannel]?: Handler<C> };

const codes: ReadonlySet<string> = new Set(ErrorCode.options);

/** True when `channel` is answered by a transport's host rather than the runtime. */
export function isHostChannel(channel: string): channel is HostChannel {
  return (HOST_CHANNELS as readonly string[]).includes(channel);
}

/**
 * Runs `channel` with untrusted `params`: unknown channel -> `not_found`; a host channel this transport does not
 * answer -> `unavailable`; params failing the channel's zod schema -> `invalid_params` naming each problem; a thrown
 * Error carrying a `code` among `ErrorCode.options` keeps it; anything else -> `internal` with the error's message.
 * `signal` (aborted on cancel or disconnect) is passed to the handler. Never throws.
 */
export async function dispatch(
  handlers: ChannelHandlers,
  channel: string,
  params: unknown,
  signal?: AbortSignal,
): Promise<Result<unknown>> {
  if (!Object.hasOwn(invokeChannels, channel)) return err('not_found', `Unknown channel "${channel}".`);
  const spec = invokeChannels[channel as InvokeChannel];
  const handler = (handlers as Partial<Record<InvokeChannel, (p: unknown, s?: AbortSignal) => Promise<unknown>>>)[
    channel as InvokeChannel
  ];
  if (!handler)
    return err(
      'unavailable',
      `${channel} is answered only by the loopback bridge: connect to it with the token in <home>/runtime/bridge.json (e.g. \`deskpilot open\`).`,
    );
  const parsed = spec.params.safeParse(params ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    return err('invalid_params', `Could not ${describeAction(channel as InvokeChannel)}: ${problems}.`);
  }
  try {
    return ok(await handler(parsed.data, signal));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return err(typeof code === 'string' && codes.has(code) ? (code as ErrorCode) : 'internal', message);
  }
}

/** What channels do, in the user's words, for error messages; others read "do that (<channel>)". */
const ACTIONS: Partial<Record<InvokeChannel, string>> = {
  'chat/send': 'send the message',
  'chat/interrupt': 'stop the turn',
  'chat/retry': 'retry the turn',
  'session/list': 'list the sessions',
  'session/get': 'open the session',
  'session/entries': 'load earlier messages',
  'session/create': 'start a session',
  'session/rename': 'rename the session',
  'session/delete': 'delete the session',
  'session/fork': 'fork the session',
  'session/export': 'export the session',
  'approval/decide': 'answer the approval',
  'approval/revokeRule': 'remove the rule',
  'context/setEnabled': 'switch the context provider',
  'command/run': 'run the command',
  'settings/update': 'change the settings',
  'settings/setValues': 'change the settings',
  'settings/setSecret': 'store the API key',
  'plugin/setEnabled': 'switch the plugin',
  'plugin/call': 'ask the plugin',
};

/** `channel`'s action in words ({@link ACTIONS}), e.g. "rename the session". */
function describeAction(channel: InvokeChannel): string {
  return ACTIONS[channel] ?? `do that (${channel})`;
}

/** An Error carrying a contract error code, for handlers to throw. */
export function failure(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { code });
}
