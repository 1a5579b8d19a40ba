// Opsdeck's own SLO file format (YAML), validated with zod; every problem is reported at
// file:line:column with the field's path. A file holds one SLO, or a list under `slos:`.
//
//   slos:
//     - id: checkout-availability          # [a-z0-9][a-z0-9._-]*; a default's id replaces that default
//       name: Checkout availability
//       service: payment-service           # what the SLO list groups by; spelled as the alarms' `service` tag
//       target: 99.95                      # percent, strictly between 0 and 100
//       window: 30d                        # rolling (m/h/d/w), or { calendar: month|week, timeZone: Europe/Paris }
//       sli:
//         eventRatio:                      # good ÷ total, or 1 − bad ÷ total
//           bad:   { metric: { namespace: ECommerce/Services, name: Http5xxCount, dimensions: { Service: payment-service }, stat: Sum } }
//           total: { metric: { namespace: ECommerce/Services, name: RequestCount, dimensions: { Service: payment-service }, stat: Sum } }
//         # or timeSlice: { value: <metric or math>, comparator: lt, threshold: 500, unit: ms }
//       # metric math: { queries: { m1: <metric>, m2: <metric> }, expression: 'MAX([m1, m2])' }
//       minEvents: 100                     # optional: fewer events in the window → INSUFFICIENT_DATA
//       alerting: { minEvents: 100 }       # optional: burn alerts' minimum traffic per window
//       severity: P1                       # optional: queue severity of a paging burn (default P2; ticket burns P4)
//       resolution: 1m                     # optional: datapoint resolution, checked against CloudWatch retention
//       enabled: false                     # optional: switch an SLO (e.g. a default) off
import { stringify } from 'yaml';
import { z } from 'zod';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, WEEK_MS } from '@shared/lib/timeUnits';
import { zoneMessage } from '@shared/lib/wallClock';
import { Severity } from '@shared/contract/alerts';
import type { Comparator } from '../domain/slo/maths';
import { MetricMathError, QUERY_ID, parseExpression } from '../domain/metricMath';
import { checkRetention } from './retention';
import {
  DEFAULT_EVENT_MIN_EVENTS,
  DEFAULT_SLICE_ALERT_MIN_EVENTS,
  DEFAULT_SLICE_MIN_EVENTS,
  type MetricMathDef,
  type MetricStatRef,
  type SliDef,
  type SloCategory,
  type SloDef,
  type SloWindowDef,
} from './slos';
import { type ConfigIssue, type YamlDoc, issueAt } from './yamlSource';

export const SLO_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const STAT = /^(Average|Sum|Minimum|Maximum|SampleCount|p(100|\d{1,2}(\.\d{1,3})?))$/;
const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS };

