// Session ids: `s_` + 12 Crockford base32 chars of creation time (ms) + 10 random chars; sorting ids sorts by creation.
import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet (https://www.crockford.com/base32.html), lower-cased; ascending in ASCII order. */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
const timeChars = 12;
const randomChars = 10;
const idPattern = /^s_[0-9a-hjkmnp-tv-z]{22}$/;

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < timeChars; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function freshRandom(): number[] {
  const bytes = randomBytes(randomChars);
  return Array.from(bytes, (b) => b % 32);
}

/** Adds one to a base32 digit array (most significant first); wraps to zeros only after 32^10 ids in one millisecond. */
function increment(digits: number[]): number[] {
  const out = digits.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] < 31) {
      out[i] += 1;
      return out;
    }
    out[i] = 0;
  }
  return out;
}

/**
 * Returns a new session id `s_<12 time chars><10 random chars>` (24 chars, lower-case Crockford base32).
 * The time part encodes `now` in milliseconds since the epoch, so lexicographic order is creation order;
 * ids made in the same millisecond by this process increment the random part, so they sort in creation order too.
 * `now` defaults to the current time.
 */
export function newSessionId(now: Date = new Date()): string {
  const ms = now.getTime();
  const random = ms === lastTime ? increment(lastRandom) : freshRandom();
  lastTime = ms;
  lastRandom = random;
  return `s_${encodeTime(ms)}${random.map((d) => alphabet[d]).join('')}`;
}

/** True when `s` has the exact shape {@link newSessionId} produces (also guards file names against path tricks). */
export function isSessionId(s: unknown): s is string {
  return typeof s === 'string' && idPattern.test(s);
}

/** The creation time encoded in a session id, or `undefined` when `id` is not a session id. */
export function sessionIdTime(id: string): Date | undefined {
  if (!isSessionId(id)) return undefined;
  let ms = 0;
  for (const ch of id.slice(2, 2 + timeChars)) ms = ms * 32 + alphabet.indexOf(ch);
  return new Date(ms);
}

/** Creates a time-sortable turn id `t_<ms base36, 9 chars><8 hex random>`. */
export function newTurnId(): string {
  return `t_${Date.now().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
}
