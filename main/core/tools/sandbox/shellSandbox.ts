// Runs `bash -c` inside the OS sandbox of the sandbox policy: bubblewrap on Linux, sandbox-exec on macOS, none elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SandboxPolicy } from '../../../../plugins/sdk/types';
import { isWithin } from '../../util/paths';

/** Which OS sandbox is available here. `none` carries the reason shown to the user. */
export type ShellSandboxKind =
  | { kind: 'bwrap'; executable: string }
  | { kind: 'sandbox-exec'; executable: string }
  | { kind: 'none'; reason: string };

let detected: ShellSandboxKind | undefined;

/**
 * Detects the OS sandbox once per process: on Linux `bwrap` (from PATH, then /usr/bin/bwrap), checked by running
 * `bwrap --ro-bind / / --unshare-net true` (user namespaces may be disabled); on macOS `/usr/bin/sandbox-exec`;
 * elsewhere none. Synchronous (one short probe, cached).
 */
export function detectShellSandbox(): ShellSandboxKind {
  if (detected) return detected;
  if (process.platform === 'darwin') {
    detected = existsSync('/usr/bin/sandbox-exec')
      ? { kind: 'sandbox-exec', executable: '/usr/bin/sandbox-exec' }
      : { kind: 'none', reason: 'sandbox-exec was not found at /usr/bin/sandbox-exec' };
    return detected;
  }
  if (process.platform !== 'linux') {
    detected = { kind: 'none', reason: `Deskpilot has no OS sandbox for ${process.platform}` };
    return detected;
  }
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'bwrap')),
    '/usr/bin/bwrap',
  ];
  const executable = candidates.find((c) => path.isAbsolute(c) && existsSync(c));
  if (!executable) {
    detected = { kind: 'none', reason: 'bubblewrap (bwrap) is not installed; install the bubblewrap package' };
    return detected;
  }
  const probe = spawnSync(executable, ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-net', 'true'], {
    timeout: 5000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  detected =
    probe.status === 0
      ? { kind: 'bwrap', executable }
      : {
          kind: 'none',
          reason: `bwrap is installed but cannot create a sandbox here (${probe.stderr?.toString().trim() || probe.error?.message || `exit ${probe.status}`}); user namespaces may be disabled`,
        };
  return detected;
}

/** What the sandbox must enforce for one command. */
export interface ShellSandboxSpec {
  policy: SandboxPolicy;
  /** Real paths writable under workspace-write (the working directory first). */
  writableRoots: readonly string[];
  /** Real path of the Deskpilot home (read-only under workspace-write), if known. */
  home?: string;
  /** Protected locations (see fileAccess.ts protectedLocations): hidden from the command. */
  protectedPaths: { dirs: readonly string[]; filePrefixes: readonly string[] };
  /** Allow network access (default false). */
  network: boolean;
  /** Directory the command runs in (real path). */
  cwd: string;
  /** The environment's XDG_RUNTIME_DIR, whose D-Bus socket (the keychain's way in) is hidden. */
  xdgRuntimeDir?: string;
}

/** The program and arguments that run `bash -c command` under `spec`, or undefined for no sandbox (full-access). */
export function sandboxedCommand(
  sandbox: ShellSandboxKind,
  command: string,
  spec: ShellSandboxSpec,
): { file: string; args: string[] } | undefined {
  if (spec.policy === 'full-access' || sandbox.kind === 'none') return undefined;
  if (sandbox.kind === 'bwrap') return { file: sandbox.executable, args: [...bwrapArgs(spec), 'bash', '-c', command] };
  return { file: sandbox.executable, args: ['-p', seatbeltProfile(spec), 'bash', '-c', command] };
}

/** Existing files whose real path starts with one of `prefixes` (e.g. credentials.json and its backups). */
function prefixedFiles(prefixes: readonly string[]): string[] {
  const files: string[] = [];
  for (const prefix of prefixes) {
    const dir = path.dirname(prefix);
    try {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (full.startsWith(prefix)) files.push(full);
      }
    } catch {
      // The folder does not exist: nothing to hide.
    }
  }
  return files;
}

/**
 * bubblewrap arguments: the whole system read-only, a private /dev, /proc of a new PID namespace (the runtime's
 * /proc/<pid> is not visible), a private writable /tmp, no network unless allowed; under workspace-write the
 * writable roots bound read-write, with `.git/hooks` and the Deskpilot home bound read-only again on top; protected
 * folders replaced by empty tmpfs and protected files by /dev/null; the D-Bus session socket hidden.
 */
export function bwrapArgs(spec: ShellSandboxSpec): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-pid', '--proc', '/proc', '--die-with-parent'];
  if (!spec.network) args.push('--unshare-net');
  args.push('--tmpfs', '/tmp');
  const home = spec.home && existsSync(spec.home) ? spec.home : undefined;
  // The home stays read-only: bound before the roots when it holds one, after them when it sits inside one.
  if (home) args.push('--ro-bind', home, home);
  if (spec.policy === 'workspace-write') {
    for (const root of spec.writableRoots) if (existsSync(root)) args.push('--bind', root, root);
    for (const root of spec.writableRoots) {
      const hooks = path.join(root, '.git', 'hooks');
      if (existsSync(hooks)) args.push('--ro-bind', hooks, hooks);
    }
    if (home && spec.writableRoots.some((r) => isWithin(home, r))) args.push('--ro-bind', home, home);
  }
  for (const dir of spec.protectedPaths.dirs)
    if (!dir.startsWith('/proc/') && existsSync(dir)) args.push('--tmpfs', dir);
  for (const file of prefixedFiles(spec.protectedPaths.filePrefixes)) args.push('--ro-bind', '/dev/null', file);
  if (spec.xdgRuntimeDir) {
    const bus = path.join(spec.xdgRuntimeDir, 'bus');
    if (existsSync(bus)) args.push('--ro-bind', '/dev/null', bus);
  }
  args.push('--chdir', spec.cwd);
  return args;
}

/** A sandbox-exec (Seatbelt) profile with the same rules as {@link bwrapArgs}, for macOS. */
export function seatbeltProfile(spec: ShellSandboxSpec): string {
  const q = (p: string) => JSON.stringify(p);
  const lines = ['(version 1)', '(allow default)'];
  if (spec.policy === 'read-only') lines.push('(deny file-write* (require-not (literal "/dev/null")))');
  else {
    const writable = [...spec.writableRoots, '/private/tmp', '/private/var/folders'].map((r) => `(subpath ${q(r)})`);
    lines.push(`(deny file-write* (require-not (require-any (literal "/dev/null") ${writable.join(' ')})))`);
    const readOnly = spec.writableRoots.map((r) => `(subpath ${q(path.join(r, '.git', 'hooks'))})`);
    if (spec.home) readOnly.push(`(subpath ${q(spec.home)})`);
    if (readOnly.length > 0) lines.push(`(deny file-write* ${readOnly.join(' ')})`);
  }
  const hidden = [
    ...spec.protectedPaths.dirs.filter((d) => !d.startsWith('/proc/')).map((d) => `(subpath ${q(d)})`),
    ...spec.protectedPaths.filePrefixes.map((f) => `(regex ${q(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)})`),
  ];
  if (hidden.length > 0) lines.push(`(deny file-read* file-write* ${hidden.join(' ')})`);
  // The keychain: no Security framework lookups from commands.
  lines.push('(deny mach-lookup (global-name "com.apple.SecurityServer") (global-name "com.apple.securityd"))');
  if (!spec.network) lines.push('(deny network-outbound (remote ip))', '(deny network-inbound (local ip))');
  return lines.join('\n');
}
