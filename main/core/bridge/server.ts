// The loopback bridge: HTTP (built renderer + ticket exchange) and WebSocket (the RPC core) on 127.0.0.1.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerFrame } from '../../../preload/contract/wire';
import type { Logger } from '../../../plugins/sdk/types';
import { isHostChannel, type ChannelHandlers, type Handlers } from '../api/dispatch';
import type { EventSource } from '../rpc/server';
import { wsPort } from '../rpc/ports';
import { serveRpc } from '../rpc/server';
import { atomicWriteJson } from '../util/atomicWrite';
import { registerSecret } from '../util/log';
import { checkOrigin, checkRequest, repeatedHeaders, sessionCookieName, type Credential } from './guard';
import { listenStable } from './listen';
import { removeLoginPage, removeStaleLoginPages, writeLoginPage } from './loginPage';
import { serveStatic } from './static';
import { loadCookieKey, TicketBook, TICKET_TTL_MS } from './tickets';

/** Contents of `<home>/runtime/bridge.json` (mode 0600): how a second host reaches this runtime. */
export interface BridgeInfo {
  port: number;
  pid: number;
  token: string;
  startedAt: string;
}

/**
 * Options for {@link startBridge}. `port`: 0 picks any free one, a number that one; absent, the home's remembered
 * port (listen.ts). `staticDir` holds the built renderer (index.html).
 */
export interface BridgeOptions {
  home: string;
  handlers: Handlers;
  bus: EventSource;
  port?: number;
  staticDir?: string;
  log: Logger;
}

/** A fresh login link: `url` carries a single-use ticket valid until `expiresAt` (ISO 8601). */
export interface LoginLink {
  url: string;
  expiresAt: string;
}

/** A running bridge. */
export interface Bridge {
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:4123`. */
  url: string;
  /** The browser session cookie's name (per home, guard.ts). */
  cookieName: string;
  /** A URL with a fresh single-use ticket that logs a browser in. */
  loginUrl(): string;
  /**
   * Writes a 0600 HTML page in `<home>/runtime/` that forwards to a fresh login URL and resolves to its path, so a
   * browser can be opened without the ticket in any argv. The page is deleted when its ticket is used or expires.
   */
  loginPage(): Promise<{ path: string; expiresAt: string }>;
  close(): Promise<void>;
}

/** Path of the bridge info file in a runtime directory. */
export function bridgeInfoPath(home: string): string {
  return path.join(home, 'runtime', 'bridge.json');
}

/** The one script of {@link SIGNED_IN_PAGE}: opens the app, keeping the link's `#/chat/<id>` (and leaving no history entry). */
const SIGNED_IN_SCRIPT = "location.replace('/' + location.hash)";

/** What a browser gets for a good ticket (with its session cookie): a page that opens the app at `/`. */
const SIGNED_IN_PAGE = [
  '<!doctype html>',
  '<meta charset="utf-8">',
  '<title>Deskpilot</title>',
  `<script>${SIGNED_IN_SCRIPT}</script>`,
  '<noscript><meta http-equiv="refresh" content="0;url=/"></noscript>',
  '<p>Signed in. <a href="/">Open Deskpilot</a>.</p>',
  '',
].join('\n');

/** The CSP of {@link SIGNED_IN_PAGE}: nothing but its own script (by hash). */
const SIGNED_IN_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(SIGNED_IN_SCRIPT).digest('base64')}'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;

/** Why a browser session may not call a host channel. */
const TOKEN_ONLY =
  'Login links are given only to local programs holding the bridge token (e.g. `deskpilot open`), never to a browser.';

