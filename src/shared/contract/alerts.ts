// Alert-queue part of the API contract: the zod schemas for what people type (matchers,
// silences, maintenance rules, severity rules, grouping) and every alert method's input and
// output. The schemas live here rather than in main/domain so the renderer can run the very
// same validation at the field before sending, and the main side validates again.
// Schemas and method specs only: the grammar, zone rule and rule text they rely on are in
// shared/lib (matchers, regex, wallClock, maintenanceText, safeUrl).
import { z } from 'zod';
import { DEFAULT_MAINTENANCE_ZONE, WEEKDAYS, onceInstants, parseMaintenanceRuleText, weekdayFromText } from '../lib/maintenanceText';
import { LABEL_HELP, MATCHER_OPS, formatMatcher, isMatcherLabel, matchValue, parseMatcherText, splitMatcherList, type MatcherLabel } from '../lib/matchers';
import { regexError } from '../lib/regex';
import { safeHttpUrl } from '../lib/safeUrl';
import { parseHhMm, parseLocalDateTime } from '../lib/wallClock';
import { Author, Empty, EpochMs, TimeZone } from './primitives';
import type { ApiSpec } from './spec';

// =======================================================================================
// Primitives

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const AlarmState = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
export type AlarmState = z.infer<typeof AlarmState>;

/** Where an alert comes from: CloudWatch alarms, SLO burn-rate alerts, backup failures and RPO breaches. */
export const AlertSource = z.enum(['cloudwatch', 'slo-burn', 'backup']);
export type AlertSource = z.infer<typeof AlertSource>;

// =======================================================================================
// Severity rules and grouping

const RULE_CONDITIONS = ['name', 'nameRegex', 'namespace', 'service', 'source'] as const;

// Size bounds: what a person could reasonably type, so a pasted megabyte or a scripted
// flood is a 400 naming the field instead of a row every queue call must read and match.
/** Notes and reasons: 16 KiB (counted in characters). */
export const TEXT_MAX_CHARS = 16 * 1024;
export const MATCHERS_MAX = 50;
export const SEVERITY_RULES_MAX = 500;
export const RUNBOOK_RULES_MAX = 500;
const PATTERN_MAX_CHARS = 1000;
const atMost = (field: string, n: number, unit = 'characters'): string => `${field}: at most ${n.toLocaleString('en-US')} ${unit}`;
const pattern = (field: string) => z.string().min(1).max(PATTERN_MAX_CHARS, atMost(field, PATTERN_MAX_CHARS));

/**
 * One severity rule. All given conditions must hold. `name`, `namespace` and `service`
 * are globs (`*`, `?`); `nameRegex` is an anchored regex. A missing alert field (e.g. no
 * service) never matches a condition on it.
 */
export const SeverityRule = z
  .object({
    description: z.string().trim().min(1).max(500, atMost('description', 500)).optional(),
    name: pattern('name').optional(),
    nameRegex: pattern('nameRegex').optional(),
    namespace: pattern('namespace').optional(),
    service: pattern('service').optional(),
    source: AlertSource.optional(),
    severity: Severity,
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (!RULE_CONDITIONS.some((c) => rule[c] !== undefined)) {
      ctx.addIssue({ code: 'custom', message: `a rule needs at least one of ${RULE_CONDITIONS.join(', ')}`, path: [] });
    }
    if (rule.name !== undefined && rule.nameRegex !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either name (glob) or nameRegex, not both', path: ['nameRegex'] });
    }
    if (rule.nameRegex !== undefined) {
      const problem = regexError(rule.nameRegex);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['nameRegex'] });
    }
  });
export type SeverityRule = z.infer<typeof SeverityRule>;

/**
 * What decides an alert's severity: its `severity` tag, else the first matching rule in
 * order, else `default`. P3 by default: an unclassified alarm reaches Slack within the
 * hour without paging anyone at night.
 */
