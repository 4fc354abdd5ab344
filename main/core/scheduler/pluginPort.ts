// The scheduler port plugins get (permission `wakeups`): the SDK's WakeupsCapability over the runtime's Scheduler.
import { describeSchedule } from '../../../preload/contract/describeSchedule';
import type { RunReceipt, WakeupView } from '../../../preload/contract/scheduler';
import type { WakeupInfo, WakeupRunInfo, WakeupsCapability } from '../../../plugins/sdk/wakeups';
import { awayDigest } from './digest';
import { systemZone } from './occurrences';
import type { Scheduler } from './scheduler';

/** What {@link createWakeupsCapability} needs from the runtime; `scheduler` is late-bound (plugins activate first). */
export interface WakeupsPortDeps {
  scheduler: () => Scheduler;
  /** The sessions a `session` reference is looked up in (see {@link sessionResolver}). */
  sessions: SessionLookup;
  /** Approvals open in the inbox right now (for the digest). */
  pendingApprovals: () => number;
  /** The user's IANA zone; default the system zone. */
  zone?: () => string;
}

/** The session lookups a wakeup's `session` reference needs. */
export interface SessionLookup {
  exists(id: string): Promise<boolean>;
  list(): Promise<{ id: string; title: string }[]>;
}

/** Maps a session reference (an id, or a session's title) to an existing session id, or null (a new named session). */
export function sessionResolver(sessions: SessionLookup): (ref: string) => Promise<string | null> {
  return async (ref) => {
    if (await sessions.exists(ref)) return ref;
    return (await sessions.list()).find((x) => x.title === ref)?.id ?? null;
  };
}

/**
 * Builds the plugin-facing scheduler port. `schedule` creates wakeups as the agent (`createdBy: 'agent'`, the
 * read-only envelope: the request has no envelope fields, so a plugin can never widen one). Errors are the
 * scheduler's (messages name the problem and the right form).
 */
export function createWakeupsCapability(deps: WakeupsPortDeps): WakeupsCapability {
  const s = deps.scheduler;
  const resolveSession = sessionResolver(deps.sessions);
  const zone = deps.zone ?? systemZone;
  return {
    async schedule(request) {
      const created = await s().create({ ...request, tz: request.tz ?? zone() }, 'agent', resolveSession);
      return toInfo(s().get(created.id));
    },
    list: () => s().list().map(toInfo),
    cancel: (id) => s().remove(id),
    pause: async (id) => (await s().pause(id), toInfo(s().get(id))),
    resume: async (id) => (await s().resume(id), toInfo(s().get(id))),
    runNow: async (id) => toRunInfo(await s().runNow(id, 'manual')),
    waitingRuns: () =>
      s()
        .waitingList()
        .map(({ runId, wakeupId, title, tool, sessionId, since }) => ({
          runId,
          wakeupId,
          title,
          tool,
          sessionId,
          since,
        })),
    digest: async ({ peek }) => (await awayDigest(s(), { peek }, deps.pendingApprovals())).text,
    zone,
  };
}

function toInfo(w: WakeupView): WakeupInfo {
  return {
    id: w.id,
    title: w.title,
    prompt: w.prompt,
    schedule: describeSchedule(w),
    enabled: w.enabled,
    pausedReason: w.pausedReason,
    nextDueAt: w.nextDueAt,
    upcoming: w.upcoming,
    createdBy: w.createdBy,
    notify: w.notify,
    allowed: w.envelope.grants.flatMap((g) => {
      const constraints = [...(g.paths ?? []), ...(g.commands ?? []), ...(g.hosts ?? [])];
      return constraints.length ? constraints.map((c) => `${g.tool}:${c}`) : [g.tool];
    }),
    last: w.last ? { status: w.last.status, endedAt: w.last.endedAt, sessionId: w.last.sessionId } : null,
  };
}

function toRunInfo(r: RunReceipt): WakeupRunInfo {
  return {
    runId: r.runId,
    wakeupId: r.wakeupId,
    scheduledFor: r.scheduledFor,
    status: r.status ?? 'claimed',
    sessionId: r.sessionId ?? null,
    text: r.text ?? '',
    error: r.error ?? null,
    toolsUsed: r.toolsUsed,
  };
}