/**
 * Starts the bridge on 127.0.0.1 and writes `runtime/bridge.json` (0600). Every HTTP request and WS upgrade passes
 * the guard (guard.ts): a repeated Host/Origin/Authorization header -> 400, foreign Host/Origin -> 403, no valid token
 * or session cookie -> 401. Each WebSocket is one RPC connection (rpc/server.ts, frames in preload/contract/wire.ts);
 * a frame that is not valid gets an error reply, a protocol error (oversized or malformed frame) closes that socket
 * only. The bridge answers the host channels `bridge/loginUrl` and `bridge/loginPage` itself, for token clients only.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { home, log } = options;
  const token = randomBytes(32).toString('hex');
  registerSecret(token);
  const tickets = new TicketBook(await loadCookieKey(home));
  const cookieName = sessionCookieName(home);
  await removeStaleLoginPages(home);
  let port = 0;
  const guardConfig = () => ({ port, token, cookieName, isValidSession: (v: string) => tickets.isValidSession(v) });
  /** Login pages not yet used, by ticket, with their expiry timers. */
  const pages = new Map<string, { file: string; timer: ReturnType<typeof setTimeout> }>();

  const issueLink = (): LoginLink & { ticket: string } => {
    const ticket = tickets.issue();
    return {
      ticket,
      url: `http://127.0.0.1:${port}/?ticket=${ticket}`,
      expiresAt: new Date(Date.now() + TICKET_TTL_MS).toISOString(),
    };
  };
  const dropPage = async (ticket: string) => {
    const page = pages.get(ticket);
    if (!page) return;
    pages.delete(ticket);
    clearTimeout(page.timer);
    await removeLoginPage(page.file).catch((error: Error) =>
      log.warn('could not delete a login page', { file: page.file, error: error.message }),
    );
  };
  const loginPage = async () => {
    const link = issueLink();
    const file = await writeLoginPage(home, link.url);
    const timer = setTimeout(() => void dropPage(link.ticket), TICKET_TTL_MS);
    timer.unref();
    pages.set(link.ticket, { file, timer });
    return { path: file, expiresAt: link.expiresAt };
  };

  const handlers: ChannelHandlers = {
    ...options.handlers,
    'bridge/loginUrl': async () => {
      const { url, expiresAt } = issueLink();
      return { url, expiresAt };
    },
    'bridge/loginPage': loginPage,
  };

  const server = createServer((req, res) => void handleHttp(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  const guardInput = (req: IncomingMessage) => ({
    repeated: repeatedHeaders(req.rawHeaders),
    host: req.headers.host,
    origin: req.headers.origin,
    authorization: req.headers.authorization,
    cookie: req.headers.cookie,
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket');
    if (ticket !== null && req.method === 'GET') {
      const origin = checkOrigin(guardInput(req), port);
      if (!origin.ok) return deny(res, origin.status, origin.reason);
      const session = tickets.exchange(ticket);
      await dropPage(ticket);
      if (!session)
        return deny(
          res,
          401,
          'This link has expired or was already used. Run `deskpilot open` for a new one (`deskpilot open --open` opens it).',
        );
      // A page that moves on by itself, not a 302: when the ticket link was opened from a file (the login page),
      // a redirect would still count as cross-site and the browser would not send the SameSite=Strict cookie to `/`.
      res.writeHead(200, {
        'Set-Cookie': `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': SIGNED_IN_CSP,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(SIGNED_IN_PAGE);
      return;
    }
    const verdict = checkRequest(guardInput(req), guardConfig());
    if (!verdict.ok)
      return deny(
        res,
        verdict.status,
        verdict.status === 401 ? 'Not signed in: run `deskpilot open` for a login link.' : verdict.reason,
      );
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
    if (!options.staticDir) return deny(res, 404, 'This runtime serves no UI.');
    await serveStatic(options.staticDir, url.pathname, req, res);
  }

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) => log.debug('an upgrading socket failed', { error: error.message }));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(guardInput(req), guardConfig());
    if (url.pathname !== '/ws' || !verdict.ok) {
      const status = url.pathname !== '/ws' || verdict.ok ? 404 : verdict.status;
      const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const credential = verdict.credential;
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, credential));
  });

  function accept(ws: WebSocket, credential: Credential): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    const port = wsPort<ServerFrame>(ws, (error) =>
      log.warn('closed a bridge connection after a protocol error', { error: error.message }),
    );
    serveRpc(port, handlers, options.bus, {
      log,
      authorize: (channel) => (credential !== 'token' && isHostChannel(channel) ? TOKEN_ONLY : null),
    });
  }

  server.on('clientError', (error, socket) => {
    log.debug('refused a malformed HTTP request', { error: error.message });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  port = await listenStable(server, home, options.port, log);
  const info: BridgeInfo = { port, pid: process.pid, token, startedAt: new Date().toISOString() };
  await atomicWriteJson(bridgeInfoPath(home), info, { mode: 0o600 });
  log.info('bridge listening', { port });

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cookieName,
    loginUrl: () => issueLink().url,
    loginPage,
    async close() {
      await Promise.all([...pages.keys()].map(dropPage));
      for (const ws of sockets) ws.close(1001, 'runtime stopping');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(bridgeInfoPath(home), { force: true });
    },
  };
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(`${message}\n`);
}