export const SeverityPolicy = z
  .object({
    rules: z.array(SeverityRule).max(SEVERITY_RULES_MAX, atMost('rules', SEVERITY_RULES_MAX, 'severity rules')).default([]),
    default: Severity.default('P3'),
  })
  .strict();
export type SeverityPolicy = z.infer<typeof SeverityPolicy>;

export type GroupField = 'source' | 'service' | 'namespace' | 'name' | 'severity' | `tag:${string}`;

export const GroupBy = z
  .array(
    z.string().max(200, atMost('groupBy', 200)).refine((f) => ['source', 'service', 'namespace', 'name', 'severity'].includes(f) || /^tag:.+/.test(f), {
      message: 'expected source, service, namespace, name, severity or tag:<key>',
    }),
  )
  .min(1, 'group by at least one field')
  .max(10, atMost('groupBy', 10, 'fields'))
  .transform((fields) => fields as GroupField[]);

// =======================================================================================
// Matchers: `label op value` with `=`, `!=`, `=~`, `!~`, as in Alertmanager

const MatcherObject = z
  .object({
    label: z.string().max(200, atMost('label', 200)).refine(isMatcherLabel, { message: LABEL_HELP }).transform((l) => l as MatcherLabel),
    op: z.enum(MATCHER_OPS),
    value: z.string().max(PATTERN_MAX_CHARS, atMost('value', PATTERN_MAX_CHARS)),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.op === '=~' || m.op === '!~') {
      const problem = regexError(m.value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['value'] });
    }
  });

/**
 * A matcher, as an object `{ label, op, value }` or as text `service="payment"`,
 * `severity=~"P1|P2"`, `tag:env!=staging` (quotes optional unless the value has commas or
 * surrounding spaces; inside quotes `\"` is a quote and other backslashes are kept as typed).
 * Regexes are anchored at both ends; a leading `(?i)` ignores case.
 */
export const Matcher = z.preprocess((input, ctx) => {
  if (typeof input !== 'string') return input;
  if (input.length > PATTERN_MAX_CHARS + 210) {
    ctx.issues.push({ code: 'custom', message: atMost('matcher', PATTERN_MAX_CHARS + 210), input: `${input.slice(0, 40)}…` });
    return input;
  }
  const parsed = parseMatcherText(input);
  if ('error' in parsed) ctx.issues.push({ code: 'custom', message: parsed.error, input });
  return 'error' in parsed ? input : parsed;
}, MatcherObject);
export type Matcher = z.output<typeof Matcher>;

const asMatcherArray = (input: unknown): unknown => (typeof input === 'string' ? splitMatcherList(input) : input);

/** Matchers as an array (objects or `label op value` strings) or one `{a="b", c=~"d"}` string. */
const MatcherArray = z.array(Matcher).max(MATCHERS_MAX, atMost('matchers', MATCHERS_MAX, 'matchers'));
export const MatcherList = z.preprocess(asMatcherArray, MatcherArray);

// =======================================================================================
// Silences: active on the half-open interval [startsAt, endsAt), like Alertmanager

const silenceFields = {
  matchers: z.preprocess(asMatcherArray, MatcherArray.min(1, 'at least one matcher is required; a silence without matchers would silence everything')),
  startsAt: EpochMs,
  endsAt: EpochMs,
  reason: z.string().trim().min(1, 'reason is required').max(TEXT_MAX_CHARS, atMost('reason', TEXT_MAX_CHARS)),
  author: Author,
};

type SilenceShape = { matchers: Matcher[]; startsAt: number; endsAt: number };

