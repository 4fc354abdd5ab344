// The "Schedule" context provider: wakeups due in the next 24 hours and runs waiting for the user's approval.
import {
  defineContextProvider,
  type ContextProviderDefinition,
  type WaitingRunInfo,
  type WakeupsCapability,
} from '../sdk';
import { localTime, renderWaiting } from './render';

/** How far ahead the provider looks (ms). */
export const SCHEDULE_HORIZON_MS = 24 * 3_600_000;

/** What the provider injects: upcoming occurrences (soonest first) and waiting runs. */
export interface ScheduleSnapshot {
  zone: string;
  upcoming: { id: string; title: string; at: string; createdBy: 'user' | 'agent' }[];
  waiting: WaitingRunInfo[];
}

/**
 * Builds the provider over the port. `now` is injectable for tests. The prompt is '' when nothing is due in the next
 * 24 hours and nothing waits, so quiet schedules cost no tokens.
 */
export function createScheduleProvider(
  wakeups: WakeupsCapability,
  now: () => number = Date.now,
): ContextProviderDefinition {
  return defineContextProvider<ScheduleSnapshot>({
    id: 'schedule',
    title: 'Schedule',
    snapshot() {
      const from = now();
      const upcoming: ScheduleSnapshot['upcoming'] = [];
      for (const w of wakeups.list()) {
        if (!w.enabled) continue;
        for (const at of w.upcoming) {
          const ms = Date.parse(at);
          if (ms >= from && ms <= from + SCHEDULE_HORIZON_MS)
            upcoming.push({ id: w.id, title: w.title, at, createdBy: w.createdBy });
        }
      }
      upcoming.sort((a, b) => a.at.localeCompare(b.at));
      return { zone: wakeups.zone(), upcoming, waiting: wakeups.waitingRuns() };
    },
    toPrompt({ zone, upcoming, waiting }) {
      const parts: string[] = [];
      if (upcoming.length)
        parts.push(
          `Wakeups in the next 24 hours (times in ${zone}):\n` +
            upcoming.map((u) => `- ${localTime(u.at, zone)} "${u.title}" (${u.id}, by ${u.createdBy})`).join('\n'),
        );
      if (waiting.length)
        parts.push(`Scheduled runs waiting for the user's approval:\n${renderWaiting(waiting, zone)}`);
      return parts.join('\n\n');
    },
    detail: ({ upcoming, waiting }) => ({
      upcoming: upcoming.map((u) => u.id),
      waiting: waiting.map((w) => w.runId),
    }),
  });
}
