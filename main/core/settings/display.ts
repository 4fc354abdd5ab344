// Settings as readable lines (`/config`, `deskpilot config get`): one `key = value` per setting, restart-only marked.
import { restartNote } from '../../../preload/contract/settings';
import type { Settings } from './schema';
import { settingKeys } from './keys';

/** Mark after a setting that takes effect only after a restart (see RESTART_REQUIRED_SETTINGS in the contract). */
export const RESTART_MARK = '(applies after a restart)';

/**
 * One line per leaf setting in schema order: `key = value` (strings as written, `""` when empty, other values as
 * JSON; `plugins` per plugin id), with {@link RESTART_MARK} after the settings that need a restart. Never throws.
 */
export function formatSettings(values: Settings): string[] {
  const lines: string[] = [];
  for (const key of settingKeys()) {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], values);
    if (key === 'plugins') {
      const entries = Object.entries(values.plugins);
      if (entries.length === 0) lines.push('plugins = {}');
      for (const [id, config] of entries) lines.push(`plugins.${id} = ${JSON.stringify(config)}`);
      continue;
    }
    const shown = value === undefined ? '(not set)' : typeof value === 'string' ? value || '""' : JSON.stringify(value);
    lines.push(`${key} = ${shown}${restartNote(key) ? `  ${RESTART_MARK}` : ''}`);
  }
  return lines;
}
