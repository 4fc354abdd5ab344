// The operating system's opener for an https: URL or a local file, started without a shell (issue 8 #11).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { normalizeExternalUrl } from './externalUrl';

/** Opens a URL or file outside the app; resolves once handed over, rejects when the opener cannot start. */
export type UrlOpener = (target: string) => Promise<void>;

/**
 * The program and arguments that open `target` on `platform`, never through a shell: `open` on macOS,
 * `rundll32 url.dll,FileProtocolHandler` on Windows (no `cmd /c start`, whose parsing expands `%VAR%` and breaks out
 * on `"&`), `xdg-open` elsewhere. `target` must already be checked (see {@link systemOpener}).
 */
export function openerCommand(target: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [target]];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', target]];
  return ['xdg-open', [target]];
}

/**
 * The target as handed to the opener: an https: URL normalized by {@link normalizeExternalUrl}, or an absolute file
 * path. Throws an Error naming the problem for anything else (other schemes, relative paths, a leading `-` that an
 * opener would read as an option, control characters).
 */
export function checkOpenTarget(target: string): string {
  const href = normalizeExternalUrl(target);
  if (href) return href;
  if (path.isAbsolute(target) && ![...target].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')) return target;
  throw new Error(
    `Refused to open ${JSON.stringify(target.slice(0, 200))}: only https:// addresses (with a host, no user name or ` +
      'password, no spaces) and absolute file paths are opened outside the app.',
  );
}

/**
 * Opens an https: URL in the default browser or an absolute file with its default program, spawned detached with
 * stdio ignored so it outlives the call. Rejects when the target is refused by {@link checkOpenTarget} or the opener
 * cannot be started (e.g. xdg-open missing), with the target to open by hand.
 */
export function systemOpener(target: string): Promise<void> {
  let checked: string;
  try {
    checked = checkOpenTarget(target);
  } catch (error) {
    return Promise.reject(error);
  }
  const [command, args] = openerCommand(checked);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', shell: false });
    child.once('error', (error) =>
      reject(new Error(`Could not start ${command} to open ${checked}: ${error.message}. Open it by hand.`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
