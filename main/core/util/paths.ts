// Path helpers shared by tools and the runtime.
import os from 'node:os';
import path from 'node:path';

/** Expands a leading `~` to the user's home directory. */
export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** The tools' working directory: the setting when non-empty (with `~` expanded), else the process cwd. Absolute. */
export function resolveWorkingDirectory(setting: string): string {
  return path.resolve(setting ? expandHome(setting) : process.cwd());
}
