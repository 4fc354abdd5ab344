// Tests for the keyboard shortcut table and matcher (renderer/features/shell/shortcuts.ts).
import { describe, expect, it } from 'vitest';
import { matchShortcut, shortcutKeys, SHORTCUTS } from '../../../../../renderer/features/shell/shortcuts';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('matchShortcut', () => {
  it('maps each documented combination to its action (Ctrl off macOS, Cmd on macOS)', () => {
    expect(matchShortcut(press('O', { ctrl: true, shift: true }), false, false)?.action).toBe('newChat');
    expect(matchShortcut(press('k', { ctrl: true }), true, false)?.action).toBe('search');
    expect(matchShortcut(press('k', { meta: true }), false, true)?.action).toBe('search');
    expect(matchShortcut(press(',', { ctrl: true }), true, false)?.action).toBe('settings');
    expect(matchShortcut(press('X', { ctrl: true, shift: true }), true, false)?.action).toBe('stop');
    expect(matchShortcut(press('Escape', { shift: true }), true, false)?.action).toBe('focusComposer');
    expect(matchShortcut(press('?', { shift: true }), false, false)?.action).toBe('help');
    expect(matchShortcut(press('/', { ctrl: true }), true, false)?.action).toBe('help');
  });

  it('leaves typing alone: single keys only outside text fields, no match with the wrong modifiers', () => {
    expect(matchShortcut(press('?', { shift: true }), true, false)).toBeNull();
    expect(matchShortcut(press('Escape'), true, false)).toBeNull();
    expect(matchShortcut(press('Escape'), false, false)?.action).toBe('stop');
    expect(matchShortcut(press('k'), false, false)).toBeNull();
    expect(matchShortcut(press('k', { ctrl: true }), false, true)).toBeNull();
    expect(matchShortcut(press('k', { ctrl: true, alt: true }), false, false)).toBeNull();
    expect(matchShortcut(press('o', { ctrl: true }), false, false)).toBeNull();
  });

  it('spells keys for the help', () => {
    expect(shortcutKeys(SHORTCUTS[0]!, false)).toEqual(['Ctrl', 'Shift', 'O']);
    expect(shortcutKeys(SHORTCUTS[0]!, true)).toEqual(['⌘', 'Shift', 'O']);
  });
});
