// Contract conformance: the same steps over every transport: in-process, the WebSocket bridge, and Electron IPC (fake electron).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel, type ParamsInput } from '../../preload/contract/channels';
import type { ErrorCode } from '../../preload/contract/result';
import { createRpcClient } from '../../preload/contract/rpcClient';
import type { ClientFrame, ServerFrame } from '../../preload/contract/wire';
import { createAssistantPort } from '../../preload/bridge';
import { ClientError, inProcessClient, runtimeClient, type RuntimeClient } from '../../main/core/api/client';
import { HOST_CHANNELS, type Handlers } from '../../main/core/api/dispatch';
import { createHandlers } from '../../main/core/api/handlers';
import { connectBridge } from '../../main/core/bridge/client';
import { startBridge, type Bridge } from '../../main/core/bridge/server';
import { memoryPorts } from '../../main/core/rpc/ports';
import { serveRpc } from '../../main/core/rpc/server';
import { serveIpc, type IpcServer } from '../../main/shell/ipc/handle';
import * as electron from '../unit/shell/fakeElectron';
import { scripted } from '../support/fakeModelServer';
import { createHarness, type Harness } from '../support/runtimeHarness';

/** The transports, in the order the tests run them. */
const TRANSPORTS = ['in-process', 'bridge', 'ipc'] as const;
/** One of {@link TRANSPORTS}. */
type TransportName = (typeof TRANSPORTS)[number];

/** A client of one transport, as the steps use it. */
interface Caller extends Omit<RuntimeClient, 'transport'> {
  transport: TransportName;
}

/** What a step expects: a value valid against the channel's result schema, or a handler error with this code. */
type Expect = 'ok' | ErrorCode | Partial<Record<TransportName, 'ok' | ErrorCode>>;

/** State carried between steps (ids created by earlier calls). */
interface Ctx {
  sessionId: string;
  forkId: string;
  providerId: string;
  wakeupId: string;
}

/** One call: channel, params built from the context, expected outcome, and what to do with the value. */
interface Step<C extends InvokeChannel = InvokeChannel> {
  channel: C;
  params: (ctx: Ctx) => ParamsInput<C>;
  expect: Expect;
  after?: (value: unknown, ctx: Ctx, h: Harness) => Promise<void> | void;
}

// Cast: each step's params match its channel; the table erases the per-channel type.
const step = <C extends InvokeChannel>(s: Step<C>): Step => s as unknown as Step;

/** Waits for the end of the turn `value.turnId` (chat/send and chat/retry start one). */
const awaitTurn = async (value: unknown, _ctx: Ctx, h: Harness) => {
  const turnId = (value as { turnId: string | null }).turnId;
  expect(turnId).toBeTruthy();
  const done = await h.waitFor((e) => e.type === 'turn_completed' && e.turnId === turnId, 10_000);
  expect((done as { stopReason: string }).stopReason).toBe('completed');
};

