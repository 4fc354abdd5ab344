// Tests for the web-mode WebSocket transport against a real `ws` server on 127.0.0.1 speaking the wire frames (wsClient.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { ConnectionState } from '../../../../renderer/transport/types';
import { createWsTransport, type SocketLike, type WsTransport } from '../../../../renderer/transport/wsClient';

type Handler = (msg: { id: string; channel: string; params: unknown }, reply: (result: unknown) => void) => void;

interface Bridge {
  port: number;
  /** Every non-request frame received (subscribe, unsubscribe, cancel), in order. */
  frames: unknown[];
  /** The channels of the requests received, in order. */
  requests: string[];
  wss: WebSocketServer;
  http: Server;
  broadcast(frame: unknown): void;
  stop(): Promise<void>;
}

async function startBridge(handler: Handler, port = 0): Promise<Bridge> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/ws' });
  const frames: unknown[] = [];
  const requests: string[] = [];
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id: string; channel: string; params: unknown };
      if (msg.type !== 'request') return void frames.push(msg);
      requests.push(msg.channel);
      handler(msg, (result) => socket.send(JSON.stringify({ type: 'reply', id: msg.id, result })));
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    frames,
    requests,
    wss,
    http,
    broadcast(frame) {
      for (const c of wss.clients) c.send(JSON.stringify(frame));
    },
    async stop() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const echoStatus: Handler = (msg, reply) => {
  if (msg.channel === 'chat/interrupt') reply({ ok: true, value: { interrupted: true } });
  else reply({ ok: false, error: { code: 'not_found', message: `no ${msg.channel}` } });
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function client(port: number, warnings: string[] = [], requestTimeoutMs?: number): WsTransport {
  const t = createWsTransport({
    url: `ws://127.0.0.1:${port}/ws`,
    // Cast: Node's ws WebSocket implements the browser subset SocketLike names; its event types differ.
    connect: (url) => new WebSocket(url) as unknown as SocketLike,
    backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
    requestTimeoutMs,
    warn: (m) => warnings.push(m),
  });
  cleanups.push(() => t.close());
  return t;
}

describe('createWsTransport', () => {
  it('sends requests queued before the socket opens and matches replies by id', async () => {
    const bridge = await startBridge(echoStatus);
    cleanups.push(() => bridge.stop());
    const t = client(bridge.port);
    expect(t.connectionState()).toBe('connecting');
    const [a, b] = await Promise.all([t.invoke('chat/interrupt', { sessionId: 's1' }), t.invoke('session/list', {})]);
    expect(a).toEqual({ ok: true, value: { interrupted: true } });
    expect(b).toEqual({ ok: false, error: { code: 'not_found', message: 'no session/list' } });
    expect(t.connectionState()).toBe('connected');
  });

  it('validates events: delivers valid payloads, drops invalid ones with a warning', async () => {
    const bridge = await startBridge(echoStatus);
    cleanups.push(() => bridge.stop());
    const warnings: string[] = [];
    const t = client(bridge.port, warnings);
    const got: unknown[] = [];
    t.on('approval/resolved', (p) => got.push(p));
    await waitFor(() => t.connectionState() === 'connected');
    bridge.broadcast({ type: 'event', event: 'approval/resolved', payload: { callId: 1 } });
    bridge.broadcast({ type: 'event', event: 'unknown/thing', payload: {} });
    bridge.broadcast({ type: 'event', event: 'approval/resolved', payload: { callId: 'c', sessionId: 's' } });
    await waitFor(() => got.length === 1);
    expect(got).toEqual([{ callId: 'c', sessionId: 's' }]);
    expect(warnings.filter((w) => w.includes('dropped'))).toHaveLength(2);
  });

  it('reconnects by itself after the server restarts and re-sends its subscriptions first', async () => {
    let bridge = await startBridge((msg, reply) => {
      if (msg.channel !== 'chat/retry') reply({ ok: true, value: { interrupted: true } });
    });
    const port = bridge.port;
    const t = client(port);
    const states: ConnectionState[] = [];
    t.onConnectionChange((s) => states.push(s));
    const got: unknown[] = [];
    t.on('approval/resolved', (p) => got.push(p));
    t.setSessions(['s1']);
    await waitFor(() => t.connectionState() === 'connected');
    await waitFor(() => bridge.frames.length === 1);
    expect(bridge.frames).toEqual([{ type: 'subscribe', channels: ['approval/resolved'], sessions: ['s1'] }]);

    const inFlight = t.invoke('chat/retry', { sessionId: 's1' });
    await waitFor(() => bridge.requests.includes('chat/retry'));
    await bridge.stop();
    const dropped = await inFlight;
    expect(dropped.ok).toBe(false);
    expect(!dropped.ok && dropped.error.code).toBe('unavailable');
    expect(t.connectionState()).not.toBe('connected');

    t.setSessions(['s2']);
    bridge = await startBridge(echoStatus, port);
    cleanups.push(() => bridge.stop());
    await waitFor(() => t.connectionState() === 'connected');
    expect(states).toContain('disconnected');
    expect(states[states.length - 1]).toBe('connected');
    await waitFor(() => bridge.frames.length === 1);
    expect(bridge.frames).toEqual([{ type: 'subscribe', channels: ['approval/resolved'], sessions: ['s2'] }]);
    bridge.broadcast({ type: 'event', event: 'approval/resolved', payload: { callId: 'after', sessionId: 's' } });
    await waitFor(() => got.length === 1);
    expect(await t.invoke('chat/interrupt', { sessionId: 's1' })).toEqual({ ok: true, value: { interrupted: true } });
  });

  it('resolves a request without a reply as unavailable after the timeout', async () => {
    const bridge = await startBridge(() => undefined);
    cleanups.push(() => bridge.stop());
    const t = client(bridge.port, [], 150);
    const r = await t.invoke('session/list', {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain('session/list');
    await waitFor(() => bridge.frames.length === 1);
    expect(bridge.frames).toEqual([{ type: 'cancel', id: expect.anything() }]);
  });

  it('close() settles pending requests and stops reconnecting', async () => {
    const bridge = await startBridge(() => undefined);
    cleanups.push(() => bridge.stop());
    let connects = 0;
    const t = createWsTransport({
      url: `ws://127.0.0.1:${bridge.port}/ws`,
      // Cast: Node's ws WebSocket implements the browser subset SocketLike names; its event types differ.
      connect: (url) => (connects++, new WebSocket(url) as unknown as SocketLike),
      backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
    });
    await waitFor(() => t.connectionState() === 'connected');
    const pending = t.invoke('session/list', {});
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      t.close();
      expect((await pending).ok).toBe(false);
      expect(t.connectionState()).toBe('disconnected');
      // Any reconnect the client had scheduled would fire within these 10 s of fake time.
      vi.advanceTimersByTime(10_000);
    } finally {
      vi.useRealTimers();
    }
    expect(connects).toBe(1);
    await waitFor(() => bridge.wss.clients.size === 0);
  });
});
