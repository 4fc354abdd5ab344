// The scheduler plugin: the model's facade over wakeups — scheduler_* tools, the "Schedule" context provider,
// /wakeups and /digest, and the prompt section for scheduled runs (issue 10).
import { definePlugin, QUIET_MARKER } from '../sdk';
import { createDigestCommand, createWakeupsCommand } from './commands';
import { createScheduleProvider } from './provider';
import { createSchedulerTools } from './tools';

/** Appended to the system prompt: how scheduled runs look and how a quiet check-in answers. */
export const SCHEDULER_PROMPT_SECTION =
  'Scheduled runs: a message that starts with "Scheduled run of" comes from a wakeup the user set up, not from the ' +
  'user typing now. Nobody watches it live: do the task with the tools you may use, then answer briefly with what ' +
  'the user needs to know. If the task is a check and there is nothing the user needs to see, answer exactly ' +
  `${QUIET_MARKER} and nothing else: the run then ends quietly and nobody is notified. To schedule work for later, ` +
  'use scheduler_schedule; times are in the user’s zone unless you give tz.';

/**
 * Activation needs the `wakeups` capability (permission in plugin.json; the runtime provides it). Without it the
 * plugin fails to activate with an error saying so (the host marks it failed; the rest keeps working).
 */
export default definePlugin({
  activate(ctx) {
    const wakeups = ctx.wakeups;
    if (!wakeups)
      throw new Error(
        'The scheduler plugin needs the `wakeups` capability: grant permission "wakeups" in its plugin.json and run it in a runtime that provides the scheduler.',
      );
    return {
      tools: createSchedulerTools(wakeups),
      contextProviders: [createScheduleProvider(wakeups)],
      slashCommands: [createWakeupsCommand(wakeups), createDigestCommand(wakeups)],
      promptSections: [SCHEDULER_PROMPT_SECTION],
    };
  },
});