/** '30d' → ms; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return ms > 0 ? ms : null;
}

const DimValue = z.union([z.string().min(1), z.number()], { error: 'must be a string' }).transform(String);
const Dimensions = z.union(
  [z.record(z.string().min(1), DimValue), z.array(z.strictObject({ name: z.string().min(1), value: DimValue }))],
  { error: 'must be a mapping { Name: value } or a list of { name, value }' },
);

const MetricStatYaml = z.strictObject({
  namespace: z.string({ error: 'must be a CloudWatch namespace, e.g. ECommerce/Services' }).min(1),
  name: z.string({ error: 'must be the metric name, e.g. RequestCount' }).min(1),
  dimensions: Dimensions.optional(),
  stat: z.string({ error: 'must be a statistic: Sum, Average, Minimum, Maximum, SampleCount or pNN' }).regex(STAT, {
    error: 'must be a statistic: Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p95)',
  }),
});
type MetricStatYaml = z.infer<typeof MetricStatYaml>;

const MetricExprYaml = z
  .strictObject({
    metric: MetricStatYaml.optional(),
    queries: z.record(z.string().regex(QUERY_ID, { error: 'query ids start with a lower-case letter: m1, errors, total' }), MetricStatYaml).optional(),
    expression: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.metric !== undefined && (v.queries !== undefined || v.expression !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either metric, or queries with an expression — not both' });
    } else if (v.metric === undefined && v.queries === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs a metric ({ namespace, name, dimensions, stat }) or queries with an expression' });
    } else if (v.queries !== undefined) {
      if (Object.keys(v.queries).length === 0) ctx.addIssue({ code: 'custom', path: ['queries'], message: 'must name at least one query' });
      if (v.expression === undefined) {
        ctx.addIssue({ code: 'custom', path: ['expression'], message: 'required with queries, e.g. "m1 + m2"' });
        return;
      }
      try {
        const parsed = parseExpression(v.expression);
        for (const id of parsed.ids) {
          if (!(id in v.queries)) ctx.addIssue({ code: 'custom', path: ['expression'], message: `uses '${id}', which is not one of the queries (${Object.keys(v.queries).join(', ')})` });
        }
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['expression'], message: err instanceof MetricMathError ? err.message : String(err) });
      }
    }
  });
type MetricExprYaml = z.infer<typeof MetricExprYaml>;

const COMPARATORS = { lt: 'lt', lte: 'lte', gt: 'gt', gte: 'gte', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const;

const SliYaml = z
  .strictObject({
    eventRatio: z
      .strictObject({ good: MetricExprYaml.optional(), bad: MetricExprYaml.optional(), total: MetricExprYaml, unit: z.string().min(1).optional() })
      .superRefine((v, ctx) => {
        if ((v.good === undefined) === (v.bad === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of good or bad (with total)' });
      })
      .optional(),
    timeSlice: z
      .strictObject({
        value: MetricExprYaml,
        comparator: z.enum(Object.keys(COMPARATORS) as [keyof typeof COMPARATORS, ...(keyof typeof COMPARATORS)[]], {
          error: "must be one of lt, lte, gt, gte (or <, <=, >, >=): how a good slice's value compares to the threshold",
        }),
        threshold: z.number({ error: 'must be a number in the metric’s unit' }).refine(Number.isFinite, { error: 'must be finite' }),
        unit: z.string().min(1).optional(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.eventRatio === undefined) === (v.timeSlice === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of eventRatio or timeSlice' });
  });

const WindowYaml = z.union(
  [
    z.string(),
    z.strictObject({ rolling: z.string() }),
    z.strictObject({ calendar: z.enum(['month', 'week']), timeZone: z.string().optional() }),
  ],
  { error: "must be a rolling duration such as 30d, or { calendar: month | week, timeZone: 'America/New_York' }" },
);

const EntryYaml = z
  .strictObject({
    id: z.string({ error: 'required: a stable id such as checkout-availability' }).regex(SLO_ID, {
      error: 'must be lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit',
    }),
    enabled: z.boolean().optional(),
    name: z.string().min(1).optional(),
    service: z.string().min(1).optional(),
    category: z.enum(['availability', 'performance', 'error-rate', 'custom']).optional(),
    description: z.string().optional(),
    target: z.number({ error: 'must be a number: the target in percent, e.g. 99.9' }).optional(),
    window: WindowYaml.optional(),
    resolution: z.string().optional(),
    minEvents: z.number().int().nonnegative().optional(),
    alerting: z.strictObject({ minEvents: z.number().int().nonnegative().optional() }).optional(),
    severity: Severity.optional(),
    sli: SliYaml.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.target !== undefined && !(v.target > 0 && v.target < 100)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: `must be greater than 0 and less than 100 (a percentage; 100 % leaves no error budget), got ${v.target}` });
    }
    if (v.enabled === false) return;
    if (v.target === undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: 'required: the target in percent, e.g. 99.9' });
    if (v.sli === undefined) ctx.addIssue({ code: 'custom', path: ['sli'], message: 'required: eventRatio or timeSlice' });
  });
type EntryYaml = z.infer<typeof EntryYaml>;

export const NATIVE_API_VERSION = 'opsdeck/v1';

const FileYaml = z.strictObject({ apiVersion: z.literal(NATIVE_API_VERSION).optional(), slos: z.array(z.unknown()) });

/** One SLO entry of a file: a definition, a switch-off, or the problems that stopped it. */
export interface FileEntry {
  id: string | null;
  /** Set when the entry switches an SLO off (`enabled: false`). */
  disabled: boolean;
  def: SloDef | null;
  issues: ConfigIssue[];
  /** Notes that do not stop the SLO (e.g. resolution used instead). */
  notes: ConfigIssue[];
  line: number;
  column: number;
}

