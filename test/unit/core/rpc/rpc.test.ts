// The RPC core over an in-memory port pair: frames checked, requests, cancellation, subscriptions (rpc/server.ts, rpcClient.ts).
import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../../preload/contract/channels';
import { createRpcClient } from '../../../../preload/contract/rpcClient';
import type { ClientFrame, ServerFrame } from '../../../../preload/contract/wire';
import { EventBus } from '../../../../main/core/agent/events';
import type { ChannelHandlers } from '../../../../main/core/api/dispatch';
import { memoryPorts } from '../../../../main/core/rpc/ports';
import { serveRpc, Undecodable } from '../../../../main/core/rpc/server';

const status: RuntimeStatus = {
  version: '1',
  provider: 'openai',
  model: 'm',
  modelConfigured: true,
  pendingApprovals: 0,
  runningSessions: [],
  autonomousPaused: false,
  nextWakeup: null,
  waitingRuns: 0,
};

const delta = (sessionId: string, text = 'x') =>
  ({ type: 'text_delta', sessionId, turnId: 't1', delta: text }) as const;

/** A handler table with the few channels these tests call; dispatch looks handlers up by name. */
function handlers(signals: AbortSignal[] = [], release?: Promise<void>): ChannelHandlers {
  // Cast: a handler table with only the channels these tests call.
  return {
    'runtime/status': async () => status,
    'chat/interrupt': async (_params: unknown, signal?: AbortSignal) => {
      if (signal) signals.push(signal);
      await release;
      return { interrupted: true };
    },
  } as unknown as ChannelHandlers;
}

/** A served connection and the raw client end of its port (frames sent by hand, replies collected). */
function raw(table = handlers(), options: Parameters<typeof serveRpc>[3] = {}) {
  const bus = new EventBus();
  const [client, server] = memoryPorts<ClientFrame, ServerFrame>();
  const received: ServerFrame[] = [];
  client.onMessage((m) => received.push(m as ServerFrame));
  const connection = serveRpc(server, table, bus, options);
  const send = (frame: unknown) => client.send(frame as ClientFrame);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { bus, client, server, received, connection, send, settle };
}

describe('serveRpc', () => {
  it('answers a request by id, and any frame that is not valid with an error reply, then keeps serving', async () => {
    const s = raw();
    for (const bad of [null, 42, 'text', [], {}, { type: 'request', id: {}, channel: 'x' }, { type: 'nope', id: 7 }])
      s.send(bad);
    s.server.onMessage(() => undefined);
    s.send(new Undecodable('not JSON'));
    s.send({ type: 'request', id: 'a', channel: 'runtime/status', params: {} });
    await expect.poll(() => s.received.length).toBe(9);
    const replies = s.received as Extract<ServerFrame, { type: 'reply' }>[];
    expect(replies.slice(0, 8).every((r) => !r.result.ok && r.result.error.code === 'invalid_params')).toBe(true);
    expect(replies[6]!.id).toBe(7);
    expect(replies[7]!.result).toMatchObject({ ok: false, error: { message: expect.stringContaining('not JSON') } });
    expect(replies[8]).toEqual({ type: 'reply', id: 'a', result: { ok: true, value: status } });
  });

  it('unknown channels, bad params, refused channels and a reused id are error replies', async () => {
    const s = raw(handlers([], new Promise(() => undefined)), {
      authorize: (channel) => (channel === 'bridge/loginUrl' ? 'not for you' : null),
    });
    s.send({ type: 'request', id: 1, channel: 'fs/read', params: {} });
    s.send({ type: 'request', id: 2, channel: 'runtime/status', params: { extra: 1 } });
    s.send({ type: 'request', id: 3, channel: 'bridge/loginUrl', params: {} });
    s.send({ type: 'request', id: 4, channel: 'chat/interrupt', params: { sessionId: 's' } });
    s.send({ type: 'request', id: 4, channel: 'chat/interrupt', params: { sessionId: 's' } });
    await expect.poll(() => s.received.length).toBe(4);
    const codes = Object.fromEntries(
      (s.received as Extract<ServerFrame, { type: 'reply' }>[]).map((r) => [r.id, !r.result.ok && r.result.error.code]),
    );
    expect(codes).toEqual({ 1: 'not_found', 2: 'invalid_params', 3: 'forbidden', 4: 'conflict' });
  });

  it('a cancel frame aborts the handler signal and the reply is cancelled; a disconnect aborts without a reply', async () => {
    const signals: AbortSignal[] = [];
    let release = () => {};
    const s = raw(handlers(signals, new Promise<void>((r) => (release = r))));
    s.send({ type: 'request', id: 1, channel: 'chat/interrupt', params: { sessionId: 's' } });
    await expect.poll(() => signals.length).toBe(1);
    s.send({ type: 'cancel', id: 1 });
    await expect.poll(() => signals[0]!.aborted).toBe(true);
    release();
    await expect.poll(() => s.received.length).toBe(1);
    expect(s.received[0]).toMatchObject({ type: 'reply', id: 1, result: { ok: false, error: { code: 'cancelled' } } });

    const stuck: AbortSignal[] = [];
    const d = raw(handlers(stuck, new Promise(() => undefined)));
    d.send({ type: 'request', id: 2, channel: 'chat/interrupt', params: { sessionId: 's' } });
    await expect.poll(() => stuck.length).toBe(1);
    d.client.close();
    await expect.poll(() => stuck[0]!.aborted).toBe(true);
    await d.settle();
    expect(d.received).toEqual([]);
  });

  it('delivers only subscribed channels, and agent events only of subscribed sessions', async () => {
    const s = raw();
    s.bus.emit('agent/event', delta('s1'));
    s.send({ type: 'subscribe', channels: ['agent/event', 'context/updated'], sessions: ['s1'] });
    await s.settle();
    s.bus.emit('agent/event', delta('s1', 'one'));
    s.bus.emit('agent/event', delta('s2', 'two'));
    s.bus.emit('context/updated', { providerId: 'clock' });
    s.bus.emit('session/updated', { sessionId: 's2', summary: null });
    s.send({ type: 'subscribe', sessions: '*' });
    await s.settle();
    s.bus.emit('agent/event', delta('s2', 'three'));
    s.send({ type: 'unsubscribe', sessions: '*', channels: ['context/updated'] });
    await s.settle();
    s.bus.emit('agent/event', delta('s1', 'four'));
    s.bus.emit('context/updated', { providerId: 'clock' });
    expect(s.connection.emit('shell/shortcutFailed', { accelerator: 'F1', message: 'x' })).toBe(false);
    await s.settle();
    expect(
      s.received.map((f) => (f.type === 'event' ? [f.event, (f.payload as { delta?: string }).delta] : f)),
    ).toEqual([
      ['agent/event', 'one'],
      ['context/updated', undefined],
      ['agent/event', 'three'],
    ]);
  });
});

