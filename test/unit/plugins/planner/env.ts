// Deterministic PlannerEnv for planner tests: a settable clock and counting ids (1, 2, 3, …).
import type { PlannerEnv } from '../../../../plugins/planner/model';

/** A PlannerEnv whose clock reads `env.time` (ms, default 2025-01-01T00:00:00Z) and whose ids count up from 1. */
export function testEnv(): PlannerEnv & { time: number } {
  let counter = 0;
  const env = {
    time: Date.UTC(2025, 0, 1),
    now: () => env.time,
    randomId: () => String((counter += 1)),
  };
  return env;
}
