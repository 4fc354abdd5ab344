// Atomic file writes: temp file in the same directory, fsync, rename, fsync the directory.
import { open, rename, mkdir, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Options for {@link atomicWrite}. `mode` is the POSIX file mode of the result, e.g. 0o600 for the runtime's private
 * files (default 0o644 before the umask, for files written for the user).
 */
export interface AtomicWriteOptions {
  mode?: number;
}

/**
 * Writes `data` to `path` so that readers see either the old or the new content, never a mix:
 * the data goes to a temp file beside `path`, is fsynced, renamed over `path`, and the directory is fsynced.
 * Creates missing parent directories: mode 0o700 when `mode` is private (no group or other bits), else the default.
 * Throws the underlying fs error (with `path` in its message) on failure.
 */
export async function atomicWrite(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const isPrivate = options.mode !== undefined && (options.mode & 0o077) === 0;
  await mkdir(dir, { recursive: true, ...(isPrivate ? { mode: 0o700 } : {}) });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    if (options.mode !== undefined) await handle.chmod(options.mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Writes `value` as pretty JSON (2-space indent, trailing newline) atomically; see {@link atomicWrite}. */
export async function atomicWriteJson(path: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  await atomicWrite(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable; some platforms (Windows) refuse to open directories, which is fine.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* not supported on this platform */
  }
}
