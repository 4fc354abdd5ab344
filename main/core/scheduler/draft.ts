// Turns what a user or agent typed (WakeupDraft) into a stored Wakeup's fields, with errors that show the right form.
import type {
  EnvelopeGrant,
  GrantEnvelope,
  MisfirePolicy,
  Schedule,
  WakeupDraft,
  WakeupTarget,
} from '../../../preload/contract/scheduler';
import { RunBudget } from '../../../preload/contract/scheduler';
import { parseDuration } from './durations';
import {
  ScheduleError,
  assertZone,
  formatLocal,
  localToInstant,
  nextOccurrence,
  validateSchedule,
} from './occurrences';

/** Default catch-up cap of misfire policy `all`. */
export const DEFAULT_MAX_CATCH_UP = 5;

/** Tools whose `--allow TOOL:CONSTRAINT` is a path root (the call's path must be inside it). */
const PATH_TOOLS = new Set(['read_file', 'write_file', 'edit_file', 'list_dir', 'glob', 'grep']);

/**
 * The schedule of a draft at time `now` (ms): exactly one of `at` (a local date-time in `tz`, or an instant with an
 * offset), `in` (a duration from now), `cron` (in `tz`) or `every` (first run one interval from now). `systemTz` is
 * the default zone. Throws {@link ScheduleError} naming the problem with an example of the right form; a one-shot in
 * the past is an error.
 */
export function scheduleFromDraft(
  draft: Pick<WakeupDraft, 'at' | 'in' | 'cron' | 'every' | 'tz'>,
  now: number,
  systemTz: string,
): Schedule {
  const given = (['at', 'in', 'cron', 'every'] as const).filter((k) => draft[k] !== undefined && draft[k] !== '');
  if (given.length !== 1)
    throw new ScheduleError(
      `Give exactly one of at, in, cron or every (got ${given.length === 0 ? 'none' : given.join(', ')}), e.g. --in 20m, --at 2026-12-24T08:00, --cron "0 8 * * 1-5" or --every 30m.`,
    );
  const tz = assertZone(draft.tz?.trim() || systemTz);
  let schedule: Schedule;
  if (draft.at !== undefined) {
    const at = draft.at.trim().replace(' ', 'T');
    if (/(Z|[+-]\d{2}:?\d{2})$/i.test(at) && Number.isFinite(Date.parse(at)))
      schedule = { type: 'once', dueAt: new Date(Date.parse(at)).toISOString() };
    else schedule = { type: 'at', at, tz };
  } else if (draft.in !== undefined) {
    schedule = { type: 'once', dueAt: new Date(now + parseDuration(draft.in)).toISOString() };
  } else if (draft.cron !== undefined) {
    schedule = { type: 'cron', expr: draft.cron.trim(), tz };
  } else {
    const intervalMs = parseDuration(draft.every!);
    if (intervalMs < 60_000)
      throw new ScheduleError(`--every ${draft.every} is shorter than one minute; use 1m or more, e.g. --every 30m.`);
    schedule = { type: 'every', intervalMs, anchor: new Date(now + intervalMs).toISOString() };
  }
  validateSchedule(schedule);
  if (nextOccurrence(schedule, now - 1) === null) {
    const when = schedule.type === 'at' ? `${schedule.at} in ${schedule.tz}` : draft.at;
    throw new ScheduleError(
      `${when} is in the past (it is now ${formatLocal(now, tz)} in ${tz}). Give a later time, e.g. --at ${formatLocal(now + 3_600_000, tz).slice(0, 16)} or --in 1h.`,
    );
  }
  return schedule;
}

/** Re-exported so callers can convert a local time for previews. */
export { localToInstant };

/** The misfire policy of a draft (defaults: `once`, no lateness limit, catch-up cap 5). */
export function misfireFromDraft(draft: Pick<WakeupDraft, 'misfire' | 'maxLateness'>): MisfirePolicy {
  return {
    policy: draft.misfire ?? 'once',
    maxLatenessMs: draft.maxLateness ? parseDuration(draft.maxLateness, 'max lateness') : null,
    maxCatchUp: DEFAULT_MAX_CATCH_UP,
  };
}

/**
 * Parses `--allow` entries: `TOOL` grants the tool unconstrained; `TOOL:CONSTRAINT` constrains it: a command pattern
 * for `bash` (approval-rule glob, e.g. `bash:git status`), a path root for file tools (`read_file:/home/me/Inbox`),
 * a host for anything else (`open_url:*.example.com`). Entries for the same tool merge. Throws on an empty tool name
 * or a relative path root.
 */
export function grantsFromAllow(allow: readonly string[]): EnvelopeGrant[] {
  const byTool = new Map<string, EnvelopeGrant>();
  for (const entry of allow) {
    const colon = entry.indexOf(':');
    const tool = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const constraint = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!/^[A-Za-z0-9_-]+$/.test(tool))
      throw new ScheduleError(
        `--allow "${entry}" does not start with a tool name; use TOOL or TOOL:CONSTRAINT, e.g. --allow read_file:/home/me/Inbox or --allow "bash:git status".`,
      );
    const grant = byTool.get(tool) ?? { tool };
    if (constraint) {
      if (tool === 'bash') grant.commands = [...(grant.commands ?? []), constraint];
      else if (PATH_TOOLS.has(tool)) {
        if (!constraint.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(constraint))
          throw new ScheduleError(
            `--allow ${entry}: a path root must be absolute, e.g. --allow ${tool}:/home/me/Inbox.`,
          );
        grant.paths = [...(grant.paths ?? []), constraint];
      } else grant.hosts = [...(grant.hosts ?? []), constraint];
    }
    byTool.set(tool, grant);
  }
  return [...byTool.values()];
}

/**
 * The grant envelope of a draft. Wakeups the agent creates get the read-only envelope whatever the draft says: only
 * the user widens an envelope.
 */
export function envelopeFromDraft(
  draft: Pick<WakeupDraft, 'allow' | 'budget'>,
  createdBy: 'user' | 'agent',
): GrantEnvelope {
  const budget = RunBudget.parse(draft.budget ?? {});
  if (createdBy === 'agent') return { readOnly: true, grants: [], budget: RunBudget.parse({}) };
  return { readOnly: true, grants: grantsFromAllow(draft.allow ?? []), budget };
}

/**
 * The target of a draft's `session`: `new` / empty = a fresh session per run; otherwise a named session that keeps
 * its history (`existingId` is the id when the reference names an existing session).
 */
export function targetFromDraft(session: string | undefined, existingId: string | null): WakeupTarget {
  const ref = session?.trim() ?? '';
  if (ref === '' || ref === 'new') return { type: 'fresh' };
  return { type: 'session', name: ref, sessionId: existingId };
}

/** A default title: the prompt's first line, cut at 60 characters. */
export function defaultTitle(prompt: string): string {
  const line = prompt.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || 'Wakeup';
}
