// The quick-prompt window: small, frameless, always on top, loading the renderer's #/quick view; toggled by the hotkey.
import { BrowserWindow, screen } from 'electron';
import type { Runtime } from '../core/runtime';
import { QUICK_PROMPT_URL, sessionIdFromAppUrl } from './appOrigin';
import { hardenedWebPreferences } from './webPreferences';
import type { WindowRegistry } from './windows';

/** Size of the quick-prompt window, DIP. */
export const QUICK_PROMPT_SIZE = { width: 680, height: 420 } as const;

/** Options of {@link createQuickPrompt}. */
export interface QuickPromptOptions {
  preload: string;
  devTools: boolean;
  registry: WindowRegistry;
  log: Runtime['log'];
  /** Called when the quick view navigates to a chat ("Open in Deskpilot"): show it in the main window. */
  onOpenSession(sessionId: string): void;
}

/** Controls of the quick-prompt window (created on first use, then hidden and shown again). */
export interface QuickPrompt {
  /** Shows it on the display under the mouse pointer, or hides it when it is visible and focused. */
  toggle(): void;
  show(): void;
  hide(): void;
  /** From now on `close` really closes it (app is quitting). */
  setQuitting(): void;
}

/**
 * Creates the quick-prompt controller. The window (hardened like the main one, on app://deskpilot/index.html#/quick)
 * is centered horizontally in the upper third of the work area of the display under the pointer. It hides when it
 * loses focus or on Escape; the renderer's #/quick view owns the input and the streamed answer.
 */
export function createQuickPrompt(options: QuickPromptOptions): QuickPrompt {
  let window: BrowserWindow | undefined;
  let quitting = false;
  /** Whether the page has rendered once (showing earlier would flash an empty window). */
  let ready = false;
  /** Whether the window should be visible as soon as it is ready. */
  let wanted = false;

  const reveal = (win: BrowserWindow) => {
    win.show();
    win.focus();
  };

  const create = (): BrowserWindow => {
    const win = new BrowserWindow({
      ...QUICK_PROMPT_SIZE,
      show: false,
      frame: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      title: 'Deskpilot quick prompt',
      webPreferences: hardenedWebPreferences({ preload: options.preload, devTools: options.devTools }),
    });
    win.setAlwaysOnTop(true, 'floating');
    options.registry.add(win);
    win.on('blur', () => hide());
    win.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      hide();
    });
    win.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape') {
        event.preventDefault();
        hide();
      }
    });
    // "Open in Deskpilot" switches this window's hash to #/chat/<id>: hand the chat to the main window, reset, hide.
    win.webContents.on('did-navigate-in-page', (_event, url) => {
      const sessionId = sessionIdFromAppUrl(url);
      if (!sessionId) return;
      hide();
      options.onOpenSession(sessionId);
      win
        .loadURL(QUICK_PROMPT_URL)
        .catch((error: Error) => options.log.error('the quick prompt could not reload', { error: error.message }));
    });
    win.once('ready-to-show', () => {
      ready = true;
      if (wanted) reveal(win);
    });
    win.once('closed', () => {
      window = undefined;
      ready = false;
    });
    win
      .loadURL(QUICK_PROMPT_URL)
      .catch((error: Error) => options.log.error('the quick prompt could not load the UI', { error: error.message }));
    return win;
  };

  const show = () => {
    const win = window && !window.isDestroyed() ? window : (window = create());
    const area = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea;
    const { width, height } = QUICK_PROMPT_SIZE;
    win.setBounds({
      x: Math.round(area.x + (area.width - width) / 2),
      y: Math.round(area.y + area.height / 6),
      width,
      height,
    });
    wanted = true;
    if (ready) reveal(win);
  };
  const hide = () => {
    wanted = false;
    if (window && !window.isDestroyed()) window.hide();
  };
  return {
    toggle: () => (window && !window.isDestroyed() && window.isVisible() && window.isFocused() ? hide() : show()),
    show,
    hide,
    setQuitting() {
      quitting = true;
    },
  };
}
