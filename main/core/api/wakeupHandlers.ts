// The `wakeup/*` request handlers (issue 10): thin calls into the runtime's scheduler, shared by every transport.
import type { Runtime } from '../runtime';
import { awayDigest } from '../scheduler/digest';
import { systemZone } from '../scheduler/occurrences';
import { sessionResolver } from '../scheduler/pluginPort';
import type { Handlers } from './dispatch';

type WakeupChannels = Extract<keyof Handlers, `wakeup/${string}`>;

/**
 * Builds the `wakeup/*` handlers over `runtime.scheduler`. Scheduler errors carry contract codes (`not_found`,
 * `invalid_params`, `conflict`). A session reference in a draft resolves to an existing session id when it names one.
 */
export function createWakeupHandlers(runtime: Runtime): Pick<Handlers, WakeupChannels> {
  const { scheduler, sessions } = runtime;
  const resolveSession = sessionResolver(sessions);
  return {
    'wakeup/list': async () => ({ wakeups: scheduler.list(), problem: scheduler.store.problem }),
    'wakeup/get': async ({ wakeupId, limit }) => {
      const wakeup = scheduler.get(wakeupId);
      const { receipts, problems } = await scheduler.history(wakeupId, limit);
      return { wakeup, receipts, problems };
    },
    'wakeup/preview': async ({ count, ...draft }) => ({
      times: scheduler.preview(draft, count),
      zone: draft.tz?.trim() || systemZone(),
    }),
    'wakeup/create': async ({ test, ...draft }) => {
      const wakeup = await scheduler.create(draft, 'user', resolveSession);
      const receipt = test ? await scheduler.runNow(wakeup.id, 'test') : null;
      return { wakeup: scheduler.get(wakeup.id), test: receipt };
    },
    'wakeup/update': async ({ wakeupId, patch }) => scheduler.update(wakeupId, patch, 'user'),
    'wakeup/delete': async ({ wakeupId }) => {
      await scheduler.remove(wakeupId);
      return { deleted: true as const };
    },
    'wakeup/pause': async ({ wakeupId }) => scheduler.pause(wakeupId),
    'wakeup/resume': async ({ wakeupId }) => scheduler.resume(wakeupId),
    'wakeup/runNow': async ({ wakeupId }) => scheduler.runNow(wakeupId, 'manual'),
    'wakeup/digest': ({ since, peek }) => awayDigest(scheduler, { since, peek }, runtime.approvals.list().length),
  };
}