function checkSilence(silence: SilenceShape, ctx: z.RefinementCtx): void {
  if (silence.endsAt <= silence.startsAt) {
    ctx.addIssue({ code: 'custom', message: 'endsAt must be after startsAt', path: ['endsAt'] });
  }
  // Alertmanager's safety rule: if every matcher also matches the empty string, the silence
  // matches alerts that lack all those labels — almost everything. Refinements still run
  // when a matcher is invalid (already reported on its own path), so skip those here.
  const emptyMatches = silence.matchers.map((m) => {
    try {
      return matchValue(m, '');
    } catch {
      return null;
    }
  });
  if (emptyMatches.length > 0 && emptyMatches.every((matches) => matches === true)) {
    ctx.addIssue({
      code: 'custom',
      message: `at least one matcher must not match an empty value (${silence.matchers.map(formatMatcher).join(', ')} would silence nearly every alert)`,
      path: ['matchers'],
    });
  }
}

/** What a person types to create a silence. */
export const SilenceSpec = z.object(silenceFields).strict().superRefine(checkSilence);
export type SilenceSpec = z.output<typeof SilenceSpec>;

/** A stored silence. */
export const Silence = z
  .object({ id: z.string().min(1).max(200), ...silenceFields, createdAt: EpochMs.optional() })
  .strict()
  .superRefine(checkSilence);
export type Silence = z.output<typeof Silence>;

// =======================================================================================
// Maintenance rules (recurrence is computed in main/domain/maintenance.ts)

const WeekdaySchema = z.preprocess(
  (v) => (typeof v === 'string' ? (weekdayFromText(v) ?? v) : v),
  z.enum(WEEKDAYS, { message: `expected a weekday: ${WEEKDAYS.join(', ')}` }),
);

const Clock = z.string().refine((t) => /^\d{2}:\d{2}$/.test(t) && parseHhMm(t) !== null, {
  message: 'expected a 24-hour time HH:MM, e.g. 02:00',
});

export const Nth = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')], {
  message: 'expected 1, 2, 3, 4 or "last"',
});

const LocalOrInstant = z.union([
  EpochMs,
  z.string().max(100, atMost('start/end', 100)).refine((t) => parseLocalDateTime(t) !== null, { message: 'expected a local date-time YYYY-MM-DDTHH:MM or epoch milliseconds' }),
]);

function checkClockPair(rule: { start: string; end: string }, ctx: z.RefinementCtx): void {
  if (rule.start === rule.end) ctx.addIssue({ code: 'custom', message: 'end must differ from start', path: ['end'] });
}

export const MonthlyRule = z
  .object({
    kind: z.literal('monthly'),
    nth: Nth.default(1),
    weekday: WeekdaySchema,
    start: Clock,
    end: Clock,
    zone: TimeZone.default(DEFAULT_MAINTENANCE_ZONE),
  })
  .strict()
  .superRefine(checkClockPair);

export const WeeklyRule = z
  .object({
    kind: z.literal('weekly'),
    weekdays: z.array(WeekdaySchema).min(1, 'list at least one weekday').max(7, atMost('weekdays', 7, 'weekdays')),
    start: Clock,
    end: Clock,
    zone: TimeZone.default(DEFAULT_MAINTENANCE_ZONE),
  })
  .strict()
  .superRefine(checkClockPair);

export const OnceRule = z
  .object({
    kind: z.literal('once'),
    start: LocalOrInstant,
    end: LocalOrInstant,
    zone: TimeZone.default(DEFAULT_MAINTENANCE_ZONE),
  })
  .strict()
  .superRefine((rule, ctx) => {
    let instants: { startsAt: number; endsAt: number };
    try {
      instants = onceInstants(rule);
    } catch {
      return; // a bad zone or date-time is already reported on its own field
    }
    if (instants.endsAt <= instants.startsAt) ctx.addIssue({ code: 'custom', message: 'end must be after start', path: ['end'] });
  });

