// The home lock `<home>/runtime/lock`: one runtime owns a Deskpilot home at a time (DESIGN.md §8).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';

/**
 * Who holds a lock: process id, ISO 8601 time the lock was taken, the machine's host name, and (from locks written by
 * this version on) the owner process's identity from {@link processIdentity}, so a pid reused by another process
 * (after a crash, a reboot, a container restart) is not mistaken for the owner.
 */
export interface LockOwner {
  pid: number;
  startedAt: string;
  hostname: string;
  /** The owner process's start time as {@link processIdentity} reads it; absent where it cannot be read. */
  processStart?: string;
  /** The owner process's command as {@link processIdentity} reads it; absent where it cannot be read. */
  command?: string;
}

/**
 * What identifies a process beyond its pid, read the same way for the lock owner (when taking the lock) and for the
 * process now holding that pid (when judging a lock):
 * - Linux: `start` = `<boot id>:<start time>` (`/proc/sys/kernel/random/boot_id`, and field 22 of `/proc/<pid>/stat`:
 *   clock ticks after boot, see proc(5)); no `command` (a process may rewrite its own command line, its start time is
 *   fixed).
 * - macOS and other Unix: `start` = `ps -o lstart= -p <pid>` (start date to the second), `command` = `ps -o comm=`.
 * - Windows: `command` = the image name from `tasklist /FI "PID eq <pid>" /FO CSV /NH`; no start time.
 * Fields that cannot be read (no such process, a tool missing, 2 s timeout) are absent; never throws.
 */
export async function processIdentity(pid: number): Promise<{ start?: string; command?: string }> {
  if (process.platform === 'linux') {
    const [boot, stat] = await Promise.all([
      readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
    ]);
    // The command name (field 2) is in parentheses and may contain spaces and ')': count fields after the last ')'.
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return stat && ticks ? { start: `${boot.trim()}:${ticks}` } : {};
  }
  if (process.platform === 'win32') {
    const csv = await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']);
    const image = /^"([^"]+)","(\d+)"/.exec(csv ?? '');
    return image && Number(image[2]) === pid ? { command: image[1] } : {};
  }
  const [start, command] = await Promise.all([
    run('ps', ['-o', 'lstart=', '-p', String(pid)]),
    run('ps', ['-o', 'comm=', '-p', String(pid)]),
  ]);
  return { ...(start ? { start } : {}), ...(command ? { command: basename(command) } : {}) };
}

/** Runs a probe command; its trimmed stdout, or undefined when it fails, prints nothing or takes over 2 s. */
function run(file: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 2000, windowsHide: true }, (error, stdout) => {
      resolve(error || !stdout.trim() ? undefined : stdout.trim());
    });
  });
}

/** A held home lock. `release()` removes the file only while it is still ours; both calls are idempotent. */
export interface HomeLock {
  /** Absolute path of the lock file. */
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
  /** Synchronous release for `process.on('exit')` handlers, which cannot await. */
  releaseSync(): void;
}

/** Thrown by {@link acquireHomeLock} when a live process owns the home. `pid` is that process. */
export class AlreadyRunningError extends Error {
  readonly code = 'conflict';
  /** How to recover when no Deskpilot runtime is actually running: the file to delete and the command to do it. */
  readonly recovery: string;
  constructor(
    readonly pid: number,
    readonly home: string,
    readonly lockPath: string,
    otherHost?: string,
    /** The owner's command from the lock, when recorded. */
    command?: string,
  ) {
    const who = [`pid ${pid}`, otherHost && `on host ${otherHost}`, command && `running ${command}`].filter(Boolean);
    const remove = process.platform === 'win32' ? `del "${lockPath}"` : `rm '${lockPath.replace(/'/g, "'\\''")}'`;
    const recovery = `If no Deskpilot runtime is running${otherHost ? ` on ${otherHost}` : ''}, the lock is stale: delete ${lockPath} (${remove}) and start again.`;
    super(
      `Another Deskpilot runtime (${who.join(', ')}) already owns ${home}. Connect to it, or stop it first. ${recovery}`,
    );
    this.name = 'AlreadyRunningError';
    this.recovery = recovery;
  }
}

