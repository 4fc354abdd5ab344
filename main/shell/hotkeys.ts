// A global shortcut from settings (quick prompt, stop automation): registered, re-registered on change, failures reported.
import type { GlobalShortcut } from 'electron';
import type { Runtime } from '../core/runtime';
import { validateAccelerator } from './accelerator';
import type { ShortcutFailed } from './shellEvents';

/** Options of {@link createHotkeys}. */
export interface HotkeysOptions {
  /** Electron's `globalShortcut` (a fake in tests). */
  shortcuts: Pick<GlobalShortcut, 'register' | 'unregister'>;
  settings: Pick<Runtime['settings'], 'get' | 'onChange'>;
  /** The setting holding the accelerator; default `globalShortcut` (the quick prompt). */
  setting?: 'globalShortcut' | 'stopAutomationShortcut';
  /** What the shortcut does, for messages, e.g. `stop-automation`; default `quick-prompt`. */
  purpose?: string;
  /** Called when the shortcut is pressed. */
  onTrigger(): void;
  /** Called when the shortcut from settings is invalid or cannot be registered (never silent: the shell notifies). */
  onFailure(failure: ShortcutFailed): void;
  log: Runtime['log'];
}

/** The registered shortcut's state. */
export interface Hotkeys {
  /** The last registration failure, or `null` when the current setting is registered (or empty = disabled). */
  failure(): ShortcutFailed | null;
  /** Unregisters the shortcut and stops following settings. */
  dispose(): void;
}

/**
 * Registers the shortcut in `settings[options.setting]` (checked by `validateAccelerator` first) and re-registers whenever it changes.
 * An invalid accelerator, one the OS refuses (already taken by another app) or one Electron throws on is reported
 * through `onFailure` with a sentence naming it and what to do; the previous shortcut is released either way.
 */
export function createHotkeys(options: HotkeysOptions): Hotkeys {
  let registered: string | null = null;
  let failure: ShortcutFailed | null = null;
  const key = options.setting ?? 'globalShortcut';
  const purpose = options.purpose ?? 'quick-prompt';

  const fail = (accelerator: string, message: string) => {
    failure = { accelerator, message };
    options.log.warn(`the ${purpose} shortcut is not active`, { accelerator, message });
    options.onFailure(failure);
  };

  const apply = (setting: string) => {
    if (registered) options.shortcuts.unregister(registered);
    registered = null;
    failure = null;
    const check = validateAccelerator(setting);
    if (check.kind === 'disabled') return;
    if (check.kind === 'invalid')
      return fail(setting, `The ${purpose} shortcut is not valid: ${check.message} Change it in Settings.`);
    let ok = false;
    let reason = 'another app probably uses it';
    try {
      ok = options.shortcuts.register(check.accelerator, options.onTrigger);
    } catch (error) {
      reason = (error as Error).message;
    }
    if (!ok)
      return fail(
        check.accelerator,
        `The ${purpose} shortcut ${check.accelerator} could not be registered (${reason}). Pick another one in Settings.`,
      );
    registered = check.accelerator;
  };

  apply(options.settings.get()[key]);
  const unsubscribe = options.settings.onChange((next, previous) => {
    if (next[key] !== previous[key]) apply(next[key]);
  });
  return {
    failure: () => failure,
    dispose() {
      unsubscribe();
      if (registered) options.shortcuts.unregister(registered);
      registered = null;
    },
  };
}
