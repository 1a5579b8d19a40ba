// OpenSLO v1 import: `kind: SLO` and `kind: SLI` documents (inline `indicator` or
// `indicatorRef` to an SLI in any file of the directory), mapped onto CloudWatch metric
// queries and metric math.
//
//   ratioMetric good/total or bad/total     + Occurrences → event-ratio SLI
//   thresholdMetric + objective op/value    + Timeslices  → time-slice SLI
//   ratioMetric + timeSliceTarget           + Timeslices  → time slices of good ÷ total ≥ timeSliceTarget
//
// A metricSource of type CloudWatch gives either one metric (namespace, metricName, stat,
// dimensions: [{ name, value }]) or `json`: GetMetricData MetricDataQueries (MetricStat and
// Expression entries; the one with ReturnData, or the last expression, is the result).
import { DAY_MS, MINUTE_MS } from '@shared/lib/timeUnits';
import { zoneMessage } from '@shared/lib/wallClock';
import { z } from 'zod';
import type { Comparator } from '../domain/slo/maths';
import { MetricMathError, QUERY_ID, parseExpression, renameIds } from '../domain/metricMath';
import { checkRetention } from './retention';
import { SLO_ID, STAT, parseDuration, type FileEntry } from './sloSchema';
import {
  DEFAULT_EVENT_MIN_EVENTS,
  DEFAULT_SLICE_ALERT_MIN_EVENTS,
  DEFAULT_SLICE_MIN_EVENTS,
  type MetricMathDef,
  type MetricStatRef,
  type SliDef,
  type SloWindowDef,
} from './slos';
import { type ConfigIssue, type YamlDoc, issueAt } from './yamlSource';

export const OPENSLO_API_VERSION = 'openslo/v1';

export function isOpenSlo(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { apiVersion?: unknown }).apiVersion === 'string' && (value as { apiVersion: string }).apiVersion.startsWith('openslo/');
}

const Metadata = z.looseObject({ name: z.string({ error: 'required: the object’s name' }).min(1), displayName: z.string().optional() });
const MetricSource = z.looseObject({
  metricSourceRef: z.string().optional(),
  type: z.string().optional(),
  spec: z.record(z.string(), z.unknown(), { error: 'required: the CloudWatch query (namespace, metricName, stat, dimensions) or json' }),
});
const MetricHolder = z.looseObject({ metricSource: MetricSource });
const SliSpec = z.looseObject({
  description: z.string().optional(),
  thresholdMetric: MetricHolder.optional(),
  ratioMetric: z
    .looseObject({
      counter: z.boolean().optional(),
      good: MetricHolder.optional(),
      bad: MetricHolder.optional(),
      total: MetricHolder.optional(),
      raw: z.unknown().optional(),
      rawType: z.string().optional(),
    })
    .optional(),
});
type SliSpec = z.infer<typeof SliSpec>;
const SliDoc = z.looseObject({ apiVersion: z.string(), kind: z.literal('SLI'), metadata: Metadata, spec: SliSpec });
const Objective = z.looseObject({
  displayName: z.string().optional(),
  name: z.string().optional(),
  op: z.enum(['lt', 'lte', 'gt', 'gte'], { error: 'must be one of lt, lte, gt, gte' }).optional(),
  value: z.number({ error: 'must be a number' }).optional(),
  target: z.number({ error: 'must be a number in [0, 1), e.g. 0.999' }).optional(),
  targetPercent: z.number({ error: 'must be a number in [0, 100), e.g. 99.9' }).optional(),
  timeSliceTarget: z.number({ error: 'must be a number in (0, 1]' }).optional(),
  timeSliceWindow: z.union([z.number(), z.string()]).optional(),
});
const SloDoc = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('SLO'),
  metadata: Metadata,
  spec: z.looseObject({
    description: z.string().optional(),
    service: z.string().optional(),
    indicator: z.looseObject({ metadata: Metadata.optional(), spec: SliSpec }).optional(),
    indicatorRef: z.string().optional(),
    timeWindow: z
      .array(
        z.looseObject({
          duration: z.string({ error: 'required: a duration such as 30d, 4w or 1M' }),
          isRolling: z.boolean().optional(),
          calendar: z.looseObject({ startTime: z.unknown().optional(), timeZone: z.string().optional() }).optional(),
        }),
      )
      .optional(),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices'], { error: 'must be Occurrences, Timeslices or RatioTimeslices' }),
    objectives: z.array(Objective, { error: 'required: a list of objectives with target or targetPercent' }).min(1, { error: 'needs at least one objective' }),
    alertPolicies: z.unknown().optional(),
  }),
});

