// Applies the theme setting as data-theme="light"|"dark" on <html>, following the OS for "system", and keeps a local copy for the next start.
import type { Theme } from '../../preload/contract';

/** The theme setting's values (contract `Theme`). */
export type ThemeSetting = Theme;

const STORAGE_KEY = 'deskpilot.theme';
const darkQuery = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);
let current: ThemeSetting = 'system';
let following: MediaQueryList | null = null;

/** The colors a setting means right now: `system` follows the OS's prefers-color-scheme. */
export function resolveTheme(theme: ThemeSetting, osPrefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (osPrefersDark ? 'dark' : 'light') : theme;
}

function paint(): void {
  document.documentElement.dataset.theme = resolveTheme(current, darkQuery()?.matches ?? false);
}

function set(theme: ThemeSetting): void {
  current = theme;
  if (!following) {
    following = darkQuery();
    following?.addEventListener('change', paint);
  }
  paint();
}

/** Applies the theme (repainting when the OS switches while it is `system`) and remembers it for the next load. */
export function applyTheme(theme: ThemeSetting): void {
  set(theme);
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage can be unavailable (private mode); the theme still applies for this load.
  }
}

/** Applies the remembered theme, before the first settings fetch. */
export function applyStoredTheme(): void {
  let stored: string | null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  set(stored === 'light' || stored === 'dark' ? stored : 'system');
}
