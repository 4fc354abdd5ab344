// Device-code sign-in as the Codex CLI does it (login/src/device_code_auth.rs, wire notes §2.2).
import { isObject, str } from '../../models/wire';
import { CHATGPT_CLIENT_ID } from './config';
import { ChatGptAuthError } from './errors';
import { exchangeCode, post, readJson, toTokenSet, type ChatGptTokens } from './tokens';

/** A user code to show, and what polling needs. */
export interface DeviceCode {
  /** The code the user types on the verification page, e.g. `ABCD-EFGH`. */
  userCode: string;
  /** `{issuer}/codex/device`: where the user enters the code. */
  verificationUrl: string;
  /** Poll interval in ms (the issuer's `interval`, a string of seconds). */
  intervalMs: number;
  /** When the code stops working (epoch ms; 15 minutes after it was issued). */
  expiresAt: number;
  /** Opaque id the polling sends back. */
  deviceAuthId: string;
}

/** How long a device code stays valid (the Codex CLI gives up after 15 minutes). */
const DEVICE_CODE_TTL_MS = 15 * 60_000;

/**
 * Requests a user code at `{issuer}/api/accounts/deviceauth/usercode`. Throws {@link ChatGptAuthError}
 * `device_disabled` (404), `token_exchange` (other errors) or `network`.
 */
export async function requestDeviceCode(issuer: string, now = Date.now()): Promise<DeviceCode> {
  const res = await post(
    `${issuer}/api/accounts/deviceauth/usercode`,
    JSON.stringify({ client_id: CHATGPT_CLIENT_ID }),
    'application/json',
  );
  const json = await readJson(res);
  if (res.status === 404) {
    throw new ChatGptAuthError(
      'device_disabled',
      `Device-code sign-in is not enabled on ${issuer}. Use the browser sign-in (\`deskpilot login\`) instead.`,
    );
  }
  const body = isObject(json) ? json : {};
  const userCode = str(body.user_code) ?? str(body.usercode);
  const deviceAuthId = str(body.device_auth_id);
  if (!res.ok || !userCode || !deviceAuthId) {
    throw new ChatGptAuthError(
      'token_exchange',
      `The sign-in server did not issue a device code (${res.status}). Try again, or use the browser sign-in.`,
    );
  }
  const seconds = Number(typeof body.interval === 'number' ? body.interval : (str(body.interval) ?? '5'));
  return {
    userCode,
    deviceAuthId,
    verificationUrl: `${issuer}/codex/device`,
    intervalMs: Math.max(Number.isFinite(seconds) ? seconds : 5, 0.05) * 1000,
    expiresAt: now + DEVICE_CODE_TTL_MS,
  };
}

/** Options of {@link pollDeviceCode}. */
export interface DevicePollOptions {
  /** Aborting stops polling with `cancelled`. */
  signal?: AbortSignal;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

/**
 * Polls `{issuer}/api/accounts/deviceauth/token` every `code.intervalMs` until the user approves (then exchanges the
 * returned authorization code with its PKCE verifier), the code expires, or `signal` aborts. 403/404 mean "not yet".
 * Throws {@link ChatGptAuthError} `device_expired`, `cancelled`, `denied`, `token_exchange` or `network`.
 */
export async function pollDeviceCode(
  issuer: string,
  code: DeviceCode,
  opts: DevicePollOptions = {},
): Promise<ChatGptTokens> {
  const now = opts.now ?? Date.now;
  for (;;) {
    if (opts.signal?.aborted) throw new ChatGptAuthError('cancelled', 'The ChatGPT sign-in was cancelled.');
    if (now() >= code.expiresAt) {
      throw new ChatGptAuthError(
        'device_expired',
        `The device code ${code.userCode} expired before it was approved. Run \`deskpilot login --device-code\` again for a new code.`,
      );
    }
    const res = await post(
      `${issuer}/api/accounts/deviceauth/token`,
      JSON.stringify({ device_auth_id: code.deviceAuthId, user_code: code.userCode }),
      'application/json',
    );
    const json = await readJson(res);
    if (res.ok) {
      const body = isObject(json) ? json : {};
      const authorizationCode = str(body.authorization_code);
      const verifier = str(body.code_verifier);
      if (!authorizationCode || !verifier) {
        throw new ChatGptAuthError(
          'token_exchange',
          'The sign-in server approved the device code but sent no authorization code. Try again.',
        );
      }
      const tokens = await exchangeCode(issuer, {
        code: authorizationCode,
        verifier,
        redirectUri: `${issuer}/deviceauth/callback`,
      });
      return toTokenSet(tokens, { kind: 'device-code' }, now());
    }
    if (res.status !== 403 && res.status !== 404) {
      const denied = res.status === 400 || res.status === 401;
      throw new ChatGptAuthError(
        denied ? 'denied' : 'token_exchange',
        `The sign-in server ended the device-code sign-in (${res.status}). Run \`deskpilot login --device-code\` again, or use the browser sign-in.`,
      );
    }
    await sleep(Math.min(code.intervalMs, Math.max(code.expiresAt - now(), 0)), opts.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
