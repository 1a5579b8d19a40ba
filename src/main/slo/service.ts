// The SLO service: list, detail and the burn alerts published to the alert queue. All
// figures come from the store → SLI buckets → domain maths (evaluate.ts).
import type { SloDetail, SloList } from '@shared/contract/slos';
import { SloConfigLoader, type SloConfig } from '../config/sloFiles';
import type { SloDef } from '../config/slos';
import { SloService, type SloBurnAlert, type SloIncidentBudget } from './evaluate';
import { thinShared } from '../domain/chartPoints';
import type { CacheStore } from '../store/cache';

export type { SloBurnAlert, SloIncidentBudget };

const services = new WeakMap<CacheStore, Map<string, SloService>>();

/** One service per (cache, source): it keeps compiled plans and settled buckets between calls. */
export function sloService(cache: CacheStore, source: string): SloService {
  let bySource = services.get(cache);
  if (!bySource) {
    bySource = new Map();
    services.set(cache, bySource);
  }
  let service = bySource.get(source);
  if (!service) {
    service = new SloService(cache, source);
    bySource.set(source, service);
  }
  return service;
}

const loaders = new Map<string, SloConfigLoader>();

/** The effective SLO configuration of `dir` (null: the built-in defaults); re-read when a file changes. */
export function sloConfig(dir: string | null): SloConfig {
  const key = dir ?? '';
  let loader = loaders.get(key);
  if (!loader) {
    loader = new SloConfigLoader(dir);
    loaders.set(key, loader);
  }
  return loader.current();
}

/** The availability SLOs of the effective configuration, for the Overview. */
export function availabilitySlos(dir: string | null): SloDef[] {
  return sloConfig(dir).slos.filter((s) => s.category === 'availability');
}

/**
 * The burn alerts firing now, most severe first: the alert queue's SLO source. Evaluated as
 * of the newest cached datapoint (see `evaluatedAt`), so offline they describe that instant.
 */
export function sloBurnAlerts(cache: CacheStore, source: string, now: number, dir: string | null = null): SloBurnAlert[] {
  const service = sloService(cache, source);
  const asOf = service.asOf(now);
  if (asOf === null) return [];
  return service.burnAlerts(sloConfig(dir).slos, asOf);
}

export function listSlos(cache: CacheStore, source: string, now: number, dir: string | null): SloList {
  const config = sloConfig(dir);
  const service = sloService(cache, source);
  const asOf = service.asOf(now);
  const info = {
    dir: config.dir,
    dirExists: config.dirExists,
    files: config.files,
    errors: config.errors,
    notes: config.notes,
  };
  const evaluatedAt = asOf ?? now;
  const slos = config.slos.map((def) => {
    const notes = config.notesBySlo[def.id] ?? [];
    if (asOf === null) {
      return service.summary(def, evaluatedAt, ['no datapoints are cached yet: the first sync has not stored anything', ...notes]);
    }
    return service.summary(def, asOf, notes);
  });
  return { generatedAt: now, evaluatedAt: asOf, slos, config: info };
}

export function sloDetail(cache: CacheStore, source: string, dir: string | null, id: string, now: number): SloDetail {
  const config = sloConfig(dir);
  const def = config.slos.find((s) => s.id === id);
  if (!def) throw new Error(`no SLO with id "${id}" (known: ${config.slos.map((s) => s.id).join(', ')})`);
  const service = sloService(cache, source);
  return forCharts(service.detail(def, service.asOf(now) ?? now, config.notesBySlo[def.id] ?? [], now));
}

/**
 * What the detail's charts draw: 30 days at a 30-minute step is 1,440 points a line, and the
 * view draws five lines; about this many per chart draw several times faster and look the
 * same at laptop widths, with every peak, dip and gap kept (domain/chartPoints.ts).
 */
export const DETAIL_CHART_POINTS = 480;

export function forCharts(d: SloDetail): SloDetail {
  const windows = d.burnSeries.windows;
  return {
    ...d,
    burnDown: thinShared(d.burnDown, [(p) => p.remainingPct], DETAIL_CHART_POINTS),
    sliSeries: { ...d.sliSeries, points: thinShared(d.sliSeries.points, [(p) => p.value], DETAIL_CHART_POINTS) },
    burnSeries: { ...d.burnSeries, points: thinShared(d.burnSeries.points, windows.map((w) => (p) => p.burn[w] ?? null), DETAIL_CHART_POINTS) },
  };
}


export interface IncidentBudgetQuery {
  /** SLOs linked to the incident by id. */
  sloIds: readonly string[];
  /** The incident's services: every SLO of one of them counts as affected. */
  services: readonly string[];
  from: number;
  to: number;
  impactFrom: number;
  impactTo: number;
}

/** "Payment Service", "payment-service" and "PaymentService" name one service. */
export const serviceKey = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The error budget of every SLO an incident affects, around it: milestone crossings for the
 * timeline and the budget its impact window spent, for the review. As of the newest cached
 * datapoint, like every SLO figure.
 */
export function incidentBudgets(cache: CacheStore, source: string, dir: string | null, q: IncidentBudgetQuery, now: number): { asOf: number | null; slos: SloIncidentBudget[] } {
  const config = sloConfig(dir);
  const services = new Set(q.services.map(serviceKey));
  const ids = new Set(q.sloIds);
  const defs = config.slos.filter((d) => ids.has(d.id) || services.has(serviceKey(d.service)));
  const service = sloService(cache, source);
  const asOf = service.asOf(now);
  if (asOf === null) return { asOf, slos: [] };
  return { asOf, slos: defs.map((d) => service.incidentBudget(d, q, asOf)) };
}
