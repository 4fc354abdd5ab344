// The one error type of the ChatGPT sign-in: a machine-readable code and a message that names the next step.

/** Why a ChatGPT sign-in, refresh or sign-out failed. */
export type ChatGptAuthErrorCode =
  /** The user declined consent, or the workspace has no Codex entitlement. */
  | 'denied'
  /** The browser callback's `state` did not match the one sent (possible cross-site request). */
  | 'state_mismatch'
  | 'cancelled'
  | 'timeout'
  /** Both loopback callback ports (1455, 1457) are busy. */
  | 'port_in_use'
  /** The issuer or backend could not be reached. */
  | 'network'
  /** The issuer answered the code exchange or device-code request with an error. */
  | 'token_exchange'
  /** The device code expired before it was approved. */
  | 'device_expired'
  /** The issuer does not offer device-code sign-in. */
  | 'device_disabled'
  /** The refresh token was reused, revoked or expired: the user must sign in again. */
  | 'signed_out'
  /** A transient refresh failure (5xx, network); retrying later may work. */
  | 'refresh_failed'
  | 'not_signed_in'
  /** A Codex CLI auth.json is absent or unusable. */
  | 'codex_import';

/** A failed sign-in step. `message` is safe to show and log: it never contains a token. */
export class ChatGptAuthError extends Error {
  override readonly name = 'ChatGptAuthError';
  constructor(
    readonly code: ChatGptAuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The sentence every "sign in again" message ends with. */
export const SIGN_IN_AGAIN = 'Sign in again with `deskpilot login` (or Settings → Accounts).';
