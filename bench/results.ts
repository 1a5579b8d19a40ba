// Benchmarks write their figures here: bench/results.json maps a figure name to
// { value, unit, baseline?, ratio? }. Speed goals are ratios against a baseline measured
// in the same run, because these machines are noisy.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  /** What was measured, in a sentence. */
  note?: string;
}

const FILE = join(__dirname, 'results.json');

export function recordFigure(name: string, figure: Figure): void {
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Figure>) : {};
  all[name] = figure;
  writeFileSync(FILE, JSON.stringify(all, null, 2) + '\n');
  console.log(`${name}: ${figure.value} ${figure.unit}${figure.ratio !== undefined ? ` (ratio ${figure.ratio.toFixed(3)} vs baseline ${figure.baseline})` : ''}`);
}

/** Median of several timed runs of `fn`, in ms. */
export async function medianMs(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