type Path = (string | number)[];

function zodIssues(d: YamlDoc, base: Path, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => issueAt(d, [...base, ...i.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')], i.message));
}

/** A known SLI: where it is (for errors) and its spec. */
export interface OpenSloSli {
  doc: YamlDoc;
  path: Path;
  spec: SliSpec;
}

/** `kind: SLI` documents by metadata.name, for indicatorRef; duplicates and invalid ones are issues. */
export function collectOpenSloSlis(docs: readonly YamlDoc[]): { slis: Map<string, OpenSloSli>; issues: ConfigIssue[] } {
  const slis = new Map<string, OpenSloSli>();
  const issues: ConfigIssue[] = [];
  for (const d of docs) {
    const v = d.value as { kind?: unknown };
    if (v?.kind !== 'SLI') continue;
    const parsed = SliDoc.safeParse(d.value);
    if (!parsed.success) {
      issues.push(...zodIssues(d, [], parsed.error));
      continue;
    }
    const name = parsed.data.metadata.name;
    const existing = slis.get(name);
    if (existing) {
      issues.push(issueAt(d, ['metadata', 'name'], `an SLI named '${name}' is already defined in ${existing.doc.file}`));
      continue;
    }
    slis.set(name, { doc: d, path: ['spec'], spec: parsed.data.spec });
  }
  return { slis, issues };
}

// ─── Metric sources → metric math ───────────────────────────────────────────────────────

function dimensionsOf(raw: unknown): { name: string; value: string }[] | string {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) {
    const out: { name: string; value: string }[] = [];
    for (const x of raw) {
      const name = (x as { name?: unknown; Name?: unknown })?.name ?? (x as { Name?: unknown })?.Name;
      const value = (x as { value?: unknown; Value?: unknown })?.value ?? (x as { Value?: unknown })?.Value;
      if (typeof name !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) return 'each dimension needs a name and a value';
      out.push({ name, value: String(value) });
    }
    return out;
  }
  if (typeof raw === 'object') return Object.entries(raw as Record<string, unknown>).map(([name, value]) => ({ name, value: String(value) }));
  return 'must be a list of { name, value }';
}

interface Problem {
  path: Path;
  message: string;
}

function statRef(namespace: unknown, metricName: unknown, dims: unknown, stat: unknown, at: Path, problems: Problem[]): MetricStatRef | null {
  if (typeof namespace !== 'string' || namespace === '') problems.push({ path: [...at, 'namespace'], message: 'required: the CloudWatch namespace' });
  if (typeof metricName !== 'string' || metricName === '') problems.push({ path: [...at, 'metricName'], message: 'required: the metric name' });
  if (typeof stat !== 'string' || !STAT.test(stat)) problems.push({ path: [...at, 'stat'], message: 'must be Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p95)' });
  const dimensions = dimensionsOf(dims);
  if (typeof dimensions === 'string') problems.push({ path: [...at, 'dimensions'], message: dimensions });
  if (problems.length > 0 || typeof dimensions === 'string') return null;
  return { namespace: namespace as string, metric: metricName as string, dimensions, stat: stat as string };
}

interface MetricDataQueryJson {
  Id?: unknown;
  Expression?: unknown;
  ReturnData?: unknown;
  MetricStat?: { Metric?: { Namespace?: unknown; MetricName?: unknown; Dimensions?: unknown }; Stat?: unknown };
}

/** GetMetricData queries (as in the API's JSON) → one metric-math definition. */
function fromMetricDataQueries(raw: unknown, at: Path, problems: Problem[]): MetricMathDef | null {
  let list = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch (err) {
      problems.push({ path: at, message: `is not valid JSON: ${(err as Error).message}` });
      return null;
    }
  }
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({ path: at, message: 'must be a non-empty list of MetricDataQuery objects ({ Id, MetricStat } or { Id, Expression })' });
    return null;
  }
  const queries: { id: string; metric: MetricStatRef }[] = [];
  const expressions = new Map<string, string>();
  let result: string | null = null;
  const count = problems.length;
  (list as MetricDataQueryJson[]).forEach((q, i) => {
    const id = q?.Id;
    if (typeof id !== 'string' || !QUERY_ID.test(id)) {
      problems.push({ path: [...at, i, 'Id'], message: 'must be an id starting with a lower-case letter, e.g. m1' });
      return;
    }
    if (q.ReturnData === true) result = id;
    if (typeof q.Expression === 'string') {
      expressions.set(id, q.Expression);
    } else if (q.MetricStat) {
      const m = q.MetricStat.Metric ?? {};
      const ref = statRef(m.Namespace, m.MetricName, m.Dimensions, q.MetricStat.Stat, [...at, i, 'MetricStat'], problems);
      if (ref) queries.push({ id, metric: ref });
    } else {
      problems.push({ path: [...at, i], message: 'needs MetricStat or Expression' });
    }
  });
  if (problems.length > count) return null;
  if (result === null) result = [...expressions.keys()].pop() ?? (queries.length === 1 ? (queries[0] as { id: string }).id : null);
  if (result === null) {
    problems.push({ path: at, message: 'several metrics but no Expression: mark the result with ReturnData: true' });
    return null;
  }
  // Expressions may build on other expressions: inline them (with a depth limit against cycles).
  const inline = (id: string, depth: number): string => {
    const text = expressions.get(id);
    if (text === undefined) return id;
    if (depth > 10) throw new MetricMathError(text, 0, 'expressions refer to each other in a cycle');
    return `(${renameIds(text, (ref) => inline(ref, depth + 1))})`;
  };
  try {
    const expression = inline(result, 0);
    const parsed = parseExpression(expression);
    const missing = parsed.ids.filter((id) => !queries.some((q) => q.id === id));
    if (missing.length > 0) {
      problems.push({ path: at, message: `the expression uses ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not a MetricStat query` });
      return null;
    }
    return { queries: queries.filter((q) => parsed.ids.includes(q.id)), expression };
  } catch (err) {
    problems.push({ path: at, message: err instanceof MetricMathError ? err.message : String(err) });
    return null;
  }
}

