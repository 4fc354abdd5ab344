// What settings fall back to when settings.json cannot be trusted: the security-relevant keys at their strictest.
import type { Settings } from './schema';

/**
 * The security-relevant settings and their strictest values. They replace the defaults whenever settings.json is
 * invalid or unreadable, so a broken file never loosens security (an `untrusted` policy must not silently become the
 * default `on-request`). `approvalPolicy: 'untrusted'` asks before every call that is not a read: nothing runs unasked,
 * yet the app stays usable (`never` would deny those calls instead of asking). `credentialBackend` is not here: it
 * decides where secrets are read from, and a stricter choice could only hide the user's stored keys. Add new
 * security settings (sandbox, network access) here with their strictest value.
 */
export const STRICTEST_SECURITY_SETTINGS = { approvalPolicy: 'untrusted' } as const satisfies Partial<Settings>;

/** {@link STRICTEST_SECURITY_SETTINGS} for a message: `approvalPolicy "untrusted"`. */
export function describeStrictest(): string {
  return Object.entries(STRICTEST_SECURITY_SETTINGS)
    .map(([key, value]) => `${key} "${String(value)}"`)
    .join(', ');
}
