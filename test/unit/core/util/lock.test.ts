// Tests for the home lock: exclusive ownership, live owner refusal, stale takeover, release only when ours.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyRunningError, acquireHomeLock, lockPathOf, readLockOwner } from '../../../../main/core/util/lock';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-lock-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** The pid of a process that has exited (spawned, awaited). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('spawn failed');
  return child.pid;
}

async function writeLock(content: string): Promise<void> {
  await mkdir(join(home, 'runtime'), { recursive: true });
  await writeFile(lockPathOf(home), content);
}

describe('home lock', () => {
  it('creates runtime/lock with pid, startedAt and hostname, mode 0600', async () => {
    const lock = await acquireHomeLock(home);
    const content = JSON.parse(await readFile(lockPathOf(home), 'utf8'));
    expect(content).toEqual({ pid: process.pid, startedAt: lock.owner.startedAt, hostname: hostname() });
    expect((await stat(lockPathOf(home))).mode & 0o777).toBe(0o600);
    expect(await readLockOwner(home)).toEqual({ ...content, alive: true });
    await lock.release();
  });

  it('refuses a second acquire while a live process owns the home', async () => {
    const lock = await acquireHomeLock(home);
    const error = await acquireHomeLock(home).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyRunningError);
    expect((error as AlreadyRunningError).pid).toBe(process.pid);
    expect((error as Error).message).toBe(
      `Another Deskpilot runtime (pid ${process.pid}) already owns ${home}. Connect to it, or stop it first.`,
    );
    await lock.release();
    const again = await acquireHomeLock(home);
    await again.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const pid = await deadPid();
    await writeLock(JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname() }));
    expect(await readLockOwner(home)).toMatchObject({ pid, alive: false });
    const lock = await acquireHomeLock(home);
    expect(JSON.parse(await readFile(lockPathOf(home), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over an unparsable lock', async () => {
    await writeLock('{"pid": 12');
    expect(await readLockOwner(home)).toBeUndefined();
    const lock = await acquireHomeLock(home);
    expect(lock.owner.pid).toBe(process.pid);
    lock.releaseSync();
    await expect(stat(lockPathOf(home))).rejects.toThrow(/ENOENT/);
  });

  it('treats a lock from another host as live', async () => {
    await writeLock(
      JSON.stringify({ pid: 1, startedAt: '2020-01-01T00:00:00.000Z', hostname: 'some-other-host.invalid' }),
    );
    await expect(acquireHomeLock(home)).rejects.toThrow(/pid 1 on host some-other-host.invalid.*delete .*lock/);
  });

  it('releases only a lock that is still its own', async () => {
    const lock = await acquireHomeLock(home);
    const other = JSON.stringify({ pid: process.pid, startedAt: '2030-01-01T00:00:00.000Z', hostname: hostname() });
    await writeFile(lockPathOf(home), other);
    await lock.release();
    lock.releaseSync();
    expect(await readFile(lockPathOf(home), 'utf8')).toBe(other);
    await rm(lockPathOf(home));
    await lock.release(); // already gone: no error
  });
});