function zodIssues(d: YamlDoc, base: readonly (string | number)[], error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const i of error.issues) {
    const path = [...base, ...i.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')];
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) out.push(issueAt(d, path, `unknown field (check the spelling; allowed fields are listed in the docs)`, key));
    } else {
      out.push(issueAt(d, path, i.message));
    }
  }
  return out;
}

function metricStat(m: MetricStatYaml): MetricStatRef {
  const dims = m.dimensions === undefined ? [] : Array.isArray(m.dimensions) ? m.dimensions : Object.entries(m.dimensions).map(([name, value]) => ({ name, value }));
  return { namespace: m.namespace, metric: m.name, dimensions: dims.map((x) => ({ name: x.name, value: x.value })), stat: m.stat };
}

function metricMath(e: MetricExprYaml): MetricMathDef {
  if (e.metric !== undefined) return { queries: [{ id: 'm1', metric: metricStat(e.metric) }], expression: 'm1' };
  return { queries: Object.entries(e.queries ?? {}).map(([id, m]) => ({ id, metric: metricStat(m) })), expression: e.expression ?? '' };
}

/** Converts a validated entry; range and zone checks are reported against the entry's fields. */
function toDef(d: YamlDoc, base: readonly (string | number)[], v: EntryYaml, issues: ConfigIssue[], notes: ConfigIssue[]): SloDef | null {
  const target = v.target as number;
  let window: SloWindowDef = { kind: 'rolling', ms: 30 * UNIT_MS.d! };
  const w = v.window;
  if (typeof w === 'string' || (w !== undefined && 'rolling' in w)) {
    const text = typeof w === 'string' ? w : w.rolling;
    const ms = parseDuration(text);
    const at = typeof w === 'string' ? [...base, 'window'] : [...base, 'window', 'rolling'];
    if (ms === null) issues.push(issueAt(d, at, `must be a duration such as 30d, 4w or 12h, got ${JSON.stringify(text)}`));
    else window = { kind: 'rolling', ms };
  } else if (w !== undefined) {
    const zone = w.timeZone ?? 'UTC';
    const zoneIssue = zoneMessage(zone, `must be an IANA time zone such as America/New_York or UTC, got ${JSON.stringify(zone)}`);
    if (zoneIssue) issues.push(issueAt(d, [...base, 'window', 'timeZone'], zoneIssue));
    window = { kind: 'calendar', unit: w.calendar, zone };
  }
  let resolutionSeconds: number | null = null;
  if (v.resolution !== undefined) {
    const ms = parseDuration(v.resolution);
    if (ms === null) issues.push(issueAt(d, [...base, 'resolution'], `must be a duration such as 1m or 5m, got ${JSON.stringify(v.resolution)}`));
    else resolutionSeconds = ms / 1000;
  }
  const retention = checkRetention(window, resolutionSeconds);
  if (retention.error !== null) issues.push(issueAt(d, [...base, 'window'], retention.error));
  for (const n of retention.notes) notes.push(issueAt(d, [...base, v.resolution !== undefined ? 'resolution' : 'window'], n));

  const s = v.sli as NonNullable<EntryYaml['sli']>;
  let sli: SliDef;
  if (s.eventRatio !== undefined) {
    const er = s.eventRatio;
    sli = {
      kind: 'event-ratio',
      ...(er.good !== undefined ? { good: metricMath(er.good) } : {}),
      ...(er.bad !== undefined ? { bad: metricMath(er.bad) } : {}),
      total: metricMath(er.total),
      eventUnit: er.unit ?? 'events',
    };
  } else {
    const ts = s.timeSlice as NonNullable<typeof s.timeSlice>;
    sli = { kind: 'time-slice', value: metricMath(ts.value), comparator: COMPARATORS[ts.comparator] as Comparator, threshold: ts.threshold, valueUnit: ts.unit ?? '' };
  }
  if (issues.length > 0) return null;
  const pos = issueAt(d, base, '');
  const slice = sli.kind === 'time-slice';
  return {
    id: v.id,
    name: v.name ?? v.id,
    service: v.service ?? 'Custom',
    category: (v.category ?? 'custom') as SloCategory,
    description: v.description ?? '',
    targetPct: target,
    window,
    sli,
    minEvents: v.minEvents ?? (slice ? DEFAULT_SLICE_MIN_EVENTS : DEFAULT_EVENT_MIN_EVENTS),
    alertMinEvents: v.alerting?.minEvents ?? (slice ? DEFAULT_SLICE_ALERT_MIN_EVENTS : DEFAULT_EVENT_MIN_EVENTS),
    ...(v.severity ? { severity: v.severity } : {}),
    resolutionSeconds,
    origin: { kind: 'file', file: d.file, line: pos.line, column: pos.column },
  };
}

