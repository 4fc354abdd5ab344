// Finds the Deskpilot package folder (where package.json lives) from any built or source location.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the folder holding Deskpilot's package.json; throws when it cannot be found. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'deskpilot')
      return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`Could not find Deskpilot's package.json above ${fileURLToPath(import.meta.url)}.`);
    dir = parent;
  }
}

/** The package version from package.json. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}
