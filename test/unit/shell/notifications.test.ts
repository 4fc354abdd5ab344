// Notification policy and the notifier over a real EventBus with a stand-in for Electron's Notification class.
import { describe, expect, it } from 'vitest';
import type { AgentEvent, PendingApproval } from '../../../preload/contract';
import { EventBus } from '../../../main/core/agent/events';
import { createNotifier, type NotificationFactory } from '../../../main/shell/notifications';
import { notificationFor, withSessionTitle } from '../../../main/shell/notifyPolicy';

const usage = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, totalTokens: 2 };
const completed = (stopReason: 'completed' | 'interrupted' | 'error'): AgentEvent => ({
  type: 'turn_completed',
  sessionId: 's1',
  turnId: 't1',
  stopReason,
  usage,
  sessionUsage: usage,
  toolRounds: 0,
});
const approval: PendingApproval = {
  callId: 'c1',
  sessionId: 's2',
  turnId: 't1',
  tool: 'bash',
  arguments: { command: 'rm -rf /secret-path' },
  risk: 'destructive',
  suggestedRule: { tool: 'bash', match: {} },
  requestedAt: '2025-01-01T00:00:00Z',
  expiresAt: '2025-01-01T00:10:00Z',
};

describe('notificationFor', () => {
  it('notifies finished turns and waiting approvals only while the app is not focused', () => {
    expect(notificationFor('agent/event', completed('completed'), false)).toEqual({
      title: 'Deskpilot finished',
      body: 'The answer is ready.',
      sessionId: 's1',
    });
    expect(notificationFor('agent/event', completed('error'), false)).toMatchObject({
      title: 'Deskpilot stopped with an error',
      sessionId: 's1',
    });
    expect(notificationFor('approval/requested', approval, false)).toEqual({
      title: 'Approval needed',
      body: 'bash (destructive) is waiting for your decision.',
      sessionId: 's2',
    });
    expect(notificationFor('agent/event', completed('completed'), true)).toBeNull();
    expect(notificationFor('approval/requested', approval, true)).toBeNull();
  });

  it('stays quiet for interrupted turns, other agent events and other channels; never shows arguments', () => {
    expect(notificationFor('agent/event', completed('interrupted'), false)).toBeNull();
    expect(
      notificationFor('agent/event', { type: 'text_delta', sessionId: 's', turnId: 't', delta: 'x' }, false),
    ).toBeNull();
    expect(notificationFor('context/updated', { providerId: 'p' }, false)).toBeNull();
    expect(JSON.stringify(notificationFor('approval/requested', approval, false))).not.toContain('secret-path');
  });

  it('prefixes the chat title, shortened', () => {
    const spec = { title: 'Deskpilot finished', body: 'The answer is ready.' };
    expect(withSessionTitle(spec, 'Trip plan').body).toBe('Trip plan: The answer is ready.');
    expect(withSessionTitle(spec, undefined)).toEqual(spec);
    expect(withSessionTitle(spec, 'x'.repeat(200)).body).toBe(`${'x'.repeat(79)}…: The answer is ready.`);
  });
});

/** A stand-in for Electron's Notification class recording what was shown and letting tests click it. */
function fakeNotifications(supported = true) {
  const shown: Array<{ title: string; body: string; click(): void }> = [];
  class FakeNotification {
    static isSupported = () => supported;
    private readonly handlers = new Map<string, () => void>();
    constructor(private readonly options: { title?: string; body?: string }) {}
    on(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
    show() {
      shown.push({
        title: this.options.title ?? '',
        body: this.options.body ?? '',
        click: () => this.handlers.get('click')?.(),
      });
    }
  }
  // Cast: a partial fake of Electron's API: only what the code under test touches.
  return { shown, Notification: FakeNotification as unknown as NotificationFactory };
}

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createNotifier', () => {
  it('shows bus notifications with the chat title while unfocused, and opens the session on click', async () => {
    const { shown, Notification } = fakeNotifications();
    const clicked: Array<string | undefined> = [];
    const bus = new EventBus();
    let focused = false;
    const notifier = createNotifier({ Notification, onClick: (id) => clicked.push(id), log: silentLog });
    const stop = notifier.watch(
      bus,
      () => focused,
      async (id) => (id === 's1' ? 'Trip plan' : undefined),
    );
    bus.emit('agent/event', completed('completed'));
    bus.emit('approval/requested', approval);
    await tick();
    expect(shown.map((n) => [n.title, n.body])).toEqual([
      ['Deskpilot finished', 'Trip plan: The answer is ready.'],
      ['Approval needed', 'bash (destructive) is waiting for your decision.'],
    ]);
    shown[1].click();
    expect(clicked).toEqual(['s2']);
    focused = true;
    bus.emit('agent/event', completed('completed'));
    stop();
    focused = false;
    bus.emit('agent/event', completed('completed'));
    await tick();
    expect(shown).toHaveLength(2);
  });

  it('shows direct notices, and does nothing where notifications are unsupported', () => {
    const supported = fakeNotifications();
    createNotifier({ Notification: supported.Notification, onClick: () => undefined, log: silentLog }).show({
      title: 'Reminder',
      body: 'Stand up',
    });
    expect(supported.shown).toMatchObject([{ title: 'Reminder', body: 'Stand up' }]);
    const unsupported = fakeNotifications(false);
    createNotifier({ Notification: unsupported.Notification, onClick: () => undefined, log: silentLog }).show({
      title: 'Reminder',
      body: 'x',
    });
    expect(unsupported.shown).toEqual([]);
  });
});
