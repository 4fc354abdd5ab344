// The trusted-sender check of every IPC request (DESIGN.md §9): our window, its main frame, the app origin.
import { isAppUrl } from '../appOrigin';

/** The parts of an Electron frame (`WebFrameMain`) the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The parts of an Electron `IpcMainInvokeEvent` the check reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** `{trusted: true}`, or `{trusted: false, reason}` with a sentence for the log and the `forbidden` reply. */
export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

/**
 * Decides whether an IPC request comes from a page we trust: the sending webContents is one of ours (`ourIds`: the
 * ids of our windows' webContents), the sending frame still exists and is the main frame (no parent), and the
 * frame's URL is on `app://deskpilot`. Anything else (a sub-frame, a foreign or file:// page, an unknown or destroyed
 * window) is refused.
 */
export function checkSender(event: InvokeEventLike, ourIds: ReadonlySet<number>): SenderVerdict {
  if (!ourIds.has(event.sender.id))
    return { trusted: false, reason: `webContents ${event.sender.id} is not a Deskpilot window` };
  const frame = event.senderFrame;
  if (!frame) return { trusted: false, reason: 'the sending frame is gone (navigated away or destroyed)' };
  if (frame.parent !== null) return { trusted: false, reason: 'the request came from a sub-frame, not the main frame' };
  if (!isAppUrl(frame.url))
    return {
      trusted: false,
      reason: `the sending page ${JSON.stringify(frame.url.slice(0, 200))} is not on the app origin`,
    };
  return { trusted: true };
}
