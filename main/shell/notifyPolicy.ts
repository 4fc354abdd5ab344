// When a runtime event deserves a native notification, and its wording (pure; notifications.ts shows it).
import type { AgentEvent, EventChannel, PendingApproval } from '../../preload/contract';

/** A notification to show; clicking it opens `sessionId` in the main window. */
export interface NotificationSpec {
  title: string;
  body: string;
  sessionId?: string;
}

const finished: Record<string, string> = {
  completed: 'Deskpilot finished',
  error: 'Deskpilot stopped with an error',
  max_tool_rounds: 'Deskpilot stopped at the tool-round limit',
  incomplete: 'Deskpilot stopped before finishing',
};

/**
 * The notification for a bus event, or `null`. Only while no Deskpilot window has focus (`appFocused` false):
 * a finished turn (`agent/event` `turn_completed`, except `interrupted`: the user stopped it) and a tool call
 * waiting for approval (`approval/requested`). Bodies never include tool arguments (they may hold private data).
 */
export function notificationFor(event: EventChannel, payload: unknown, appFocused: boolean): NotificationSpec | null {
  if (appFocused) return null;
  if (event === 'agent/event') {
    const agentEvent = payload as AgentEvent;
    if (agentEvent.type !== 'turn_completed' || !(agentEvent.stopReason in finished)) return null;
    return {
      title: finished[agentEvent.stopReason],
      body: agentEvent.stopReason === 'completed' ? 'The answer is ready.' : 'Open the chat to see what happened.',
      sessionId: agentEvent.sessionId,
    };
  }
  if (event === 'approval/requested') {
    const approval = payload as PendingApproval;
    return {
      title: 'Approval needed',
      body: `${approval.tool} (${approval.risk}) is waiting for your decision.`,
      sessionId: approval.sessionId,
    };
  }
  return null;
}

/** Prefixes the body with the chat's title when there is one (`"Trip plan: The answer is ready."`). */
export function withSessionTitle(spec: NotificationSpec, sessionTitle: string | undefined): NotificationSpec {
  const title = sessionTitle?.trim();
  return title ? { ...spec, body: `${title.length > 80 ? `${title.slice(0, 79)}…` : title}: ${spec.body}` } : spec;
}
