// OS keychain access through keytar: lazy native load, an availability probe under a timeout, and get/set/delete.
import { createConnection } from 'node:net';

/** Keychain service name under which every Deskpilot secret is stored (accounts: `openai.apiKey`, …). */
export const KEYCHAIN_SERVICE = 'Deskpilot';

/** Account read by the availability probe; nothing is ever stored under it. */
const PROBE_ACCOUNT = 'deskpilot.probe';

/** Default time (ms) an ordinary keychain call may take, e.g. while the user answers an unlock prompt. */
const DEFAULT_OP_TIMEOUT_MS = 60_000;

/**
 * The keytar calls Deskpilot uses. `findCredentials` is deliberately left out: it crashes the process when the
 * service holds an item without an `account` attribute (shared/ENVIRONMENT.md). `findPassword` is not needed.
 */
export type KeytarApi = Pick<typeof import('keytar'), 'getPassword' | 'setPassword' | 'deletePassword'>;

/** Outcome of {@link connectKeychain}: a usable vault, or why the keychain cannot be used (no secrets in `reason`). */
export type KeychainConnection = { ok: true; vault: KeychainVault } | { ok: false; reason: string };

/** Options for {@link connectKeychain}. Times are in milliseconds. */
export interface KeychainOptions {
  /** How long the availability probe may take before the keychain counts as unavailable. */
  probeTimeoutMs: number;
  /** How long any later get/set/delete may take (default 60 000 ms). */
  opTimeoutMs?: number;
}

/**
 * Decides whether the OS keychain is usable, all within `probeTimeoutMs` in total: on Linux, first checks in
 * JavaScript that the D-Bus session bus answers; then loads keytar (a native module, so a missing or broken
 * build is an expected failure) and reads a probe account. Never throws: failures come back as `{ok: false, reason}`.
 * A keytar probe that timed out (bus answers, Secret Service does not) leaves its native call pending on a libuv
 * worker thread until D-Bus times it out (25 s by default); until then `process.exit` blocks. A bus that does not
 * answer at all is caught by the JavaScript check, which has no such effect.
 */
export async function connectKeychain(options: KeychainOptions): Promise<KeychainConnection> {
  const deadline = Date.now() + options.probeTimeoutMs;
  if (process.platform === 'linux') {
    const busProblem = await checkSessionBus(process.env.DBUS_SESSION_BUS_ADDRESS, options.probeTimeoutMs);
    if (busProblem) return { ok: false, reason: busProblem };
  }
  let api: KeytarApi;
  try {
    api = await loadKeytar();
  } catch (error) {
    return { ok: false, reason: `the keytar native module could not be loaded: ${messageOf(error)}` };
  }
  try {
    // The probe account holds no item, so this lookup never triggers an unlock prompt.
    await withTimeout(api.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT), Math.max(deadline - Date.now(), 1));
  } catch (error) {
    return { ok: false, reason: `the keychain probe failed: ${messageOf(error)}` };
  }
  return { ok: true, vault: new KeychainVault(api, options.opTimeoutMs ?? DEFAULT_OP_TIMEOUT_MS) };
}

/** Secrets in the OS keychain under service {@link KEYCHAIN_SERVICE}, one item per account. */
export class KeychainVault {
  /** Wraps a loaded keytar; use {@link connectKeychain} rather than calling this directly. `opTimeoutMs` in ms. */
  constructor(
    private readonly api: KeytarApi,
    private readonly opTimeoutMs: number,
  ) {}

  /** Returns the secret stored for `account`, or null. Throws an Error naming the account if the keychain fails. */
  get(account: string): Promise<string | null> {
    return this.call('read', account, () => this.api.getPassword(KEYCHAIN_SERVICE, account));
  }

  /** Stores `secret` (non-empty) for `account`, replacing any previous one. Throws if the keychain fails. */
  set(account: string, secret: string): Promise<void> {
    return this.call('write', account, () => this.api.setPassword(KEYCHAIN_SERVICE, account, secret));
  }

  /** Removes `account`'s secret; resolves true if one was stored, false otherwise. Throws if the keychain fails. */
  delete(account: string): Promise<boolean> {
    return this.call('delete', account, () => this.api.deletePassword(KEYCHAIN_SERVICE, account));
  }

  private async call<T>(what: string, account: string, run: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(run(), this.opTimeoutMs);
    } catch (error) {
      throw new Error(
        `Keychain ${what} of "${account}" (service ${KEYCHAIN_SERVICE}) failed: ${messageOf(error)}. ` +
          "Unlock the OS keychain (Secret Service) and retry, or switch the credential backend to 'file'.",
        { cause: error },
      );
    }
  }
}

/**
 * Checks that the D-Bus session bus answers the first step of its SASL handshake (`AUTH EXTERNAL`, see
 * https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol) within `timeoutMs`. This runs in
 * JavaScript because a native call stuck on a silent bus can never be cancelled and even blocks process exit.
 * Returns why the bus is unusable, or null if it answered or its address is not a plain unix socket (then the
 * keytar probe decides). Only the first address of a `;`-separated list is checked.
 */
async function checkSessionBus(address: string | undefined, timeoutMs: number): Promise<string | null> {
  const first = address?.split(';')[0] ?? '';
  const match = /^unix:(?:.*,)?(path|abstract)=([^,]*)/.exec(first);
  if (!match) return null;
  let target: string;
  try {
    target = decodeURIComponent(match[2] ?? '');
  } catch {
    return null; // malformed escaping: let libsecret report it
  }
  const socketPath = match[1] === 'abstract' ? `\0${target}` : target;
  const uid = process.getuid?.() ?? 0;
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    const finish = (problem: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(
      () => finish(`the D-Bus session bus at ${first} did not answer within ${timeoutMs} ms`),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\n`));
    // Any reply line (OK, REJECTED, ERROR) proves a live bus; choosing a mechanism is libsecret's job.
    socket.on('data', () => finish(null));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(`cannot connect to the D-Bus session bus at ${first}: ${error.code ?? error.message}`),
    );
    socket.on('end', () => finish(`the D-Bus session bus at ${first} closed the connection`));
  });
}

async function loadKeytar(): Promise<KeytarApi> {
  // keytar is CommonJS: Node's ESM interop exposes its functions on `default` (only some as named exports).
  const mod = (await import('keytar')) as unknown as Partial<KeytarApi> & { default?: Partial<KeytarApi> };
  const api = mod.default ?? mod;
  if (
    typeof api.getPassword !== 'function' ||
    typeof api.setPassword !== 'function' ||
    typeof api.deletePassword !== 'function'
  ) {
    throw new Error('keytar loaded but lacks getPassword/setPassword/deletePassword');
  }
  return api as KeytarApi;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the OS keychain did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
