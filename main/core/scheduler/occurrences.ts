// Occurrences of a schedule: next due times for `at`, `once`, `cron` (croner, IANA zones) and `every`, with DST rules.
import { Cron } from 'croner';
import type { Schedule } from '../../../preload/contract/scheduler';

/** A schedule input that cannot be used (bad cron, zone, date-time); the message shows a valid example. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** The system's IANA zone (e.g. `Europe/Berlin`; `UTC` when the platform reports none). */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new ScheduleError(
        `"${tz}" is not a known IANA time zone. Use a name like Europe/Berlin, America/New_York or UTC.`,
      );
    }
    formatters.set(tz, f);
  }
  return f;
}

/** Throws {@link ScheduleError} unless `tz` is a known IANA zone name; returns it. */
export function assertZone(tz: string): string {
  formatter(tz);
  return tz;
}

/** The wall-clock fields of instant `ms` in zone `tz`: `[year, month 1-12, day, hour, minute, second]`. */
export function wallFields(ms: number, tz: string): number[] {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** Instant `ms` as a local date-time string `YYYY-MM-DDTHH:mm:ss` in zone `tz`. */
export function formatLocal(ms: number, tz: string): string {
  const [y, mo, d, h, mi, s] = wallFields(ms, tz);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}`;
}

/** UTC offset of zone `tz` at instant `ms`, in ms (east positive). */
function offsetAt(ms: number, tz: string): number {
  const [y, mo, d, h, mi, s] = wallFields(ms, tz);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of local date-time `at` (`YYYY-MM-DDTHH:mm[:ss]`) in zone `tz`. A wall time skipped by a spring-forward
 * transition gives the first valid instant after it (the transition); an ambiguous one (fall back) gives its first
 * occurrence. Throws {@link ScheduleError} for a malformed or impossible date (e.g. 2026-02-30) or an unknown zone.
 */
export function localToInstant(at: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(at.trim());
  const example = "Use a local date-time like 2026-12-24T08:00 (24-hour clock, in the wakeup's zone).";
  if (!m) throw new ScheduleError(`"${at}" is not a local date-time. ${example}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0));
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    throw new ScheduleError(`"${at}" is not a real date and time. ${example}`);
  // A one-shot is the cron pattern of its wall time, so one-shots and cron share one set of DST rules (nextCronRun).
  const next = nextCronRun(`${s} ${mi} ${h} ${d} ${mo} *`, tz, Date.UTC(y, mo - 1, d) - 2 * 86_400_000);
  if (next === null) throw new ScheduleError(`"${at}" has no instant in ${tz}. ${example}`);
  return next;
}

/** Splits a cron expression into fields; throws unless it has 5 or 6. */
function cronFields(expr: string): string[] {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6)
    throw new ScheduleError(
      `"${expr}" has ${fields.length} fields; a cron expression has 5 (minute hour day month weekday, e.g. "0 8 * * 1-5" = weekdays at 08:00) or 6 (seconds first).`,
    );
  return fields;
}

const crons = new Map<string, Cron>();

/** A paused croner job for `expr` in `tz` (cached); throws {@link ScheduleError} with an example for a bad expression. */
export function cronJob(expr: string, tz: string): Cron {
  const key = `${tz}\u0000${expr}`;
  let job = crons.get(key);
  if (!job) {
    cronFields(expr);
    assertZone(tz);
    try {
      job = new Cron(expr.trim(), { timezone: tz, paused: true });
    } catch (error) {
      throw new ScheduleError(
        `"${expr}" is not a valid cron expression (${(error as Error).message}). Example: "0 8 * * 1-5" = weekdays at 08:00, "*/30 * * * *" = every 30 minutes.`,
      );
    }
    if (crons.size > 5000) crons.clear();
    crons.set(key, job);
  }
  return job;
}

/**
 * Whether a cron occurrence at `ms` is the second pass of an ambiguous wall time (fall back) that a fixed-hour
 * pattern already ran at: such patterns run once, at the first occurrence. Patterns whose hour field is a wildcard
 * (`*`, `*\/2`) run by elapsed time through the repeated hour, as Vixie cron does.
 */
function isRepeatedWallTime(expr: string, tz: string, ms: number): boolean {
  const fields = cronFields(expr);
  const hour = fields[fields.length === 6 ? 2 : 1];
  if (hour.startsWith('*')) return false;
  const shift = offsetAt(ms - 6 * 3_600_000, tz) - offsetAt(ms, tz);
  if (shift <= 0) return false;
  return formatLocal(ms - shift, tz) === formatLocal(ms, tz);
}

