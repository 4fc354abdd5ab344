// The planner's real clock and id randomness (Web Crypto), injected into the pure model.
import type { PlannerEnv } from './model';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Wall-clock time and 6-character random ids from `globalThis.crypto` (a Node 20 and browser global). */
export const systemPlannerEnv: PlannerEnv = {
  now: () => Date.now(),
  randomId: () =>
    Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) => ALPHABET[byte % ALPHABET.length]).join(''),
};
