// The only caller of shell.openExternal (DESIGN.md §9): https: URLs only, everything else refused and logged.
import { shell } from 'electron';
import type { Runtime } from '../core/runtime';
import { normalizeExternalUrl } from '../core/util/externalUrl';

/**
 * Opens `url` in the system browser when `normalizeExternalUrl` (externalUrl.ts) accepts it. Resolves `true` once
 * handed to the OS, `false` when refused or when the OS could not open it (both logged as warnings). Never throws.
 */
export async function openExternal(url: string, log: Runtime['log']): Promise<boolean> {
  const href = normalizeExternalUrl(url);
  if (!href) {
    log.warn('refused to open a non-https URL outside the app', { url: url.slice(0, 200) });
    return false;
  }
  try {
    await shell.openExternal(href);
    return true;
  } catch (error) {
    log.warn('the system could not open a link in the browser', { url: href.slice(0, 200), error });
    return false;
  }
}