/** Path of the lock file of `home`. */
export function lockPathOf(home: string): string {
  return join(home, 'runtime', 'lock');
}

/** True when process `pid` exists on this machine (signal 0 probes without signalling; EPERM = exists, not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      Number.isInteger(value.pid) &&
      (value.pid as number) > 0 &&
      typeof value.startedAt === 'string' &&
      typeof value.hostname === 'string'
    ) {
      return {
        pid: value.pid as number,
        startedAt: value.startedAt,
        hostname: value.hostname,
        ...(typeof value.processStart === 'string' ? { processStart: value.processStart } : {}),
        ...(typeof value.command === 'string' ? { command: value.command } : {}),
      };
    }
  } catch {
    /* unparsable: treated as stale */
  }
  return undefined;
}

/** Content of the locks this process holds, by path: a lock naming our pid that is not among them is stale. */
const held = new Map<string, string>();

/**
 * Whether the lock's owner still runs: a lock from another machine (a shared home folder) cannot be probed and counts
 * as live; a gone pid is stale; our own pid is live only while this process holds that very lock (a container
 * restart reuses small pids); otherwise the process now holding the pid must have the recorded start time (else the
 * recorded command). A lock without either (older versions), on a platform where neither can be read, counts as live.
 */
async function isLive(owner: LockOwner, path: string, text: string): Promise<boolean> {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return held.get(path) === text;
  if (!isProcessAlive(owner.pid)) return false;
  const now = await processIdentity(owner.pid);
  if (owner.processStart !== undefined && now.start !== undefined) return owner.processStart === now.start;
  if (owner.command !== undefined && now.command !== undefined) return owner.command === now.command;
  return true;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The current owner of `home`'s lock with `alive` (its process exists, or it is on another host),
 * or `undefined` when there is no lock or it cannot be parsed.
 */
export async function readLockOwner(home: string): Promise<(LockOwner & { alive: boolean }) | undefined> {
  const path = lockPathOf(home);
  const text = await readText(path);
  const owner = text === undefined ? undefined : parseOwner(text);
  return owner && { ...owner, alive: await isLive(owner, path, text as string) };
}

/**
 * Takes `<home>/runtime/lock` (created exclusively, mode 0600, content {@link LockOwner} JSON). A lock whose process
 * is gone or is now another process (see `isLive`: start time, else command), or whose content cannot be parsed, is
 * stale and replaced. Throws {@link AlreadyRunningError} (saying how to recover) when a live process owns it, or the
 * fs error when the folder is not writable.
 */
export async function acquireHomeLock(home: string): Promise<HomeLock> {
  const path = lockPathOf(home);
  await mkdir(join(home, 'runtime'), { recursive: true, mode: 0o700 });
  const self = await processIdentity(process.pid);
  const owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    ...(self.start ? { processStart: self.start } : {}),
    ...(self.command ? { command: self.command } : {}),
  };
  const content = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return heldLock(path, owner, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readText(path);
    if (text === undefined) continue; // released meanwhile: try again
    const current = parseOwner(text);
    if (current && (await isLive(current, path, text))) {
      throw new AlreadyRunningError(
        current.pid,
        home,
        path,
        current.hostname !== owner.hostname ? current.hostname : undefined,
        current.command,
      );
    }
    await removeStale(path, text);
  }
  throw new Error(
    `Could not take the lock ${path}: other processes keep replacing it. Stop the other Deskpilot processes and try again.`,
  );
}

/**
 * Removes a stale lock without ever removing a fresh one another process just created: the file is moved aside,
 * and if what was moved is not the stale content we judged, it is put back (link fails if a newer lock exists).
 */
async function removeStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readText(aside);
  if (moved !== staleText) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function heldLock(path: string, owner: LockOwner, content: string): HomeLock {
  const stillOurs = (text: string | undefined) => text === content;
  held.set(path, content);
  const forget = () => {
    if (held.get(path) === content) held.delete(path);
  };
  return {
    path,
    owner,
    async release() {
      forget();
      if (stillOurs(await readText(path).catch(() => undefined))) await unlink(path).catch(() => undefined);
    },
    releaseSync() {
      forget();
      let text: string | undefined;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return;
      }
      if (!stillOurs(text)) return;
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    },
  };
}
