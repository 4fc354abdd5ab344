// What the tray shows for a runtime status: icon state, tooltip and menu items (pure; tray.ts renders it).
import type { AutomationState } from '../../preload/contract/automation';
import type { RuntimeStatus } from '../../preload/contract/channels';

/** Tray icon state: `waiting` (approvals pending) wins over `working` (turns running), else `idle`. */
export type TrayState = 'idle' | 'working' | 'waiting';

/** Menu item ids; tray.ts maps each to an action. */
export type TrayItemId =
  'open' | 'quickPrompt' | 'newChat' | 'status' | 'activity' | 'stopAutomation' | 'toggleAutonomous' | 'quit';

/** One menu row: an action item, or a separator. */
export type TrayMenuItem = { type: 'item'; id: TrayItemId; label: string; enabled: boolean } | { type: 'separator' };

/** Everything the tray renders. */
export interface TrayModel {
  state: TrayState;
  tooltip: string;
  items: TrayMenuItem[];
}

/** The icon state for `status`. */
export function trayState(status: Pick<RuntimeStatus, 'pendingApprovals' | 'runningSessions'>): TrayState {
  if (status.pendingApprovals > 0) return 'waiting';
  if (status.runningSessions.length > 0) return 'working';
  return 'idle';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The disabled status line: model (or that none is configured), pending approvals, running chats, wakeup runs waiting for approval, the next wakeup (UTC). */
export function statusLine(status: RuntimeStatus): string {
  const model = status.modelConfigured ? status.model : `${status.model} (not configured)`;
  const parts = [model, plural(status.pendingApprovals, 'pending approval', 'pending approvals')];
  if (status.runningSessions.length > 0)
    parts.push(plural(status.runningSessions.length, 'chat running', 'chats running'));
  if (status.waitingRuns > 0)
    parts.push(plural(status.waitingRuns, 'run waits for approval', 'runs wait for approval'));
  if (status.autonomousPaused) parts.push('autonomous runs paused');
  else if (status.nextWakeup)
    parts.push(`next: ${status.nextWakeup.title} at ${status.nextWakeup.at.slice(11, 16)} UTC`);
  return parts.join(' · ');
}

/** The disabled activity line while automation runs, e.g. `Automating: click button "Buy" (2 actions)`; null when idle. */
export function activityLine(automation: AutomationState): string | null {
  const latest = automation.running.at(-1);
  if (!latest) return null;
  const more = automation.running.length > 1 ? ` (+${automation.running.length - 1} more)` : '';
  return `Automating: ${latest.action}${latest.target ? ` ${latest.target}` : ''}${more}`;
}

/**
 * The tray for `status`: Open Deskpilot, Quick prompt…, New chat, the disabled status line, the activity line and
 * "Stop automation" (enabled while browser/desktop actions run), Pause/Resume autonomous runs (by
 * `autonomousPaused`), Quit; the tooltip names the state (the current automation action first).
 */
export function trayMenuModel(status: RuntimeStatus, automation: AutomationState = { running: [] }): TrayModel {
  const state = trayState(status);
  const activity = activityLine(automation);
  const tooltip = activity
    ? `Deskpilot — ${activity}`
    : state === 'waiting'
      ? `Deskpilot — ${plural(status.pendingApprovals, 'approval', 'approvals')} waiting`
      : state === 'working'
        ? `Deskpilot — working (${plural(status.runningSessions.length, 'chat', 'chats')})`
        : 'Deskpilot — idle';
  return {
    state,
    tooltip,
    items: [
      { type: 'item', id: 'open', label: 'Open Deskpilot', enabled: true },
      { type: 'item', id: 'quickPrompt', label: 'Quick prompt…', enabled: true },
      { type: 'item', id: 'newChat', label: 'New chat', enabled: true },
      { type: 'separator' },
      { type: 'item', id: 'status', label: statusLine(status), enabled: false },
      ...(activity ? [{ type: 'item' as const, id: 'activity' as const, label: activity, enabled: false }] : []),
      { type: 'item', id: 'stopAutomation', label: 'Stop automation', enabled: activity !== null },
      {
        type: 'item',
        id: 'toggleAutonomous',
        label: status.autonomousPaused ? 'Resume autonomous runs' : 'Pause autonomous runs',
        enabled: true,
      },
      { type: 'separator' },
      { type: 'item', id: 'quit', label: 'Quit', enabled: true },
    ],
  };
}

/** Icon files of a state, relative to the resources folder: 16 px and its @2x (32 px) version. */
export function trayIconFiles(state: TrayState): { base: string; retina: string } {
  return { base: `tray/tray-${state}.png`, retina: `tray/tray-${state}@2x.png` };
}
