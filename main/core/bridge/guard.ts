// Pure request checks for the loopback bridge: token (constant time), Host allowlist, Origin allowlist, one of each.
import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';

/** What the guard looks at in a request (header values as Node gives them). */
export interface GuardInput {
  /**
   * Names (lower case) of the {@link SINGLE_HEADERS} the request sent more than once (see {@link repeatedHeaders}).
   * Node keeps only the first `Host`, `Origin` or `Authorization` and drops the rest, so a second one could say
   * something else to another parser: such a request is refused.
   */
  repeated?: readonly string[];
  host: string | undefined;
  origin: string | undefined;
  /** `Authorization` header value, e.g. `Bearer <token>`. */
  authorization: string | undefined;
  /** `Cookie` header value. */
  cookie: string | undefined;
}

/** The guard's configuration: the bridge's port, its long-lived token, its cookie name and the valid session cookies. */
export interface GuardConfig {
  port: number;
  token: string;
  /** The session cookie's name ({@link sessionCookieName} of the home). */
  cookieName: string;
  isValidSession(cookieValue: string): boolean;
}

/** Prefix of the HttpOnly cookie a browser gets in exchange for a ticket. */
export const SESSION_COOKIE_PREFIX = 'deskpilot_session';

/**
 * The session cookie's name for the runtime home `home`: the prefix plus 12 hex digits of the SHA-256 of its absolute
 * path. Browsers keep cookies per host, not per port, so two homes served on 127.0.0.1 need two names, or signing in
 * to one would sign the browser out of the other.
 */
export function sessionCookieName(home: string): string {
  return `${SESSION_COOKIE_PREFIX}_${createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12)}`;
}

/** Headers a request may carry at most once (HTTP/1.1 allows one Host: RFC 9112 §3.2). */
export const SINGLE_HEADERS: readonly string[] = ['host', 'origin', 'authorization'];

/** Names (lower case) of the {@link SINGLE_HEADERS} that occur more than once in Node's `rawHeaders` list. */
export function repeatedHeaders(rawHeaders: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (SINGLE_HEADERS.includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([name]) => name);
}

/**
 * `{ok: true}`, or the HTTP status to answer with and why: 400 for a repeated Host/Origin/Authorization header, 403
 * for a foreign Host/Origin, 401 without valid credentials.
 */
export type GuardVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403; reason: string };

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

/** Checks Host and Origin only (used before a ticket is exchanged), after refusing repeated single headers. */
export function checkOrigin(input: Pick<GuardInput, 'host' | 'origin' | 'repeated'>, port: number): GuardVerdict {
  if (input.repeated && input.repeated.length > 0)
    return { ok: false, status: 400, reason: `The ${input.repeated.join(', ')} header may appear only once` };
  if (!input.host || !allowedHosts(port).includes(input.host.toLowerCase()))
    return { ok: false, status: 403, reason: `Host "${input.host ?? ''}" is not allowed` };
  if (input.origin !== undefined && !allowedOrigins(port).includes(input.origin.toLowerCase()))
    return { ok: false, status: 403, reason: `Origin "${input.origin}" is not allowed` };
  return { ok: true };
}

/** How a request proved who it is: the bridge `token` (a local program) or a browser session `cookie`. */
export type Credential = 'token' | 'cookie';

/** {@link GuardVerdict} of {@link checkRequest}: when ok, also which credential let the request in. */
export type RequestVerdict = { ok: true; credential: Credential } | Exclude<GuardVerdict, { ok: true }>;

/**
 * Full check: repeated headers (400), Host and Origin (403), then credentials (401): a `Bearer` token equal to the
 * bridge token, or a session cookie the bridge issued. A request without Origin (non-browser client) must use the token.
 */
export function checkRequest(input: GuardInput, config: GuardConfig): RequestVerdict {
  const origin = checkOrigin(input, config.port);
  if (!origin.ok) return origin;
  const bearer = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? '')?.[1];
  if (bearer !== undefined)
    return safeEqual(bearer, config.token)
      ? { ok: true, credential: 'token' }
      : { ok: false, status: 401, reason: 'invalid token' };
  const session = readCookie(input.cookie, config.cookieName);
  if (session && config.isValidSession(session)) return { ok: true, credential: 'cookie' };
  return { ok: false, status: 401, reason: 'missing or invalid credentials' };
}
