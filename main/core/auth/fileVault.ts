// The 0600 JSON secrets file (`<home>/credentials.json`): the credential store's fallback when no OS keychain is used.
import { chmod, lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from '../util/atomicWrite';
import { readJsonDocument } from '../util/jsonDocument';
import { SerialQueue } from '../util/serialQueue';

/** File name of the secrets file inside the Deskpilot home directory. */
export const CREDENTIALS_FILE = 'credentials.json';

/** POSIX mode of the secrets file: read/write for the owner only. */
export const CREDENTIALS_FILE_MODE = 0o600;

/** On-disk shape of credentials.json: `{"version": 1, "secrets": {"<account>": "<secret>"}}`. */
const CredentialsFile = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
});
type CredentialsFile = z.infer<typeof CredentialsFile>;

/**
 * Thrown when credentials.json cannot be used at all: not a regular file (a symlink or a folder), or unreadable.
 * An invalid content is not an error: it is moved aside (see {@link FileVault.open}). Messages never contain file
 * content, so they are safe to log.
 */
export class CredentialFileError extends Error {
  override readonly name = 'CredentialFileError';
  constructor(
    message: string,
    /** Absolute path of the offending credentials file. */
    readonly path: string,
  ) {
    super(message);
  }
}

// One queue per file path: stores on the same file in one process never lose each other's updates.
const queues = new Map<string, SerialQueue>();

function serialized<T>(path: string, work: () => Promise<T>): Promise<T> {
  let queue = queues.get(path);
  if (!queue) queues.set(path, (queue = new SerialQueue()));
  const result = queue.run(work);
  const settled = queue;
  void settled.idle().then(() => {
    if (settled.size === 0 && queues.get(path) === settled) queues.delete(path);
  });
  return result;
}

const checkModes = process.platform !== 'win32'; // Windows has no POSIX modes; its ACLs follow the user profile.

/** What {@link FileVault.open} found besides the vault: problems for the user, one sentence or more each. */
export interface FileVaultOpened {
  vault: FileVault;
  warnings: string[];
}

/**
 * Secrets in one JSON file written atomically with mode 0600. Every call reads the file again (readJsonDocument), so
 * several stores (or a restarted one) always see the latest content; calls on one path run one at a time in the
 * process. A file that becomes invalid is moved to `credentials.json.invalid-<time>` (never overwritten) and logged.
 */
export class FileVault {
  private constructor(
    /** Absolute path of the secrets file. */
    readonly path: string,
    private readonly log: Logger,
  ) {}

  /**
   * Opens the secrets file at `path` (it need not exist yet: it is created on the first `set`).
   * If the file's mode gives any access to group or others, it is reset to 0600 and a warning says so. If its content
   * is invalid, it is moved to `credentials.json.invalid-<time>` (the one backup policy; mode kept), the vault starts
   * empty, and a warning says the stored secrets are unavailable and what to do.
   * Throws {@link CredentialFileError} if the path is not a regular file or cannot be read (it is left untouched).
   */
  static async open(path: string, log: Logger): Promise<FileVaultOpened> {
    const vault = new FileVault(path, log);
    const warnings: string[] = [];
    const stat = await lstatOrNull(path);
    if (stat) {
      if (!stat.isFile()) {
        throw new CredentialFileError(
          `Credentials file ${path} is not a regular file (symlinks and directories are refused). Move it away, then restart Deskpilot.`,
          path,
        );
      }
      const mode = stat.mode & 0o777;
      if (checkModes && (mode & 0o077) !== 0) {
        await chmod(path, CREDENTIALS_FILE_MODE);
        warnings.push(
          `${path} had mode ${formatMode(mode)} (readable by other users); it was reset to 0600. ` +
            'Replace the secrets it holds if other users could have read them.',
        );
      }
    }
    const read = await serialized(path, () => vault.read());
    if (read.problem) {
      warnings.push(
        `Stored credentials are unavailable: ${path} was invalid (${read.problem}); it was moved to ${read.backup}, so nothing is lost. ` +
          `Enter your API keys again (Settings, or \`deskpilot config set-key openai\`), or repair the backup and move it back to ${path}.`,
      );
    }
    return { vault, warnings };
  }

  /** Returns the secret stored for `account`, or null. */
  async get(account: string): Promise<string | null> {
    const { value } = await serialized(this.path, () => this.read());
    return Object.hasOwn(value.secrets, account) ? (value.secrets[account] ?? null) : null;
  }

  /** Stores `secret` for `account` (replacing any previous one) with an atomic 0600 write. */
  async set(account: string, secret: string): Promise<void> {
    await serialized(this.path, async () => {
      const file = (await this.read()).value;
      file.secrets[account] = secret;
      await this.write(file);
    });
  }

  /** Removes `account`'s secret; resolves true if one was stored, false if there was none (the file is then untouched). */
  async delete(account: string): Promise<boolean> {
    return serialized(this.path, async () => {
      const file = (await this.read()).value;
      if (!Object.hasOwn(file.secrets, account)) return false;
      delete file.secrets[account];
      await this.write(file);
      return true;
    });
  }

  private async write(file: CredentialsFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await atomicWriteJson(this.path, file, { mode: CREDENTIALS_FILE_MODE });
  }

  /** Reads the file; an invalid one is moved aside and logged (never quoting its content). Throws when unreadable. */
  private async read() {
    try {
      return await readJsonDocument<CredentialsFile>({
        path: this.path,
        schema: CredentialsFile,
        initial: () => ({ version: 1, secrets: {} }),
        version: 1,
        sensitive: true,
        log: this.log,
      });
    } catch (error) {
      throw new CredentialFileError((error as Error).message, this.path);
    }
  }
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
