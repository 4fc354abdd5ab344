// The app:// scheme: registered as privileged (standard, secure) before ready, then served from the built renderer.
import { protocol } from 'electron';
import { APP_SCHEME } from './appOrigin';
import { serveAppRequest } from './appRequest';

/**
 * Registers `app:` as a standard, secure scheme with fetch support and code cache (no CSP bypass, no service
 * workers). Must run before the app's `ready` event (Electron throws otherwise).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves app://deskpilot/ from `rendererDir` (absolute; out/renderer) on the default session. Call after `ready`. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}
