/** Small numeric helpers: percentiles of recorded latencies, rounding for tables. */

/** The p-th percentile (0–100) of an ascending array, nearest-rank; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  const mean = list.reduce((a, b) => a + b, 0) / (list.length || 1);
  return {
    p50: percentile(list, 50),
    p95: percentile(list, 95),
    p99: percentile(list, 99),
    max: list.at(-1) ?? NaN,
    mean,
  };
}

/** A number with `digits` decimals, or '–' when not a number. */
export const fixed = (n: number | null | undefined, digits = 1): string =>
  n == null || Number.isNaN(n) ? '–' : n.toFixed(digits);

/** Rounds every number in a latency summary, for JSON that stays readable. */
export const rounded = (l: Latency, digits = 2): Latency =>
  Object.fromEntries(Object.entries(l).map(([k, v]) => [k, Number(v.toFixed(digits))])) as unknown as Latency;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
