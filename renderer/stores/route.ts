// The open session lives in the URL hash (#/chat/<id>) so a reload or a shared link reopens it.

const PREFIX = '#/chat/';

/** The session id in the current URL hash, or null. */
export function sessionFromHash(hash: string = location.hash): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(PREFIX.length));
  return id || null;
}

/** Rewrites the hash for `sessionId` (null clears it) without adding a history entry. */
export function writeSessionHash(sessionId: string | null): void {
  const next = sessionId ? `${PREFIX}${encodeURIComponent(sessionId)}` : `${location.pathname}${location.search}`;
  if (sessionId && location.hash === next) return;
  history.replaceState(null, '', next);
}
