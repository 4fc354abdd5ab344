// PKCE (RFC 7636) S256 verifier/challenge and the OAuth `state`, as the Codex CLI makes them (login/src/pkce.rs).
import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair: `verifier` (64 random bytes, base64url) and `challenge` = base64url(sha256(verifier)). */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** A fresh S256 PKCE pair (https://www.rfc-editor.org/rfc/rfc7636#section-4.2). */
export function createPkce(): PkcePair {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** The S256 challenge of `verifier`: base64url without padding of its SHA-256. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A fresh OAuth `state`: 32 random bytes, base64url without padding. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
