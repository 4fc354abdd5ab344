// Tests for settings migrations: v0 -> v1, current version untouched, bad and future versions refused.
import { describe, expect, it } from 'vitest';
import { SettingsMigrationError, migrate } from '../../../../main/core/settings/migrations';
import { SETTINGS_VERSION, Settings } from '../../../../main/core/settings/schema';

describe('migrate', () => {
  it('takes a file without version (v0) to the current version with the same keys', () => {
    const migrated = migrate({ model: 'gpt-5', theme: 'dark' });
    expect(migrated).toEqual({ model: 'gpt-5', theme: 'dark', version: SETTINGS_VERSION });
    expect(Settings.parse(migrated)).toMatchObject({ model: 'gpt-5', theme: 'dark' });
  });

  it('leaves current-version content as it is', () => {
    const current = { version: SETTINGS_VERSION, model: 'x' };
    expect(migrate(current)).toEqual(current);
  });

  it('refuses a newer version, naming both versions', () => {
    expect(() => migrate({ version: SETTINGS_VERSION + 1 })).toThrow(
      new RegExp(
        `"version": ${SETTINGS_VERSION + 1} is newer than this Deskpilot understands \\(${SETTINGS_VERSION}\\)`,
      ),
    );
    expect(() => migrate({ version: 7 })).toThrow(SettingsMigrationError);
  });

  it('refuses content that is not an object or has a malformed version', () => {
    expect(() => migrate([1, 2])).toThrow(/expected a JSON object with settings, got \[1,2\]/);
    expect(() => migrate(null)).toThrow(/got null/);
    expect(() => migrate({ version: '1' })).toThrow(/"version": expected a whole number, got "1"/);
    expect(() => migrate({ version: -1 })).toThrow(SettingsMigrationError);
  });
});
