// How a tool call's status reads and is colored, shared by tool cards and the quick prompt.
import type { ToolStatus } from '../../stores/chatModel';
import type { BadgeTone } from '../../ui/Badge';

/** The words shown for each {@link ToolStatus}. */
export const TOOL_STATUS_LABEL: Record<ToolStatus, string> = {
  running: 'running',
  approval: 'waiting for approval',
  ok: 'ok',
  error: 'error',
  denied: 'denied',
  invalid: 'invalid arguments',
  aborted: 'stopped',
  timeout: 'timed out',
  interrupted: 'interrupted',
};

/** The badge tone of each {@link ToolStatus}. */
export const TOOL_STATUS_TONE: Record<ToolStatus, BadgeTone> = {
  running: 'info',
  approval: 'warn',
  ok: 'ok',
  error: 'danger',
  denied: 'danger',
  invalid: 'danger',
  aborted: 'neutral',
  timeout: 'danger',
  interrupted: 'neutral',
};
