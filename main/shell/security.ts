// Guards every webContents and session (DESIGN.md §9): navigation, window.open, <webview> and permission requests.
import type { Session, WebContents } from 'electron';
import type { Runtime } from '../core/runtime';
import { navigationDecision, permissionDecision, windowOpenDecision } from './securityPolicy';

/** What the guards need: where refused https: links go (external.ts) and a log. */
export interface GuardDeps {
  openExternal: (url: string) => void;
  log: Runtime['log'];
}

/**
 * Hardens one webContents: navigations (main frame, sub-frames, redirects) leave the app origin never; a clicked
 * https: link opens in the system browser instead. `window.open` never creates a window (https: goes to the
 * browser). `<webview>` attachment is prevented.
 */
export function hardenWebContents(contents: WebContents, deps: GuardDeps): void {
  const refuse = (kind: string, url: string, openOutside: boolean, preventDefault: () => void) => {
    const decision = navigationDecision(url);
    if (decision.allow) return;
    preventDefault();
    if (openOutside && decision.external) deps.openExternal(decision.external);
    else deps.log.warn(`blocked a ${kind} away from the app`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event) => refuse('navigation', event.url, true, () => event.preventDefault()));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) refuse('sub-frame navigation', event.url, false, () => event.preventDefault());
  });
  contents.on('will-redirect', (event) => refuse('redirect', event.url, false, () => event.preventDefault()));
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.external) deps.openExternal(decision.external);
    else deps.log.warn('blocked window.open', { url: url.slice(0, 200) });
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log.warn('blocked a <webview>', {});
  });
}

/**
 * Denies every permission request and check on `session` except `permissionDecision`'s one exception
 * (sanitized clipboard writes from the app origin, for the "Copy" buttons).
 */
export function hardenSession(session: Session, log: Runtime['log']): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = permissionDecision(permission, details.requestingUrl ?? contents.getURL());
    if (!allowed) log.warn('denied a permission request', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, requestingOrigin),
  );
}
