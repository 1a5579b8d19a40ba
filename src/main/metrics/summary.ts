// The Overview's metric families: a few headline figures, each read from the same dashboard
// chart the Metrics page draws (the same matching, the same opsdeck.yaml mapping), over the
// last 6 hours in 5-minute buckets — a small read (11 lines, not the dashboards' 24 charts),
// so it never holds up the Overview's "now" answers.
import type { MetricTile, MetricsSummary } from '@shared/contract/metrics';
import { primarySourceId, type ApiContext } from '../api/context';
import { DASHBOARDS, describeMatch, matchSeries, type CatalogueSeries, type ChartDef, type MetricMatch, type SeriesSpec } from '../domain/metrics/dashboards';
import { bucketMeans, bucketRates, bucketRatios, combineGauges, gridOf, type Grid, type Rows } from '../domain/metrics/series';
import { isBreached, latest, tileSource, TILES, worstOf, type TileDef } from '../domain/metrics/tiles';
import { chunksOf } from '../store/chunks';

export const SUMMARY_PRESET = '6h' as const;
const SUMMARY_SPAN_SEC = 6 * 3600;
export const SUMMARY_RES_SEC = 300;
const WEEK_SEC = 7 * 86_400;

type Ctx = Pick<ApiContext, 'cache' | 'now' | 'sourceIds' | 'dataVersion' | 'dashboards'>;
type Read = (s: CatalogueSeries, fromSec: number, toSec: number) => Rows;

/** One line of a spec over the grid, from the series each of its matches found (lead first). */
function lineOf(spec: SeriesSpec, members: readonly CatalogueSeries[][], read: Read, g: Grid): Float64Array {
  const toSec = g.startSec + g.n * g.res;
  const rows = (list: readonly CatalogueSeries[]): Rows[] => list.map((s) => read(s, g.startSec, toSec));
  const lead = rows(members[0] ?? []);
  if (spec.kind === 'gauge') return lead.length === 1 ? bucketMeans(lead[0]!, g) : combineGauges(lead.map((r) => bucketMeans(r, g)), spec.combine);
  if (spec.kind === 'rate') return bucketRates(lead, g, spec.per);
  return bucketRatios(members.slice(1).flatMap((m) => rows(m)), lead, g);
}

function matchesOf(spec: SeriesSpec): MetricMatch[] {
  return spec.kind === 'ratio' ? [spec.denominator, ...spec.numerators] : [spec.match];
}

function splitValue(s: CatalogueSeries, name: string | undefined): string {
  return name ? (s.dimensions.find((d) => d.name === name)?.value ?? '') : '';
}

