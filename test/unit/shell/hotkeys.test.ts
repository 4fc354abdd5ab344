// The quick-prompt shortcut: registration from real settings, re-registration on change, failures never silent.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../main/core/settings/store';
import { createHotkeys } from '../../../main/shell/hotkeys';
import type { ShortcutFailed } from '../../../main/shell/shellEvents';

/** A stand-in for Electron's globalShortcut: `taken` accelerators belong to another app; `Throw+X` makes it throw. */
function fakeShortcuts(taken: string[] = []) {
  const registered = new Map<string, () => void>();
  return {
    registered,
    register(accelerator: string, callback: () => void) {
      if (accelerator.startsWith('Alt+F12')) throw new TypeError(`conversion failure for ${accelerator}`);
      if (taken.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister(accelerator: string) {
      registered.delete(accelerator);
    },
  };
}

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

describe('createHotkeys', () => {
  let home: string;
  let settings: SettingsStore;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-hotkeys-'));
    settings = await SettingsStore.open(home, { logger: silentLog });
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('registers the default shortcut, triggers, and follows settings changes', async () => {
    const shortcuts = fakeShortcuts();
    let triggered = 0;
    const failures: ShortcutFailed[] = [];
    const hotkeys = createHotkeys({
      shortcuts,
      settings,
      onTrigger: () => triggered++,
      onFailure: (f) => failures.push(f),
      log: silentLog,
    });
    expect([...shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    shortcuts.registered.get('CommandOrControl+Shift+Space')?.();
    expect(triggered).toBe(1);
    await settings.update({ globalShortcut: 'alt+k' });
    expect([...shortcuts.registered.keys()]).toEqual(['Alt+K']);
    await settings.update({ globalShortcut: '' });
    expect(shortcuts.registered.size).toBe(0);
    expect(failures).toEqual([]);
    expect(hotkeys.failure()).toBeNull();
    await settings.update({ globalShortcut: 'Alt+J' });
    hotkeys.dispose();
    expect(shortcuts.registered.size).toBe(0);
    await settings.update({ globalShortcut: 'Alt+L' });
    expect(shortcuts.registered.size).toBe(0);
  });

  it('reports a shortcut another app holds, and clears the failure once a free one is set', async () => {
    const shortcuts = fakeShortcuts(['CommandOrControl+Shift+Space']);
    const failures: ShortcutFailed[] = [];
    const hotkeys = createHotkeys({
      shortcuts,
      settings,
      onTrigger: () => undefined,
      onFailure: (f) => failures.push(f),
      log: silentLog,
    });
    expect(failures).toEqual([
      {
        accelerator: 'CommandOrControl+Shift+Space',
        message: expect.stringMatching(/could not be registered.*Settings/),
      },
    ]);
    expect(hotkeys.failure()).toEqual(failures[0]);
    await settings.update({ globalShortcut: 'Alt+K' });
    expect(hotkeys.failure()).toBeNull();
    expect([...shortcuts.registered.keys()]).toEqual(['Alt+K']);
  });

  it('reports invalid accelerators and ones Electron throws on, releasing the previous shortcut', async () => {
    const shortcuts = fakeShortcuts();
    const failures: ShortcutFailed[] = [];
    createHotkeys({
      shortcuts,
      settings,
      onTrigger: () => undefined,
      onFailure: (f) => failures.push(f),
      log: silentLog,
    });
    await settings.update({ globalShortcut: 'Ctrl+Shift' });
    expect(shortcuts.registered.size).toBe(0);
    expect(failures.at(-1)).toEqual({ accelerator: 'Ctrl+Shift', message: expect.stringMatching(/not valid.*no key/) });
    await settings.update({ globalShortcut: 'Alt+F12' });
    expect(failures.at(-1)).toEqual({ accelerator: 'Alt+F12', message: expect.stringContaining('conversion failure') });
  });
});
