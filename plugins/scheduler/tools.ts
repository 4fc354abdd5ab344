// The scheduler's model-facing tools (exposed as scheduler_<name>): schedule, list, cancel, pause, resume, run_now.
import { z } from 'zod';
import { defineTool, type ToolDefinition, type ToolResult, type WakeupsCapability } from '../sdk';
import { renderList, renderRun, renderWakeup } from './render';

const WakeupId = z.string().min(1).describe('The wakeup id, e.g. "wk_mfx2k1a0b1c2d3e4f5" (see scheduler_list).');

/** Tool output of scheduler_list when there are no wakeups. */
export const NO_WAKEUPS_TOOL_TEXT = 'No wakeups are scheduled. Create one with scheduler_schedule.';

/**
 * Builds the scheduler tools over the runtime's port. Risks: `schedule` creates autonomous work (`write`: the user is
 * asked under the default policy, and the wakeup gets the read-only envelope whatever the model asks); `list` is
 * `read`; `cancel` deletes the wakeup and its receipts (`destructive`); `pause` / `resume` are `write`; `run_now` runs
 * the wakeup's envelope now (`write`, and always asked for a user-created wakeup, whose envelope the user may have
 * widened). Errors (unknown id, bad time or cron) come back as `isError` outputs naming the problem.
 */
export function createSchedulerTools(wakeups: WakeupsCapability): ToolDefinition[] {
  const createdByAgent = (id: string) => wakeups.list().find((w) => w.id === id)?.createdBy === 'agent';
  const schedule = defineTool({
    name: 'schedule',
    description:
      'Schedule an autonomous wakeup: a prompt that runs later as its own unattended turn. Give exactly one of at, in, ' +
      'cron or every. The run may use read-only tools only (the user can widen that in the Schedule view). Use it ' +
      'when the user asks for something later or on a schedule ("in 20 minutes check ...", "every weekday at 8:00 ...").',
    parameters: z.object({
      prompt: z.string().min(1).describe('What the run should do, written as an instruction to yourself.'),
      title: z.string().min(1).max(200).optional().describe('Short title; default: the start of the prompt.'),
      at: z.string().optional().describe('One-shot local date-time in tz, e.g. "2026-12-24T08:00".'),
      in: z.string().optional().describe('One-shot after a duration from now, e.g. "20m", "1h30m", "2d".'),
      cron: z.string().optional().describe('Cron expression in tz, 5 fields (e.g. "0 8 * * 1-5" = weekdays 08:00).'),
      every: z.string().optional().describe('Interval from now, e.g. "30m", "2h".'),
      tz: z.string().optional().describe("IANA zone for at and cron, e.g. Europe/Berlin; default the user's zone."),
      session: z
        .string()
        .optional()
        .describe('"new" (a fresh session per run, default) or a session name or id whose history the runs continue.'),
      misfire: z
        .enum(['skip', 'once', 'all'])
        .optional()
        .describe('Missed occurrences: skip them, run one catch-up (once, default), or run each (all).'),
      maxLateness: z
        .string()
        .optional()
        .describe('After this long past its time an occurrence is recorded missed instead of run, e.g. "2h".'),
      notify: z
        .enum(['always', 'when-reporting', 'never'])
        .optional()
        .describe('Notify the user always, only when the run has something to report (default), or never.'),
    }),
    risk: 'write',
    execute: (args) => guard(async () => `Scheduled ${renderWakeup(await wakeups.schedule(args), wakeups.zone())}`),
  });
  const list = defineTool({
    name: 'list',
    description: 'List the scheduled wakeups: id, next time, schedule, who created it, last outcome.',
    parameters: z.object({}),
    risk: 'read',
    execute: () => guard(async () => renderList(wakeups.list(), wakeups.zone(), NO_WAKEUPS_TOOL_TEXT)),
  });
  const cancel = defineTool({
    name: 'cancel',
    description: 'Delete a wakeup for good (its run history too). To stop it for a while, use scheduler_pause.',
    parameters: z.object({ id: WakeupId }),
    risk: 'destructive',
    execute: ({ id }) =>
      guard(async () => {
        const title = wakeups.list().find((w) => w.id === id)?.title;
        await wakeups.cancel(id);
        return `Deleted wakeup ${id}${title ? ` "${title}"` : ''}.`;
      }),
  });
  const pause = defineTool({
    name: 'pause',
    description: 'Pause a wakeup: nothing runs until it is resumed (occurrences in the pause are recorded skipped).',
    parameters: z.object({ id: WakeupId }),
    risk: 'write',
    execute: ({ id }) => guard(async () => `Paused ${renderWakeup(await wakeups.pause(id), wakeups.zone())}`),
  });
  const resume = defineTool({
    name: 'resume',
    description: 'Resume a paused wakeup from its next occurrence.',
    parameters: z.object({ id: WakeupId }),
    risk: 'write',
    execute: ({ id }) => guard(async () => `Resumed ${renderWakeup(await wakeups.resume(id), wakeups.zone())}`),
  });
  const runNow = defineTool({
    name: 'run_now',
    description:
      "Run a wakeup once now, outside its schedule, with exactly its scheduled envelope; returns the run's outcome.",
    parameters: z.object({ id: WakeupId }),
    risk: 'write',
    needsApproval: ({ id }) => !createdByAgent(id),
    timeoutMs: 15 * 60_000,
    execute: ({ id }) => guard(async () => renderRun(await wakeups.runNow(id))),
  });
  return [schedule, list, cancel, pause, resume, runNow];
}

async function guard(fn: () => Promise<string>): Promise<ToolResult> {
  try {
    return await fn();
  } catch (error) {
    return { output: (error as Error).message, isError: true };
  }
}
