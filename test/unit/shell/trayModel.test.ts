// Tray icon state, tooltip and menu items for runtime statuses.
import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../preload/contract/channels';
import { statusLine, trayIconFiles, trayMenuModel, trayState, type TrayMenuItem } from '../../../main/shell/trayModel';

const base: RuntimeStatus = {
  version: '0.1.0',
  provider: 'openai',
  model: 'gpt-5-mini',
  modelConfigured: true,
  pendingApprovals: 0,
  runningSessions: [],
  autonomousPaused: false,
  nextWakeup: null,
  waitingRuns: 0,
};
const item = (items: TrayMenuItem[], id: string) =>
  items.find((i) => i.type === 'item' && i.id === id) as Extract<TrayMenuItem, { type: 'item' }>;

describe('trayState', () => {
  it('is idle, working while turns run, waiting when approvals are pending (waiting wins)', () => {
    expect(trayState(base)).toBe('idle');
    expect(trayState({ ...base, runningSessions: ['s1'] })).toBe('working');
    expect(trayState({ ...base, pendingApprovals: 2 })).toBe('waiting');
    expect(trayState({ ...base, pendingApprovals: 1, runningSessions: ['s1'] })).toBe('waiting');
  });
});

describe('trayMenuModel', () => {
  it('lists the actions in order with a disabled status line', () => {
    const model = trayMenuModel(base);
    expect(model.items.map((i) => (i.type === 'item' ? i.label : '—'))).toEqual([
      'Open Deskpilot',
      'Quick prompt…',
      'New chat',
      '—',
      'gpt-5-mini · 0 pending approvals',
      'Stop automation',
      'Pause autonomous runs',
      '—',
      'Quit',
    ]);
    expect(item(model.items, 'status').enabled).toBe(false);
    expect(
      model.items
        .filter((i) => i.type === 'item' && i.id !== 'status' && i.id !== 'stopAutomation')
        .every((i) => i.type === 'item' && i.enabled),
    ).toBe(true);
    expect(model.tooltip).toBe('Deskpilot — idle');
    expect(model.state).toBe('idle');
    expect(item(model.items, 'stopAutomation').enabled).toBe(false);
  });

  it('shows the running automation action and enables Stop automation while one runs', () => {
    const activity = { sessionId: 's1', callId: 'c1', tool: 'browser_click', startedAt: '2026-01-01T00:00:00.000Z' };
    const model = trayMenuModel(
      { ...base, runningSessions: ['s1'] },
      {
        running: [
          { ...activity, action: 'goto', target: 'https://a.example/' },
          { ...activity, callId: 'c2', action: 'click', target: 'button "Buy"' },
        ],
      },
    );
    expect(item(model.items, 'activity').label).toBe('Automating: click button "Buy" (+1 more)');
    expect(item(model.items, 'activity').enabled).toBe(false);
    expect(item(model.items, 'stopAutomation').enabled).toBe(true);
    expect(model.tooltip).toBe('Deskpilot — Automating: click button "Buy" (+1 more)');
  });

  it('reflects pending approvals, running chats, an unconfigured model and paused runs', () => {
    const model = trayMenuModel({
      ...base,
      modelConfigured: false,
      pendingApprovals: 1,
      runningSessions: ['a', 'b'],
      autonomousPaused: true,
    });
    expect(item(model.items, 'status').label).toBe(
      'gpt-5-mini (not configured) · 1 pending approval · 2 chats running · autonomous runs paused',
    );
    expect(item(model.items, 'toggleAutonomous').label).toBe('Resume autonomous runs');
    expect(model.state).toBe('waiting');
    expect(model.tooltip).toBe('Deskpilot — 1 approval waiting');
    expect(trayMenuModel({ ...base, runningSessions: ['a'] }).tooltip).toBe('Deskpilot — working (1 chat)');
    expect(statusLine({ ...base, pendingApprovals: 3 })).toBe('gpt-5-mini · 3 pending approvals');
  });

  it('names one icon pair per state', () => {
    expect(trayIconFiles('waiting')).toEqual({ base: 'tray/tray-waiting.png', retina: 'tray/tray-waiting@2x.png' });
  });
});

describe('wakeups in the status line', () => {
  it('names the next wakeup and runs waiting for approval', () => {
    const line = statusLine({
      ...base,
      nextWakeup: { id: 'wk_1', title: 'Inbox', at: '2026-05-01T08:00:00.000Z' },
      waitingRuns: 1,
    });
    expect(line).toContain('1 run waits for approval');
    expect(line).toContain('next: Inbox at 08:00 UTC');
  });
});
