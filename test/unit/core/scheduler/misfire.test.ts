// The misfire policy: skip, once, all, maxLateness, on-time occurrences and summed ranges.
import { describe, expect, it } from 'vitest';
import { ON_TIME_MS, planDue } from '../../../../main/core/scheduler/misfire';

const H = 3_600_000;
const now = 100 * H;
const due = (hoursAgo: number[]) => ({ older: null, recent: hoursAgo.map((h) => now - h * H) });

describe('planDue', () => {
  it('on-time occurrences run under every policy', () => {
    for (const policy of ['skip', 'once', 'all'] as const) {
      const plan = planDue(
        { older: null, recent: [now - ON_TIME_MS] },
        now,
        { policy, maxLatenessMs: null, maxCatchUp: 5 },
        'app not running',
      );
      expect(plan.run).toEqual([{ at: now - ON_TIME_MS, trigger: 'schedule' }]);
      expect(plan.missed).toEqual([]);
    }
  });

  it('skip records every late occurrence as missed with its cause', () => {
    const plan = planDue(
      due([3, 2, 1]),
      now,
      { policy: 'skip', maxLatenessMs: null, maxCatchUp: 5 },
      'app not running',
    );
    expect(plan.run).toEqual([]);
    expect(plan.missed.map((m) => m.reason)).toEqual(Array(3).fill('app not running (misfire policy skip)'));
  });

  it('once runs one coalesced catch-up (the latest) and records the rest', () => {
    const plan = planDue(due([3, 2, 1]), now, { policy: 'once', maxLatenessMs: null, maxCatchUp: 5 }, 'machine asleep');
    expect(plan.run).toEqual([{ at: now - H, trigger: 'catch-up' }]);
    expect(plan.missed.map((m) => [m.at, m.reason])).toEqual([
      [now - 3 * H, 'machine asleep; one catch-up run covers it'],
      [now - 2 * H, 'machine asleep; one catch-up run covers it'],
    ]);
  });

  it('all runs each late occurrence up to the cap, oldest first', () => {
    const plan = planDue(
      due([4, 3, 2, 1]),
      now,
      { policy: 'all', maxLatenessMs: null, maxCatchUp: 3 },
      'app not running',
    );
    expect(plan.run.map((r) => r.at)).toEqual([now - 3 * H, now - 2 * H, now - H]);
    expect(plan.missed).toEqual([
      { at: now - 4 * H, count: 1, reason: 'app not running; beyond the catch-up limit of 3' },
    ]);
  });

  it('maxLateness turns occurrences later than it into missed "too late" under every policy', () => {
    for (const policy of ['once', 'all'] as const) {
      const plan = planDue(due([16, 1]), now, { policy, maxLatenessMs: 2 * H, maxCatchUp: 5 }, 'app not running');
      expect(plan.run).toEqual([{ at: now - H, trigger: 'catch-up' }]);
      expect(plan.missed).toHaveLength(1);
      expect(plan.missed[0].reason).toMatch(
        /^too late: 16h after its time, more than maxLateness 2h \(app not running\)$/,
      );
    }
    const none = planDue(due([16]), now, { policy: 'once', maxLatenessMs: 2 * H, maxCatchUp: 5 }, 'app not running');
    expect(none.run).toEqual([]);
  });

  it('a summed older range is one missed record with its count', () => {
    const plan = planDue(
      { older: { count: 500, first: now - 600 * 60_000, last: now - 101 * 60_000 }, recent: [now - 60_000 * 100] },
      now,
      { policy: 'once', maxLatenessMs: null, maxCatchUp: 5 },
      'app not running',
    );
    expect(plan.missed[0]).toMatchObject({ count: 500, lastAt: now - 101 * 60_000 });
    expect(plan.run).toHaveLength(1);
  });
});
