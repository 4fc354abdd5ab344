// The tray icon: state image (idle / working / waiting), tooltip and menu from trayModel.ts, kept in step with runtime/status.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { AutomationState } from '../../preload/contract/automation';
import type { RuntimeStatus } from '../../preload/contract/channels';
import type { Runtime } from '../core/runtime';
import { trayIconFiles, trayMenuModel, type TrayItemId, type TrayState } from './trayModel';

/** What the menu items do (besides status and pause, which the tray handles with the runtime). */
export interface TrayActions {
  open(): void;
  quickPrompt(): void;
  newChat(): void;
  quit(): void;
}

/** Options of {@link createTray}. */
export interface TrayOptions {
  runtime: Runtime;
  /** Folder holding tray/tray-<state>.png and tray/tray-<state>@2x.png. */
  resourcesDir: string;
  actions: TrayActions;
}

/**
 * Loads a state's icon from PNG bytes (read with fs, which also works inside app.asar) with its @2x representation.
 * Throws naming the file when it is missing (the resources folder is incomplete: run `node scripts/make-icons.mjs`).
 */
function loadIcon(resourcesDir: string, state: TrayState): NativeImage {
  const files = trayIconFiles(state);
  const read = (rel: string) => {
    const file = path.join(resourcesDir, rel);
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(
        `The tray icon ${file} is missing (${(error as Error).message}). Regenerate icons with \`node scripts/make-icons.mjs\`.`,
        { cause: error },
      );
    }
  };
  const image = nativeImage.createFromBuffer(read(files.base), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: read(files.retina) });
  return image;
}

/**
 * Creates the tray and keeps it current: the icon follows `trayState`, the menu and tooltip `trayMenuModel` of every
 * `runtime/status` event. A click on the icon opens the main window (Windows, Linux). Returns a dispose function.
 */
export function createTray(options: TrayOptions): () => void {
  const { runtime, actions } = options;
  const icons: Record<TrayState, NativeImage> = {
    idle: loadIcon(options.resourcesDir, 'idle'),
    working: loadIcon(options.resourcesDir, 'working'),
    waiting: loadIcon(options.resourcesDir, 'waiting'),
  };
  const tray = new Tray(icons.idle);
  let current = runtime.status();
  let automation: AutomationState = runtime.automation.state();
  let rendered = '';

  const run: Record<TrayItemId, () => void> = {
    open: actions.open,
    quickPrompt: actions.quickPrompt,
    newChat: actions.newChat,
    status: actions.open,
    activity: actions.open,
    stopAutomation: () => void runtime.automation.stop(),
    toggleAutonomous: () => runtime.setAutonomousPaused(!current.autonomousPaused),
    quit: actions.quit,
  };

  const render = (status: RuntimeStatus) => {
    current = status;
    const model = trayMenuModel(status, automation);
    const key = JSON.stringify(model);
    if (key === rendered || tray.isDestroyed()) return;
    rendered = key;
    tray.setImage(icons[model.state]);
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        model.items.map((item) =>
          item.type === 'separator'
            ? { type: 'separator' as const }
            : { label: item.label, enabled: item.enabled, click: () => run[item.id]() },
        ),
      ),
    );
  };

  render(current);
  const unsubscribe = runtime.bus.on('runtime/statusChanged', render);
  const unsubscribeAutomation = runtime.bus.on('automation/activityChanged', (state) => {
    automation = state;
    render(current);
  });
  tray.on('click', () => actions.open());
  return () => {
    unsubscribe();
    unsubscribeAutomation();
    if (!tray.isDestroyed()) tray.destroy();
  };
}
