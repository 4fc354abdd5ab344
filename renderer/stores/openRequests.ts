// Cross-window "open this chat" requests: the quick-prompt window asks the main window (same app origin) over a BroadcastChannel.

/** Name of the BroadcastChannel both windows of the app share. */
const CHANNEL = 'deskpilot.openSession';

/** Asks other windows of this app to open `sessionId`; false when the browser has no BroadcastChannel. */
export function postOpenSession(sessionId: string): boolean {
  if (typeof BroadcastChannel === 'undefined') return false;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ sessionId });
  channel.close();
  return true;
}

/** Calls `listener` with each session id another window asks to open; returns the unsubscribe function. */
export function onOpenSessionRequest(listener: (sessionId: string) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent) => {
    const id = (e.data as { sessionId?: unknown } | null)?.sessionId;
    if (typeof id === 'string' && id) listener(id);
  };
  return () => channel.close();
}
