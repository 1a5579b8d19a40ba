// Read side of the capacity feature: the ranked table, one target's chart and what-if
// scaling, all from the forecasts the worker stored (nothing is fitted on request).
import { CapacityWhatIfInput, type CapacityChart, type CapacityCrossing, type CapacityList, type CapacityRow, type CapacityWhatIf } from '../../shared/contract/capacity';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { loadCapacityConfig, type CapacityConfig } from '../config/capacity';
import { timeToThreshold } from '../domain/capacity/crossing';
import { hpaMultiMetric, replicasSeries, rescaleSeries } from '../domain/capacity/whatif';
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
   * nodes, pods or a bigger instance; for pods also × old request ÷ new request), the crossing
   * against the same threshold, and the replicas a multi-metric HPA would pick.
   */
  whatIf(id: string, capacity: number, limits?: { cpu?: number | undefined; memory?: number | undefined }): CapacityWhatIf {
    const input = CapacityWhatIfInput.safeParse(limits === undefined ? { id, capacity } : { id, capacity, limits });
    if (!input.success) {
      throw new BadInputError(input.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; '));
    }
    const { row, chart } = this.stored(id);
    if (!row.whatIf) throw new BadInputError(`capacity: ${row.resource} · ${row.metric} has no what-if (only utilisation metrics scale with capacity)`);
    const requested = input.data.limits ?? {};
    const known = row.whatIf.limits ?? [];
    for (const metric of Object.keys(requested)) {
      if (!known.some((l) => l.metric === metric)) throw new BadInputError(`limits.${metric}: ${row.resource} has no pod ${metric} request to change`);
    }
    if (chart.point.length === 0) throw new BadInputError(`capacity: ${row.resource} · ${row.metric} has no forecast yet (${row.problem ?? 'no data'})`);
    const current = row.whatIf.current;
    const max = row.unit === 'percent' ? 100 : null;
    /** Old ÷ new capacity for one of the resource's metrics: pods (or nodes) × that metric's request. */
    const factorOf = (metric: string): number => {
      const limit = known.find((l) => l.metric === metric);
      const next = limit ? requested[limit.metric] : undefined;
      return (current / capacity) * (limit && next !== undefined ? limit.current / next : 1);
    };
    const scaled = (c: StoredChart, metric: string) => {
      const f = factorOf(metric);
      const lastActual = c.history.at(-1)?.[1] ?? null;
      return {
        point: rescaleSeries(c.point, f, 1, max),
        lower80: rescaleSeries(c.lower80, f, 1, max),
        upper80: rescaleSeries(c.upper80, f, 1, max),
        now: lastActual === null ? null : Math.min(max ?? Number.POSITIVE_INFINITY, lastActual * f),
      };
    };
    const own = scaled(chart, row.metricId);
    const { point, lower80, upper80 } = own;
    const recentScaled = own.now === null ? [] : [own.now];
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
    const hpa = this.hpaOf(row, chart, capacity, (c, metric) => scaled(c, metric));
    return { id, capacity, forecast: this.thin(chart, point, lower80, upper80), crossing, ...hpa };
  }

  /**
   * A multi-metric HPA over the what-if forecasts of all its metrics (the row's own and its
   * siblings', e.g. pod CPU at 70 % and pod memory at 80 %): the largest proposal wins.
   */
  private hpaOf(
    row: CapacityRow,
    chart: StoredChart,
    capacity: number,
    scaled: (c: StoredChart, metric: string) => { point: Float64Array; lower80: Float64Array; upper80: Float64Array; now: number | null },
  ): Pick<CapacityWhatIf, 'desiredNow' | 'desiredPeak' | 'atMax' | 'hpa'> {
    const none = { desiredNow: null, desiredPeak: null, atMax: null, hpa: null };
    const resource = this.configNow().resources.find((r) => r.id === row.resourceId);
    const auto = resource?.autoscaler;
    if (!resource || !auto || Math.round(capacity) !== capacity) return none;
    const targets = [{ metric: auto.metric, target: auto.target }, ...auto.also];
    if (!targets.some((t) => t.metric === row.metricId)) return none;
    const a = { min: auto.min, max: auto.max };
    const metrics = targets.flatMap((t) => {
      const c = t.metric === row.metricId ? chart : this.siblingChart(row.resourceId, t.metric);
      // A sibling from another pass (other start, step or length) cannot be combined point by point.
      if (!c || c.start !== chart.start || c.step !== chart.step || c.point.length !== chart.point.length) return [];
      const label = resource.metrics.find((m) => m.id === t.metric)?.label ?? t.metric;
      return [{ ...t, label, ...scaled(c, t.metric) }];
    });
    const withNow = metrics.filter((m) => m.now !== null);
    const now = withNow.length === metrics.length ? hpaMultiMetric(capacity, withNow.map((m) => ({ metric: m.metric, value: m.now!, target: m.target })), a) : null;
    const peak = hpaMultiMetric(capacity, metrics.map((m) => ({ metric: m.metric, value: Math.max(...m.point), target: m.target })), a);
    const clamp = (v: number) => Math.min(a.max, Math.max(a.min, v));
    const combined = (pick: (m: (typeof metrics)[number]) => Float64Array): Float64Array => {
      const out = new Float64Array(chart.point.length);
      for (const m of metrics) {
        const r = replicasSeries(pick(m), capacity, { ...a, target: m.target });
        for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i]!, r[i]!);
      }
      return out;
    };
    const atMax = timeToThreshold({
      t0: chart.start,
      stepMs: chart.step,
      median: combined((m) => m.point),
      lower80: combined((m) => m.lower80),
      upper80: combined((m) => m.upper80),
      threshold: a.max,
      direction: 'above',
      sustainMinutes: 0,
      inclusive: true,
      recent: { t0: chart.start, values: [] },
    });
    const labelOf = (metric: string) => metrics.find((m) => m.metric === metric)?.label ?? metric;
    return {
      desiredNow: now?.desired ?? null,
      desiredPeak: peak.desired,
      atMax,
      hpa: {
        decidedNow: now ? labelOf(now.decidedBy) : null,
        decidedPeak: labelOf(peak.decidedBy),
        metrics: metrics.map((m) => ({
          metric: m.metric,
          label: m.label,
          target: m.target,
          desiredNow: now ? clamp(now.proposals.find((p) => p.metric === m.metric)!.desired) : null,
          desiredPeak: clamp(peak.proposals.find((p) => p.metric === m.metric)!.desired),
        })),
      },
    };
  }

  private siblingChart(resourceId: string, metric: string): StoredChart | null {
    const text = this.o.store.chart(this.o.source(), `${resourceId}/${metric}`);
    if (text === null) return null;
    const c = JSON.parse(text) as StoredChart;
    return c.point.length > 0 ? c : null;
  }

  private thin(chart: StoredChart, point: Float64Array, lower80: Float64Array, upper80: Float64Array): CapacityWhatIf['forecast'] {
    const stride = Math.max(1, Math.ceil(point.length / 1000));
    const forecast: CapacityWhatIf['forecast'] = [];
    for (let i = 0; i < point.length; i += stride) forecast.push([chart.start + i * chart.step, point[i]!, lower80[i]!, upper80[i]!]);
    return forecast;
  }
}
