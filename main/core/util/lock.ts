// The home lock `<home>/runtime/lock`: one runtime owns a Deskpilot home at a time (DESIGN.md §8).
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a lock: process id, ISO 8601 start time of the lock, and the machine's host name. */
export interface LockOwner {
  pid: number;
  startedAt: string;
  hostname: string;
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
  constructor(
    readonly pid: number,
    readonly home: string,
    readonly lockPath: string,
    otherHost?: string,
  ) {
    super(
      otherHost
        ? `Another Deskpilot runtime (pid ${pid} on host ${otherHost}) already owns ${home}. Connect to it, or stop it first; if it no longer runs, delete ${lockPath}.`
        : `Another Deskpilot runtime (pid ${pid}) already owns ${home}. Connect to it, or stop it first.`,
    );
    this.name = 'AlreadyRunningError';
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
      return { pid: value.pid as number, startedAt: value.startedAt, hostname: value.hostname };
    }
  } catch {
    /* unparsable: treated as stale */
  }
  return undefined;
}

function isLive(owner: LockOwner): boolean {
  // A lock from another machine (a shared home folder) cannot be probed: treat it as live.
  return owner.hostname !== hostname() || isProcessAlive(owner.pid);
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
  const text = await readText(lockPathOf(home));
  const owner = text === undefined ? undefined : parseOwner(text);
  return owner && { ...owner, alive: isLive(owner) };
}

/**
 * Takes `<home>/runtime/lock` (created exclusively, mode 0600, content `{pid, startedAt, hostname}` JSON).
 * A lock whose process is gone, or whose content cannot be parsed, is stale and replaced.
 * Throws {@link AlreadyRunningError} when a live process owns it, or the fs error when the folder is not writable.
 */
export async function acquireHomeLock(home: string): Promise<HomeLock> {
  const path = lockPathOf(home);
  await mkdir(join(home, 'runtime'), { recursive: true, mode: 0o700 });
  const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), hostname: hostname() };
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
    if (current && isLive(current)) {
      throw new AlreadyRunningError(
        current.pid,
        home,
        path,
        current.hostname !== owner.hostname ? current.hostname : undefined,
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
  return {
    path,
    owner,
    async release() {
      if (stillOurs(await readText(path).catch(() => undefined))) await unlink(path).catch(() => undefined);
    },
    releaseSync() {
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