/** A maintenance rule, as an object or as text (see `parseMaintenanceRuleText`). */
export const MaintenanceRule = z.preprocess(
  (input, ctx) => {
    if (typeof input !== 'string') return input;
    if (input.length > 500) {
      ctx.issues.push({ code: 'custom', message: atMost('rule', 500), input: `${input.slice(0, 40)}…` });
      return input;
    }
    const parsed = parseMaintenanceRuleText(input);
    if ('error' in parsed) {
      ctx.issues.push({ code: 'custom', message: parsed.error, input });
      return input;
    }
    return parsed.rule;
  },
  z.discriminatedUnion('kind', [MonthlyRule, WeeklyRule, OnceRule], { message: 'kind must be monthly, weekly or once' }),
);
export type MaintenanceRule = z.output<typeof MaintenanceRule>;
export type MonthlyRule = z.output<typeof MonthlyRule>;
export type WeeklyRule = z.output<typeof WeeklyRule>;
export type OnceRule = z.output<typeof OnceRule>;

/** A maintenance rule plus which alerts it covers. */
export const ScheduledMaintenance = z
  .object({
    id: z.string().min(1).max(200),
    title: z.string().trim().min(1, 'title is required').max(200, atMost('title', 200)),
    rule: MaintenanceRule,
    /** Which alerts the window suppresses; empty = all. E.g. `service="order"`, `severity!="P1"`. */
    matchers: MatcherArray.default([]),
  })
  .strict();
export type ScheduledMaintenance = z.output<typeof ScheduledMaintenance>;

// =======================================================================================
// API inputs

/** The occurrences an action applies to: exactly those the person saw in the queue. */
const OccurrenceKeys = z
  .array(z.string().min(1).max(2048))
  .min(1, 'occurrenceKeys: name at least one occurrence to act on')
  .max(20_000, 'occurrenceKeys: at most 20,000 occurrences at once');

const actionCommon = { occurrenceKeys: OccurrenceKeys, author: Author };
const Note = z.string().trim().max(TEXT_MAX_CHARS, atMost('note', TEXT_MAX_CHARS));
/** Snoozes run from a minute to a week: longer than that is a silence, which needs a reason. */
export const SNOOZE_MAX_MINUTES = 7 * 24 * 60;

export const AlertActionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ack'), ...actionCommon, note: Note.optional() }).strict(),
  z.object({ kind: z.literal('unack'), ...actionCommon, note: Note.optional() }).strict(),
  z
    .object({
      kind: z.literal('assign'),
      ...actionCommon,
      /** null or '' takes the alert off whoever had it. */
      assignee: z.string().trim().max(200, 'assignee: at most 200 characters').nullable(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('snooze'),
      ...actionCommon,
      minutes: z.number().int('minutes: a whole number').min(1, 'minutes: at least 1').max(SNOOZE_MAX_MINUTES, `minutes: at most ${SNOOZE_MAX_MINUTES} (a week); use a silence for longer`),
      note: Note.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('unsnooze'), ...actionCommon }).strict(),
  z.object({ kind: z.literal('note'), ...actionCommon, note: Note.pipe(z.string().min(1, 'note: write something')) }).strict(),
]);
export type AlertActionInput = z.output<typeof AlertActionInput>;
export type AlertActionKind = AlertActionInput['kind'];

/** A silence as typed in the form; the same checks as a stored one. */
export const CreateSilenceInput = SilenceSpec;

export const MaintenanceSpec = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(200, 'title: at most 200 characters'),
    rule: MaintenanceRule,
    /** Which alerts the window covers; empty = every alert. */
    matchers: MatcherList.default([]),
    author: Author,
  })
  .strict();
export type MaintenanceSpec = z.output<typeof MaintenanceSpec>;

export const RunbookRule = z
  .object({
    /** Glob on the alarm name (`*`, `?`). */
    name: z.string().trim().min(1, 'name: a glob on the alarm name, e.g. payment-*').max(PATTERN_MAX_CHARS, atMost('name', PATTERN_MAX_CHARS)),
    url: z
      .string()
      .trim()
      .max(2048, atMost('url', 2048))
      .refine((u) => safeHttpUrl(u) !== null, { message: 'url: expected an http(s) link, e.g. https://wiki.example.com/runbooks/payment' }),
  })
  .strict();