/** The SLO entries of an Opsdeck-format document: `slos: [...]` or a single SLO mapping. */
export function nativeEntries(d: YamlDoc): { entries: FileEntry[]; issues: ConfigIssue[] } {
  const value = d.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { entries: [], issues: [issueAt(d, [], 'an SLO file holds a mapping: either `slos:` with a list of SLOs, or one SLO with id, target and sli')] };
  }
  let items: { base: (string | number)[]; raw: unknown }[];
  if ('slos' in value) {
    const file = FileYaml.safeParse(value);
    if (!file.success) return { entries: [], issues: zodIssues(d, [], file.error) };
    items = file.data.slos.map((raw, i) => ({ base: ['slos', i], raw }));
  } else {
    items = [{ base: [], raw: value }];
  }
  const entries = items.map(({ base, raw }): FileEntry => {
    const at = issueAt(d, base, '');
    const rawId = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const parsed = EntryYaml.safeParse(raw);
    if (!parsed.success) {
      return { id: rawId, disabled: false, def: null, issues: zodIssues(d, base, parsed.error), notes: [], line: at.line, column: at.column };
    }
    if (parsed.data.enabled === false) return { id: parsed.data.id, disabled: true, def: null, issues: [], notes: [], line: at.line, column: at.column };
    const issues: ConfigIssue[] = [];
    const notes: ConfigIssue[] = [];
    const def = toDef(d, base, parsed.data, issues, notes);
    return { id: parsed.data.id, disabled: false, def, issues, notes, line: at.line, column: at.column };
  });
  return { entries, issues: [] };
}

// ─── Writing a definition back as YAML (shown in the detail view, to copy into a file) ────

function metricYaml(m: MetricStatRef): Record<string, unknown> {
  return {
    namespace: m.namespace,
    name: m.metric,
    ...(m.dimensions.length > 0 ? { dimensions: Object.fromEntries(m.dimensions.map((x) => [x.name, x.value])) } : {}),
    stat: m.stat,
  };
}

function mathYaml(e: MetricMathDef): Record<string, unknown> {
  const only = e.queries[0];
  if (e.queries.length === 1 && only !== undefined && e.expression.trim() === only.id) return { metric: metricYaml(only.metric) };
  return { queries: Object.fromEntries(e.queries.map((q) => [q.id, metricYaml(q.metric)])), expression: e.expression };
}

function durationText(ms: number): string {
  for (const [unit, size] of [['w', UNIT_MS.w], ['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m]] as const) {
    if (size !== undefined && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}

/** The definition in Opsdeck's file format: copy it into a file of the SLO directory to change it. */
export function sloToYaml(def: SloDef): string {
  const sli =
    def.sli.kind === 'event-ratio'
      ? {
          eventRatio: {
            ...(def.sli.good ? { good: mathYaml(def.sli.good) } : {}),
            ...(def.sli.bad ? { bad: mathYaml(def.sli.bad) } : {}),
            total: mathYaml(def.sli.total),
            unit: def.sli.eventUnit,
          },
        }
      : { timeSlice: { value: mathYaml(def.sli.value), comparator: def.sli.comparator, threshold: def.sli.threshold, ...(def.sli.valueUnit ? { unit: def.sli.valueUnit } : {}) } };
  const entry = {
    id: def.id,
    name: def.name,
    service: def.service,
    category: def.category,
    ...(def.description ? { description: def.description } : {}),
    target: def.targetPct,
    window: def.window.kind === 'rolling' ? durationText(def.window.ms) : { calendar: def.window.unit, timeZone: def.window.zone },
    ...(def.resolutionSeconds !== null ? { resolution: durationText(def.resolutionSeconds * 1000) } : {}),
    minEvents: def.minEvents,
    alerting: { minEvents: def.alertMinEvents },
    ...(def.severity ? { severity: def.severity } : {}),
    sli,
  };
  return stringify({ apiVersion: NATIVE_API_VERSION, slos: [entry] }, { lineWidth: 0 });
}
