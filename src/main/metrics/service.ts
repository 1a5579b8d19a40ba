// The Metrics page's dashboards: each chart of a family read from the cache (chunks and head
// through the store's one reader), aggregated at the range's resolution, LTTB-downsampled,
// with the alarm changes and incident milestones of the range as annotations.
import type { MetricChart, MetricSeries, MetricsDashboard, MissingMetric } from '@shared/contract/metrics';
import type { ParsedInput } from '@shared/api';
import { primarySourceId, type ApiContext } from '../api/context';
import { buildAnnotations, type IncidentMarks } from '../domain/metrics/annotations';
import { DASHBOARDS, describeMatch, matchSeries, missingHint, type CatalogueSeries, type ChartDef, type MetricMatch, type SeriesSpec } from '../domain/metrics/dashboards';
import { resolutionFor, resolveRange } from '../domain/metrics/range';
import type { Partial } from '../domain/metrics/partials';
import { combineGauges, gridOf, meansOf, nativeStepOf, ratesOf, ratiosOf, toChartPoints, type Grid } from '../domain/metrics/series';
import { foldIncident } from '../domain/incidents/model';
import { alarmCacheOf } from '../store/alarms';
import { chunksOf } from '../store/chunks';
import type { Db } from '../store/db';
import { IncidentJournal } from '../store/incidents';
import { PartialCache } from './partial-cache';

export const MAX_ANNOTATIONS = 500;
const MEMO_SIZE = 8;
/**
 * A cold dashboard decodes ~30 days of chunks (seconds on a busy machine): it reads in slices
 * of about this long (ms) and lets other API calls in between, so the rest of the app stays
 * responsive meanwhile. A warm one reads its partials from memory in one slice.
 */
const SLICE_MS = 15;

const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The journal only for its incidents (the metric-read worker holds a read-only connection, not a JournalStore). */
type Ctx = Pick<ApiContext, 'cache' | 'now' | 'sourceIds' | 'dataVersion' | 'dashboards'> & { journal: { db: Db } };

/** What a dashboard answer depends on: a preset moves with the clock, so the same answer serves a minute of polling windows. */
export function dashboardKey(input: ParsedInput<'metricsDashboard'>, dataVersion: number, now: number): string {
  const range = input.preset !== undefined ? null : [input.from!, input.to!];
  return JSON.stringify([dataVersion, input.family, input.preset ?? null, input.preset ? Math.floor(now / 60_000) : range, input.maxPoints]);
}

/** Reads each cached series once per dashboard (two lines may read the same series). */
class SeriesReader {
  private readonly parts = new Map<number, Partial[]>();
  constructor(private readonly read: (id: number) => Partial[]) {}
  get(id: number): Partial[] {
    let r = this.parts.get(id);
    if (!r) this.parts.set(id, (r = this.read(id)));
    return r;
  }
}

function dimensionValue(s: CatalogueSeries, name: string): string | null {
  return s.dimensions.find((d) => d.name === name)?.value ?? null;
}

/** Ids of every cached series a family's charts read. */
function seriesOf(defs: readonly ChartDef[], catalogue: readonly CatalogueSeries[]): Set<number> {
  const ids = new Set<number>();
  for (const def of defs)
    for (const spec of def.series) {
      const matches = spec.kind === 'ratio' ? [spec.denominator, ...spec.numerators] : [spec.match];
      for (const m of matches) for (const s of matchSeries(m, catalogue)) ids.add(s.id);
    }
  return ids;
}

/** The matched series, grouped by the split dimension's value ('' = one group for all). */
function grouped(match: MetricMatch, catalogue: readonly CatalogueSeries[], splitBy: string | undefined): Map<string, CatalogueSeries[]> {
  const out = new Map<string, CatalogueSeries[]>();
  for (const s of matchSeries(match, catalogue)) {
    const key = splitBy ? (dimensionValue(s, splitBy) ?? '') : '';
    out.set(key, [...(out.get(key) ?? []), s]);
  }
  return out;
}

export class MetricsService {
  /** Answers (or answers under way: concurrent equal requests share one computation), newest last. */
  private readonly memo = new Map<string, Promise<MetricsDashboard>>();
  private readonly incidents: IncidentJournal;
  /** Settled chunks' bucket partials, kept between requests (checked against each chunk's fingerprint). */
  readonly partials: PartialCache;
  private listed: { version: number; source: string; series: CatalogueSeries[] } | null = null;

  constructor(
    private readonly ctx: Ctx,
    partials?: PartialCache,
  ) {
    this.partials = partials ?? new PartialCache();
    this.incidents = new IncidentJournal(ctx.journal.db);
  }