function fromMetricSource(source: z.infer<typeof MetricSource>, at: Path, problems: Problem[]): MetricMathDef | null {
  const type = source.type ?? 'CloudWatch';
  if (type.toLowerCase() !== 'cloudwatch') {
    problems.push({ path: [...at, 'type'], message: `Opsdeck reads CloudWatch metric sources only, got type ${JSON.stringify(type)}` });
    return null;
  }
  const spec = source.spec;
  if (spec.sql !== undefined) {
    problems.push({ path: [...at, 'spec', 'sql'], message: 'Metrics Insights SQL is not supported; give namespace, metricName, stat and dimensions, or json MetricDataQueries' });
    return null;
  }
  if (spec.json !== undefined) return fromMetricDataQueries(spec.json, [...at, 'spec', 'json'], problems);
  if (spec.metricDataQueries !== undefined) return fromMetricDataQueries(spec.metricDataQueries, [...at, 'spec', 'metricDataQueries'], problems);
  const ref = statRef(spec.namespace, spec.metricName, spec.dimensions, spec.stat, [...at, 'spec'], problems);
  return ref ? { queries: [{ id: 'm1', metric: ref }], expression: 'm1' } : null;
}

/** `(a) / (b)` of two metric maths, their query ids prefixed so they cannot clash. */
function combine(left: MetricMathDef, right: MetricMathDef, build: (l: string, r: string) => string): MetricMathDef {
  const l = (id: string): string => `a_${id}`;
  const r = (id: string): string => `b_${id}`;
  return {
    queries: [...left.queries.map((q) => ({ id: l(q.id), metric: q.metric })), ...right.queries.map((q) => ({ id: r(q.id), metric: q.metric }))],
    expression: build(renameIds(left.expression, l), renameIds(right.expression, r)),
  };
}

