// Single-use, short-lived tickets, exchanged for signed browser session cookies that survive a runtime restart.
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../util/atomicWrite';
import { safeEqual } from './guard';

/** How long a ticket stays valid, in ms. */
export const TICKET_TTL_MS = 60_000;
/** How long a browser session cookie stays valid, in ms (30 days). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Path of the 0600 key that signs session cookies. Deleting it signs every browser out at the next start.
 */
export function cookieKeyPath(home: string): string {
  return path.join(home, 'runtime', 'cookie-key');
}

/** Reads the cookie key, creating a random 32-byte key (hex, mode 0600) when it is missing or malformed. */
export async function loadCookieKey(home: string): Promise<Buffer> {
  const file = cookieKeyPath(home);
  const text = await readFile(file, 'utf8').catch(() => '');
  if (/^[0-9a-f]{64}$/.test(text.trim())) return Buffer.from(text.trim(), 'hex');
  const key = randomBytes(32);
  await atomicWrite(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

/**
 * Issues tickets (in memory) and session cookies of the form `<issued ms base36>.<random>.<HMAC-SHA256>`, signed with
 * `key`, so a restarted runtime with the same key accepts the cookies it issued before.
 */
export class TicketBook {
  private readonly tickets = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new ticket (43 url-safe characters) valid for {@link TICKET_TTL_MS}. */
  issue(): string {
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.set(ticket, this.now() + TICKET_TTL_MS);
    return ticket;
  }

  /** Consumes a ticket; returns a new session cookie value, or null when unknown, used or expired. */
  exchange(ticket: string): string | null {
    let match: string | undefined;
    for (const known of this.tickets.keys()) if (safeEqual(known, ticket)) match = known;
    if (!match) return null;
    const expires = this.tickets.get(match) ?? 0;
    this.tickets.delete(match);
    if (expires < this.now()) return null;
    const body = `${this.now().toString(36)}.${randomBytes(18).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  /** True when `value` is a cookie signed with this key and younger than {@link SESSION_TTL_MS}. */
  isValidSession(value: string): boolean {
    const parts = value.split('.');
    if (parts.length !== 3) return false;
    const body = `${parts[0]}.${parts[1]}`;
    if (!safeEqual(parts[2], this.sign(body))) return false;
    const issued = parseInt(parts[0], 36);
    return Number.isFinite(issued) && this.now() - issued < SESSION_TTL_MS && issued <= this.now() + 60_000;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
