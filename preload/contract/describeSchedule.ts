// How a wakeup's schedule reads in lists (CLI, UI, agent tools). Types only from the contract: no zod at run time, so
// commands that load this (the CLI's `wakeups` module) stay light.
import type { Wakeup } from './scheduler';

/** How a wakeup's schedule reads in lists: `at 2026-12-24T08:00 Europe/Berlin`, `cron "0 8 * * 1-5" UTC`, `every 30m`. */
export function describeSchedule(w: Pick<Wakeup, 'schedule'>): string {
  const s = w.schedule;
  switch (s.type) {
    case 'at':
      return `at ${s.at} ${s.tz}`;
    case 'once':
      return `at ${s.dueAt}`;
    case 'cron':
      return `cron "${s.expr}" ${s.tz}`;
    case 'every':
      return `every ${Math.round(s.intervalMs / 60_000)}m`;
  }
}
