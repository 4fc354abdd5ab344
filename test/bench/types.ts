// The record every benchmark prints, one JSON object per line (DESIGN.md §10).

/**
 * One benchmark measurement: `bench` names the benchmark, `metric` what was measured, `value` in `unit`
 * (e.g. `ms`). `baseline` is the budget in the same unit and `ratio` = value / baseline (below 1 = within budget).
 */
export interface BenchRecord {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  /** Over repeated runs: `value` is the median, `min`/`max` its range; `baselineMin`/`baselineMax` the floor's. */
  min?: number;
  max?: number;
  baselineMin?: number;
  baselineMax?: number;
  repeats?: number;
  /** The 1-minute load average when the figure was taken (figures on a busy machine are noisy). */
  loadAverage?: number;
  /** With `--compare BASE.jsonl`: the same figure in the saved run, and value / base. */
  base?: number;
  change?: number;
}
