// Approval rules over file paths: a rule covers a path only when the path's resolved real path stays under the rule's root.
import path from 'node:path';
import { expandHome, isWithin, realPathSync } from '../util/paths';
import { escapeGlob, globMatch, hasWildcard } from './glob';

/**
 * The root of a path pattern: its literal part before the first wildcard, cut back to a whole directory
 * (`/w/allowed/*.txt` -> `/w/allowed`, `/w/a/file.txt` -> `/w/a/file.txt`). Escapes are kept as written.
 */
function patternRoot(pattern: string): string {
  if (!hasWildcard(pattern)) return pattern;
  const cut = pattern.search(/(?<!\\)[*?]/);
  const prefix = pattern.slice(0, cut);
  return prefix.endsWith('/') ? prefix.slice(0, -1) || '/' : path.dirname(prefix);
}

/** Removes glob escapes (`\*` -> `*`). */
function unescapeGlob(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/**
 * True when the rule pattern `pattern` (for a path argument) covers the path `value`, comparing resolved real paths:
 * `~` expands, relative values resolve against `cwd` (relative patterns too), symlinks resolve (the parent's real path
 * for a new file), and the value must stay inside the pattern's root (see {@link patternRoot}) after resolution and
 * match the pattern with the root replaced by its real path. So `<dir>/allowed/*` never covers `<dir>/allowed/../x`,
 * `~/allowed/../x` or `<dir>/allowed/<symlink to outside>/x`. A relative value or pattern without `cwd` is not covered.
 */
export function pathCovered(pattern: string, value: string, cwd?: string): boolean {
  const absolute = (p: string): string | undefined => {
    const expanded = expandHome(p);
    if (path.isAbsolute(expanded)) return path.resolve(expanded);
    return cwd ? path.resolve(cwd, expanded) : undefined;
  };
  if (value === '') return false;
  const target = absolute(value);
  const root = absolute(unescapeGlob(patternRoot(pattern)));
  if (!target || !root) return false;
  const realTarget = realPathSync(target);
  const realRoot = realPathSync(root);
  if (!isWithin(realTarget, realRoot)) return false;
  // Re-anchor the pattern on the real root, then match the real target against it.
  const rest = pattern.slice(patternRoot(pattern).length);
  return globMatch(`${escapeGlob(realRoot)}${rest}`, realTarget, NONE);
}

const NONE: ReadonlySet<string> = new Set();
