// The bucket list handed to the domain for an SLO's summary: hour buckets where no window
// edge falls, minute buckets where one does. The domain sums the buckets whose start lies in
// a window, so its figures are exact as long as every window edge (window start, each burn
// window's start, each day of the sparkline) is a bucket boundary — and ~1,300 buckets
// instead of ~13,000 make a 30-day evaluation several times cheaper.
import { HOUR_MS } from '@shared/lib/timeUnits';
import type { SliBucket } from './maths';

export interface CompositeInput {
  /** Minute buckets before the first whole hour (the window's partial first hour). */
  head: readonly SliBucket[];
  /** Hour buckets of the older part. */
  hourly: readonly SliBucket[];
  /** Minute buckets of the recent part (starts on an hour). */
  fine: readonly SliBucket[];
  /** Minute buckets of an older hour that holds an edge (read on demand). */
  expandOld: (hourStartMs: number) => SliBucket[];
  /** Instants that must be bucket boundaries. */
  edgesMs: readonly number[];
  /** From here on (an hour boundary) the fine buckets are kept as they are. */
  keepMinutesFromMs: number;
}

export function compositeBuckets(input: CompositeInput): SliBucket[] {
  const expand = new Set<number>();
  for (const e of input.edgesMs) {
    const h = Math.floor(e / HOUR_MS) * HOUR_MS;
    if (e !== h) expand.add(h);
  }
  const out: SliBucket[] = input.head.slice();
  for (const b of input.hourly) {
    if (expand.has(b.t)) out.push(...input.expandOld(b.t));
    else out.push(b);
  }
  let acc: SliBucket | null = null;
  for (const m of input.fine) {
    const h = Math.floor(m.t / HOUR_MS) * HOUR_MS;
    if (m.t >= input.keepMinutesFromMs || expand.has(h)) {
      acc = null;
      out.push(m);
      continue;
    }
    if (acc === null || acc.t !== h) {
      acc = { t: h, good: 0, total: 0, widthMs: 0 };
      out.push(acc);
    }
    acc.good += m.good;
    acc.total += m.total;
    acc.widthMs += m.widthMs;
  }
  return out;
}

/**
 * Attainment per day, as domain/slo.ts `dailyAttainment` computes it (a bucket counts on the
 * day its start falls in; days from `dayStarts`), but with the day boundaries passed in:
 * working them out with luxon costs more than the sums, and they change once a day.
 */
export function dailyFromDayStarts(buckets: readonly SliBucket[], days: readonly number[], windowEnd: number): { day: number; attainmentPct: number | null }[] {
  const out = days.map((day) => ({ day, good: 0, total: 0 }));
  if (out.length === 0) return [];
  const first = days[0] as number;
  let d = 0;
  for (const b of buckets) {
    if (b.t < first) continue;
    if (b.t >= windowEnd) break;
    while (d + 1 < days.length && (days[d + 1] as number) <= b.t) d++;
    const p = out[d] as { good: number; total: number };
    p.good += b.good;
    p.total += b.total;
  }
  return out.map((p) => ({ day: p.day, attainmentPct: p.total > 0 ? (p.good / p.total) * 100 : null }));
}
