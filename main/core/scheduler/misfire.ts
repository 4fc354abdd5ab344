// The misfire policy (pure): which due occurrences run, which are recorded missed and why.
import type { MisfirePolicy, RunTrigger } from '../../../preload/contract/scheduler';
import { formatDuration } from './durations';
import type { DueOccurrences } from './occurrences';

/** An occurrence this late (ms) or less counts as on time (a busy event loop, a slow disk); later ones misfired. */
export const ON_TIME_MS = 60_000;

/** Why occurrences were not run when due: shown in their receipts. */
export type MissCause = 'app not running' | 'machine asleep' | 'clock changed' | 'paused';

/** One occurrence (or a summed range) recorded without running. */
export interface MissedOccurrence {
  at: number;
  /** Last occurrence of a summed range (count > 1). */
  lastAt?: number;
  count: number;
  reason: string;
}

/** What to do with due occurrences: run these (oldest first), record those as missed. */
export interface DuePlan {
  run: { at: number; trigger: RunTrigger }[];
  missed: MissedOccurrence[];
}

/**
 * Applies a wakeup's misfire policy at time `now` (ms) to its due occurrences. On-time occurrences (at most
 * {@link ON_TIME_MS} late) run. A late one later than `maxLatenessMs` is missed (`too late`). The other late ones:
 * `skip` records them missed with `cause`; `once` runs the latest (one coalesced catch-up) and records the rest;
 * `all` runs the latest `maxCatchUp` and records the rest. Summed older ranges are always recorded missed.
 */
export function planDue(due: DueOccurrences, now: number, misfire: MisfirePolicy, cause: MissCause): DuePlan {
  const missed: MissedOccurrence[] = [];
  if (due.older)
    missed.push({
      at: due.older.first,
      ...(due.older.count > 1 ? { lastAt: due.older.last } : {}),
      count: due.older.count,
      reason: `${cause}; too many occurrences to catch up`,
    });
  const onTime: number[] = [];
  const late: number[] = [];
  for (const at of due.recent) {
    const lateness = now - at;
    if (lateness <= ON_TIME_MS) onTime.push(at);
    else if (misfire.maxLatenessMs !== null && lateness > misfire.maxLatenessMs)
      missed.push({
        at,
        count: 1,
        reason: `too late: ${formatDuration(lateness)} after its time, more than maxLateness ${formatDuration(misfire.maxLatenessMs)} (${cause})`,
      });
    else late.push(at);
  }
  let catchUp: number[] = [];
  if (misfire.policy === 'once' && late.length > 0 && onTime.length === 0) catchUp = late.slice(-1);
  else if (misfire.policy === 'all') catchUp = late.slice(-misfire.maxCatchUp);
  const covered = misfire.policy === 'once' ? '; one catch-up run covers it' : '';
  for (const at of late) {
    if (catchUp.includes(at)) continue;
    const why =
      misfire.policy === 'skip'
        ? `${cause} (misfire policy skip)`
        : misfire.policy === 'all'
          ? `${cause}; beyond the catch-up limit of ${misfire.maxCatchUp}`
          : `${cause}${covered}`;
    missed.push({ at, count: 1, reason: why });
  }
  missed.sort((a, b) => a.at - b.at);
  return {
    run: [
      ...catchUp.map((at) => ({ at, trigger: 'catch-up' as const })),
      ...onTime.map((at) => ({ at, trigger: 'schedule' as const })),
    ],
    missed,
  };
}
