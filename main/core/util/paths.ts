// Path helpers shared by tools and the runtime.
import { realpathSync } from 'node:fs';
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

/**
 * The real path of an absolute, normalized path `p` as the kernel would reach it: symlinks in its longest existing
 * prefix are resolved (`fs.realpathSync.native`), and the part that does not exist yet (a new file or folder) is
 * appended as is. So `<root>/link/new.txt` with `link -> /elsewhere` gives `/elsewhere/new.txt`. Never throws for a
 * missing path; unreadable prefixes count as missing.
 */
export function realPathSync(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let current = abs;
  for (;;) {
    try {
      const real = realpathSync.native(current);
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return abs;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** True when absolute path `p` is `root` itself or inside it (both normalized; compares path segments, not prefixes). */
export function isWithin(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
