// The loopback bridge: HTTP (built renderer + ticket exchange) and WebSocket (the contract) on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel } from '../../../preload/contract/channels';
import type { Logger } from '../../../plugins/sdk/types';
import type { EventBus } from '../agent/events';
import { dispatch, type Handlers } from '../api/dispatch';
import { atomicWriteJson } from '../util/atomicWrite';
import { registerSecret } from '../util/log';
import { checkOrigin, checkRequest, SESSION_COOKIE } from './guard';
import { serveStatic } from './static';
import { loadCookieKey, TicketBook } from './tickets';

/** Contents of `<home>/runtime/bridge.json` (mode 0600): how a second host reaches this runtime. */
export interface BridgeInfo {
  port: number;
  pid: number;
  token: string;
  startedAt: string;
}

/** Options for {@link startBridge}. `port` 0 picks a free one. `staticDir` holds the built renderer (index.html). */
export interface BridgeOptions {
  home: string;
  handlers: Handlers;
  bus: EventBus;
  port?: number;
  staticDir?: string;
  log: Logger;
}

/** A running bridge. */
export interface Bridge {
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:4123`. */
  url: string;
  /** A URL with a fresh single-use ticket that logs a browser in. */
  loginUrl(): string;
  close(): Promise<void>;
}

/** Path of the bridge info file in a runtime directory. */
export function bridgeInfoPath(home: string): string {
  return path.join(home, 'runtime', 'bridge.json');
}

/**
 * Starts the bridge on 127.0.0.1 and writes `runtime/bridge.json` (0600). Every HTTP request and WS upgrade
 * passes the guard (guard.ts): foreign Host/Origin -> 403, no valid token or session cookie -> 401.
 * WS protocol: client `{id, channel, params}` -> server `{id, result}`; server events `{event, payload}`.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('hex');
  registerSecret(token);
  const tickets = new TicketBook(await loadCookieKey(options.home));
  let port = 0;
  const guardConfig = () => ({ port, token, isValidSession: (v: string) => tickets.isValidSession(v) });

  const server = createServer((req, res) => void handleHttp(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket');
    if (ticket !== null && req.method === 'GET') {
      const origin = checkOrigin({ host: req.headers.host, origin: req.headers.origin }, port);
      if (!origin.ok) return deny(res, origin.status, origin.reason);
      const session = tickets.exchange(ticket);
      if (!session)
        return deny(
          res,
          401,
          'This link has expired or was already used. Run `deskpilot serve` again, or ask it for a new link.',
        );
      res.writeHead(302, {
        'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const verdict = checkRequest(
      {
        host: req.headers.host,
        origin: req.headers.origin,
        authorization: req.headers.authorization,
        cookie: req.headers.cookie,
      },
      guardConfig(),
    );
    if (!verdict.ok)
      return deny(
        res,
        verdict.status,
        verdict.status === 401 ? 'Not signed in: open the link that `deskpilot serve` printed.' : verdict.reason,
      );
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
    if (!options.staticDir) return deny(res, 404, 'This runtime serves no UI.');
    await serveStatic(options.staticDir, url.pathname, req, res);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(
      {
        host: req.headers.host,
        origin: req.headers.origin,
        authorization: req.headers.authorization,
        cookie: req.headers.cookie,
      },
      guardConfig(),
    );
    if (url.pathname !== '/ws' || !verdict.ok) {
      const status = url.pathname !== '/ws' ? 404 : verdict.ok ? 404 : verdict.status;
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => void onMessage(ws, data.toString()));
  });

  async function onMessage(ws: WebSocket, text: string): Promise<void> {
    let message: { id?: unknown; channel?: unknown; params?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      ws.send(
        JSON.stringify({
          id: null,
          result: { ok: false, error: { code: 'invalid_params', message: 'The message is not valid JSON.' } },
        }),
      );
      return;
    }
    if (typeof message.channel !== 'string' || (typeof message.id !== 'string' && typeof message.id !== 'number')) {
      ws.send(
        JSON.stringify({
          id: message.id ?? null,
          result: { ok: false, error: { code: 'invalid_params', message: 'Expected {id, channel, params}.' } },
        }),
      );
      return;
    }
    const result = await dispatch(options.handlers, message.channel, message.params);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }));
  }

  const offBus = options.bus.onAny((event: EventChannel, payload: unknown) => {
    const frame = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const info: BridgeInfo = { port, pid: process.pid, token, startedAt: new Date().toISOString() };
  await atomicWriteJson(bridgeInfoPath(options.home), info, { mode: 0o600 });
  options.log.info('bridge listening', { port });

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    loginUrl: () => `http://127.0.0.1:${port}/?ticket=${tickets.issue()}`,
    async close() {
      offBus();
      for (const ws of sockets) ws.close(1001, 'runtime stopping');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(bridgeInfoPath(options.home), { force: true });
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
