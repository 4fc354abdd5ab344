// Applies the theme setting: `data-theme` on <html> (CSS handles `system` via prefers-color-scheme) and a local copy for the next start.

/** The theme setting's values. */
export type ThemeSetting = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'deskpilot.theme';

/** Reads `values.theme` from a settings view; anything unexpected means `system`. */
export function themeFromSettings(values: Record<string, unknown>): ThemeSetting {
  const t = values.theme;
  return t === 'light' || t === 'dark' ? t : 'system';
}

/** Sets `data-theme` on the document element and remembers it so the next load starts in the right colors. */
export function applyTheme(theme: ThemeSetting): void {
  document.documentElement.dataset.theme = theme;
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
  document.documentElement.dataset.theme = stored === 'light' || stored === 'dark' ? stored : 'system';
}
