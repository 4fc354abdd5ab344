// The open session lives in the URL hash (#/chat/<id>) so a reload or a shared link reopens it; #/quick is the quick prompt.

const PREFIX = '#/chat/';
/** Hash of the quick-prompt view (the Electron shell loads `index.html#/quick` in its small window). */
export const QUICK_HASH = '#/quick';

/** True when `hash` selects the quick-prompt view. */
export function isQuickRoute(hash: string = location.hash): boolean {
  return hash === QUICK_HASH;
}

/** The hash that opens `sessionId` in the main view, e.g. `#/chat/s_123`. */
export function sessionHash(sessionId: string): string {
  return `${PREFIX}${encodeURIComponent(sessionId)}`;
}

/** The session id in the current URL hash, or null. */
export function sessionFromHash(hash: string = location.hash): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(PREFIX.length));
  return id || null;
}

/** Rewrites the hash for `sessionId` (null clears it) without adding a history entry; the quick view keeps its hash. */
export function writeSessionHash(sessionId: string | null): void {
  if (isQuickRoute()) return;
  const next = sessionId ? sessionHash(sessionId) : `${location.pathname}${location.search}`;
  if (sessionId && location.hash === next) return;
  history.replaceState(null, '', next);
}