  dashboard(input: ParsedInput<'metricsDashboard'>): Promise<MetricsDashboard> {
    const now = this.ctx.now();
    const range = resolveRange(input.preset !== undefined ? { preset: input.preset } : { from: input.from!, to: input.to! }, now);
    const key = dashboardKey(input, this.ctx.dataVersion(), now);
    const hit = this.memo.get(key);
    if (hit) return hit;
    const answer = this.compute(input.family, range.from, range.to, input.maxPoints, now);
    this.memo.set(key, answer);
    // A failed computation is not kept: the next call tries again.
    answer.catch(() => {
      if (this.memo.get(key) === answer) this.memo.delete(key);
    });
    if (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    return answer;
  }

  private async compute(family: ParsedInput<'metricsDashboard'>['family'], from: number, to: number, maxPoints: number, now: number): Promise<MetricsDashboard> {
    const source = primarySourceId(this.ctx);
    const resSec = resolutionFor(from, to, now);
    const fromSec = Math.floor(from / 1000 / resSec) * resSec;
    const toSec = Math.ceil(to / 1000);
    const catalogue = this.catalogue(source);
    const chunks = chunksOf(this.ctx.cache.db);
    const grid = gridOf(fromSec, toSec, resSec);
    const defs = (this.ctx.dashboards ?? DASHBOARDS)[family];
    const version = this.ctx.dataVersion();
    const reader = new SeriesReader((id) => this.partials.series(chunks, id, grid.startSec, toSec, resSec, version));
    // Every series the family's charts read, first, in slices; the charts then find them in the reader.
    let sliceStart = performance.now();
    for (const id of seriesOf(defs, catalogue)) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToOthers();
        sliceStart = performance.now();
      }
      reader.get(id);
    }
    const charts = defs.map((def) => this.chart(def, catalogue, reader, grid, maxPoints));
    const { annotations, omitted } = this.annotations(from, to);
    const newest = charts.map((c) => c.dataAsOf).filter((t): t is number => t !== null);
    // Frozen: dispatch validates it once and serve mode serialises (and gzips) it once for every poll it answers.
    return Object.freeze({
      family,
      from,
      to,
      resolutionSec: resSec,
      charts,
      annotations,
      annotationsOmitted: omitted,
      dataAsOf: newest.length ? Math.max(...newest) : null,
      generatedAt: now,
    });
  }

  /** The source's series, read once per data version (the three families ask within a second). */
  private catalogue(source: string): CatalogueSeries[] {
    const version = this.ctx.dataVersion();
    if (this.listed?.version !== version || this.listed.source !== source) this.listed = { version, source, series: this.ctx.cache.listSeries(source) };
    return this.listed.series;
  }

  private chart(def: ChartDef, catalogue: readonly CatalogueSeries[], reader: SeriesReader, grid: Grid, maxPoints: number): MetricChart {
    const resSec = grid.res;
    const series: MetricSeries[] = [];
    const missing: MissingMetric[] = [];
    const lack = (spec: SeriesSpec, match: MetricMatch): void => {
      missing.push({ label: spec.label, wanted: describeMatch(match), hint: missingHint(match, catalogue) });
    };
    for (const spec of def.series) {
      const matches = spec.kind === 'ratio' ? [spec.denominator, ...spec.numerators] : [spec.match];
      const groups = matches.map((m) => grouped(m, catalogue, def.splitBy));
      groups.forEach((g, i) => {
        if (g.size === 0) lack(spec, matches[i]!);
      });
      const lead = groups[0]!;
      if (lead.size === 0 || (spec.kind === 'ratio' && groups.slice(1).every((g) => g.size === 0))) continue;
      for (const [value, members] of [...lead.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
        const rows = members.map((s) => reader.get(s.id));
        let buckets: Float64Array;
        if (spec.kind === 'gauge') buckets = rows.length === 1 ? meansOf(rows[0]!, grid) : combineGauges(rows.map((r) => meansOf(r, grid)), spec.combine);
        else if (spec.kind === 'rate') buckets = ratesOf(rows, grid, spec.per);
        else {
          const nums = groups.slice(1).flatMap((g) => (g.get(value) ?? []).map((s) => reader.get(s.id)));
          buckets = ratiosOf(nums, rows, grid);
        }
        const { points, bucketCount } = toChartPoints(buckets, grid, nativeStepOf(rows[0] ?? []), maxPoints);
        const newest = Math.max(-1, ...rows.map((r) => (r.length ? r[r.length - 1]!.lastTs : -1)));
        const label = def.splitBy ? (def.series.length > 1 ? `${value} ${spec.label}` : value || spec.label) : spec.label;
        series.push({ id: `${spec.id}:${value}`.slice(0, 200), label: label.slice(0, 200), points, bucketCount, dataAsOf: newest >= 0 ? newest * 1000 : null });
      }
    }
    const newest = series.map((s) => s.dataAsOf).filter((t): t is number => t !== null);
    return {
      id: def.id,
      title: def.title,
      unit: def.unit,
      unitLabel: def.unitLabel,
      target: def.target,
      description: `${def.description}; ${resSec >= 3600 ? `${resSec / 3600} h` : `${resSec / 60} min`} buckets`,
      series: series.slice(0, 40),
      missing: missing.slice(0, 40),
      dataAsOf: newest.length ? Math.max(...newest) : null,
    };
  }

  private annotations(from: number, to: number): ReturnType<typeof buildAnnotations> {
    const alarms = alarmCacheOf(this.ctx.cache).historyBetween(from, to);
    const f = this.incidents.allFoldingRows();
    const incidents: IncidentMarks[] = this.incidents.list().map((base) => {
      const i = foldIncident(base, f.revisions.get(base.id) ?? [], f.milestones.get(base.id) ?? [], f.roles.get(base.id) ?? []);
      return { id: i.id, title: i.title, severity: i.severity, milestones: i.milestones };
    });
    return buildAnnotations(alarms, incidents, from, to, MAX_ANNOTATIONS);
  }
}
