// Which cached series a metric query means, or why none does: the one series lookup, used
// by the SLO engine (exact statistic) and by the alert chart (another statistic of the same
// metric will do). CloudWatch identifies a metric by namespace, name and its full dimension
// set; the cache adds the statistic.
import type { CacheStore } from './cache';

/** A metric statistic as a query names it (config/slos.ts MetricStatRef has this shape). */
export interface MetricStatRef {
  namespace: string;
  metric: string;
  dimensions: readonly { name: string; value: string }[];
  stat: string;
}

export type Resolution = { ok: true; seriesId: number } | { ok: false; reason: string };

interface SeriesRow {
  id: number;
  namespace: string;
  metric: string;
  dimensions: { name: string; value: string }[];
  stat: string;
}

function dimsKey(dims: readonly { name: string; value: string }[]): string {
  return dims
    .map((d) => `${d.name}=${d.value}`)
    .sort()
    .join(',');
}

function exactKey(namespace: string, metric: string, dims: string, stat: string): string {
  return `${namespace}\u0000${metric}\u0000${dims}\u0000${stat}`;
}

/** Every statement of this module, for the store's prepare-everything test. */
export const CATALOGUE_SQL = {
  version: 'SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM series WHERE source = ?',
} as const;

const catalogues = new WeakMap<CacheStore, Map<string, SeriesCatalogue>>();

/** The catalogue of one source on this connection, kept between calls (it reloads when series are added). */
export function seriesCatalogueOf(cache: CacheStore, source: string): SeriesCatalogue {
  let bySource = catalogues.get(cache);
  if (!bySource) {
    bySource = new Map();
    catalogues.set(cache, bySource);
  }
  let catalogue = bySource.get(source);
  if (!catalogue) {
    catalogue = new SeriesCatalogue(cache, source);
    bySource.set(source, catalogue);
  }
  return catalogue;
}

/** Human form of a metric query: `ECommerce/Services RequestCount {Service=order-service} Sum`. */
export function describeMetric(m: MetricStatRef): string {
  const dims = dimsKey(m.dimensions);
  return `${m.namespace} ${m.metric}${dims ? ` {${dims}}` : ''} ${m.stat}`;
}

/** The series catalogue of one source, reloaded only when series were added. */
export class SeriesCatalogue {
  private version = '';
  private byExact = new Map<string, number>();
  private byMetric = new Map<string, SeriesRow[]>();
  private readonly countStmt;

  constructor(
    private readonly cache: CacheStore,
    readonly source: string,
  ) {
    this.countStmt = cache.db.prepare(CATALOGUE_SQL.version);
  }

  /** Changes whenever the catalogue does; part of every compiled plan's key. */
  refresh(): string {
    const r = this.countStmt.get(this.source) as { n: number; m: number };
    const version = `${r.n}:${r.m}`;
    if (version === this.version) return version;
    this.byExact.clear();
    this.byMetric.clear();
    for (const s of this.cache.listSeries(this.source)) {
      this.byExact.set(exactKey(s.namespace, s.metric, dimsKey(s.dimensions), s.stat), s.id);
      const k = `${s.namespace}\u0000${s.metric}`;
      const list = this.byMetric.get(k) ?? [];
      list.push({ id: s.id, namespace: s.namespace, metric: s.metric, dimensions: s.dimensions, stat: s.stat });
      this.byMetric.set(k, list);
    }
    this.version = version;
    return version;
  }

  /**
   * The series of this metric and dimension set: the one with statistic `m.stat`, else the
   * first other statistic collected for it (a chart is better with a neighbour than empty).
   */
  find(m: MetricStatRef): { seriesId: number; stat: string } | null {
    this.refresh();
    const dims = dimsKey(m.dimensions);
    const exact = this.byExact.get(exactKey(m.namespace, m.metric, dims, m.stat));
    if (exact !== undefined) return { seriesId: exact, stat: m.stat };
    const other = this.byMetric.get(`${m.namespace}\u0000${m.metric}`)?.find((s) => dimsKey(s.dimensions) === dims);
    return other ? { seriesId: other.id, stat: other.stat } : null;
  }

  get empty(): boolean {
    return this.byExact.size === 0;
  }

  resolve(m: MetricStatRef): Resolution {
    const dims = dimsKey(m.dimensions);
    const id = this.byExact.get(exactKey(m.namespace, m.metric, dims, m.stat));
    if (id !== undefined) return { ok: true, seriesId: id };
    const what = describeMetric(m);
    if (this.byExact.size === 0) return { ok: false, reason: `${what}: the metric catalogue of '${this.source}' is empty (the first sync has not finished)` };
    const sameMetric = this.byMetric.get(`${m.namespace}\u0000${m.metric}`);
    if (!sameMetric) return { ok: false, reason: `unknown metric: ${m.namespace} ${m.metric} is not in the metric catalogue of '${this.source}'` };
    const sameDims = sameMetric.filter((s) => dimsKey(s.dimensions) === dims);
    if (sameDims.length === 0) {
      const sets = [...new Set(sameMetric.map((s) => `{${dimsKey(s.dimensions)}}`))];
      const shown = sets.slice(0, 6).join(', ') + (sets.length > 6 ? `, … (${sets.length} in all)` : '');
      return { ok: false, reason: `unknown metric: ${m.namespace} ${m.metric} has no series with dimensions {${dims}}; it has ${shown}` };
    }
    const stats = [...new Set(sameDims.map((s) => s.stat))].join(', ');
    return { ok: false, reason: `${what}: the statistic ${m.stat} is not collected for this metric (collected: ${stats})` };
  }
}
