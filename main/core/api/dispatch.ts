// Validates a request against the contract table, runs its handler and wraps the outcome as a Result.
import { invokeChannels, type InvokeChannel, type Params, type ResultOf } from '../../../preload/contract/channels';
import { err, ok, type ErrorCode, type Result } from '../../../preload/contract/result';

/** One implementation per request channel. */
export type Handlers = { [C in InvokeChannel]: (params: Params<C>) => Promise<ResultOf<C>> };

const codes: readonly ErrorCode[] = ['forbidden', 'invalid_params', 'not_found', 'conflict', 'unavailable', 'internal'];

/**
 * Runs `channel` with untrusted `params`: unknown channel -> `not_found`; params failing the channel's zod
 * schema -> `invalid_params` naming each problem; a thrown Error carrying a `code` among the contract's
 * codes keeps it; anything else -> `internal` with the error's message. Never throws.
 */
export async function dispatch(handlers: Handlers, channel: string, params: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(invokeChannels, channel)) return err('not_found', `Unknown channel "${channel}".`);
  const spec = invokeChannels[channel as InvokeChannel];
  const parsed = spec.params.safeParse(params ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
    return err('invalid_params', `Invalid params for ${channel}: ${problems}`);
  }
  try {
    const handler = handlers[channel as InvokeChannel] as (p: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return err(
      typeof code === 'string' && (codes as string[]).includes(code) ? (code as ErrorCode) : 'internal',
      message,
    );
  }
}

/** An Error carrying a contract error code, for handlers to throw. */
export function failure(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { code });
}