// ─── SLO documents ──────────────────────────────────────────────────────────────────────

function windowOf(d: YamlDoc, tw: NonNullable<z.infer<typeof SloDoc>['spec']['timeWindow']>, issues: ConfigIssue[]): SloWindowDef {
  const fallback: SloWindowDef = { kind: 'rolling', ms: 30 * DAY_MS };
  if (tw.length !== 1) {
    issues.push(issueAt(d, ['spec', 'timeWindow'], `must hold exactly one time window, got ${tw.length}`));
    return fallback;
  }
  const w = tw[0] as (typeof tw)[number];
  const rolling = w.isRolling ?? w.calendar === undefined;
  if (rolling) {
    const ms = parseDuration(w.duration);
    if (ms === null) {
      issues.push(issueAt(d, ['spec', 'timeWindow', 0, 'duration'], `a rolling window takes minutes, hours, days or weeks (e.g. 28d, 4w), got ${JSON.stringify(w.duration)}`));
      return fallback;
    }
    return { kind: 'rolling', ms };
  }
  const zone = w.calendar?.timeZone ?? 'UTC';
  const zoneIssue = zoneMessage(zone, `must be an IANA time zone such as America/New_York, got ${JSON.stringify(zone)}`);
  if (zoneIssue) issues.push(issueAt(d, ['spec', 'timeWindow', 0, 'calendar', 'timeZone'], zoneIssue));
  if (w.duration === '1M') return { kind: 'calendar', unit: 'month', zone };
  if (w.duration === '1w' || w.duration === '7d') return { kind: 'calendar', unit: 'week', zone };
  issues.push(issueAt(d, ['spec', 'timeWindow', 0, 'duration'], `calendar windows are a month (1M) or a week (1w), got ${JSON.stringify(w.duration)}`));
  return fallback;
}

function sanitizeId(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 100);
  return SLO_ID.test(id) ? id : `slo-${id}`;
}