/** Minimal valid params for every channel, in an order where each step's prerequisites exist. */
const steps: Step[] = [
  step({ channel: 'runtime/status', params: () => ({}), expect: 'ok' }),
  step({ channel: 'automation/state', params: () => ({}), expect: 'ok' }),
  step({ channel: 'automation/stop', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'session/create',
    params: () => ({}),
    expect: 'ok',
    after: (v, ctx) => void (ctx.sessionId = (v as { id: string }).id),
  }),
  step({ channel: 'session/list', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'session/rename',
    params: (c) => ({ sessionId: c.sessionId, title: 'Contract test' }),
    expect: 'ok',
  }),
  step({
    channel: 'chat/send',
    params: (c) => ({ sessionId: c.sessionId, text: 'Hello contract' }),
    expect: 'ok',
    after: awaitTurn,
  }),
  step({ channel: 'session/get', params: (c) => ({ sessionId: c.sessionId }), expect: 'ok' }),
  step({
    channel: 'session/entries',
    params: (c) => ({ sessionId: c.sessionId, beforeSeq: 1_000_000, limit: 50 }),
    expect: 'ok',
  }),
  step({ channel: 'chat/retry', params: (c) => ({ sessionId: c.sessionId }), expect: 'ok', after: awaitTurn }),
  step({ channel: 'chat/interrupt', params: (c) => ({ sessionId: c.sessionId }), expect: 'ok' }),
  step({
    channel: 'session/fork',
    params: (c) => ({ sessionId: c.sessionId }),
    expect: 'ok',
    after: (v, ctx) => void (ctx.forkId = (v as { id: string }).id),
  }),
  step({ channel: 'session/export', params: (c) => ({ sessionId: c.forkId, format: 'json' }), expect: 'ok' }),
  step({ channel: 'session/search', params: () => ({ query: 'Hello contract' }), expect: 'ok' }),
  step({ channel: 'session/delete', params: (c) => ({ sessionId: c.forkId }), expect: 'ok' }),
  step({ channel: 'approval/list', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'approval/decide',
    params: () => ({ callId: 'call_missing', decision: { type: 'allow_once' } }),
    expect: 'not_found',
  }),
  step({ channel: 'approval/describe', params: () => ({ callId: 'call_missing' }), expect: 'not_found' }),
  step({ channel: 'approval/rules', params: () => ({}), expect: 'ok' }),
  step({ channel: 'approval/revokeRule', params: () => ({ ruleId: 'rule_missing' }), expect: 'ok' }),
  step({
    channel: 'context/list',
    params: () => ({}),
    expect: 'ok',
    after: (v, ctx) => void (ctx.providerId = (v as Array<{ id: string }>)[0]!.id),
  }),
  step({ channel: 'context/setEnabled', params: (c) => ({ providerId: c.providerId, enabled: true }), expect: 'ok' }),
  step({ channel: 'command/list', params: () => ({}), expect: 'ok' }),
  step({ channel: 'command/run', params: () => ({ sessionId: null, text: '/help' }), expect: 'ok' }),
  step({ channel: 'settings/get', params: () => ({}), expect: 'ok' }),
  step({ channel: 'settings/update', params: () => ({ patch: { theme: 'dark' } }), expect: 'ok' }),
  step({
    channel: 'settings/setValues',
    params: () => ({ values: [{ key: 'maxToolRounds', value: '20' }] }),
    expect: 'ok',
  }),
  step({ channel: 'settings/setSecret', params: () => ({ name: 'compatible', value: null }), expect: 'ok' }),
  step({ channel: 'tool/list', params: () => ({}), expect: 'ok' }),
  step({ channel: 'plugin/list', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'plugin/setEnabled',
    params: () => ({ pluginId: 'no-such-plugin', enabled: true }),
    expect: 'not_found',
  }),
  step({
    channel: 'plugin/call',
    params: () => ({ pluginId: 'no-such-plugin', method: 'list', params: {} }),
    expect: 'not_found',
  }),
  step({ channel: 'wakeup/preview', params: () => ({ cron: '0 8 * * 1-5', tz: 'UTC' }), expect: 'ok' }),
  step({
    channel: 'wakeup/create',
    params: () => ({ prompt: 'contract wakeup', cron: '0 8 * * 1-5', test: true }),
    expect: 'ok',
    after: (v, ctx) => void (ctx.wakeupId = (v as { wakeup: { id: string } }).wakeup.id),
  }),
  step({ channel: 'wakeup/list', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'wakeup/update',
    params: (c) => ({ wakeupId: c.wakeupId, patch: { title: 'Renamed' } }),
    expect: 'ok',
  }),
  step({ channel: 'wakeup/pause', params: (c) => ({ wakeupId: c.wakeupId }), expect: 'ok' }),
  step({ channel: 'wakeup/resume', params: (c) => ({ wakeupId: c.wakeupId }), expect: 'ok' }),
  step({ channel: 'wakeup/runNow', params: (c) => ({ wakeupId: c.wakeupId }), expect: 'ok' }),
  step({ channel: 'wakeup/get', params: (c) => ({ wakeupId: c.wakeupId }), expect: 'ok' }),
  step({ channel: 'wakeup/digest', params: () => ({ peek: true }), expect: 'ok' }),
  step({ channel: 'wakeup/delete', params: (c) => ({ wakeupId: c.wakeupId }), expect: 'ok' }),
  step({ channel: 'accounts/status', params: () => ({}), expect: 'ok' }),
  step({ channel: 'accounts/chatgptWait', params: () => ({}), expect: 'not_found' }),
  step({ channel: 'accounts/chatgptStart', params: () => ({ flow: 'browser' }), expect: 'ok' }),
  step({ channel: 'accounts/chatgptCancel', params: () => ({}), expect: 'ok' }),
  step({ channel: 'accounts/importCodex', params: () => ({}), expect: 'not_found' }),
  step({ channel: 'accounts/logout', params: () => ({ provider: 'chatgpt' }), expect: 'ok' }),
  step({ channel: 'accounts/test', params: () => ({ provider: 'chatgpt' }), expect: 'ok' }),
  step({ channel: 'accounts/probeLocal', params: () => ({}), expect: 'ok' }),
  step({ channel: 'accounts/models', params: () => ({}), expect: 'ok' }),
  step({ channel: 'accounts/use', params: () => ({ provider: 'openai', model: 'gpt-test' }), expect: 'ok' }),
  step({ channel: 'mcp/list', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'mcp/add',
    params: () => ({ name: 'contract', server: { command: 'deskpilot-no-such-mcp-server' }, replace: true }),
    expect: 'ok',
  }),
  step({ channel: 'mcp/setEnabled', params: () => ({ name: 'contract', enabled: false }), expect: 'ok' }),
  step({ channel: 'mcp/restart', params: () => ({ name: 'contract' }), expect: 'ok' }),
  step({ channel: 'mcp/tools', params: () => ({ name: 'contract' }), expect: 'ok' }),
  step({
    channel: 'mcp/importPreview',
    params: () => ({ json: '{"mcpServers":{"x":{"command":"x"}}}' }),
    expect: 'ok',
  }),
  step({
    channel: 'mcp/importApply',
    params: () => ({ source: { json: '{"mcpServers":{"x":{"command":"x"}}}' }, names: ['absent'] }),
    expect: 'ok',
  }),
  step({ channel: 'mcp/allow', params: () => ({ name: 'no-such-server' }), expect: 'not_found' }),
  step({ channel: 'mcp/remove', params: () => ({ name: 'contract' }), expect: 'ok' }),
  // Host channels: only the bridge answers them, and only to a token client (the test's bridge client is one).
  step({
    channel: 'bridge/loginUrl',
    params: () => ({}),
    expect: { 'in-process': 'unavailable', bridge: 'ok', ipc: 'unavailable' },
  }),
  step({
    channel: 'bridge/loginPage',
    params: () => ({}),
    expect: { 'in-process': 'unavailable', bridge: 'ok', ipc: 'unavailable' },
  }),
];

