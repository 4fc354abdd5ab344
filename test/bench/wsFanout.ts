// Benchmark: WebSocket fan-out through the real bridge: 5 clients, 3 sessions streaming 200 deltas/s each; what one
// client receives when it subscribes to its own session, against a client that subscribes to everything (the floor:
// every socket got every event before subscriptions existed).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { EventChannel } from '../../preload/contract/channels';
import type { ClientFrame } from '../../preload/contract/wire';
import { EventBus } from '../../main/core/agent/events';
import type { Handlers } from '../../main/core/api/dispatch';
import { readBridgeInfo } from '../../main/core/bridge/client';
import { startBridge } from '../../main/core/bridge/server';
import { createLogger } from '../../main/core/util/log';
import type { BenchRecord } from './types';

const CLIENTS = 5;
const SESSIONS = ['ses_alpha', 'ses_bravo', 'ses_charlie'];
const DELTAS_PER_SECOND = 200;
const SECONDS = 3;
/** Emission tick; each tick sends `DELTAS_PER_SECOND * TICK_MS / 1000` deltas per session. */
const TICK_MS = 50;
/** The global channels the web UI subscribes to besides its session's agent events (renderer/stores/sync.ts). */
const UI_CHANNELS: EventChannel[] = [
  'approval/requested',
  'approval/resolved',
  'context/updated',
  'session/updated',
  'runtime/statusChanged',
];

/** What one client received. */
interface Tally {
  messages: number;
  bytes: number;
  /** Agent events of sessions the client did not subscribe to. */
  foreign: number;
}

/** A connected bench client: its tally (replies to its own pings excluded), a ping and a close. */
interface BenchClient {
  tally: Tally;
  /** Resolves when a request sent now is answered: every event sent to this socket before it has arrived. */
  ping(): Promise<void>;
  close(): void;
}

/** Connects a token client, sends `subscribe`, and counts every event message and byte it receives from then on. */
async function connect(port: number, token: string, subscribe: ClientFrame, own: string | '*'): Promise<BenchClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  const tally: Tally = { messages: 0, bytes: 0, foreign: 0 };
  const waiting = new Map<string, () => void>();
  let pings = 0;
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as {
      type: string;
      id?: string;
      event?: string;
      payload?: { sessionId?: string };
    };
    if (frame.type === 'reply') return void waiting.get(String(frame.id))?.();
    tally.messages++;
    tally.bytes += data.length;
    if (own !== '*' && frame.event === 'agent/event' && frame.payload?.sessionId !== own) tally.foreign++;
  });
  const ping = () =>
    new Promise<void>((resolve) => {
      const id = `ping${pings++}`;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ type: 'request', id, channel: 'runtime/status', params: {} }));
    });
  ws.send(JSON.stringify(subscribe));
  await ping(); // frames are handled in order: the subscription is in place
  return { tally, ping, close: () => ws.close() };
}

/** Streams `SECONDS` of text deltas for every session on `bus`, plus a status change each second. */
async function stream(bus: EventBus): Promise<void> {
  const perTick = (DELTAS_PER_SECOND * TICK_MS) / 1000;
  const ticks = (SECONDS * 1000) / TICK_MS;
  for (let t = 0; t < ticks; t++) {
    for (const sessionId of SESSIONS)
      for (let k = 0; k < perTick; k++)
        bus.emit('agent/event', { type: 'text_delta', sessionId, turnId: `turn_${sessionId}`, delta: ` word${k}` });
    if (t % (1000 / TICK_MS) === 0) bus.emit('context/updated', { providerId: 'clock' });
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

/** Runs the bench: one bridge, 5 session-subscribed clients and 1 subscribe-everything client in the same run. */
export async function run(): Promise<BenchRecord[]> {
  const home = await mkdtemp(join(tmpdir(), 'deskpilot-bench-'));
  await writeFile(join(home, 'settings.json'), '{}');
  const bus = new EventBus();
  const status = { version: 'bench', provider: 'openai', model: 'm', modelConfigured: true } as const;
  // The bench exercises the transport only: the one request it makes is answered by a stub.
  const handlers = {
    'runtime/status': async () => ({ ...status, pendingApprovals: 0, runningSessions: [], autonomousPaused: false }),
  } as unknown as Handlers;
  const log = createLogger('bench', { level: 'error', sink: () => {} });
  const bridge = await startBridge({ home, handlers, bus, port: 0, log });
  try {
    const info = await readBridgeInfo(home);
    if (!info) throw new Error('the bench bridge wrote no runtime/bridge.json');
    const channels: EventChannel[] = ['agent/event', ...UI_CHANNELS];
    const subscribed = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => {
        const own = SESSIONS[i % SESSIONS.length]!;
        return connect(info.port, info.token, { type: 'subscribe', channels, sessions: [own] }, own);
      }),
    );
    const everything = await connect(info.port, info.token, { type: 'subscribe', channels, sessions: '*' }, '*');
    const all = [...subscribed, everything];
    await stream(bus);
    await Promise.all(all.map((c) => c.ping()));
    for (const c of all) c.close();
    const mean = (pick: (t: Tally) => number) =>
      subscribed.reduce((sum, c) => sum + pick(c.tally), 0) / subscribed.length;
    const bytes = mean((t) => t.bytes);
    const messages = mean((t) => t.messages);
    const foreign = subscribed.reduce((sum, c) => sum + c.tally.foreign, 0);
    const floor = everything.tally;
    const label = `${CLIENTS}clients_${SESSIONS.length}sessions_${DELTAS_PER_SECOND}per_s_${SECONDS}s`;
    return [
      {
        bench: 'ws-fanout',
        metric: `bytes_per_client_subscribed_${label}`,
        value: Math.round(bytes),
        unit: 'bytes',
        baseline: floor.bytes,
        ratio: bytes / floor.bytes,
      },
      {
        bench: 'ws-fanout',
        metric: `messages_per_client_subscribed_${label}`,
        value: Math.round(messages),
        unit: 'messages',
        baseline: floor.messages,
        ratio: messages / floor.messages,
      },
      { bench: 'ws-fanout', metric: `bytes_per_client_everything_${label}`, value: floor.bytes, unit: 'bytes' },
      {
        bench: 'ws-fanout',
        metric: `messages_per_client_everything_${label}`,
        value: floor.messages,
        unit: 'messages',
      },
      { bench: 'ws-fanout', metric: 'foreign_session_events_received', value: foreign, unit: 'events', baseline: 0 },
    ];
  } finally {
    await bridge.close();
    await rm(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const record of await run()) console.log(JSON.stringify(record));
}
