// Single-use, short-lived tickets exchanged for browser session cookies.
import { randomBytes } from 'node:crypto';
import { safeEqual } from './guard';

/** How long a ticket stays valid, in ms. */
export const TICKET_TTL_MS = 60_000;

/** Issues tickets and the session cookie values they are exchanged for (both in memory only). */
export class TicketBook {
  private readonly tickets = new Map<string, number>();
  private readonly sessions = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new ticket (43 url-safe characters) valid for {@link TICKET_TTL_MS}. */
  issue(): string {
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.set(ticket, this.now() + TICKET_TTL_MS);
    return ticket;
  }

  /** Consumes a ticket; resolves to a new session cookie value, or null when unknown, used or expired. */
  exchange(ticket: string): string | null {
    let match: string | undefined;
    for (const known of this.tickets.keys()) if (safeEqual(known, ticket)) match = known;
    if (!match) return null;
    const expires = this.tickets.get(match) ?? 0;
    this.tickets.delete(match);
    if (expires < this.now()) return null;
    const session = randomBytes(32).toString('base64url');
    this.sessions.add(session);
    return session;
  }

  /** True when `value` is a session cookie this book issued. */
  isValidSession(value: string): boolean {
    for (const known of this.sessions) if (safeEqual(known, value)) return true;
    return false;
  }
}