/** The outcome `s` expects on `transport`. */
const expected = (s: Step, transport: TransportName): 'ok' | ErrorCode =>
  typeof s.expect === 'string' ? s.expect : (s.expect[transport] ?? 'ok');

/** Runs every step on `client`, checking each outcome; returns the channels that answered. */
async function runSteps(client: Caller, h: Harness): Promise<string[]> {
  const ctx: Ctx = { sessionId: '', forkId: '', providerId: '', wakeupId: '' };
  const answered: string[] = [];
  h.server.enqueue(
    scripted.text('Hi from the model.'),
    scripted.text('Hi again (retry).'),
    scripted.text('Wakeup test run.'),
    scripted.text('Wakeup run now.'),
  );
  for (const s of steps) {
    const params = s.params(ctx);
    let outcome: { value: unknown } | { error: ClientError };
    try {
      // Cast: each step's params match its channel; the table erases the per-channel type.
      outcome = { value: await client.invoke(s.channel, params as never) };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      outcome = { error };
    }
    const want = expected(s, client.transport);
    if (want === 'ok') {
      expect(
        'value' in outcome,
        `${client.transport} ${s.channel}: ${'error' in outcome ? outcome.error.message : ''}`,
      ).toBe(true);
      const value = (outcome as { value: unknown }).value;
      const checked = invokeChannels[s.channel].result.safeParse(value);
      expect(
        checked.success,
        `${client.transport} ${s.channel} result matches its schema: ${checked.error?.message ?? ''}`,
      ).toBe(true);
      await s.after?.(value, ctx, h);
    } else {
      expect('error' in outcome, `${client.transport} ${s.channel} should fail with ${want}`).toBe(true);
      const { error } = outcome as { error: ClientError };
      expect(error.code, `${client.transport} ${s.channel}`).toBe(want);
      expect(error.message).not.toMatch(/^Unknown channel/);
    }
    answered.push(s.channel);
  }
  return answered;
}

