// The ChatGPT token set and the issuer's token endpoints: code exchange, refresh and revoke (§2.1).
import { z } from 'zod';
import { registerSecret } from '../../util/log';
import { isObject, str } from '../../models/wire';
import { CHATGPT_CLIENT_ID } from './config';
import { ChatGptAuthError, SIGN_IN_AGAIN } from './errors';
import { readClaims } from './jwt';

/** Where a stored login came from: Deskpilot's own sign-in, or a copy of the Codex CLI's auth.json. */
export const TokenSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('browser') }),
  z.object({ kind: z.literal('device-code') }),
  z.object({ kind: z.literal('codex-cli'), path: z.string() }),
]);
/** One of {@link TokenSource}'s values. */
export type TokenSource = z.infer<typeof TokenSource>;

/**
 * The stored ChatGPT login (one JSON secret in the credential store). Times are epoch milliseconds.
 * `accountId`/`planType`/`email` come from the id token's claims (the access token's as a fallback).
 */
export const ChatGptTokens = z.object({
  version: z.literal(1),
  idToken: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accountId: z.string().min(1),
  planType: z.string().optional(),
  email: z.string().optional(),
  /** When the access token expires (JWT `exp`, else `expires_in`); absent when neither says. */
  expiresAt: z.number().optional(),
  lastRefresh: z.number(),
  source: TokenSource,
});
/** A parsed {@link ChatGptTokens} value. */
export type ChatGptTokens = z.infer<typeof ChatGptTokens>;

/** Raw token endpoint answer (`expires_in` in seconds); every field optional on refresh. */
export interface TokenResponse {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * Builds a token set from a token response (merged over `previous` on refresh: the issuer may omit fields).
 * Registers every token for log redaction. Throws {@link ChatGptAuthError} `token_exchange` when a token or the
 * account id is missing.
 */
export function toTokenSet(
  response: TokenResponse,
  source: TokenSource,
  now: number,
  previous?: ChatGptTokens,
): ChatGptTokens {
  const idToken = response.id_token ?? previous?.idToken;
  const accessToken = response.access_token ?? previous?.accessToken;
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  if (!idToken || !accessToken || !refreshToken) {
    throw new ChatGptAuthError(
      'token_exchange',
      'The sign-in server answered without an id, access and refresh token. ' + SIGN_IN_AGAIN,
    );
  }
  for (const token of [idToken, accessToken, refreshToken]) registerSecret(token);
  const fromId = readClaims(idToken);
  const fromAccess = readClaims(accessToken);
  const accountId = fromId.accountId ?? fromAccess.accountId ?? previous?.accountId;
  if (!accountId) {
    throw new ChatGptAuthError(
      'token_exchange',
      'The id token carries no ChatGPT account id (claim chatgpt_account_id): this account cannot use the Codex backend. ' +
        'Sign in with a ChatGPT account that has a Plus, Pro, Team or Enterprise plan, or use an API key.',
    );
  }
  const expiresAt =
    fromAccess.expiresAt ?? (typeof response.expires_in === 'number' ? now + response.expires_in * 1000 : undefined);
  const tokens: ChatGptTokens = {
    version: 1,
    idToken,
    accessToken,
    refreshToken,
    accountId,
    lastRefresh: now,
    source,
  };
  const planType = fromId.planType ?? fromAccess.planType ?? previous?.planType;
  const email = fromId.email ?? fromAccess.email ?? previous?.email;
  if (planType) tokens.planType = planType;
  if (email) tokens.email = email;
  if (expiresAt !== undefined) tokens.expiresAt = expiresAt;
  return tokens;
}

/**
 * Exchanges an authorization code at `{issuer}/oauth/token` (form-encoded, PKCE `code_verifier`).
 * Throws {@link ChatGptAuthError} (`network`, `token_exchange`) with the issuer's own error text.
 */
export async function exchangeCode(
  issuer: string,
  params: { code: string; redirectUri: string; verifier: string },
): Promise<TokenResponse> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
    client_id: CHATGPT_CLIENT_ID,
    code_verifier: params.verifier,
  });
  const res = await post(`${issuer}/oauth/token`, body, 'application/x-www-form-urlencoded');
  const json = await readJson(res);
  if (!res.ok) {
    throw new ChatGptAuthError(
      'token_exchange',
      `The sign-in server refused the authorization code (${res.status}${oauthErrorText(json)}). Start the sign-in again.`,
    );
  }
  return tokenResponse(json);
}

