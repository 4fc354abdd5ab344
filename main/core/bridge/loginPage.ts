// Login pages: 0600 HTML files in <home>/runtime/ that forward a browser to a ticket URL, so no ticket is ever in argv.
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../util/atomicWrite';

const PREFIX = 'login-';

/** Escapes `text` for an HTML attribute value or text node. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page: a meta refresh to `url` (no script needed), with the link as a fallback. `no-referrer` keeps the file's
 * path out of the request.
 */
export function loginPageHtml(url: string): string {
  const href = escapeHtml(url);
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>Opening Deskpilot…</title>',
    `<p>Opening Deskpilot… If nothing happens, <a href="${href}">open it here</a>.</p>`,
    '',
  ].join('\n');
}

/**
 * Writes a login page for `url` to `<home>/runtime/login-<random>.html` with mode 0600 (only this user can read the
 * ticket) and resolves to its absolute path. The caller deletes it with {@link removeLoginPage} once used.
 */
export async function writeLoginPage(home: string, url: string): Promise<string> {
  const file = path.join(home, 'runtime', `${PREFIX}${randomBytes(12).toString('hex')}.html`);
  await atomicWrite(file, loginPageHtml(url), { mode: 0o600 });
  return file;
}

/** Deletes a login page (nothing when it is already gone). */
export async function removeLoginPage(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Deletes login pages a previous run left behind (their tickets died with it). */
export async function removeStaleLoginPages(home: string): Promise<void> {
  const dir = path.join(home, 'runtime');
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(PREFIX) && n.endsWith('.html')).map((n) => rm(path.join(dir, n), { force: true })),
  );
}