/** Converts one `kind: SLO` document (one SLO per objective). */
export function openSloEntries(d: YamlDoc, slis: ReadonlyMap<string, OpenSloSli>): FileEntry[] {
  const parsed = SloDoc.safeParse(d.value);
  const at = issueAt(d, [], '');
  const rawName = (d.value as { metadata?: { name?: unknown } })?.metadata?.name;
  if (!parsed.success) {
    return [{ id: typeof rawName === 'string' ? sanitizeId(rawName) : null, disabled: false, def: null, issues: zodIssues(d, [], parsed.error), notes: [], line: at.line, column: at.column }];
  }
  const slo = parsed.data;
  const docIssues: ConfigIssue[] = [];
  const notes: ConfigIssue[] = [];
  const window = slo.spec.timeWindow === undefined ? { kind: 'rolling' as const, ms: 30 * DAY_MS } : windowOf(d, slo.spec.timeWindow, docIssues);
  if (slo.spec.timeWindow === undefined) notes.push(issueAt(d, ['spec'], 'no timeWindow: using a rolling 30-day window'));

  // The indicator: inline, or by reference (errors about its content point at the SLI).
  let sli: OpenSloSli | null = null;
  if (slo.spec.indicator !== undefined) sli = { doc: d, path: ['spec', 'indicator', 'spec'], spec: slo.spec.indicator.spec };
  else if (slo.spec.indicatorRef !== undefined) {
    sli = slis.get(slo.spec.indicatorRef) ?? null;
    if (sli === null) {
      const known = [...slis.keys()];
      docIssues.push(issueAt(d, ['spec', 'indicatorRef'], `no SLI named '${slo.spec.indicatorRef}' in the SLO directory${known.length ? ` (known: ${known.join(', ')})` : ''}`));
    }
  } else {
    docIssues.push(issueAt(d, ['spec'], 'needs indicator (inline SLI) or indicatorRef'));
  }

  const baseId = sanitizeId(slo.metadata.name);
  const many = slo.spec.objectives.length > 1;
  return slo.spec.objectives.map((objective, i): FileEntry => {
    const oPath: Path = ['spec', 'objectives', i];
    const id = many ? `${baseId}-${sanitizeId(objective.name ?? String(i + 1))}` : baseId;
    const issues = [...docIssues];
    const entryNotes = [...notes];
    const problems: { doc: YamlDoc; path: Path; message: string }[] = [];

    let targetPct = NaN;
    if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
      issues.push(issueAt(d, oPath, 'give exactly one of target (0–1) or targetPercent (0–100)'));
    } else if (objective.target !== undefined) {
      targetPct = Number((objective.target * 100).toPrecision(12));
      if (!(objective.target > 0 && objective.target < 1)) issues.push(issueAt(d, [...oPath, 'target'], `must be greater than 0 and less than 1 (e.g. 0.999), got ${objective.target}`));
    } else {
      targetPct = objective.targetPercent as number;
      if (!(targetPct > 0 && targetPct < 100)) issues.push(issueAt(d, [...oPath, 'targetPercent'], `must be greater than 0 and less than 100, got ${targetPct}`));
    }

    let resolutionSeconds: number | null = null;
    if (objective.timeSliceWindow !== undefined) {
      const tsw = objective.timeSliceWindow;
      const ms = typeof tsw === 'number' ? tsw * MINUTE_MS : parseDuration(tsw);
      if (ms === null || !(ms > 0)) issues.push(issueAt(d, [...oPath, 'timeSliceWindow'], `must be minutes or a duration such as 1m, got ${JSON.stringify(tsw)}`));
      else resolutionSeconds = ms / 1000;
    }

    let def: SliDef | null = null;
    if (sli !== null) {
      const s = sli.spec;
      const p = sli.path;
      const local: Problem[] = [];
      const method = slo.spec.budgetingMethod;
      if (s.thresholdMetric !== undefined && s.ratioMetric !== undefined) local.push({ path: p, message: 'give either thresholdMetric or ratioMetric, not both' });
      else if (s.thresholdMetric !== undefined) {
        if (objective.op === undefined || objective.value === undefined) {
          issues.push(issueAt(d, oPath, 'a thresholdMetric SLI needs op (lt, lte, gt, gte) and value in the objective'));
        }
        const value = fromMetricSource(s.thresholdMetric.metricSource, [...p, 'thresholdMetric', 'metricSource'], local);
        if (method === 'Occurrences') {
          entryNotes.push(issueAt(d, ['spec', 'budgetingMethod'], 'a thresholdMetric is evaluated per datapoint: Occurrences is treated as Timeslices of one datapoint each'));
        }
        if (value && objective.op !== undefined && objective.value !== undefined) {
          def = { kind: 'time-slice', value, comparator: objective.op as Comparator, threshold: objective.value, valueUnit: '' };
        }
      } else if (s.ratioMetric !== undefined) {
        const r = s.ratioMetric;
        const rp = [...p, 'ratioMetric'];
        if (r.raw !== undefined) local.push({ path: [...rp, 'raw'], message: 'precomputed ratios (raw) are not supported; give good or bad with total' });
        else if ((r.good === undefined) === (r.bad === undefined)) local.push({ path: rp, message: 'give exactly one of good or bad, with total' });
        else if (r.total === undefined) local.push({ path: rp, message: 'required: total' });
        else {
          const numerator = r.good ?? r.bad;
          const which = r.good !== undefined ? 'good' : 'bad';
          const num = fromMetricSource((numerator as z.infer<typeof MetricHolder>).metricSource, [...rp, which, 'metricSource'], local);
          const total = fromMetricSource(r.total.metricSource, [...rp, 'total', 'metricSource'], local);
          if (r.counter === true) {
            entryNotes.push(issueAt(sli.doc, [...rp, 'counter'], 'CloudWatch Sum statistics are already counts per period: counter: true needs no differencing and is ignored'));
          }
          if (num && total) {
            if (method === 'Occurrences') {
              def = { kind: 'event-ratio', ...(which === 'good' ? { good: num } : { bad: num }), total, eventUnit: 'events' };
            } else if (objective.timeSliceTarget === undefined) {
              issues.push(issueAt(d, oPath, `${method} with a ratioMetric needs timeSliceTarget: the ratio a good slice reaches`));
            } else if (!(objective.timeSliceTarget > 0 && objective.timeSliceTarget <= 1)) {
              issues.push(issueAt(d, [...oPath, 'timeSliceTarget'], `must be greater than 0 and at most 1, got ${objective.timeSliceTarget}`));
            } else {
              const value = combine(num, total, (a, b) => (which === 'good' ? `(${a}) / (${b})` : `1 - (${a}) / (${b})`));
              def = { kind: 'time-slice', value, comparator: 'gte', threshold: objective.timeSliceTarget, valueUnit: 'ratio' };
            }
          }
        }
      } else {
        local.push({ path: p, message: 'needs thresholdMetric or ratioMetric' });
      }
      for (const pr of local) problems.push({ doc: sli.doc, path: pr.path, message: pr.message });
    }
    for (const pr of problems) issues.push(issueAt(pr.doc, pr.path, pr.message));

    const retention = checkRetention(window, resolutionSeconds);
    if (retention.error !== null) issues.push(issueAt(d, ['spec', 'timeWindow'], retention.error));
    for (const n of retention.notes) entryNotes.push(issueAt(d, resolutionSeconds !== null ? [...oPath, 'timeSliceWindow'] : ['spec', 'timeWindow'], n));
    if (slo.spec.alertPolicies !== undefined) {
      entryNotes.push(issueAt(d, ['spec', 'alertPolicies'], 'alertPolicies are not imported: Opsdeck alerts on burn rate (SRE Workbook multiwindow rules)'));
    }

    if (issues.length > 0 || def === null) return { id, disabled: false, def: null, issues, notes: entryNotes, line: at.line, column: at.column };
    const slice = def.kind === 'time-slice';
    const title = slo.metadata.displayName ?? slo.metadata.name;
    const objectiveName = objective.displayName ?? objective.name;
    return {
      id,
      disabled: false,
      def: {
        id,
        name: many && objectiveName ? `${title} — ${objectiveName}` : title,
        service: slo.spec.service ?? 'Custom',
        category: slice ? 'performance' : 'custom',
        description: slo.spec.description ?? sli?.spec.description ?? '',
        targetPct,
        window,
        sli: def,
        minEvents: slice ? DEFAULT_SLICE_MIN_EVENTS : DEFAULT_EVENT_MIN_EVENTS,
        alertMinEvents: slice ? DEFAULT_SLICE_ALERT_MIN_EVENTS : DEFAULT_EVENT_MIN_EVENTS,
        resolutionSeconds,
        origin: { kind: 'openslo', file: d.file, line: at.line, column: at.column },
      },
      issues: [],
      notes: entryNotes,
      line: at.line,
      column: at.column,
    };
  });
}
