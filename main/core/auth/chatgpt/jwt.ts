// Reads (never verifies) the claims of the issuer's JWTs: account id, plan type, email and expiry (§2.3).
import { isObject, str, type Wire } from '../../models/wire';

/** Claims Deskpilot uses from an id or access token. */
export interface ChatGptClaims {
  /** `https://api.openai.com/auth`.chatgpt_account_id: sent as the `chatgpt-account-id` header. */
  accountId?: string;
  /** `chatgpt_plan_type`: free, go, plus, pro, team, business, enterprise, edu, or an unknown string. */
  planType?: string;
  /** Top-level `email` or `https://api.openai.com/profile`.email. */
  email?: string;
  /** `exp` in epoch milliseconds. */
  expiresAt?: number;
}

/**
 * The payload of a JWT as an object (base64url without padding), or undefined when `token` is not a JWT.
 * The signature is not checked: the tokens come straight from the issuer over TLS and are only read for display
 * and routing, never trusted for access decisions.
 */
export function decodeJwtPayload(token: string): Wire | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return isObject(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The {@link ChatGptClaims} of `token`; fields are absent when the token is not a JWT or lacks them. */
export function readClaims(token: string | undefined): ChatGptClaims {
  const payload = token ? decodeJwtPayload(token) : undefined;
  if (!payload) return {};
  const auth = isObject(payload['https://api.openai.com/auth']) ? payload['https://api.openai.com/auth'] : {};
  const profile = isObject(payload['https://api.openai.com/profile']) ? payload['https://api.openai.com/profile'] : {};
  const claims: ChatGptClaims = {};
  const accountId = str(auth.chatgpt_account_id);
  const planType = str(auth.chatgpt_plan_type);
  const email = str(payload.email) ?? str(profile.email);
  if (accountId) claims.accountId = accountId;
  if (planType) claims.planType = planType;
  if (email) claims.email = email;
  if (typeof payload.exp === 'number' && Number.isFinite(payload.exp)) claims.expiresAt = payload.exp * 1000;
  return claims;
}