/** Refresh-token error codes after which only a new sign-in helps (Codex `classify_refresh_token_failure`). */
const PERMANENT_REFRESH_CODES = new Set([
  'refresh_token_expired',
  'refresh_token_reused',
  'refresh_token_invalidated',
  'invalid_grant',
]);

/**
 * Trades `refreshToken` for new tokens at `{issuer}/oauth/token` (JSON, as the Codex CLI sends it). The old refresh
 * token is spent whatever the outcome. Throws {@link ChatGptAuthError}: `signed_out` for a reused, revoked or expired
 * token (or any 401), `refresh_failed` for other failures, `network` when the issuer is unreachable.
 */
export async function refreshTokens(issuer: string, refreshToken: string): Promise<TokenResponse> {
  const res = await post(
    `${issuer}/oauth/token`,
    JSON.stringify({ client_id: CHATGPT_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken }),
    'application/json',
  );
  const json = await readJson(res);
  if (res.ok) return tokenResponse(json);
  const code = oauthErrorCode(json);
  if (res.status === 401 || (code && PERMANENT_REFRESH_CODES.has(code))) {
    throw new ChatGptAuthError(
      'signed_out',
      `The ChatGPT login is no longer valid (${code ?? res.status}: the refresh token was revoked, expired or already used, ` +
        `e.g. by a Codex CLI that shares it). ${SIGN_IN_AGAIN}`,
    );
  }
  throw new ChatGptAuthError(
    'refresh_failed',
    `Refreshing the ChatGPT login failed (${res.status}${oauthErrorText(json)}). Try again in a moment.`,
  );
}

/**
 * Revokes `token` at `{issuer}/oauth/revoke` (JSON `{token, token_type_hint, client_id}`, as the Codex CLI does).
 * Resolves `revoked`, `unsupported` (the issuer has no revoke endpoint: 404/405) or `failed` with why; never throws,
 * since signing out must delete the local tokens whatever the issuer says.
 */
export async function revokeToken(
  issuer: string,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<{ outcome: 'revoked' | 'unsupported' | 'failed'; detail?: string }> {
  const body: Record<string, string> = { token, token_type_hint: hint };
  if (hint === 'refresh_token') body.client_id = CHATGPT_CLIENT_ID;
  try {
    const res = await post(`${issuer}/oauth/revoke`, JSON.stringify(body), 'application/json');
    if (res.ok) return { outcome: 'revoked' };
    if (res.status === 404 || res.status === 405) return { outcome: 'unsupported' };
    return { outcome: 'failed', detail: `${res.status}${oauthErrorText(await readJson(res))}` };
  } catch (error) {
    return { outcome: 'failed', detail: (error as Error).message };
  }
}

/** POSTs `body` to `url`; throws {@link ChatGptAuthError} `network` naming the host when the request cannot be made. */
export async function post(url: string, body: string | URLSearchParams, contentType: string): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const inner = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = inner?.code ?? inner?.message ?? (error as Error).message;
    throw new ChatGptAuthError(
      'network',
      `Cannot reach the sign-in server ${new URL(url).origin} (${cause}). Check the network connection and try again.`,
      { cause: error },
    );
  }
}

/** The JSON body of `res`, or undefined when it is not JSON. */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function tokenResponse(json: unknown): TokenResponse {
  const body = isObject(json) ? json : {};
  const out: TokenResponse = {};
  const id = str(body.id_token);
  const access = str(body.access_token);
  const refresh = str(body.refresh_token);
  if (id) out.id_token = id;
  if (access) out.access_token = access;
  if (refresh) out.refresh_token = refresh;
  if (typeof body.expires_in === 'number') out.expires_in = body.expires_in;
  return out;
}

/** `error` code of an OAuth error body: `{"error":"x"}` or `{"error":{"code":"x"}}`. */
export function oauthErrorCode(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  if (typeof json.error === 'string') return json.error;
  if (isObject(json.error)) return str(json.error.code) ?? str(json.error.type);
  return undefined;
}

/** `: code (description)` of an OAuth error body, or '' when there is none. Token-free by construction. */
function oauthErrorText(json: unknown): string {
  const code = oauthErrorCode(json);
  if (!isObject(json)) return '';
  const description =
    str(json.error_description) ?? (isObject(json.error) ? str(json.error.message) : undefined) ?? str(json.detail);
  const text = [code, description ? `(${description.slice(0, 200)})` : ''].filter(Boolean).join(' ');
  return text ? `: ${text}` : '';
}