/** Calls `channel` with `params` and returns the ClientError code (or 'ok'). */
async function codeOf(client: Caller, channel: string, params: unknown): Promise<string> {
  try {
    // Cast: each step's params match its channel; the table erases the per-channel type.
    await client.invoke(channel as InvokeChannel, params as never);
    return 'ok';
  } catch (error) {
    if (error instanceof ClientError) return error.code;
    throw error;
  }
}

/** A page in a fake Electron window: the real preload port over its ipcRenderer, served by the real IPC server. */
function ipcClient(h: Harness, handlers: Handlers): { client: Caller; server: IpcServer } {
  const window = new electron.BrowserWindow({ width: 800, height: 600 });
  window.webContents.url = 'app://deskpilot/index.html';
  const server = serveIpc({
    ipcMain: electron.ipcMain,
    handlers,
    bus: h.runtime.bus,
    ourIds: () => new Set([window.webContents.id]),
    warn: () => undefined,
  });
  const port = createAssistantPort(window.webContents.rendererIpc());
  const rpc = createRpcClient({ send: port.send, onMessage: port.onMessage, onClose: () => () => undefined });
  return { client: { ...runtimeClient(rpc, 'in-process', async () => undefined), transport: 'ipc' }, server };
}

/** An in-process client over `handlers` (what inProcessClient builds, with a handler table of the test's choosing). */
function memoryClient(h: Harness, handlers: Handlers): Caller {
  const [clientPort, serverPort] = memoryPorts<ClientFrame, ServerFrame>();
  serveRpc(serverPort, handlers, h.runtime.bus);
  return {
    ...runtimeClient(createRpcClient(clientPort), 'in-process', async () => undefined),
    transport: 'in-process',
  };
}

