// Answers app:// requests from the built renderer folder: URL -> file mapping with containment, content types, strict CSP.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CSP, containedPath, contentTypeOf } from '../core/bridge/static';
import { APP_ORIGIN, parseAppUrl } from './appOrigin';

/** Where an app:// URL points: a file inside the root (`spaFallback` = serve index.html if it is missing), or why not. */
export type AppPathResolution =
  { ok: true; file: string; spaFallback: boolean } | { ok: false; status: 400 | 404; reason: string };

/** Percent-encoded `/`, `\` or NUL: never needed by the built renderer, refused rather than interpreted. */
const encodedSeparator = /%(2f|5c|00)/i;

/**
 * Maps an app:// request URL to a file inside `root` (the built renderer folder, absolute). Refuses (400) encoded
 * separators or NUL, `..` that would leave `root` and anything `containedPath` (core/bridge/static.ts) rejects;
 * refuses (404) URLs that are not on `app://deskpilot` (another host, a port, credentials, another scheme or
 * malformed). `/` maps to index.html; a path without an extension may fall back to index.html (client routes).
 * Pure: touches no file.
 */
export function resolveAppPath(root: string, url: string): AppPathResolution {
  const parsed = parseAppUrl(url);
  if (!parsed) return { ok: false, status: 404, reason: `not an ${APP_ORIGIN} URL` };
  const rawPath = parsed.pathname || '/';
  if (encodedSeparator.test(rawPath)) return { ok: false, status: 400, reason: 'encoded separator or NUL in the path' };
  const file = containedPath(root, rawPath);
  if (!file) return { ok: false, status: 400, reason: 'the path leaves the renderer folder' };
  return { ok: true, file, spaFallback: path.extname(rawPath) === '' };
}

/** The headers sent with every file: content type, the strict CSP of DESIGN.md §9, no sniffing, no referrer. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': path.basename(file) === 'index.html' ? 'no-store' : 'max-age=3600',
  };
}

async function isFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ?? false;
}

/** True when the real path of `file` (symlinks resolved) is still inside the real path of `root`. */
async function reallyInside(root: string, file: string): Promise<boolean> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  return realFile.startsWith(realRoot + path.sep);
}

function textResponse(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/**
 * Serves one app:// request from `root` (absolute path of out/renderer): GET and HEAD only (405 otherwise), mapping
 * by {@link resolveAppPath}, symlinks that leave `root` refused (400), 404 when missing (with a hint to build the UI
 * when index.html itself is missing). Never throws: read errors become a 500 naming the file.
 */
export async function serveAppRequest(root: string, request: { url: string; method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return textResponse(405, `Method ${request.method} is not allowed on app://.`);
  const resolved = resolveAppPath(root, request.url);
  if (!resolved.ok) return textResponse(resolved.status, `Refused ${request.url}: ${resolved.reason}.`);
  let file = resolved.file;
  if (!(await isFile(file)) && resolved.spaFallback) file = path.join(root, 'index.html');
  if (!(await isFile(file))) {
    return path.basename(file) === 'index.html'
      ? textResponse(
          404,
          `The Deskpilot UI is not built (${file} is missing). Run \`npx electron-vite build\` and start the app again.`,
        )
      : textResponse(404, `Not found: ${request.url}`);
  }
  try {
    if (!(await reallyInside(root, file)))
      return textResponse(400, `Refused ${request.url}: it links outside the renderer folder.`);
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: appResponseHeaders(file) });
  } catch (error) {
    return textResponse(
      500,
      `Could not read ${file}: ${(error as Error).message}. Rebuild the UI with \`npx electron-vite build\`.`,
    );
  }
}