describe('createRpcClient', () => {
  function pair(table = handlers()) {
    const bus = new EventBus();
    const [clientPort, serverPort] = memoryPorts<ClientFrame, ServerFrame>();
    const sent: ClientFrame[] = [];
    const spied = { ...clientPort, send: (f: ClientFrame) => (sent.push(f), clientPort.send(f)) };
    serveRpc(serverPort, table, bus);
    const warnings: string[] = [];
    const client = createRpcClient(spied, { warn: (m) => warnings.push(m) });
    return { bus, client, sent, warnings, serverPort };
  }

  it('requests resolve to Results; listeners subscribe their channel once and validate payloads', async () => {
    const p = pair();
    expect(await p.client.request('runtime/status', {})).toEqual({ ok: true, value: status });
    const got: unknown[] = [];
    const off1 = p.client.on('approval/resolved', (e) => got.push(e));
    const off2 = p.client.on('approval/resolved', (e) => got.push(e));
    await p.client.request('runtime/status', {});
    p.bus.emit('approval/resolved', { callId: 'c', sessionId: 's' });
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    p.bus.emit('approval/resolved', { callId: 1 } as never);
    await expect.poll(() => p.warnings.length).toBe(1);
    expect(got).toEqual([
      { callId: 'c', sessionId: 's' },
      { callId: 'c', sessionId: 's' },
    ]);
    off1();
    off1();
    off2();
    expect(p.sent.filter((f) => f.type !== 'request')).toEqual([
      { type: 'subscribe', channels: ['approval/resolved'] },
      { type: 'unsubscribe', channels: ['approval/resolved'] },
    ]);
  });

  it('setSessions sends only the difference, and "*" replaces the list', () => {
    const p = pair();
    p.client.setSessions(['a', 'b']);
    p.client.setSessions(['b', 'c']);
    p.client.setSessions('*');
    p.client.setSessions('*');
    p.client.setSessions([]);
    expect(p.sent).toEqual([
      { type: 'subscribe', sessions: ['a', 'b'] },
      { type: 'unsubscribe', sessions: ['a'] },
      { type: 'subscribe', sessions: ['c'] },
      { type: 'unsubscribe', sessions: '*' },
      { type: 'subscribe', sessions: '*' },
      { type: 'unsubscribe', sessions: '*' },
    ]);
  });

  it('an aborted signal resolves cancelled at once and cancels on the server; a closed link fails requests', async () => {
    const signals: AbortSignal[] = [];
    const p = pair(handlers(signals, new Promise(() => undefined)));
    const controller = new AbortController();
    const pending = p.client.request('chat/interrupt', { sessionId: 's' }, { signal: controller.signal });
    await expect.poll(() => signals.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await expect.poll(() => signals[0]!.aborted).toBe(true);
    expect(await p.client.request('runtime/status', {}, { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });

    const stuck = p.client.request('chat/interrupt', { sessionId: 's' });
    const late = p.client.request('chat/interrupt', { sessionId: 's' }, { timeoutMs: 20 });
    expect(await late).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('within') },
    });
    p.serverPort.close();
    expect(await stuck).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await p.client.request('runtime/status', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