function nullable(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

export function computeSummary(ctx: Ctx, now = ctx.now()): MetricsSummary {
  const dashboards = ctx.dashboards ?? DASHBOARDS;
  const catalogue: CatalogueSeries[] = ctx.cache.listSeries(primarySourceId(ctx));
  const chunks = chunksOf(ctx.cache.db);
  // A tile reads its series for the trend, the newest point and the worst line: once each.
  const rowsRead = new Map<string, Rows>();
  const read: Read = (s, fromSec, toSec) => {
    const k = `${s.id}:${fromSec}:${toSec}`;
    let r = rowsRead.get(k);
    if (!r) rowsRead.set(k, (r = chunks.readRange(s.id, fromSec, toSec)));
    return r;
  };
  const nowSec = Math.ceil(now / 1000);
  const grid = gridOf(nowSec - SUMMARY_SPAN_SEC, nowSec, SUMMARY_RES_SEC);
  const tiles = TILES.flatMap((t) => {
    const src = tileSource(t, dashboards);
    return src ? [tileOf(t, src.chart, src.spec, catalogue, read, grid)] : [];
  });
  const newest = tiles.map((t) => t.dataAsOf).filter((x): x is number => x !== null);
  return {
    preset: SUMMARY_PRESET,
    from: grid.startSec * 1000,
    to: now,
    resolutionSec: SUMMARY_RES_SEC,
    tiles,
    dataAsOf: newest.length ? Math.max(...newest) : null,
    generatedAt: now,
  };
}

function tileOf(t: TileDef, chart: ChartDef, spec: SeriesSpec, catalogue: readonly CatalogueSeries[], read: Read, grid: Grid): MetricTile {
  const matches = matchesOf(spec);
  const found = matches.map((m) => matchSeries(m, catalogue));
  const base = {
    id: t.id,
    family: t.family,
    chartId: chart.id,
    title: t.title,
    unit: chart.unit,
    unitLabel: chart.unitLabel,
    qualifier: t.qualifier,
    target: chart.target,
  };
  const absent = found.findIndex((f) => f.length === 0);
  // A ratio needs its denominator and at least one numerator (5xx alone is an error rate too).
  const unusable = found[0]!.length === 0 || (spec.kind === 'ratio' && found.slice(1).every((f) => f.length === 0));
  if (unusable) {
    // Before the first catalogue sync nothing is known to be missing: only not read yet.
    const missing = catalogue.length > 0 ? describeMatch(matches[absent]!) : null;
    return { ...base, value: null, worst: null, breached: false, weekAgo: null, spark: [], dataAsOf: null, missing };
  }
  const newestSec = Math.max(...found[0]!.map((s) => read(s, grid.startSec, grid.startSec + grid.n * grid.res)).map((r) => (r.length ? r[r.length - 1]![0] : -1)));
  // Per value of the split dimension (one group without one): the lines the worst is chosen from.
  const groups = new Map<string, CatalogueSeries[][]>();
  if (chart.splitBy) {
    for (const [i, list] of found.entries())
      for (const s of list) {
        const key = splitValue(s, chart.splitBy);
        const g = groups.get(key) ?? matches.map(() => []);
        g[i]!.push(s);
        groups.set(key, g);
      }
  }
  const perGroup = [...groups.entries()].filter(([, m]) => m[0]!.length > 0).map(([label, m]) => ({ label, values: lineOf(spec, m, read, grid) }));
  const worst = worstOf(perGroup);
  const line = t.reduce === 'worst' && perGroup.length > 0 ? combineGauges(perGroup.map((l) => l.values), 'max') : lineOf(spec, found, read, grid);
  const now = latest(line);
  const value = now ? now[1] : null;
  let weekAgo: number | null = null;
  if (t.weekAgo && now) {
    const start = grid.startSec + now[0] * grid.res - WEEK_SEC;
    const back = latest(lineOf(spec, found, read, { startSec: start, res: grid.res, n: 1 }));
    weekAgo = back ? back[1] : null;
  }
  return {
    ...base,
    value,
    worst: t.reduce === 'total' && t.worst && perGroup.length > 1 ? worst : null,
    qualifier: t.reduce === 'worst' && worst ? `${t.qualifier}: ${worst.label}` : t.qualifier,
    breached: isBreached(value, chart.target),
    weekAgo,
    spark: nullable(line).map((v, i) => [(grid.startSec + i * grid.res) * 1000, v] as [number, number | null]),
    dataAsOf: newestSec >= 0 ? newestSec * 1000 : null,
    missing: null,
  };
}

/** What a summary answer is kept under: the cached data's version and the minute. */
export function summaryKey(dataVersion: number, now: number): string {
  return `${dataVersion}:${Math.floor(now / 60_000)}`;
}

/** The summary, recomputed only when the cached data changed or a bucket went by. */
export class MetricsSummaryService {
  private memo: { key: string; answer: MetricsSummary } | null = null;
  constructor(private readonly ctx: Ctx) {}

  summary(): MetricsSummary {
    const now = this.ctx.now();
    const key = summaryKey(this.ctx.dataVersion(), now);
    if (this.memo?.key === key) return this.memo.answer;
    const answer = computeSummary(this.ctx, now);
    this.memo = { key, answer };
    return answer;
  }
}
