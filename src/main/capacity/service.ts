// Read side of the capacity feature: the ranked table, one target's chart and what-if
// scaling, all from the forecasts the worker stored (nothing is fitted on request).
import type { CapacityChart, CapacityCrossing, CapacityList, CapacityRow, CapacityWhatIf } from '../../shared/contract/capacity';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { loadCapacityConfig, type CapacityConfig } from '../config/capacity';
import { timeToThreshold } from '../domain/capacity/crossing';
import { hpaDesiredReplicas, replicasSeries, rescaleSeries } from '../domain/capacity/whatif';
import type { CapacityStore } from '../store/capacity';
import { chartOf, type StoredChart } from './compute';

/** Earlier, more certain trouble first: already beyond, then by P10, then no crossing, then rows without a forecast. */
export function rankKey(r: CapacityRow): [number, number] {
  const c = r.crossing;
  const atMax = r.autoscaler?.atMax;
  const soonest = (x: CapacityCrossing | null | undefined): [number, number] | null =>
    !x ? null : x.state === 'already' ? [0, x.since] : x.state === 'crossing' ? [1, x.p10] : null;
  const a = soonest(c);
  const b = soonest(atMax);
  if (a && b) return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
  if (a ?? b) return (a ?? b)!;
  if (r.problem) return [3, 0];
  const span = r.threshold !== 0 ? Math.abs(r.threshold) : 1;
  return [2, r.headroom === null ? Number.MAX_SAFE_INTEGER : r.headroom / span];
}

export function rankRows(rows: CapacityRow[]): CapacityRow[] {
  return [...rows].sort((x, y) => {
    const a = rankKey(x);
    const b = rankKey(y);
    return a[0] - b[0] || a[1] - b[1] || x.id.localeCompare(y.id);
  });
}

export interface CapacityServiceOptions {
  store: CapacityStore;
  source: () => string;
  configFile: string;
  computing: () => boolean;
}

export class CapacityService {
  private config: CapacityConfig | null = null;
  private cached: { madeAt: number | null; rows: CapacityRow[] } | null = null;

  constructor(private readonly o: CapacityServiceOptions) {}

  /** The thresholds file, re-read when it changes on disk. */
  configNow(): CapacityConfig {
    const fresh = loadCapacityConfig(this.o.configFile);
    if (!this.config || this.config.stamp !== fresh.stamp) this.config = fresh;
    return this.config;
  }

  private rows(): { madeAt: number | null; rows: CapacityRow[] } {
    const source = this.o.source();
    const madeAt = this.o.store.latestMadeAt(source);
    // Parsing 200 stored rows is cheap, but the answer only changes with a new pass.
    if (this.cached && this.cached.madeAt === madeAt) return this.cached;
    const rows = rankRows(this.o.store.summaries(source).map((s) => JSON.parse(s) as CapacityRow));
    this.cached = { madeAt, rows };
    return this.cached;
  }

  list(): CapacityList {
    const { madeAt, rows } = this.rows();
    const config = this.configNow();
    return { rows, madeAt, configErrors: config.errors.slice(0, 100), configFile: config.file, computing: this.o.computing() };
  }

  private stored(id: string): { row: CapacityRow; chart: StoredChart } {
    const row = this.rows().rows.find((r) => r.id === id);
    const text = row ? this.o.store.chart(this.o.source(), id) : null;
    if (!row || text === null) throw new NotFoundError(`no capacity target "${id}"`);
    return { row, chart: JSON.parse(text) as StoredChart };
  }

  chart(id: string): CapacityChart {
    const { row, chart } = this.stored(id);
    return chartOf(row, chart);
  }

  /**
   * The forecast at another capacity: utilisation × current ÷ new (same demand, more or fewer
   * nodes, pods or a bigger instance), the crossing against the same threshold, and the
   * replicas an HPA would pick.
   */
  whatIf(id: string, capacity: number): CapacityWhatIf {
    if (!(capacity > 0)) throw new BadInputError('capacity: must be greater than 0');
    const { row, chart } = this.stored(id);
    if (!row.whatIf) throw new BadInputError(`capacity: ${row.resource} · ${row.metric} has no what-if (only utilisation metrics scale with capacity)`);
    if (chart.point.length === 0) throw new BadInputError(`capacity: ${row.resource} · ${row.metric} has no forecast yet (${row.problem ?? 'no data'})`);
    const current = row.whatIf.current;
    const max = row.unit === 'percent' ? 100 : null;
    const point = rescaleSeries(chart.point, current, capacity, max);
    const lower80 = rescaleSeries(chart.lower80, current, capacity, max);
    const upper80 = rescaleSeries(chart.upper80, current, capacity, max);
    const lastActual = chart.history.at(-1)?.[1] ?? null;
    const recentScaled = lastActual === null ? [] : [Math.min(max ?? Number.POSITIVE_INFINITY, (lastActual * current) / capacity)];
    const crossing = timeToThreshold({
      t0: chart.start,
      stepMs: chart.step,
      median: point,
      lower80,
      upper80,
      threshold: row.threshold,
      direction: row.direction,
      sustainMinutes: row.sustainMinutes,
      offsetMs: chart.step / 2,
      recent: { t0: chart.start - chart.step, values: recentScaled },
    });
    let desiredNow: number | null = null;
    let desiredPeak: number | null = null;
    let atMax: CapacityCrossing | null = null;
    const a = row.autoscaler ? { min: row.autoscaler.min, max: row.autoscaler.max, target: row.threshold } : null;
    if (a && Math.round(capacity) === capacity) {
      if (recentScaled[0] !== undefined) desiredNow = hpaDesiredReplicas(capacity, recentScaled[0], a);
      desiredPeak = hpaDesiredReplicas(capacity, Math.max(...point), a);
      atMax = timeToThreshold({
        t0: chart.start,
        stepMs: chart.step,
        median: replicasSeries(point, capacity, a),
        lower80: replicasSeries(lower80, capacity, a),
        upper80: replicasSeries(upper80, capacity, a),
        threshold: a.max,
        direction: 'above',
        sustainMinutes: 0,
        inclusive: true,
        recent: { t0: chart.start, values: [] },
      });
    }
    const stride = Math.max(1, Math.ceil(point.length / 1000));
    const forecast: CapacityWhatIf['forecast'] = [];
    for (let i = 0; i < point.length; i += stride) forecast.push([chart.start + i * chart.step, point[i]!, lower80[i]!, upper80[i]!]);
    return { id, capacity, forecast, crossing, desiredNow, desiredPeak, atMax };
  }
}
