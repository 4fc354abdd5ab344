// Answers one IPC request: trusted-sender check, then contract validation and the handler (DESIGN.md §4, §9).
import { err, type Result } from '../../../preload/contract/result';
import { dispatch, type Handlers } from '../../core/api/dispatch';
import { checkSender, type InvokeEventLike } from './sender';

/** What {@link answerRequest} needs: the handler table, the ids of our windows' webContents, and a warning sink. */
export interface RequestDeps {
  handlers: Handlers;
  ourIds: () => ReadonlySet<number>;
  warn: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * The reply to `channel` with untrusted `params` from `event`'s sender: `{ok: false, error: {code: 'forbidden'}}`
 * when {@link checkSender} refuses the sender (logged, nothing runs), else whatever `dispatch` (core/api/dispatch.ts)
 * returns: `invalid_params` for params failing the contract's zod schema, the handler's value or error. Never throws.
 */
export async function answerRequest(
  deps: RequestDeps,
  channel: string,
  event: InvokeEventLike,
  params: unknown,
): Promise<Result<unknown>> {
  const verdict = checkSender(event, deps.ourIds());
  if (!verdict.trusted) {
    deps.warn('refused an IPC request from an untrusted sender', { channel, reason: verdict.reason });
    return err(
      'forbidden',
      `Refused ${channel}: ${verdict.reason}. Only Deskpilot's own windows may call the runtime.`,
    );
  }
  return dispatch(deps.handlers, channel, params);
}
