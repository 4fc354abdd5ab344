// Tests for the home lock: exclusive ownership, live owner refusal, stale takeover (gone or reused pids), release.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AlreadyRunningError,
  acquireHomeLock,
  lockPathOf,
  processIdentity,
  readLockOwner,
} from '../../../../main/core/util/lock';

let home: string;
/** Processes a test started; each is killed by its pid after the test. */
const started: ChildProcess[] = [];
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-lock-'));
});
afterEach(async () => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

/** A real foreign process (`sleep 120`) that now holds some pid; resolves once it runs. */
async function foreignProcess(): Promise<number> {
  const child = spawn('sleep', ['120'], { stdio: 'ignore' });
  started.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`Cannot start \`sleep\` (install coreutils): ${error.message}`)));
  });
  if (child.pid === undefined) throw new Error('spawn gave no pid');
  return child.pid;
}

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
  it('creates runtime/lock with pid, startedAt, hostname and the process start time, mode 0600', async () => {
    const lock = await acquireHomeLock(home);
    const content = JSON.parse(await readFile(lockPathOf(home), 'utf8'));
    const { start } = await processIdentity(process.pid);
    expect(start).toMatch(/^[0-9a-f-]{36}:\d+$/); // Linux: boot id and start time in clock ticks
    expect(content).toEqual({
      pid: process.pid,
      startedAt: lock.owner.startedAt,
      hostname: hostname(),
      processStart: start,
    });
    expect((await stat(lockPathOf(home))).mode & 0o777).toBe(0o600);
    expect(await readLockOwner(home)).toEqual({ ...content, alive: true });
    await lock.release();
  });

  it('refuses a second acquire while a live process owns the home', async () => {
    const lock = await acquireHomeLock(home);
    const error = await acquireHomeLock(home).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyRunningError);
    expect((error as AlreadyRunningError).pid).toBe(process.pid);
    const path = lockPathOf(home);
    expect((error as Error).message).toBe(
      `Another Deskpilot runtime (pid ${process.pid}) already owns ${home}. Connect to it, or stop it first. ` +
        `If no Deskpilot runtime is running, the lock is stale: delete ${path} (rm '${path}') and start again.`,
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
    await expect(acquireHomeLock(home)).rejects.toThrow(
      /pid 1, on host some-other-host.invalid\).*If no Deskpilot runtime is running on some-other-host.invalid.*delete .*lock/,
    );
  });

  it('takes over a lock whose pid now belongs to another process (a different start time)', async () => {
    const pid = await foreignProcess();
    const { start } = await processIdentity(pid);
    expect(start).toBeDefined();
    const ours = (await processIdentity(process.pid)).start;
    // Written by a runtime that ran as `pid` before it crashed; `sleep` reused the pid later.
    await writeLock(
      JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), processStart: ours }),
    );
    expect(await readLockOwner(home)).toMatchObject({ pid, alive: false });
    const lock = await acquireHomeLock(home);
    expect(JSON.parse(await readFile(lockPathOf(home), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('refuses a lock whose owner still runs (same pid, same start time) and says how to recover', async () => {
    const pid = await foreignProcess();
    const { start } = await processIdentity(pid);
    await writeLock(
      JSON.stringify({
        pid,
        startedAt: new Date().toISOString(),
        hostname: hostname(),
        processStart: start,
        command: 'node',
      }),
    );
    expect(await readLockOwner(home)).toMatchObject({ pid, alive: true });
    const error = await acquireHomeLock(home).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyRunningError);
    expect((error as Error).message).toContain(`(pid ${pid}, running node) already owns ${home}`);
    expect((error as AlreadyRunningError).recovery).toBe(
      `If no Deskpilot runtime is running, the lock is stale: delete ${lockPathOf(home)} (rm '${lockPathOf(home)}') and start again.`,
    );
  });

  it('treats an old-format lock naming our own pid as stale unless this process holds it (container restarts)', async () => {
    await writeLock(JSON.stringify({ pid: process.pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname() }));
    expect(await readLockOwner(home)).toMatchObject({ pid: process.pid, alive: false });
    const lock = await acquireHomeLock(home);
    expect(await readLockOwner(home)).toMatchObject({ pid: process.pid, alive: true });
    await lock.release();
  });

  it('refuses an old-format lock (no start time) of a live foreign process, with the recovery steps', async () => {
    const pid = await foreignProcess();
    await writeLock(JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname() }));
    await expect(acquireHomeLock(home)).rejects.toThrow(
      new RegExp(`\\(pid ${pid}\\) already owns .*the lock is stale: delete .*lock \\(rm '.*lock'\\)`),
    );
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
