// Which URLs may leave the app for the system browser (DESIGN.md §9: https only), as a pure check.

/** Longest URL handed to the OS opener, in characters; longer ones are refused rather than truncated. */
export const MAX_EXTERNAL_URL_LENGTH = 8192;

/** True for C0 controls, space, DEL and C1 controls: the WHATWG parser silently strips some of them, so they are refused. */
function hasUnsafeCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Returns the normalized `href` of `url` when it may be opened in the system browser, else `null`. Allowed: an
 * absolute `https:` URL with a host, no user name or password, no whitespace or control characters, at most
 * {@link MAX_EXTERNAL_URL_LENGTH} characters. Everything else (http:, file:, javascript:, data:, custom schemes,
 * relative or malformed URLs) is refused. Parsing follows the WHATWG URL standard (https://url.spec.whatwg.org/).
 */
export function normalizeExternalUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH || hasUnsafeCharacter(url))
    return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname === '' || parsed.username !== '' || parsed.password !== '')
    return null;
  return parsed.href;
}

/** True when {@link normalizeExternalUrl} accepts `url`. */
export function isAllowedExternalUrl(url: unknown): boolean {
  return normalizeExternalUrl(url) !== null;
}
