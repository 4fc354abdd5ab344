// Settings file migrations: brings any older settings.json content up to SETTINGS_VERSION, one version at a time.
import { SETTINGS_VERSION } from './schema';

/** Thrown by {@link migrate} when the content cannot be migrated; the message names the problem (no file name). */
export class SettingsMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsMigrationError';
  }
}

type SettingsObject = Record<string, unknown>;

/** Step `n` turns version-n content into version n+1. Add one with every SETTINGS_VERSION bump. */
const steps: Record<number, (s: SettingsObject) => SettingsObject> = {
  // v0 = a file written before `version` existed; v1 has the same keys.
  0: (s) => ({ ...s, version: 1 }),
};

function isPlainObject(value: unknown): value is SettingsObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns `raw` (parsed settings.json) migrated to {@link SETTINGS_VERSION}; content without `version` is v0.
 * Does not validate values (the schema does that). Throws {@link SettingsMigrationError} when `raw` is not a JSON
 * object, `version` is not a whole number, or `version` is newer than this build understands.
 */
export function migrate(raw: unknown): unknown {
  if (!isPlainObject(raw)) {
    throw new SettingsMigrationError(`expected a JSON object with settings, got ${JSON.stringify(raw) ?? String(raw)}`);
  }
  let version = raw.version === undefined ? 0 : raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new SettingsMigrationError(`"version": expected a whole number, got ${JSON.stringify(version)}`);
  }
  if (version > SETTINGS_VERSION) {
    throw new SettingsMigrationError(
      `"version": ${version} is newer than this Deskpilot understands (${SETTINGS_VERSION}); update Deskpilot to keep using these settings`,
    );
  }
  let out = raw;
  while (version < SETTINGS_VERSION) {
    out = steps[version](out);
    version += 1;
  }
  return out;
}