export type RunbookRule = z.output<typeof RunbookRule>;

export const AlertSettings = z
  .object({
    severityPolicy: SeverityPolicy,
    groupBy: GroupBy,
    /** Runbook links from configuration, for alarms whose description and tags have none. */
    runbooks: z.array(RunbookRule).max(RUNBOOK_RULES_MAX, atMost('runbooks', RUNBOOK_RULES_MAX, 'rules')).default([]),
  })
  .strict();
export type AlertSettings = z.output<typeof AlertSettings>;

export const SaveAlertSettingsInput = AlertSettings.extend({ author: Author }).strict();

// =======================================================================================
// API outputs

export const LocalState = z.enum(['firing', 'acknowledged', 'snoozed', 'silenced', 'in-maintenance', 'resolved']);
export type LocalState = z.infer<typeof LocalState>;
export const LOCAL_STATES = LocalState.options;

export const SeverityDecidedBy = z.union([
  z.literal('tag'),
  z.literal('default'),
  z.object({ rule: z.number().int().nonnegative(), description: z.string() }),
  // An alert Opsdeck raises itself (an SLO burn, a backup failure): its own rule decided.
  z.object({ sourceRule: z.string().max(200), description: z.string().max(500) }),
]);

const Acknowledgement = z.object({ by: z.string(), at: EpochMs });

export const ResponseTimerOut = z.object({
  dueAt: EpochMs,
  targetMs: z.number().nonnegative(),
  /** "5 minutes" … "next business day, 09:00". */
  targetLabel: z.string(),
  /**
   * dueAt − acknowledgedAt once acknowledged (met: ≥ 0, missed: < 0); null while unacknowledged —
   * count down from dueAt. A figure of the build's `now` here would change every row at every
   * build, and answers could not be sent as what changed (see AlertQueueDelta).
   */
  remainingMs: z.number().nullable(),
  /** running/overdue as of the build (the renderer compares dueAt with its own clock); met/missed once acknowledged. */
  status: z.enum(['running', 'overdue', 'met', 'missed']),
});
export type ResponseTimerOut = z.infer<typeof ResponseTimerOut>;

export const NoteOut = z.object({ id: z.string(), author: z.string(), at: EpochMs, body: z.string(), kind: z.string() });

export const QueueGroup = z.object({
  /** Stable identity of the group (see groupAlerts); use it in URLs, encoded. */
  key: z.string(),
  title: z.string(),
  /** Name of the primary member: the longest-standing in the worst state. */
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  source: AlertSource,
  service: z.string().nullable(),
  namespace: z.string().nullable(),
  /** Tags of the primary member, so the silence form can preview what it will match. */
  tags: z.record(z.string(), z.string()),
  severity: Severity,
  severityDecidedBy: SeverityDecidedBy,
  /** In words: "severity tag", "rule 2: name ~ "payment-*" → P1", "default P3". */
  severityReason: z.string(),
  state: LocalState,
  upstreamState: AlarmState,
  /** Distinct alerts folded into the group, and how many of them have an open occurrence. */
  count: z.number().int().nonnegative(),
  firingCount: z.number().int().nonnegative(),
  firedAt: EpochMs,
  resolvedAt: EpochMs.nullable(),
  lastChangeAt: EpochMs,
  timer: ResponseTimerOut.nullable(),
  acknowledgement: Acknowledgement.nullable(),
  assignee: z.string().nullable(),
  snoozedUntil: EpochMs.nullable(),
  silence: z.object({ id: z.string(), endsAt: EpochMs, reason: z.string() }).nullable(),
  maintenance: z.object({ id: z.string(), title: z.string(), endsAt: EpochMs }).nullable(),
  /** A desktop notification may go out (firing, nothing suppressing it). */
  notify: z.boolean(),
  runbookUrl: z.string().nullable(),
  /** The occurrences an action on this row applies to (open ones; the last one once resolved). */
  occurrenceKeys: z.array(z.string()),
  lastNote: NoteOut.nullable(),
});
export type QueueGroup = z.infer<typeof QueueGroup>;

