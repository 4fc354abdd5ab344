// The hardened webPreferences every Deskpilot window is created with (DESIGN.md §9); pure, so tests can inspect it.
import type { WebPreferences } from 'electron';

/** Options of {@link hardenedWebPreferences}. */
export interface WebPreferencesOptions {
  /** Absolute path of the bundled CommonJS preload (out/preload/index.cjs). */
  preload: string;
  /** Whether the developer tools may open (false in packaged builds). */
  devTools: boolean;
}

/**
 * webPreferences for a window that shows the renderer: context isolation, the Chromium sandbox, no Node.js anywhere
 * (page, workers, sub-frames), no `<webview>`, web security on, no insecure content, no experimental features,
 * no navigation by dropping a file. See https://www.electronjs.org/docs/latest/tutorial/security.
 */
export function hardenedWebPreferences(options: WebPreferencesOptions): WebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: options.devTools,
  };
}
