// Contract conformance: every invoke channel has exactly one handler and answers in-process and over the WebSocket bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel, type ParamsInput } from '../../../preload/contract/channels';
import { ClientError, inProcessClient, type RuntimeClient } from '../../../main/core/api/client';
import { createHandlers } from '../../../main/core/api/handlers';
import { connectBridge } from '../../../main/core/bridge/client';
import { startBridge, type Bridge } from '../../../main/core/bridge/server';
import { scripted } from '../../support/fakeModelServer';
import { createHarness, type Harness } from '../../support/runtimeHarness';

/** What a step expects: a value valid against the channel's result schema, or a handler error with this code. */
type Expect = 'ok' | 'not_found';

/** State carried between steps (ids created by earlier calls). */
interface Ctx {
  sessionId: string;
  forkId: string;
  providerId: string;
}

/** One call: channel, params built from the context, expected outcome, and what to do with the value. */
interface Step<C extends InvokeChannel = InvokeChannel> {
  channel: C;
  params: (ctx: Ctx) => ParamsInput<C>;
  expect: Expect;
  after?: (value: unknown, ctx: Ctx, h: Harness) => Promise<void> | void;
}

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
  step({ channel: 'session/delete', params: (c) => ({ sessionId: c.forkId }), expect: 'ok' }),
  step({ channel: 'approval/list', params: () => ({}), expect: 'ok' }),
  step({
    channel: 'approval/decide',
    params: () => ({ callId: 'call_missing', decision: { type: 'allow_once' } }),
    expect: 'not_found',
  }),
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
  step({ channel: 'settings/setValue', params: () => ({ key: 'maxToolRounds', value: '20' }), expect: 'ok' }),
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
];

/** Runs every step on `client`, checking each outcome; returns the channels that answered. */
async function runSteps(client: RuntimeClient, h: Harness): Promise<string[]> {
  const ctx: Ctx = { sessionId: '', forkId: '', providerId: '' };
  const answered: string[] = [];
  h.server.enqueue(scripted.text('Hi from the model.'), scripted.text('Hi again (retry).'));
  for (const s of steps) {
    const params = s.params(ctx);
    let outcome: { value: unknown } | { error: ClientError };
    try {
      outcome = { value: await client.invoke(s.channel, params as never) };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      outcome = { error };
    }
    if (s.expect === 'ok') {
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
      expect('error' in outcome, `${client.transport} ${s.channel} should fail with ${s.expect}`).toBe(true);
      const { error } = outcome as { error: ClientError };
      expect(error.code).toBe(s.expect);
      expect(error.message).not.toMatch(/^Unknown channel/);
    }
    answered.push(s.channel);
  }
  return answered;
}

/** Calls `channel` with `params` and returns the ClientError code (or 'ok'). */
async function codeOf(client: RuntimeClient, channel: string, params: unknown): Promise<string> {
  try {
    await client.invoke(channel as InvokeChannel, params as never);
    return 'ok';
  } catch (error) {
    if (error instanceof ClientError) return error.code;
    throw error;
  }
}

describe('contract: handlers and both transports', () => {
  let h: Harness;
  let bridge: Bridge;
  let clients: RuntimeClient[];

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
    clients = [inProcessClient(h.runtime), remote];
  });
  afterAll(async () => {
    await clients?.[1]?.close();
    await bridge?.close();
    await h?.close();
  });

  it('createHandlers has exactly one handler per invoke channel, and nothing else', () => {
    const handlers = createHandlers(h.runtime);
    const channels = Object.keys(invokeChannels).sort();
    expect(Object.keys(handlers).sort()).toEqual(channels);
    for (const c of channels) expect(typeof handlers[c as InvokeChannel]).toBe('function');
    expect(steps.map((s) => s.channel).sort(), 'this test has one step per channel').toEqual(channels);
  });

  it.each([0, 1])('every channel answers valid params (transport #%i: in-process, then bridge)', async (index) => {
    const client = clients[index]!;
    expect(client.transport).toBe(index === 0 ? 'in-process' : 'bridge');
    const answered = await runSteps(client, h);
    expect(answered.sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it.each([0, 1])(
    'every channel rejects malformed params with invalid_params; unknown channels are not_found (transport #%i)',
    async (index) => {
      const client = clients[index]!;
      for (const channel of Object.keys(invokeChannels))
        expect(`${channel}: ${await codeOf(client, channel, 42)}`).toBe(`${channel}: invalid_params`);
      expect(await codeOf(client, 'fs/read', {})).toBe('not_found');
      expect(await codeOf(client, '__proto__', {})).toBe('not_found');
      expect(await codeOf(client, 'constructor', {})).toBe('not_found');
    },
  );

  it('the bridge forwards runtime events to its clients', async () => {
    const remote = clients[1]!;
    const seen: string[] = [];
    const off = remote.on('agent/event', (e) => seen.push(e.type));
    h.server.enqueue(scripted.text('Evented.'));
    const { turnId } = await remote.invoke('chat/send', { sessionId: null, text: 'Events please' });
    await h.waitFor((e) => e.type === 'turn_completed' && e.turnId === turnId, 10_000);
    await expect.poll(() => seen.includes('turn_completed')).toBe(true);
    off();
    expect(seen).toEqual(expect.arrayContaining(['turn_started', 'text_delta', 'item_added', 'turn_completed']));
  });
});
