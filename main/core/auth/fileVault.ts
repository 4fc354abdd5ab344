// The 0600 JSON secrets file (`<home>/credentials.json`): the credential store's fallback when no OS keychain is used.
import { chmod, copyFile, lstat, mkdir, readFile } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { z } from 'zod';
import { atomicWriteJson } from '../util/atomicWrite';

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
 * Thrown when credentials.json cannot be used: not valid JSON, not the expected shape, or not a regular file.
 * The file itself is never modified; `backupPath` is the copy made before reporting (absent when none was made).
 * Messages never contain file content, so they are safe to log.
 */
export class CredentialFileError extends Error {
  override readonly name = 'CredentialFileError';
  constructor(
    message: string,
    /** Absolute path of the offending credentials file. */
    readonly path: string,
    /** Where an invalid file was copied (mode 0600), if it was. */
    readonly backupPath?: string,
  ) {
    super(message);
  }
}

// Serializes read-modify-write per file path, so stores on the same file in one process never lose each other's updates.
const fileLocks = new Map<string, Promise<unknown>>();

function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const previous = fileLocks.get(path) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  fileLocks.set(path, settled);
  void settled.then(() => {
    if (fileLocks.get(path) === settled) fileLocks.delete(path);
  });
  return next;
}

const checkModes = process.platform !== 'win32'; // Windows has no POSIX modes; its ACLs follow the user profile.

/**
 * Secrets in one JSON file written atomically with mode 0600. Every call reads the file again, so several
 * stores (or a restarted one) always see the latest content; writes are serialized per path within the process.
 */
export class FileVault {
  private constructor(
    /** Absolute path of the secrets file. */
    readonly path: string,
  ) {}

  /**
   * Opens the secrets file at `path` (it need not exist yet: it is created on the first `set`).
   * If the file's mode gives any access to group or others, it is reset to 0600 and `modeWarning` says so.
   * Throws {@link CredentialFileError} if the file is not a regular file or its content is invalid
   * (after copying it aside; the original is left untouched).
   */
  static async open(path: string): Promise<{ vault: FileVault; modeWarning?: string }> {
    const vault = new FileVault(path);
    let modeWarning: string | undefined;
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
        modeWarning =
          `${path} had mode ${formatMode(mode)} (readable by other users); it was reset to 0600. ` +
          'Replace the secrets it holds if other users could have read them.';
      }
    }
    await vault.read();
    return { vault, modeWarning };
  }

  /** Returns the secret stored for `account`, or null. Throws {@link CredentialFileError} if the file became invalid. */
  async get(account: string): Promise<string | null> {
    const file = await this.read();
    return Object.hasOwn(file.secrets, account) ? (file.secrets[account] ?? null) : null;
  }

  /** Stores `secret` for `account` (replacing any previous one) with an atomic 0600 write. */
  async set(account: string, secret: string): Promise<void> {
    await withFileLock(this.path, async () => {
      const file = await this.read();
      file.secrets[account] = secret;
      await this.write(file);
    });
  }

  /** Removes `account`'s secret; resolves true if one was stored, false if there was none (the file is then untouched). */
  async delete(account: string): Promise<boolean> {
    return withFileLock(this.path, async () => {
      const file = await this.read();
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

  private async read(): Promise<CredentialsFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // The parser's message quotes file content (possibly a secret), so it is not passed on.
      throw await this.invalid(text, 'not valid JSON');
    }
    const parsed = CredentialsFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw await this.invalid(text, `${where}${issue?.message ?? 'unexpected shape'}`);
    }
    return parsed.data;
  }

  private async invalid(text: string, detail: string): Promise<CredentialFileError> {
    // The copy is named by content hash: reopening the same broken file does not pile up copies.
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
    const backupPath = `${this.path}.invalid-${digest}`;
    try {
      await copyFile(this.path, backupPath, fsConstants.COPYFILE_EXCL);
      await chmod(backupPath, CREDENTIALS_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return new CredentialFileError(
      `Credentials file ${this.path} is invalid (${detail}); expected {"version": 1, "secrets": {"<account>": "<secret>"}}. ` +
        `It was left untouched and copied to ${backupPath}. Fix the file, or delete it to start with no stored secrets, then retry.`,
      this.path,
      backupPath,
    );
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