/** Names one answer of the alert queue: opaque, different whenever any byte of the answer is. */
export const QueueVersion = z
  .string()
  .min(1, 'since: a version from an earlier alertQueue answer')
  .max(64, atMost('since', 64))
  .regex(/^[A-Za-z0-9_-]+$/, 'since: a version from an earlier alertQueue answer (letters, digits, - and _)');

export const AlertQueue = z.object({
  version: QueueVersion,
  generatedAt: EpochMs,
  /** Who this laptop's user is by default (the OS account), for the author field. */
  me: z.string(),
  groupBy: z.array(z.string()),
  /** Worst first: needs a human, then held back, then resolved (see sortAlertQueue). */
  groups: z.array(QueueGroup),
  counts: z.record(LocalState, z.number().int().nonnegative()),
  /** Newest successful alarm sync across sources; null before the first. */
  alarmsAsOf: EpochMs.nullable(),
  /** How long resolved groups stay in the queue. */
  resolvedKeptMs: z.number().nonnegative(),
  /** Things the on-call engineer should know about the queue itself (e.g. a source not wired). */
  notices: z.array(z.string()),
});
export type AlertQueue = z.infer<typeof AlertQueue>;

/** `since`: the version the client holds; the answer is then what changed since (AlertQueueDelta), or the whole queue when that version is no longer held. */
export const AlertQueueInput = z.object({ since: QueueVersion.optional() }).strict();

/**
 * The queue at `envelope.version` as what changed since the version the client holds:
 * applyQueueDelta (alertsDelta.ts) turns the held answer and this into the whole answer,
 * exactly (rows and order).
 */
export const AlertQueueDelta = z.object({
  kind: z.literal('delta'),
  since: QueueVersion,
  /** The new answer but its groups (small: always whole). */
  envelope: AlertQueue.omit({ groups: true }),
  /** Groups new or changed since `since`, whole. */
  rows: z.array(QueueGroup),
  /** Keys of the groups `since` held that are gone. */
  removed: z.array(z.string()),
  /**
   * The new order, as steps: a non-negative n followed by a length l is `since`'s groups at
   * positions n … n + l − 1 (unchanged); a negative n is rows[−n − 1].
   */
  order: z.array(z.number().int()),
});
export type AlertQueueDelta = z.infer<typeof AlertQueueDelta>;

export const HistoryEntry = z.object({
  at: EpochMs,
  from: AlarmState.nullable(),
  to: AlarmState,
  summary: z.string(),
});

export const ActionEntry = z.object({
  id: z.string(),
  batchId: z.string(),
  kind: z.enum(['ack', 'unack', 'assign', 'snooze', 'unsnooze', 'note']),
  occurrenceKey: z.string(),
  author: z.string(),
  at: EpochMs,
  note: z.string().nullable(),
  assignee: z.string().nullable(),
  until: EpochMs.nullable(),
});
export type ActionEntry = z.infer<typeof ActionEntry>;

