// Settings file migrations: the steps that bring older settings.json content up to SETTINGS_VERSION, one at a time.
import type { Migration } from '../util/jsonDocument';

/**
 * Step `n` turns version-n content into version n+1 (JsonDocument applies them and sets `version`; content without
 * `version` is v0, a newer version is refused). Add one with every SETTINGS_VERSION bump.
 */
export const SETTINGS_MIGRATIONS: Record<number, Migration> = {
  // v0 = a file written before `version` existed; v1 has the same keys.
  0: (settings) => settings,
};
