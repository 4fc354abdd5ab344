// Pure request checks for the loopback bridge: token (constant time), Host allowlist, Origin allowlist.
import { timingSafeEqual } from 'node:crypto';

/** What the guard looks at in a request (header values as Node gives them). */
export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  /** `Authorization` header value, e.g. `Bearer <token>`. */
  authorization: string | undefined;
  /** `Cookie` header value. */
  cookie: string | undefined;
}

/** The guard's configuration: the bridge's port, its long-lived token and the valid browser session cookies. */
export interface GuardConfig {
  port: number;
  token: string;
  isValidSession(cookieValue: string): boolean;
}

/** Name of the HttpOnly cookie a browser gets in exchange for a ticket. */
export const SESSION_COOKIE = 'deskpilot_session';

/** `{ok: true}`, or the HTTP status to answer with and why: 403 for a foreign Host/Origin, 401 without valid credentials. */
export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** Host header values the bridge answers to (DNS-rebinding protection). */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** Origins allowed to call the bridge from a browser (its own pages only; no wildcard). */
export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

/** Compares two secrets in constant time (for equal lengths); false when lengths differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Reads one cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Checks Host and Origin only (used before a ticket is exchanged). */
export function checkOrigin(input: Pick<GuardInput, 'host' | 'origin'>, port: number): GuardVerdict {
  if (!input.host || !allowedHosts(port).includes(input.host.toLowerCase()))
    return { ok: false, status: 403, reason: `Host "${input.host ?? ''}" is not allowed` };
  if (input.origin !== undefined && !allowedOrigins(port).includes(input.origin.toLowerCase()))
    return { ok: false, status: 403, reason: `Origin "${input.origin}" is not allowed` };
  return { ok: true };
}

/**
 * Full check: Host and Origin first (403), then credentials (401): a `Bearer` token equal to the bridge
 * token, or a session cookie the bridge issued. A request without Origin (non-browser client) must use the token.
 */
export function checkRequest(input: GuardInput, config: GuardConfig): GuardVerdict {
  const origin = checkOrigin(input, config.port);
  if (!origin.ok) return origin;
  const bearer = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? '')?.[1];
  if (bearer !== undefined)
    return safeEqual(bearer, config.token) ? { ok: true } : { ok: false, status: 401, reason: 'invalid token' };
  const session = readCookie(input.cookie, SESSION_COOKIE);
  if (session && config.isValidSession(session)) return { ok: true };
  return { ok: false, status: 401, reason: 'missing or invalid credentials' };
}