export const AlertMember = z.object({
  alertId: z.string(),
  sourceId: z.string(),
  source: AlertSource,
  name: z.string(),
  type: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  service: z.string().nullable(),
  namespace: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  severity: Severity,
  severityReason: z.string(),
  upstreamState: AlarmState,
  stateSince: EpochMs,
  stateReason: z.string().nullable(),
  runbookUrl: z.string().nullable(),
  /** Metric alarms: what is measured and the line it crosses. */
  metric: z
    .object({
      namespace: z.string(),
      metricName: z.string(),
      dimensions: z.array(z.object({ name: z.string(), value: z.string() })),
      statistic: z.string(),
      period: z.number(),
      threshold: z.number().nullable(),
      comparison: z.string().nullable(),
      /** Datapoints from the local cache around the firing time; empty when not cached. */
      points: z.array(z.object({ t: EpochMs, v: z.number() })),
      from: EpochMs,
      to: EpochMs,
    })
    .nullable(),
  /** Composite alarms: the rule over other alarms. */
  compositeRule: z.string().nullable(),
  occurrence: z.object({ key: z.string(), firedAt: EpochMs, resolvedAt: EpochMs.nullable(), endedBy: z.string().nullable() }).nullable(),
  localState: LocalState,
  /** State changes from the alarm history, newest first. */
  history: z.array(HistoryEntry),
});
export type AlertMember = z.infer<typeof AlertMember>;

export const RelatedSlo = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  /** The burn alert firing on it, if any. */
  severity: z.enum(['page', 'ticket']).nullable(),
  /** The firing rule's long-window burn rate, else the 1-hour one. */
  burnRate: z.number().nullable(),
  window: z.string().nullable(),
  status: z.string(),
  budgetRemainingPct: z.number().nullable(),
  description: z.string(),
});

