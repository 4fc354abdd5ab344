// What tools may touch on disk: Deskpilot's protected secret files (never readable by any tool) and the sandbox
// policy's writable roots, all judged on resolved real paths.
import path from 'node:path';
import type { FileAccess, SandboxPolicy } from '../../../../plugins/sdk/types';
import { isWithin, realPathSync } from '../../util/paths';
import { resolvePath } from '../builtins/fsHelpers';

/** Options of {@link createFileAccess}. */
export interface FileAccessOptions {
  /** The session's working directory (absolute): relative paths resolve against it; writable under workspace-write. */
  cwd: string;
  /** DESKPILOT_HOME: its secret files are protected; the whole home is read-only under workspace-write. */
  home?: string;
  /** The sandbox policy of this call. */
  policy: SandboxPolicy;
  /** Further writable folders the user chose (absolute; `~` expanded by the caller). */
  writableRoots?: readonly string[];
  /** Let sandboxed commands use the network (default false). */
  network?: boolean;
  /** The runtime's process id: `/proc/<pid>` (its environment, memory, fds) is protected. Default `process.pid`. */
  runtimePid?: number;
}

/**
 * The protected paths of a Deskpilot home, as real paths: `<home>/runtime` (bridge token, cookie key, login pages,
 * lock), `<home>/credentials.json` and its backups (`credentials.json.*`), and `/proc/<runtime pid>` (the runtime's
 * environment and memory). Returned as `{dirs, filePrefixes}`: a path is protected when it is inside one of `dirs` or
 * its real path starts with one of `filePrefixes`.
 */
export function protectedLocations(
  home: string | undefined,
  runtimePid: number,
): { dirs: string[]; filePrefixes: string[] } {
  const dirs = [realPathSync(`/proc/${runtimePid}`)];
  const filePrefixes: string[] = [];
  if (home) {
    const realHome = realPathSync(path.resolve(home));
    dirs.push(path.join(realHome, 'runtime'));
    filePrefixes.push(path.join(realHome, 'credentials.json'));
  }
  return { dirs, filePrefixes };
}

/** True when real path `real` is inside one of `locations.dirs` or starts with one of `locations.filePrefixes`. */
export function inProtected(
  real: string,
  locations: { dirs: readonly string[]; filePrefixes: readonly string[] },
): boolean {
  return locations.dirs.some((d) => isWithin(real, d)) || locations.filePrefixes.some((f) => real.startsWith(f));
}

/** The error a tool throws for a protected path; the message says why and that no rule or policy changes it. */
export class ProtectedPathError extends Error {
  constructor(readonly target: string) {
    super(
      `${target} is one of Deskpilot's own secret files (API keys, the bridge token, the runtime's environment). No tool may read or change it, under any approval policy or rule; ask the user to look at it themselves if they need to.`,
    );
    this.name = 'ProtectedPathError';
  }
}

/** The error a tool throws when the sandbox policy forbids a write. */
export class SandboxDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxDeniedError';
  }
}

/**
 * The file access of one tool call (see {@link FileAccess}): resolves paths (cwd, `~`, symlinks) to real paths,
 * refuses protected paths for every operation, and refuses writes the sandbox policy does not allow:
 * `read-only` = no writes; `workspace-write` = writes only inside `cwd` and `writableRoots`, never inside a `.git/hooks`
 * folder or the Deskpilot home; `full-access` = writes anywhere (protected paths still refused).
 */
export function createFileAccess(options: FileAccessOptions): FileAccess {
  const { cwd, policy } = options;
  const locations = protectedLocations(options.home, options.runtimePid ?? process.pid);
  const realHome = options.home ? realPathSync(path.resolve(options.home)) : undefined;
  const writableRoots = [cwd, ...(options.writableRoots ?? [])].map((r) => realPathSync(path.resolve(r)));
  const isProtected = (real: string) => inProtected(real, locations);
  const resolve = (p: string) => {
    const real = realPathSync(resolvePath(p, cwd));
    if (isProtected(real)) throw new ProtectedPathError(p === real ? real : `${p} (${real})`);
    return real;
  };
  const writeRefusal = (real: string): string | undefined => {
    if (policy === 'full-access') return undefined;
    if (policy === 'read-only')
      return `The sandbox policy is read-only, so no tool may write ${real}. Ask the user to switch the sandbox to workspace-write (Settings or /sandbox) if this change is wanted.`;
    if (real.split(path.sep).some((part, i, all) => part === 'hooks' && all[i - 1] === '.git'))
      return `${real} is inside a .git/hooks folder, which stays read-only under workspace-write (a hook would run commands outside the sandbox).`;
    // The home is read-only, except a writable root the user placed inside it (as the bwrap mounts do).
    const rootInHome = realHome && writableRoots.some((root) => isWithin(root, realHome) && isWithin(real, root));
    if (realHome && isWithin(real, realHome) && !rootInHome)
      return `${real} is inside Deskpilot's own folder (${realHome}), which stays read-only under workspace-write.`;
    if (!writableRoots.some((root) => isWithin(real, root)))
      return `${real} is outside the writable folders (${writableRoots.join(', ')}) of the workspace-write sandbox. Ask the user to add the folder to the sandbox's writable folders or allow full access.`;
    return undefined;
  };
  return {
    policy,
    writableRoots,
    ...(realHome ? { home: realHome } : {}),
    network: options.network ?? false,
    isProtected,
    resolveForRead: resolve,
    resolveForWrite(p) {
      const real = resolve(p);
      const refusal = writeRefusal(real);
      if (refusal) throw new SandboxDeniedError(refusal);
      return real;
    },
    protectedPaths: () => ({ dirs: [...locations.dirs], filePrefixes: [...locations.filePrefixes] }),
  };
}
