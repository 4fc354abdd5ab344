// The credential store (DESIGN.md §9): secrets in the OS keychain, or a 0600 file when chosen or when no keychain exists.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../plugins/sdk/types';
import { registerSecret } from '../util/log';
import { CredentialFileError, CREDENTIALS_FILE, FileVault } from './fileVault';
import { connectKeychain } from './keychain';

export { CredentialFileError, CREDENTIALS_FILE } from './fileVault';
export { KEYCHAIN_SERVICE } from './keychain';

/** Where secrets actually live: the OS keychain (keytar, service `Deskpilot`) or `<home>/credentials.json`. */
export type CredentialBackend = 'keychain' | 'file';

/** The user's choice: `auto` (default) uses the keychain when it answers and falls back to the file otherwise. */
export type CredentialBackendChoice = 'auto' | CredentialBackend;

/** Options for {@link CredentialStore.open}. */
export interface CredentialStoreOptions {
  /** Deskpilot home directory (`DESKPILOT_HOME`); the file backend uses `<home>/credentials.json`. */
  home: string;
  /** Which backend to use; default `auto`. */
  backend?: CredentialBackendChoice;
  /**
   * Receives the backend choice (info), {@link CredentialStore.warning} (warn) and the problems of credentials.json
   * (an invalid file is moved aside and reported here): required, so no such problem vanishes. Never receives secrets.
   */
  log: Logger;
  /** How long (ms) the keychain availability probe may take before the keychain counts as unavailable; default 3000. */
  probeTimeoutMs?: number;
}

/** Thrown by {@link CredentialStore.open} with `backend: 'keychain'` when the OS keychain cannot be used. */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  constructor(
    /** Why the keychain is unusable, e.g. `cannot connect to the D-Bus session bus at unix:path=/run/user/1000/bus: ENOENT`. */
    readonly reason: string,
  ) {
    super(
      `The OS keychain is not available (${reason}). Install and unlock a Secret Service (gnome-keyring), ` +
        "or choose the 'file' or 'auto' credential backend.",
    );
  }
}

/** Default keychain probe timeout in ms: a missing or stuck D-Bus session can hang the first keychain call. */
const DEFAULT_PROBE_TIMEOUT_MS = 3000;

/** Account names: letters, digits, `.`, `_`, `-`; 1–128 characters, starting with a letter or digit (e.g. `openai.apiKey`). */
const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** What a backend provides; accounts are already validated when these are called. */
interface SecretVault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** The file backend when credentials.json cannot be used at all: no secrets to read; storing one throws why. */
function unavailableVault(error: CredentialFileError): SecretVault {
  return {
    get: async () => null,
    set: async () => {
      throw error;
    },
    delete: async () => {
      throw error;
    },
  };
}

/**
 * Stores secrets (API keys such as `openai.apiKey` / `compatible.apiKey`, later OAuth tokens) by account name.
 * Every secret read or written is registered with the logger's redaction (util/log.ts registerSecret), so it
 * never reaches a log line. Open with {@link CredentialStore.open}.
 */
export class CredentialStore {
  private constructor(
    /** The backend in use. */
    readonly backend: CredentialBackend,
    private readonly vault: SecretVault,
    /**
     * A message for the user, set when secrets are in the file (fallback or chosen), when the file's mode was
     * widened and had to be reset, or when a leftover credentials.json is ignored because the keychain is used.
     */
    readonly warning: string | undefined,
  ) {}

  /**
   * Opens the store in `opts.home`. With `auto`, keytar is loaded lazily and the keychain is probed under
   * `probeTimeoutMs`; if either fails, the file backend is used and `warning` names the reason and the file.
   * A broken credentials.json never stops the caller: an invalid one is moved aside (the store starts empty), one that
   * is not a regular file or cannot be read is left alone (no secrets; storing one fails with why); `warning` says
   * which and what to do. Throws {@link KeychainUnavailableError} when `backend: 'keychain'` cannot be honoured.
   */
  static async open(opts: CredentialStoreOptions): Promise<CredentialStore> {
    const choice = opts.backend ?? 'auto';
    const path = join(opts.home, CREDENTIALS_FILE);
    const warnings: string[] = [];
    /** Problems worth a log warning on every start (a broken file); the plain file-backend notice is not one. */
    const problems: string[] = [];
    let backend: CredentialBackend;
    let vault: SecretVault;

    const keychain =
      choice === 'file'
        ? null
        : await connectKeychain({ probeTimeoutMs: opts.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
    if (keychain?.ok) {
      backend = 'keychain';
      vault = keychain.vault;
      if (await exists(path)) {
        problems.push(
          `${path} exists but secrets are now kept in the OS keychain, so its entries are not used. ` +
            'Enter those secrets again, then delete the file.',
        );
      }
    } else {
      if (keychain && choice === 'keychain') throw new KeychainUnavailableError(keychain.reason);
      backend = 'file';
      const opened = await FileVault.open(path, opts.log).catch((error: unknown) => {
        if (!(error instanceof CredentialFileError)) throw error;
        return { vault: unavailableVault(error), warnings: [`Stored credentials are unavailable: ${error.message}`] };
      });
      vault = opened.vault;
      warnings.push(
        keychain
          ? `No OS keychain is available (${keychain.reason}); secrets are stored in ${path} (mode 0600). ` +
              'Install and unlock a Secret Service (gnome-keyring) to use the keychain.'
          : `Secrets are stored in ${path} (mode 0600) because the 'file' credential backend is selected, not in the OS keychain. ` +
              "Choose the 'auto' backend to use the keychain.",
      );
      problems.push(...opened.warnings);
    }

    warnings.push(...problems);
    const warning = warnings.length > 0 ? warnings.join(' ') : undefined;
    opts.log.info('credential store opened', { backend, requested: choice });
    // Where secrets are kept is said when one is stored (settings view `credentialWarning`), not on every start;
    // a damaged or ignored file is a problem worth a warning each time.
    if (problems.length > 0) opts.log.warn(problems.join(' '));
    else if (warning) opts.log.info(warning);
    return new CredentialStore(backend, vault, warning);
  }

  /** Returns the secret stored for `account`, or null if none. Throws on an invalid account name or a backend failure. */
  async get(account: string): Promise<string | null> {
    checkAccount(account);
    const secret = await this.vault.get(account);
    if (secret !== null) registerSecret(secret);
    return secret;
  }

  /**
   * Stores `secret` for `account`, replacing any previous one. Throws on an invalid account name, an empty
   * secret (use {@link CredentialStore.delete}), or a backend failure.
   */
  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new Error(`Cannot store an empty secret for "${account}": call delete("${account}") to remove it instead.`);
    }
    registerSecret(secret);
    await this.vault.set(account, secret);
  }

  /** Removes `account`'s secret; resolves true if one was stored, false if there was none. */
  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.vault.delete(account);
  }

  /** Resolves true if a secret is stored for `account`. */
  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== null;
  }
}

function checkAccount(account: string): void {
  if (typeof account !== 'string' || !ACCOUNT_PATTERN.test(account)) {
    throw new Error(
      `Invalid credential account name ${JSON.stringify(String(account).slice(0, 40))}: use 1-128 letters, digits, '.', '_' or '-', ` +
        'starting with a letter or digit (e.g. "openai.apiKey").',
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