/** Validates a schedule (zone, cron, date-time, interval); throws {@link ScheduleError} naming the problem. */
export function validateSchedule(schedule: Schedule): void {
  switch (schedule.type) {
    case 'at':
      localToInstant(schedule.at, schedule.tz);
      return;
    case 'once':
      if (!Number.isFinite(Date.parse(schedule.dueAt)))
        throw new ScheduleError(`"${schedule.dueAt}" is not an ISO 8601 instant, e.g. 2026-12-24T07:00:00Z.`);
      return;
    case 'cron':
      cronJob(schedule.expr, schedule.tz);
      return;
    case 'every':
      if (!Number.isFinite(Date.parse(schedule.anchor)))
        throw new ScheduleError(`"${schedule.anchor}" is not an ISO 8601 instant, e.g. 2026-12-24T07:00:00Z.`);
  }
}

/**
 * The first occurrence of `schedule` strictly after `afterMs` (ms since the epoch), or null when there is none
 * (a one-shot in the past). Throws {@link ScheduleError} for an invalid schedule.
 */
export function nextOccurrence(schedule: Schedule, afterMs: number): number | null {
  switch (schedule.type) {
    case 'at': {
      const at = localToInstant(schedule.at, schedule.tz);
      return at > afterMs ? at : null;
    }
    case 'once': {
      const at = Date.parse(schedule.dueAt);
      return at > afterMs ? at : null;
    }
    case 'every': {
      const anchor = Date.parse(schedule.anchor);
      if (afterMs < anchor) return anchor;
      return anchor + (Math.floor((afterMs - anchor) / schedule.intervalMs) + 1) * schedule.intervalMs;
    }
    case 'cron':
      return nextCronRun(schedule.expr, schedule.tz, afterMs);
  }
}

/**
 * The first run of cron `expr` in zone `tz` strictly after `afterMs`, with the DST rules in one place: a wall time
 * skipped by spring-forward runs at the first valid instant after it (croner), and the second pass of an ambiguous
 * wall time (fall back) is skipped for fixed-hour patterns (see isRepeatedWallTime). Null when there is none.
 * Throws {@link ScheduleError} for a bad expression or zone.
 */
function nextCronRun(expr: string, tz: string, afterMs: number): number | null {
  const job = cronJob(expr, tz);
  let from = afterMs;
  for (let guard = 0; guard < 1000; guard++) {
    const next = job.nextRun(new Date(from))?.getTime() ?? null;
    if (next === null || !isRepeatedWallTime(expr, tz, next)) return next;
    from = next;
  }
  return null;
}

/** The next `count` occurrences strictly after `afterMs` (fewer when the schedule ends). */
export function upcoming(schedule: Schedule, afterMs: number, count: number): number[] {
  const out: number[] = [];
  let from = afterMs;
  while (out.length < count) {
    const next = nextOccurrence(schedule, from);
    if (next === null) break;
    out.push(next);
    from = next;
  }
  return out;
}

/** Due occurrences in `[fromMs, untilMs]`: the latest `keepLast` one by one, earlier ones summed as a range. */
export interface DueOccurrences {
  /** Occurrences before `recent`, summed: how many, the first and the last (null when none). */
  older: { count: number; first: number; last: number } | null;
  /** The latest occurrences, oldest first (at most `keepLast`). */
  recent: number[];
}

/**
 * Occurrences in `[fromMs, untilMs]`, starting with `fromMs` itself (a known due time); an empty result when
 * `fromMs > untilMs`. Walks at most 1,000,000 occurrences (a one-second cron over eleven days).
 */
export function dueOccurrences(schedule: Schedule, fromMs: number, untilMs: number, keepLast: number): DueOccurrences {
  const recent: number[] = [];
  let older: { count: number; first: number; last: number } | null = null;
  let at: number | null = fromMs;
  for (let n = 0; at !== null && at <= untilMs && n < 1_000_000; n++) {
    recent.push(at);
    if (recent.length > keepLast) {
      const dropped = recent.shift()!;
      if (older) {
        older.count += 1;
        older.last = dropped;
      } else older = { count: 1, first: dropped, last: dropped };
    }
    at = nextOccurrence(schedule, at);
  }
  return { older, recent };
}
