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
}