export const AlertDetail = z.object({
  generatedAt: EpochMs,
  group: QueueGroup,
  members: z.array(AlertMember),
  /** Everything done locally to this group's occurrences, newest first. */
  actions: z.array(ActionEntry),
  relatedSlos: z.array(RelatedSlo),
  /** Why the related-SLO list may be empty (no service on the alert, say). */
  relatedSlosNote: z.string().nullable(),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

export const AlertActionResult = z.object({
  at: EpochMs,
  batchId: z.string(),
  recorded: z.number().int().nonnegative(),
  /** Occurrences left alone, and why (already resolved, unknown…). */
  skipped: z.array(z.object({ occurrenceKey: z.string(), reason: z.string() })),
});

export const SilenceOut = z.object({
  id: z.string(),
  matchers: z.array(z.object({ label: z.string(), op: z.enum(MATCHER_OPS), value: z.string() })),
  matchersText: z.string(),
  startsAt: EpochMs,
  endsAt: EpochMs,
  /** Set when someone ended the silence early. */
  expiredAt: EpochMs.nullable(),
  expiredBy: z.string().nullable(),
  reason: z.string(),
  author: z.string(),
  createdAt: EpochMs,
  status: z.enum(['pending', 'active', 'expired']),
  /** Groups in the queue it covers right now. */
  matchingGroups: z.number().int().nonnegative(),
});
export type SilenceOut = z.infer<typeof SilenceOut>;

const WindowOut = z.object({ startsAt: EpochMs, endsAt: EpochMs, localStart: z.string(), localEnd: z.string() });

export const MaintenanceOut = z.object({
  id: z.string(),
  title: z.string(),
  ruleText: z.string(),
  zone: z.string(),
  matchersText: z.string(),
  /** The seeds' monthly window ships built in. */
  builtIn: z.boolean(),
  author: z.string().nullable(),
  createdAt: EpochMs.nullable(),
  retiredAt: EpochMs.nullable(),
  retiredBy: z.string().nullable(),
  active: WindowOut.nullable(),
  /** The next windows, for checking the rule reads as intended (DST included). */
  upcoming: z.array(WindowOut),
});
export type MaintenanceOut = z.infer<typeof MaintenanceOut>;

export const AlertSettingsOut = z.object({
  severityPolicy: SeverityPolicy,
  groupBy: z.array(z.string()),
  runbooks: z.array(z.object({ name: z.string(), url: z.string() })),
  updatedBy: z.string().nullable(),
  updatedAt: EpochMs.nullable(),
  /** Response-time targets per severity, as the seeds give them. */
  targets: z.record(Severity, z.string()),
});
export type AlertSettingsOut = z.infer<typeof AlertSettingsOut>;

export const FatigueOut = z.object({
  from: EpochMs,
  to: EpochMs,
  days: z.number(),
  alarms: z.array(
    z.object({
      alertId: z.string(),
      name: z.string(),
      stateChanges: z.number().int(),
      changesPerDay: z.number(),
      alarmEntries: z.number().int(),
      timeInAlarmMs: z.number(),
      shareInAlarm: z.number(),
      daily: z.array(z.object({ date: z.string(), changes: z.number().int() })),
    }),
  ),
  responses: z.array(
    z.object({
      severity: Severity,
      targetMs: z.number().nullable(),
      targetLabel: z.string(),
      occurrences: z.number().int(),
      acknowledged: z.number().int(),
      medianTtaMs: z.number().nullable(),
      p90TtaMs: z.number().nullable(),
      met: z.number().int(),
      missed: z.number().int(),
      selfResolved: z.number().int(),
      pending: z.number().int(),
      shareWithinTarget: z.number().nullable(),
    }),
  ),
  /** How far back the cached alarm history reaches. */
  historyFrom: EpochMs.nullable(),
  /**
   * The first acknowledgement recorded on this laptop (acknowledgements live in its journal);
   * null when none ever was — time to acknowledge cannot be measured, and the report says so.
   */
  acknowledgementsSince: EpochMs.nullable(),
});
export type FatigueOut = z.infer<typeof FatigueOut>;

const Ok = z.object({ ok: z.literal(true) });

/**
 * What a journal write that changes the alert screens invalidates. Not 'alarms': every alert
 * read names 'journal', and 'alarms' alone means an alarms sync (the main side's shared queue
 * rebuilds on it, and folds journal writes into the version it has).
 */
const ALERT_WRITE_TOPICS = ['journal'] as const;

// =======================================================================================
// Methods

export const alertApi = {
  alertQueue: { input: AlertQueueInput, output: AlertQueue, answer: z.union([AlertQueue, AlertQueueDelta]), topics: ['alarms', 'journal'] },
  alertDetail: { input: z.object({ key: z.string().min(1, 'key: which alert group').max(4096, atMost('key', 4096)) }).strict(), output: AlertDetail, topics: ['alarms', 'journal', 'metrics'] },
  alertAction: { input: AlertActionInput, output: AlertActionResult, topics: [], invalidates: ALERT_WRITE_TOPICS },
  alertSilences: { input: Empty, output: z.array(SilenceOut), topics: ['alarms', 'journal'] },
  createSilence: { input: CreateSilenceInput, output: SilenceOut, topics: [], invalidates: ALERT_WRITE_TOPICS },
  expireSilence: { input: z.object({ id: z.string().min(1, 'id: which silence').max(200, atMost('id', 200)), author: Author }).strict(), output: Ok, topics: [], invalidates: ALERT_WRITE_TOPICS },
  maintenancePlans: { input: Empty, output: z.array(MaintenanceOut), topics: ['alarms', 'journal'] },
  createMaintenance: { input: MaintenanceSpec, output: MaintenanceOut, topics: [], invalidates: ALERT_WRITE_TOPICS },
  retireMaintenance: { input: z.object({ id: z.string().min(1, 'id: which maintenance plan').max(200, atMost('id', 200)), author: Author }).strict(), output: Ok, topics: [], invalidates: ALERT_WRITE_TOPICS },
  alertSettings: { input: Empty, output: AlertSettingsOut, topics: ['alarms', 'journal'] },
  saveAlertSettings: { input: SaveAlertSettingsInput, output: AlertSettingsOut, topics: [], invalidates: ALERT_WRITE_TOPICS },
  alertFatigue: {
    input: z.object({ days: z.number().int().min(1, 'days: at least 1').max(30, 'days: at most 30 (CloudWatch keeps 30 days of alarm history)').default(7) }).strict(),
    output: FatigueOut,
    topics: ['alarms', 'journal'],
  },
} as const satisfies ApiSpec;