describe('contract: handlers and every transport', () => {
  let h: Harness;
  let bridge: Bridge;
  let ipc: IpcServer;
  let clients: Record<TransportName, Caller>;

  beforeAll(async () => {
    h = await createHarness();
    bridge = await startBridge({
      home: h.home,
      handlers: createHandlers(h.runtime),
      bus: h.runtime.bus,
      log: h.runtime.log,
    });
    const remote = await connectBridge(h.home);
    if (!remote) throw new Error('connectBridge found no bridge for the harness home');
    const local = inProcessClient(h.runtime);
    const page = ipcClient(h, createHandlers(h.runtime));
    ipc = page.server;
    clients = {
      'in-process': { ...local, transport: 'in-process', close: async () => undefined },
      bridge: { ...remote, transport: 'bridge' },
      ipc: page.client,
    };
  });
  afterAll(async () => {
    await clients?.bridge.close();
    ipc?.dispose();
    await bridge?.close();
    await h?.close();
  });

  it('createHandlers has exactly one handler per runtime channel; the host channels are the rest', () => {
    const handlers = createHandlers(h.runtime);
    const channels = Object.keys(invokeChannels).sort();
    const runtimeChannels = channels.filter((c) => !(HOST_CHANNELS as readonly string[]).includes(c));
    expect(Object.keys(handlers).sort()).toEqual(runtimeChannels);
    for (const c of runtimeChannels) expect(typeof handlers[c as keyof Handlers]).toBe('function');
    expect(steps.map((s) => s.channel).sort(), 'this test has one step per channel').toEqual(channels);
  });

  it.each(TRANSPORTS)('every channel answers valid params (%s)', async (transport) => {
    const answered = await runSteps(clients[transport], h);
    expect(answered.sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it.each(TRANSPORTS)(
    'every channel rejects malformed params with invalid_params; unknown channels are not_found (%s)',
    async (transport) => {
      const client = clients[transport];
      for (const channel of Object.keys(invokeChannels)) {
        const code = await codeOf(client, channel, 42);
        const hostOnly = transport !== 'bridge' && (HOST_CHANNELS as readonly string[]).includes(channel);
        expect(`${channel}: ${code}`).toBe(`${channel}: ${hostOnly ? 'unavailable' : 'invalid_params'}`);
      }
      if (transport === 'ipc') return; // the preload refuses channels outside the contract before anything is sent
      expect(await codeOf(client, 'fs/read', {})).toBe('not_found');
      expect(await codeOf(client, '__proto__', {})).toBe('not_found');
      expect(await codeOf(client, 'constructor', {})).toBe('not_found');
    },
  );

  it.each(TRANSPORTS)(
    'a client receives the agent events of the sessions it subscribed to, and only those (%s)',
    async (transport) => {
      const client = clients[transport];
      const other = await client.invoke('session/create', {});
      const mine = await client.invoke('session/create', {});
      const seen: Array<[string, string]> = [];
      const off = client.on('agent/event', (e) => seen.push([e.sessionId, e.type]));
      client.setSessions([mine.id]);
      h.server.enqueue(scripted.text('Not for you.'), scripted.text('For you.'));
      const first = await client.invoke('chat/send', { sessionId: other.id, text: 'Elsewhere' });
      await h.waitFor((e) => e.type === 'turn_completed' && e.turnId === first.turnId, 10_000);
      const second = await client.invoke('chat/send', { sessionId: mine.id, text: 'Here' });
      await h.waitFor((e) => e.type === 'turn_completed' && e.turnId === second.turnId, 10_000);
      // Events of one connection arrive in order: the second turn's end comes after anything of the first.
      await expect.poll(() => seen.some(([, type]) => type === 'turn_completed'), { timeout: 10_000 }).toBe(true);
      off();
      client.setSessions([]);
      expect(seen.every(([sessionId]) => sessionId === mine.id)).toBe(true);
      expect(seen.map(([, type]) => type)).toEqual(
        expect.arrayContaining(['turn_started', 'text_delta', 'item_added', 'turn_completed']),
      );
    },
  );

  it.each(TRANSPORTS)(
    'a cancelled request resolves cancelled and its handler sees the abort (%s)',
    async (transport) => {
      const aborted: string[] = [];
      let started = () => {};
      const running = new Promise<void>((resolve) => (started = resolve));
      const handlers: Handlers = {
        ...createHandlers(h.runtime),
        'runtime/status': (_params, signal) =>
          new Promise((_resolve, reject) => {
            started();
            signal?.addEventListener('abort', () => {
              aborted.push(transport);
              reject(new Error('aborted'));
            });
          }),
      };
      let client: Caller;
      let cleanup = async () => {};
      if (transport === 'in-process') client = memoryClient(h, handlers);
      else if (transport === 'ipc') {
        const page = ipcClient(h, handlers);
        client = page.client;
        cleanup = async () => page.server.dispose();
      } else {
        await bridge.close();
        const slow = await startBridge({ home: h.home, handlers, bus: h.runtime.bus, log: h.runtime.log });
        const remote = (await connectBridge(h.home))!;
        client = { ...remote, transport: 'bridge' };
        cleanup = async () => {
          await remote.close();
          await slow.close();
          bridge = await startBridge({
            home: h.home,
            handlers: createHandlers(h.runtime),
            bus: h.runtime.bus,
            log: h.runtime.log,
          });
        };
      }
      try {
        const controller = new AbortController();
        const pending = client.invoke('runtime/status', {}, { signal: controller.signal });
        await running;
        controller.abort();
        await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
        await expect.poll(() => aborted).toEqual([transport]);
      } finally {
        await cleanup();
      }
    },
  );
});
