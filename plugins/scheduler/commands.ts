// Slash commands: /wakeups (list, pause, resume, run, cancel) and /digest (what autonomous runs did while away).
import { defineSlashCommand, type SlashCommandDefinition, type WakeupsCapability } from '../sdk';
import { renderList, renderRun, renderWakeup, renderWaiting } from './render';

/** /wakeups output when there are none. */
export const NO_WAKEUPS_COMMAND_TEXT =
  'No wakeups. Create one in the Schedule view, with `deskpilot wakeups add`, or ask the assistant ("every weekday at 8:00 ...").';

const USAGE = '/wakeups [pause|resume|run|cancel <id>]';

/**
 * `/wakeups` lists every wakeup (and runs waiting for approval); `/wakeups pause|resume|run|cancel <id>` acts on one
 * on the user's behalf. Errors (unknown id, unknown action) are the command's text.
 */
export function createWakeupsCommand(wakeups: WakeupsCapability): SlashCommandDefinition {
  return defineSlashCommand({
    name: 'wakeups',
    description: 'List scheduled wakeups, or pause, resume, run or cancel one.',
    usage: USAGE,
    run: async ({ args }) => {
      const zone = wakeups.zone();
      const [action, id, ...rest] = args.split(/\s+/).filter(Boolean);
      try {
        if (!action) {
          const waiting = wakeups.waitingRuns();
          const list = renderList(wakeups.list(), zone, NO_WAKEUPS_COMMAND_TEXT);
          return {
            text: waiting.length ? `${list}\n\nWaiting for your approval:\n${renderWaiting(waiting, zone)}` : list,
          };
        }
        if (!id || rest.length > 0 || !['pause', 'resume', 'run', 'cancel'].includes(action))
          return { text: `Usage: ${USAGE}, e.g. /wakeups pause wk_mfx2k1a0b1c2d3e4f5.` };
        if (action === 'pause') return { text: `Paused ${renderWakeup(await wakeups.pause(id), zone)}` };
        if (action === 'resume') return { text: `Resumed ${renderWakeup(await wakeups.resume(id), zone)}` };
        if (action === 'run') {
          const run = await wakeups.runNow(id);
          return { text: renderRun(run), ...(run.sessionId ? { switchToSession: run.sessionId } : {}) };
        }
        await wakeups.cancel(id);
        return { text: `Deleted wakeup ${id}.` };
      } catch (error) {
        return { text: (error as Error).message };
      }
    },
  });
}

/** `/digest`: what autonomous runs did since the user last looked; marks it seen. */
export function createDigestCommand(wakeups: WakeupsCapability): SlashCommandDefinition {
  return defineSlashCommand({
    name: 'digest',
    description: 'What scheduled runs did since you last looked: outcomes, tools used, approvals waiting, missed runs.',
    usage: '/digest',
    run: async () => ({ text: (await wakeups.digest({ peek: false })) || 'Nothing happened since you last looked.' }),
  });
}
