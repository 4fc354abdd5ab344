// Occurrences: cron in IANA zones, both DST transitions, one-shots, intervals, previews and bad input.
import { describe, expect, it } from 'vitest';
import {
  ScheduleError,
  dueOccurrences,
  localToInstant,
  nextOccurrence,
  upcoming,
} from '../../../../main/core/scheduler/occurrences';
import { scheduleFromDraft } from '../../../../main/core/scheduler/draft';
import { DurationError, parseDuration } from '../../../../main/core/scheduler/durations';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const t = (s: string) => Date.parse(s);

describe('cron in a zone', () => {
  it('weekdays at 08:00 New York, across the March DST change', () => {
    const s = { type: 'cron' as const, expr: '0 8 * * 1-5', tz: 'America/New_York' };
    expect(upcoming(s, t('2026-03-06T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-03-06T13:00:00.000Z', // Friday, EST
      '2026-03-09T12:00:00.000Z', // Monday, EDT
      '2026-03-10T12:00:00.000Z',
    ]);
  });

  it('6-field expressions have seconds first', () => {
    const s = { type: 'cron' as const, expr: '30 0 9 * * *', tz: 'UTC' };
    expect(iso(nextOccurrence(s, t('2026-05-01T00:00:00Z')))).toBe('2026-05-01T09:00:30.000Z');
  });

  it('spring forward: a wall time that does not exist runs at the first valid instant after it', () => {
    // Europe/Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    const s = { type: 'cron' as const, expr: '30 2 * * *', tz: 'Europe/Berlin' };
    expect(upcoming(s, t('2026-03-27T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first valid instant after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fall back: an ambiguous wall time runs once, at its first occurrence', () => {
    // Europe/Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    const s = { type: 'cron' as const, expr: '30 2 * * *', tz: 'Europe/Berlin' };
    expect(upcoming(s, t('2026-10-23T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 02:30 CEST (first); 02:30 CET at 01:30Z is not run
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('fall back: a pattern with a wildcard hour runs by elapsed time through the repeated hour', () => {
    const s = { type: 'cron' as const, expr: '*/30 * * * *', tz: 'Europe/Berlin' };
    expect(upcoming(s, t('2026-10-24T23:45:00Z'), 5).map(iso)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });
});

describe('one-shots and intervals', () => {
  it('a local date-time is read in its zone, with the same DST rules', () => {
    expect(iso(localToInstant('2026-06-01T08:00', 'Europe/Berlin'))).toBe('2026-06-01T06:00:00.000Z');
    expect(iso(localToInstant('2026-03-29T02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(localToInstant('2026-10-25T02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(localToInstant('2026-12-31T23:59:59', 'Pacific/Kiritimati'))).toBe('2026-12-31T09:59:59.000Z');
  });

  it('a one-shot is due once, next year is never chosen for a past time', () => {
    const s = { type: 'at' as const, at: '2026-06-01T08:00', tz: 'Europe/Berlin' };
    expect(iso(nextOccurrence(s, t('2026-05-01T00:00:00Z')))).toBe('2026-06-01T06:00:00.000Z');
    expect(nextOccurrence(s, t('2026-06-01T06:00:00Z'))).toBeNull();
  });

  it('every: anchor plus whole intervals', () => {
    const s = { type: 'every' as const, intervalMs: 30 * 60_000, anchor: '2026-05-01T10:00:00.000Z' };
    expect(iso(nextOccurrence(s, t('2026-05-01T09:00:00Z')))).toBe('2026-05-01T10:00:00.000Z');
    expect(iso(nextOccurrence(s, t('2026-05-01T10:00:00Z')))).toBe('2026-05-01T10:30:00.000Z');
    expect(iso(nextOccurrence(s, t('2026-05-01T11:10:00Z')))).toBe('2026-05-01T11:30:00.000Z');
  });

  it('dueOccurrences keeps the latest ones and sums the older range', () => {
    const s = { type: 'every' as const, intervalMs: 60_000, anchor: '2026-05-01T00:00:00.000Z' };
    const due = dueOccurrences(s, t('2026-05-01T00:00:00Z'), t('2026-05-01T01:00:00Z'), 3);
    expect(due.recent.map(iso)).toEqual([
      '2026-05-01T00:58:00.000Z',
      '2026-05-01T00:59:00.000Z',
      '2026-05-01T01:00:00.000Z',
    ]);
    expect(due.older).toEqual({ count: 58, first: t('2026-05-01T00:00:00Z'), last: t('2026-05-01T00:57:00Z') });
  });
});

describe('drafts and bad input', () => {
  const now = t('2026-05-01T10:00:00Z');
  it('in, at with an offset, cron and every become schedules', () => {
    expect(scheduleFromDraft({ in: '20m' }, now, 'UTC')).toEqual({ type: 'once', dueAt: '2026-05-01T10:20:00.000Z' });
    expect(scheduleFromDraft({ at: '2026-05-02T08:00:00+02:00' }, now, 'UTC')).toEqual({
      type: 'once',
      dueAt: '2026-05-02T06:00:00.000Z',
    });
    expect(scheduleFromDraft({ at: '2026-05-02 08:00', tz: 'Asia/Tokyo' }, now, 'UTC')).toEqual({
      type: 'at',
      at: '2026-05-02T08:00',
      tz: 'Asia/Tokyo',
    });
    expect(scheduleFromDraft({ cron: '0 9 * * 1' }, now, 'Europe/Berlin')).toEqual({
      type: 'cron',
      expr: '0 9 * * 1',
      tz: 'Europe/Berlin',
    });
    expect(scheduleFromDraft({ every: '30m' }, now, 'UTC')).toEqual({
      type: 'every',
      intervalMs: 1_800_000,
      anchor: '2026-05-01T10:30:00.000Z',
    });
  });

  it('each bad input names the problem and shows the right form', () => {
    const bad = (draft: Parameters<typeof scheduleFromDraft>[0]) => {
      try {
        scheduleFromDraft(draft, now, 'UTC');
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad({ cron: '61 * * * *' })).toMatch(/not a valid cron expression.*Example: "0 8 \* \* 1-5"/);
    expect(bad({ cron: '* * *' })).toMatch(/has 3 fields; a cron expression has 5/);
    expect(bad({ cron: '0 8 * * *', tz: 'Mars/Olympus' })).toMatch(/not a known IANA time zone.*Europe\/Berlin/);
    expect(bad({ in: 'soon' })).toMatch(/"soon" is not a valid duration.*20m/);
    expect(bad({ at: '2026-04-30T08:00' })).toMatch(/is in the past \(it is now 2026-05-01T10:00:00 in UTC\).*--in 1h/);
    expect(bad({ at: '2026-02-30T08:00' })).toMatch(/not a real date/);
    expect(bad({ at: 'tomorrow' })).toMatch(/not a local date-time.*2026-12-24T08:00/);
    expect(bad({})).toMatch(/exactly one of at, in, cron or every/);
    expect(bad({ in: '5m', cron: '* * * * *' })).toMatch(/got in, cron/);
    expect(bad({ every: '10s' })).toMatch(/shorter than one minute/);
  });

  it('durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('PT20M')).toBe(1_200_000);
    expect(() => parseDuration('0m')).toThrow(DurationError);
    expect(() => parseDuration('5 parsecs')).toThrow(/not a valid duration/);
    expect(new ScheduleError('x').name).toBe('ScheduleError');
  });
});
