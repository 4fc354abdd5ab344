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

/**
 * An ISO 8601 instant as wall-clock time `YYYY-MM-DD HH:mm` (24 h) in the IANA zone `zone` (default the system
 * zone), for lists and form fields; an unparsable value is returned as is.
 */
export function formatWallClock(iso: string, zone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', {
    ...(zone ? { timeZone: zone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}
