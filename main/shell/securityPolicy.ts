// Pure decisions behind the window guards of security.ts: navigation, window.open and permission requests (DESIGN.md §9).
import { isAppUrl } from './appOrigin';
import { normalizeExternalUrl } from '../core/util/externalUrl';

/** What to do with a navigation or `window.open`: stay (same app origin), or refuse and maybe open `external` in the browser. */
export type NavigationDecision = { allow: true } | { allow: false; external: string | null };

/**
 * Decides a main-frame or sub-frame navigation (`will-navigate`, `will-frame-navigate`, `will-redirect`): allowed only
 * to the app origin; anything else is refused, and an https: URL is handed to the system browser instead.
 */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return { allow: true };
  return { allow: false, external: normalizeExternalUrl(url) };
}

/**
 * Decides `window.open` / `target=_blank`: a new Electron window is never created; https: URLs go to the system
 * browser, everything else (the app origin included) is dropped.
 */
export function windowOpenDecision(url: string): { action: 'deny'; external: string | null } {
  return { action: 'deny', external: normalizeExternalUrl(url) };
}

/**
 * The one permission the renderer may use: writing sanitized text to the clipboard (the "Copy" buttons), and only
 * from the app origin. Every other permission (camera, microphone, notifications, geolocation, …) is denied.
 * `origin` is the requesting URL or origin as Electron reports it.
 */
export function permissionDecision(permission: string, origin: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(origin);
}
