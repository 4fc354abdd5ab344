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
      'Pause autonomous runs',
      '—',
      'Quit',
    ]);
    expect(item(model.items, 'status').enabled).toBe(false);
    expect(
      model.items.filter((i) => i.type === 'item' && i.id !== 'status').every((i) => i.type === 'item' && i.enabled),
    ).toBe(true);
    expect(model.tooltip).toBe('Deskpilot — idle');
    expect(model.state).toBe('idle');
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
