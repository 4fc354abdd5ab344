// The app:// origin the renderer is served from (DESIGN.md §9), its well-known URLs, and the check of a URL against it.

/** The privileged custom scheme the renderer is served from (registered in protocol.ts). */
export const APP_SCHEME = 'app';
/** The only host of {@link APP_SCHEME}: everything else under the scheme is refused. */
export const APP_HOST = 'deskpilot';
/** The origin of every trusted page: `app://deskpilot`. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The renderer's entry page. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
/** The quick-prompt view (the renderer routes `#/quick` to a one-input view). */
export const QUICK_PROMPT_URL = `${APP_INDEX_URL}#/quick`;

/**
 * Parses `url` and returns it when it is on the app origin: scheme `app:`, host `deskpilot` (case-insensitive, as
 * Chromium canonicalizes hosts of standard schemes), no port, no user name or password. Otherwise `null`
 * (malformed, another scheme, another host). Parsing follows the WHATWG URL standard (https://url.spec.whatwg.org/).
 */
export function parseAppUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:`) return null;
  if (
    parsed.hostname.toLowerCase() !== APP_HOST ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  )
    return null;
  return parsed;
}

/** True when `url` is on the app origin (see {@link parseAppUrl}). */
export function isAppUrl(url: string): boolean {
  return parseAppUrl(url) !== null;
}

/**
 * The session an app:// URL's hash opens (`…#/chat/<id>`, the renderer's route), or null. Used when the quick prompt
 * navigates to a chat: the shell then shows it in the main window.
 */
export function sessionIdFromAppUrl(url: string): string | null {
  const hash = /#\/chat\/([^/?#]+)$/.exec(url)?.[1];
  if (!hash) return null;
  try {
    const id = decodeURIComponent(hash);
    return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
