// Alert-queue handlers: the cached alarms (and SLO burn alerts) folded into groups, with
// severity, local state from the journal, silences and maintenance, response timers; the
// actions people take; silences, maintenance plans, settings and the fatigue report.
//
// Views read only the stores. Every journal write is one transaction, validated in full by
// the contract before anything is written, and followed by a push so every window updates.
import { userInfo } from 'node:os';
import { formatMatcher, allMatch } from '../../shared/lib/matchers';
import { globToRegex } from '../../shared/lib/regex';
import { safeHttpUrl } from '../../shared/lib/safeUrl';
import {
  AlertSettings,
  MatcherList,
  ScheduledMaintenance as ScheduledMaintenanceSchema,
  type GroupField,
  type ScheduledMaintenance,
  type Severity,
  type Silence,
  type AlertDetail,
  type AlertMember,
  type AlertQueue,
  type AlertSettingsOut,
  type FatigueOut,
  type LocalState,
  type MaintenanceOut,
  type QueueGroup,
  type SilenceOut,
  type alertApi,
} from '../../shared/contract/alerts';
import { fatigueReport, type AcknowledgementRecord, type StateChange } from '../domain/alerts/fatigue';
import { reconcileOccurrences } from '../domain/alerts/occurrences';
import { effectiveAlertState, sortAlertQueue, type AlertStatus, type JournalAction } from '../domain/alerts/queue';
import {
  DEFAULT_GROUP_BY,
  groupAlerts,
  resolveSeverity,
  runbookLink,
  tagValue,
  type AlertGroup,
  type SeverityDecision,
  type UpstreamAlert,
} from '../domain/alerts/model';
import { RESPONSE_TARGET_LABEL, responseTimer } from '../domain/alerts/timers';
import { SEEDS_MAINTENANCE, activeWindow, formatMaintenanceRule, nextWindow, type MaintenanceWindow } from '../domain/alerts/maintenance';
import { silenceStatus } from '../domain/alerts/silences';
import { evaluateExpression } from '../domain/metricMath';
import type { SloBurnAlert } from '../slo/service';
import { AlarmCache, alarmAlertId, asAlarmState, type StoredOccurrence } from '../store/alarms';
import { AlertJournal, type ActionRow } from '../store/alert-journal';
import type { Handlers } from '../api/dispatch';
import { primarySourceId, type ApiContext } from '../api/context';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Resolved groups stay in the queue this long, so the on-call sees what just cleared. */
export const RESOLVED_KEPT_MS = 24 * HOUR;
/** Source of SLO burn alerts in the cache's occurrence table. */
export const SLO_BURN_SOURCE = 'slo-burn';

/**
 * Defaults from the seeds' examples, for alarms without a `severity` tag: backup failures
 * are P2, capacity planning and certificate expiry P4; anything else P3 (reaches Slack
 * within the hour without paging anyone at night). Editable on the Alerts → Rules tab.
 */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  severityPolicy: {
    rules: [
      { description: 'Backup failures are High (seeds: P2)', namespace: 'AWS/Backup', severity: 'P2' },
      { description: 'Capacity planning alerts are Low (seeds: P4)', nameRegex: '(?i).*capacity.*', severity: 'P4' },
      { description: 'Certificate expiration is Low (seeds: P4)', nameRegex: '(?i).*cert.*expir.*', severity: 'P4' },
    ],
    default: 'P3',
  },
  groupBy: [...DEFAULT_GROUP_BY],
  runbooks: [],
};

// =======================================================================================
// SLO burn-rate alerts: the second source

/**
 * The SLO engine's burn alerts: the queue's second source. An SLO evaluation that fails
 * (a broken SLO file, say) must not take the alarm queue down with it: it becomes a notice.
 */
export async function sloBurnAlertSource(ctx: ApiContext, now: number): Promise<BurnSource> {
  try {
    return { alerts: await ctx.slo.burnAlerts(primarySourceId(ctx), ctx.sloConfigDir, now), problem: null };
  } catch (err) {
    return { alerts: [], problem: `SLO burn-rate alerts could not be evaluated (${err instanceof Error ? err.message : String(err)}); only CloudWatch alarms are shown.` };
  }
}

export interface BurnSource {
  alerts: SloBurnAlert[];
  problem: string | null;
}

/** The SRE Workbook's page/ticket split onto the seeds' levels: page → P2 (15 min), ticket → P4 (next business day). */
const SLO_SEVERITY: Record<SloBurnAlert['severity'], Severity> = { page: 'P2', ticket: 'P4' };

// =======================================================================================
// Building the queue

interface Entry {
  alert: UpstreamAlert & { severity: Severity };
  decision: SeverityDecision;
  sourceId: string;
  type: string;
  body: Record<string, unknown> | null;
  /** The newest occurrence of this alert, or null when it never fired (in what we hold). */
  occurrence: StoredOccurrence | null;
}

/** An alert in the queue: its upstream fields (what grouping and matchers read) plus the local view. */
type Member = Entry &
  UpstreamAlert & { severity: Severity } & {
  occurrence: StoredOccurrence;
  status: AlertStatus;
  /** How the severity was decided, in words. */
  decisionText: string;
  /** A runbook link from the settings, for alarms whose description and tags have none. */
  configuredRunbook: string | null;
};

interface SilenceView {
  row: SilenceOut;
  silence: Silence;
}

interface PlanView {
  plan: ScheduledMaintenance;
  builtIn: boolean;
  author: string | null;
  createdAt: number | null;
  retired: { at: number; by: string } | null;
}

interface Built {
  now: number;
  settings: EffectiveSettings;
  entries: Entry[];
  groups: { group: AlertGroup<Member>; row: QueueGroup }[];
  silences: SilenceView[];
  plans: PlanView[];
  notices: string[];
  alarmsAsOf: number | null;
}

interface EffectiveSettings {
  settings: AlertSettings;
  updatedBy: string | null;
  updatedAt: number | null;
  notice: string | null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;

/** The runbook link in an alarm description: one next to the word "runbook", else the first link. */
export function runbookFromDescription(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const urls = [...description.matchAll(URL_IN_TEXT)].map((m) => ({ url: m[0].replace(/[.,;:]+$/, ''), at: m.index ?? 0 }));
  const labelled = urls.find((u) => /runbook/i.test(description.slice(Math.max(0, u.at - 40), u.at)) || /runbook/i.test(u.url));
  const chosen = labelled ?? urls[0];
  return chosen ? (safeHttpUrl(chosen.url) ?? undefined) : undefined;
}

/** A short title: the description's first sentence without links, else the alarm name. */
export function titleFrom(name: string, description: string | undefined): string {
  if (!description) return name;
  const text = description.replace(URL_IN_TEXT, '').replace(/\b(runbook|see)\s*:?\s*$/i, '').trim();
  const first = (/^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text).trim();
  if (!first) return name;
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

const SERVICE_DIMENSIONS = ['Service', 'ServiceName', 'service'];

function serviceOf(tags: Record<string, string>, body: Record<string, unknown>): string | undefined {
  const tagged = tagValue(tags, 'service');
  if (tagged) return tagged;
  const dims = Array.isArray(body.Dimensions) ? (body.Dimensions as { Name?: string; Value?: string }[]) : [];
  for (const name of SERVICE_DIMENSIONS) {
    const d = dims.find((x) => x.Name === name && x.Value);
    if (d?.Value) return d.Value;
  }
  return undefined;
}

function configuredRunbook(settings: AlertSettings, name: string): string | null {
  for (const rule of settings.runbooks) if (globToRegex(rule.name).test(name)) return safeHttpUrl(rule.url);
  return null;
}

export function severityReason(decision: SeverityDecision, alert: UpstreamAlert, policyDefault: Severity): string {
  const ignored = decision.ignoredSeverityTag !== undefined ? ` (severity tag ${JSON.stringify(decision.ignoredSeverityTag)} not understood)` : '';
  if (decision.decidedBy === 'tag') return `severity tag ${JSON.stringify(tagValue(alert.tags, 'severity') ?? '')}`;
  if (decision.decidedBy === 'default') return `no tag or rule matched: default ${policyDefault}${ignored}`;
  return `rule ${decision.decidedBy.rule + 1}: ${decision.decidedBy.description}${ignored}`;
}

function loadSettings(journal: AlertJournal): EffectiveSettings {
  const latest = journal.latestSettings();
  if (!latest) return { settings: DEFAULT_ALERT_SETTINGS, updatedBy: null, updatedAt: null, notice: null };
  const parsed = AlertSettings.safeParse(latest.body);
  if (!parsed.success) {
    return {
      settings: DEFAULT_ALERT_SETTINGS,
      updatedBy: latest.author,
      updatedAt: latest.createdAt,
      notice: `The alert settings saved by ${latest.author} could not be read (${parsed.error.issues[0]?.message ?? 'invalid'}); using the defaults until they are saved again.`,
    };
  }
  return { settings: parsed.data, updatedBy: latest.author, updatedAt: latest.createdAt, notice: null };
}

const StoredMatchers = MatcherList;

function loadSilences(journal: AlertJournal, now: number, notices: string[]): SilenceView[] {
  const views: SilenceView[] = [];
  for (const row of journal.silences()) {
    const matchers = StoredMatchers.safeParse(row.matchers);
    if (!matchers.success || matchers.data.length === 0) {
      notices.push(`Silence ${row.id} by ${row.author} has matchers this version cannot read; it is ignored.`);
      continue;
    }
    // An early end cuts the silence short; one ended before it began never applies.
    const endsAt = row.expiredAt !== null ? Math.min(row.endsAt, row.expiredAt) : row.endsAt;
    const silence: Silence = { id: row.id, matchers: matchers.data, startsAt: row.startsAt, endsAt, reason: row.reason, author: row.author, createdAt: row.createdAt };
    const status = endsAt <= row.startsAt ? 'expired' : silenceStatus(silence, now);
    views.push({
      silence,
      row: {
        id: row.id,
        matchers: matchers.data.map((m) => ({ label: m.label, op: m.op, value: m.value })),
        matchersText: matchers.data.map(formatMatcher).join(', '),
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        expiredAt: row.expiredAt,
        expiredBy: row.expiredBy,
        reason: row.reason,
        author: row.author,
        createdAt: row.createdAt,
        status,
        matchingGroups: 0,
      },
    });
  }
  return views;
}

function loadPlans(journal: AlertJournal, notices: string[]): PlanView[] {
  const retired = journal.retirements();
  const views: PlanView[] = [
    { plan: SEEDS_MAINTENANCE, builtIn: true, author: null, createdAt: null, retired: retired.get(SEEDS_MAINTENANCE.id) ?? null },
  ];
  for (const row of journal.plans()) {
    const parsed = ScheduledMaintenanceSchema.safeParse({ id: row.id, title: row.title, rule: row.rule, matchers: row.matchers });
    if (!parsed.success) {
      notices.push(`Maintenance plan "${row.title}" by ${row.author} cannot be read by this version; it is ignored.`);
      continue;
    }
    views.push({ plan: parsed.data, builtIn: false, author: row.author, createdAt: row.createdAt, retired: retired.get(row.id) ?? null });
  }
  return views;
}

/**
 * Plans in force at `now`, each reduced to its current window as a one-off rule: the queue
 * checks every alert against them, and a fixed window costs no calendar arithmetic.
 */
function activePlans(plans: readonly PlanView[], now: number): ScheduledMaintenance[] {
  const out: ScheduledMaintenance[] = [];
  for (const view of plans) {
    if (view.retired && view.retired.at <= now) continue;
    const window = activeWindow(view.plan.rule, now);
    if (window) out.push({ ...view.plan, rule: { kind: 'once', start: window.startsAt, end: window.endsAt, zone: view.plan.rule.zone } });
  }
  return out;
}

/** Upstream alerts from the cache, one per alarm of each configured source. */
function cloudwatchEntries(ctx: ApiContext, alarms: AlarmCache, settings: AlertSettings): Entry[] {
  const entries: Entry[] = [];
  for (const sourceId of ctx.sourceIds) {
    const tags = alarms.tags(sourceId);
    for (const row of ctx.cache.alarms(sourceId)) {
      const body = (row.body && typeof row.body === 'object' ? row.body : {}) as Record<string, unknown>;
      const arn = str(body.AlarmArn);
      const description = str(body.AlarmDescription);
      const alarmTags = (arn ? tags.get(arn)?.tags : undefined) ?? {};
      const service = serviceOf(alarmTags, body);
      const namespace = str(body.Namespace);
      const runbookUrl = runbookFromDescription(description);
      const base: UpstreamAlert = {
        id: alarmAlertId(sourceId, row.name, arn),
        source: 'cloudwatch',
        name: row.name,
        title: titleFrom(row.name, description),
        ...(service ? { service } : {}),
        ...(namespace ? { namespace } : {}),
        state: asAlarmState(row.state) ?? 'INSUFFICIENT_DATA',
        stateSince: Math.max(0, Math.round(row.stateSince)),
        tags: alarmTags,
        ...(description ? { description } : {}),
        ...(runbookUrl ? { runbookUrl } : {}),
      };
      const decision = resolveSeverity(base, settings.severityPolicy);
      entries.push({ alert: { ...base, severity: decision.severity }, decision, sourceId, type: row.type, body, occurrence: null });
    }
  }
  return entries;
}

/**
 * SLO burn alerts as upstream alerts. Their occurrences are recorded in the cache when first
 * seen (the SLO engine computes them from cached metrics on demand), so acknowledgements
 * attach to a stable key exactly as for CloudWatch alarms.
 */
/** Service names compare without case or punctuation: "Payment Service" is payment-service. */
export function sameService(a: string, b: string): boolean {
  return normaliseService(a) === normaliseService(b);
}

function normaliseService(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sloEntries(burn: BurnSource, alarms: AlarmCache, settings: AlertSettings, now: number, notices: string[], alarmServices: readonly string[]): Entry[] {
  const { alerts: burning, problem } = burn;
  // Spell an SLO's service the way the alarms do, so filters and grouping see one service.
  const spelling = new Map(alarmServices.map((s) => [normaliseService(s), s]));
  if (problem) notices.push(problem);
  const previous = alarms.occurrencesOfSource(SLO_BURN_SOURCE);
  const openSince = new Map(previous.filter((o) => o.resolvedAt === null).map((o) => [o.alertId, o.firedAt]));
  const entries: Entry[] = burning.map((b) => {
    const id = b.id;
    const alert: UpstreamAlert = {
      id,
      source: 'slo-burn',
      name: b.name,
      // The name is "<SLO>: <rule>"; the title says what is happening to that SLO.
      title: `${b.name.replace(/: [^:]+$/, '')} SLO burning its error budget at ${b.burnRate.toFixed(1)}× over ${b.window.split('/')[0] ?? b.window}`,
      service: spelling.get(normaliseService(b.service)) ?? b.service,
      state: 'ALARM',
      // An open occurrence keeps its start: the engine's `since` can move as the 1-minute
      // data it looks back over rolls forward, and the key must not (acknowledgements hang on it).
      stateSince: openSince.get(id) ?? b.since ?? now,
      tags: { severity: SLO_SEVERITY[b.severity], slo: b.sloId, alert: b.severity },
      description: b.description,
    };
    const decision = resolveSeverity(alert, settings.severityPolicy);
    return { alert: { ...alert, severity: decision.severity }, decision, sourceId: SLO_BURN_SOURCE, type: 'SloBurnAlert', body: null, occurrence: null };
  });
  const { occurrences } = reconcileOccurrences(previous, entries.map((e) => e.alert), now, { missing: 'resolve' });
  const before = new Map(previous.map((o) => [o.key, o]));
  alarms.saveOccurrences(
    SLO_BURN_SOURCE,
    occurrences.filter((o) => {
      const was = before.get(o.key);
      return !was || was.resolvedAt !== o.resolvedAt || was.endedBy !== o.endedBy;
    }),
  );
  return entries;
}

function toJournalActions(rows: readonly ActionRow[]): JournalAction[] {
  return rows.flatMap((r): JournalAction[] => {
    const base = { occurrenceKey: r.occurrenceKey, at: r.createdAt, author: r.author };
    switch (r.kind) {
      case 'ack':
      case 'unack':
      case 'unsnooze':
        return [{ kind: r.kind, ...base }];
      case 'assign':
        return [{ kind: 'assign', ...base, assignee: r.assignee && r.assignee.trim() ? r.assignee : null }];
      case 'snooze':
        return r.until !== null && r.until > r.createdAt ? [{ kind: 'snooze', ...base, until: r.until }] : [];
      case 'note':
        return [];
    }
  });
}

/** Which open member speaks for the group: the one needing a human most, then the oldest. */
const STATE_PRIORITY: Record<LocalState, number> = { firing: 0, acknowledged: 1, snoozed: 2, silenced: 3, 'in-maintenance': 4, resolved: 5 };

function timerOf(severity: Severity, firedAt: number, acknowledgedAt: number | null, now: number): QueueGroup['timer'] {
  const t = responseTimer(severity, firedAt, acknowledgedAt, now);
  return { dueAt: t.dueAt, targetMs: t.targetMs, targetLabel: RESPONSE_TARGET_LABEL[severity], remainingMs: t.remainingMs, status: t.status };
}

function noteOf(row: ActionRow): QueueGroup['lastNote'] {
  return row.note ? { id: row.id, author: row.author, at: row.createdAt, body: row.note, kind: row.kind } : null;
}

function groupRow(group: AlertGroup<Member>, actionsByKey: Map<string, ActionRow[]>, silences: Map<string, Silence>, now: number): { row: QueueGroup; firstAcknowledgedAt: number | null } {
  const open = group.members.filter((m) => m.occurrence.resolvedAt === null);
  const candidates = open.length > 0 ? open : group.members;
  const primary = [...candidates].sort(
    (a, b) => STATE_PRIORITY[a.status.state] - STATE_PRIORITY[b.status.state] || a.occurrence.firedAt - b.occurrence.firedAt,
  )[0]!;
  const severity = group.severity ?? primary.alert.severity;
  const state: LocalState = open.length > 0 ? primary.status.state : 'resolved';
  const occurrenceKeys = open.length > 0 ? open.map((m) => m.occurrence.key) : group.members.map((m) => m.occurrence.key);
  const actions = occurrenceKeys.flatMap((k) => actionsByKey.get(k) ?? []);
  let lastAction: ActionRow | null = null;
  let lastNote: ActionRow | null = null;
  for (const a of actions) {
    if (!lastAction || a.createdAt >= lastAction.createdAt) lastAction = a;
    if (a.note && (!lastNote || a.createdAt >= lastNote.createdAt)) lastNote = a;
  }
  const firstAck = primary.status.firstAcknowledgedAt;
  const silence = primary.status.silenceId ? silences.get(primary.status.silenceId) : undefined;
  const resolvedAt = open.length > 0 ? null : Math.max(...group.members.map((m) => m.occurrence.resolvedAt ?? 0));
  const snoozed = open.flatMap((m) => (m.status.snoozedUntil !== null ? [m.status.snoozedUntil] : []));
  const bySeverity = group.members.find((m) => m.alert.severity === severity) ?? primary;
  let runbook = runbookLinkOf(primary);
  for (const m of group.members) runbook ??= runbookLinkOf(m);
  const row: QueueGroup = {
    key: group.key,
    title: primary.alert.title,
    name: primary.alert.name,
    labels: group.labels,
    source: primary.alert.source,
    service: primary.alert.service ?? null,
    namespace: primary.alert.namespace ?? null,
    tags: primary.alert.tags,
    severity,
    severityDecidedBy: bySeverity.decision.decidedBy,
    severityReason: bySeverity.decisionText,
    state,
    upstreamState: group.state,
    count: group.count,
    firingCount: open.length,
    firedAt: primary.occurrence.firedAt,
    resolvedAt,
    lastChangeAt: Math.max(group.lastChangeAt, ...group.members.map((m) => m.occurrence.resolvedAt ?? m.occurrence.firedAt), lastAction?.createdAt ?? 0),
    timer: state === 'resolved' && firstAck === null ? null : timerOf(severity, primary.occurrence.firedAt, firstAck, now),
    // Resolution ends the acknowledgement (the detail's action log still says who and when).
    acknowledgement: state === 'resolved' ? null : primary.status.acknowledgement,
    assignee: primary.status.assignee ?? open.map((m) => m.status.assignee).find((a) => a !== null) ?? null,
    snoozedUntil: state === 'snoozed' && snoozed.length > 0 ? Math.min(...snoozed) : null,
    silence: state === 'silenced' && silence ? { id: silence.id, endsAt: silence.endsAt, reason: silence.reason } : null,
    maintenance: state === 'in-maintenance' ? primary.status.maintenance : null,
    notify: open.some((m) => m.status.notify),
    runbookUrl: runbook,
    occurrenceKeys,
    lastNote: lastNote ? noteOf(lastNote) : null,
  };
  return { row, firstAcknowledgedAt: firstAck };
}

function runbookLinkOf(m: Member): string | null {
  return runbookLink(m.alert) ?? m.configuredRunbook;
}

function latestAlarmsAsOf(ctx: ApiContext): number | null {
  let newest: number | null = null;
  for (const sourceId of ctx.sourceIds) {
    const asOf = ctx.cache.sourceState(sourceId)?.alarmsAsOf ?? null;
    if (asOf !== null && (newest === null || asOf > newest)) newest = asOf;
  }
  return newest;
}

/** The queue as of now; `burn` is the SLO source, fetched first (it is evaluated off-thread). */
function buildQueue(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal, burn: BurnSource): Built {
  const now = ctx.now();
  const notices: string[] = [];
  const settings = loadSettings(journal);
  if (settings.notice) notices.push(settings.notice);
  const silences = loadSilences(journal, now, notices);
  const plans = loadPlans(journal, notices);
  const inForce = activePlans(plans, now);
  const policy = settings.settings.severityPolicy;

  const cloudwatch = cloudwatchEntries(ctx, alarms, settings.settings);
  const alarmServices = [...new Set(cloudwatch.flatMap((e) => (e.alert.service ? [e.alert.service] : [])))];
  const entries = [...cloudwatch, ...sloEntries(burn, alarms, settings.settings, now, notices, alarmServices)];
  // In the queue: alerts whose newest occurrence is open, or resolved within RESOLVED_KEPT_MS.
  const latest = new Map(alarms.liveOccurrences(now - RESOLVED_KEPT_MS).map((o) => [o.alertId, o]));
  for (const e of entries) e.occurrence = latest.get(e.alert.id) ?? null;
  const live = entries.filter((e): e is Entry & { occurrence: StoredOccurrence } => e.occurrence !== null);
  const actionRows = journal.actionsFor(live.map((e) => e.occurrence.key));
  const actionsByKey = new Map<string, ActionRow[]>();
  for (const a of actionRows) {
    const list = actionsByKey.get(a.occurrenceKey);
    if (list) list.push(a);
    else actionsByKey.set(a.occurrenceKey, [a]);
  }
  const activeSilences = silences.filter((s) => s.row.status === 'active').map((s) => s.silence);
  const members: Member[] = live.map((e) => {
    const status = effectiveAlertState({
      alert: e.alert,
      occurrence: e.occurrence,
      actions: toJournalActions(actionsByKey.get(e.occurrence.key) ?? []),
      silences: activeSilences,
      maintenance: inForce,
      now,
    });
    return { ...e.alert, ...e, status, decisionText: severityReason(e.decision, e.alert, policy.default), configuredRunbook: configuredRunbook(settings.settings, e.alert.name) };
  });

  const silenceById = new Map(silences.map((s) => [s.silence.id, s.silence]));
  const grouped = groupAlerts(members, settings.settings.groupBy as GroupField[]).map((group) => ({ group, ...groupRow(group, actionsByKey, silenceById, now) }));
  const byKey = new Map(grouped.map((g) => [g.row.key, g]));
  const order = sortAlertQueue(
    grouped.map((g) => ({ occurrenceKey: g.row.key, severity: g.row.severity, firedAt: g.row.firedAt, state: g.row.state, firstAcknowledgedAt: g.firstAcknowledgedAt })),
    now,
  );
  const groups = order.map((item) => byKey.get(item.occurrenceKey)!);

  for (const view of silences) {
    view.row.matchingGroups = groups.filter((g) => g.group.members.some((m) => allMatch(view.silence.matchers, m.alert))).length;
  }
  return { now, settings, entries, groups, silences, plans, notices, alarmsAsOf: latestAlarmsAsOf(ctx) };
}

function currentUser(): string {
  try {
    return userInfo().username || 'on-call';
  } catch {
    return 'on-call';
  }
}

// =======================================================================================
// Detail

const CHART_BEFORE_MS = 3 * HOUR;
const CHART_AFTER_MS = HOUR;
const CHART_MAX_POINTS = 2_000;

type Dimension = { name: string; value: string };

function dimsOf(value: unknown): Dimension[] {
  if (!Array.isArray(value)) return [];
  return (value as { Name?: unknown; Value?: unknown }[]).flatMap((d) => (typeof d.Name === 'string' && typeof d.Value === 'string' ? [{ name: d.Name, value: d.Value }] : []));
}

function sameDims(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  if (a.length !== b.length) return false;
  const key = (d: readonly Dimension[]) => [...d].map((x) => `${x.name}=${x.value}`).sort().join(',');
  return key(a) === key(b);
}

interface MetricStatRef {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat: string;
  period: number;
}

/** Points of one metric statistic from the cache; another cached statistic of the same metric if that one is not collected. */
function cachedPoints(ctx: ApiContext, sourceId: string, m: MetricStatRef, from: number, to: number): { stat: string; points: Map<number, number> } | null {
  const candidates = ctx.cache.listSeries(sourceId).filter((s) => s.namespace === m.namespace && s.metric === m.metricName && sameDims(s.dimensions, m.dimensions));
  const series = candidates.find((s) => s.stat === m.stat) ?? candidates[0];
  if (!series) return null;
  const points = new Map<number, number>();
  for (const p of ctx.cache.points(series.id, Math.floor(from / 1000), Math.ceil(to / 1000))) points.set(p.ts * 1000, p.value);
  return { stat: series.stat, points };
}

/** Ends the chart at the newest cached point when the cache stops short of `to` (an offline laptop). */
function chartEnd(points: readonly { t: number }[], to: number, periodS: number, firedAt: number): number {
  const last = points[points.length - 1];
  return last ? Math.min(to, Math.max(last.t + periodS * 1000, firedAt + periodS * 1000)) : to;
}

function thin(points: { t: number; v: number }[]): { t: number; v: number }[] {
  if (points.length <= CHART_MAX_POINTS) return points;
  const step = points.length / CHART_MAX_POINTS;
  const out: { t: number; v: number }[] = [];
  for (let i = 0; i < CHART_MAX_POINTS; i++) out.push(points[Math.floor(i * step)]!);
  return out;
}

function metricOf(ctx: ApiContext, entry: Entry, occurrence: StoredOccurrence | null, now: number): AlertMember['metric'] {
  const body = entry.body;
  if (!body || entry.type !== 'MetricAlarm') return null;
  const firedAt = occurrence?.firedAt ?? entry.alert.stateSince;
  const from = firedAt - CHART_BEFORE_MS;
  const to = Math.min(now, (occurrence?.resolvedAt ?? now) + CHART_AFTER_MS);
  const threshold = typeof body.Threshold === 'number' ? body.Threshold : null;
  const comparison = str(body.ComparisonOperator) ?? null;
  const period = typeof body.Period === 'number' ? body.Period : 60;
  const namespace = str(body.Namespace);
  const metricName = str(body.MetricName);
  if (namespace && metricName) {
    const stat = str(body.ExtendedStatistic) ?? str(body.Statistic) ?? 'Average';
    const ref = { namespace, metricName, dimensions: dimsOf(body.Dimensions), stat, period };
    const got = cachedPoints(ctx, entry.sourceId, ref, from, to);
    const points = got ? [...got.points].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v })) : [];
    return {
      namespace,
      metricName,
      dimensions: ref.dimensions,
      statistic: got && got.stat !== stat ? `${got.stat} (the alarm evaluates ${stat}, which is not cached)` : stat,
      period,
      threshold,
      comparison,
      points: thin(points),
      from,
      to: chartEnd(points, to, period, firedAt),
    };
  }
  // Metric math: evaluate the expression the alarm returns over the cached inputs.
  const queries = Array.isArray(body.Metrics) ? (body.Metrics as Record<string, unknown>[]) : [];
  const target = queries.find((q) => q.ReturnData === true && typeof q.Expression === 'string');
  if (!target) return null;
  const inputs = new Map<string, Map<number, number>>();
  let label = '';
  for (const q of queries) {
    const stat = q.MetricStat as { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: unknown }; Stat?: string; Period?: number } | undefined;
    const id = str(q.Id);
    if (!id || !stat?.Metric?.Namespace || !stat.Metric.MetricName) continue;
    const got = cachedPoints(ctx, entry.sourceId, { namespace: stat.Metric.Namespace, metricName: stat.Metric.MetricName, dimensions: dimsOf(stat.Metric.Dimensions), stat: stat.Stat ?? 'Sum', period: stat.Period ?? period }, from, to);
    inputs.set(id, got?.points ?? new Map());
    label ||= stat.Metric.Namespace;
  }
  const times = [...new Set([...inputs.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const points: { t: number; v: number }[] = [];
  for (const t of times) {
    const values: Record<string, number | null> = {};
    for (const [id, series] of inputs) values[id] = series.get(t) ?? null;
    try {
      const v = evaluateExpression(String(target.Expression), values);
      if (v !== null) points.push({ t, v });
    } catch {
      break; // an expression we cannot evaluate: show the threshold without a line
    }
  }
  return {
    namespace: label || 'metric math',
    metricName: str(target.Label) ?? String(target.Expression),
    dimensions: [],
    statistic: `expression ${String(target.Expression)}`,
    period,
    threshold,
    comparison,
    points: thin(points),
    from,
    to: chartEnd(points, to, period, firedAt),
  };
}

function memberDetail(ctx: ApiContext, alarms: AlarmCache, entry: Entry, state: LocalState, decisionText: string, occurrence: StoredOccurrence | null, runbook: string | null, now: number): AlertMember {
  const body = entry.body ?? {};
  const history = entry.alert.source === 'cloudwatch' ? alarms.historyOfAlarm(entry.sourceId, entry.alert.name, 200) : [];
  return {
    alertId: entry.alert.id,
    sourceId: entry.sourceId,
    source: entry.alert.source,
    name: entry.alert.name,
    type: entry.type,
    title: entry.alert.title,
    description: entry.alert.description ?? null,
    service: entry.alert.service ?? null,
    namespace: entry.alert.namespace ?? null,
    tags: entry.alert.tags,
    severity: entry.alert.severity,
    severityReason: decisionText,
    upstreamState: entry.alert.state,
    stateSince: entry.alert.stateSince,
    stateReason: str(body.StateReason) ?? null,
    runbookUrl: runbook,
    metric: metricOf(ctx, entry, occurrence, now),
    compositeRule: str(body.AlarmRule) ?? null,
    occurrence: occurrence ? { key: occurrence.key, firedAt: occurrence.firedAt, resolvedAt: occurrence.resolvedAt, endedBy: occurrence.endedBy } : null,
    localState: state,
    history: history.map((h) => ({ at: h.at, from: h.from, to: h.to, summary: h.reason ?? h.summary })),
  };
}

/** The SLOs of the alert's services, with their burn: what the incident is costing. */
async function relatedSlos(ctx: ApiContext, services: ReadonlySet<string>, now: number): Promise<{ slos: AlertDetail['relatedSlos']; note: string | null }> {
  if (services.size === 0) return { slos: [], note: 'This alert names no service, so no SLO is related.' };
  try {
    const list = await ctx.slo.slos(primarySourceId(ctx), ctx.sloConfigDir, now);
    const slos = list.slos
      .filter((s) => [...services].some((name) => sameService(name, s.service)))
      .map((s) => {
        const firing = s.alert.state !== 'none';
        const hourly = s.burnRates.find((b) => b.key === '1h')?.burnRate ?? null;
        return {
          id: s.id,
          name: s.name,
          service: s.service,
          severity: firing ? (s.alert.state as 'page' | 'ticket') : null,
          burnRate: firing ? s.alert.longBurnRate : hourly,
          window: firing && s.alert.longWindow ? `${s.alert.longWindow}/${s.alert.shortWindow ?? ''}` : hourly !== null ? '1h' : null,
          status: s.status,
          budgetRemainingPct: s.budget.remainingPct,
          description: s.reason,
        };
      });
    return { slos, note: slos.length === 0 ? `No SLO is defined for ${[...services].join(', ')}.` : null };
  } catch (err) {
    return { slos: [], note: `The SLOs could not be evaluated: ${err instanceof Error ? err.message : String(err)}` };
  }
}

// =======================================================================================
// Maintenance output

function windowOut(w: MaintenanceWindow): MaintenanceOut['upcoming'][number] {
  return { startsAt: w.startsAt, endsAt: w.endsAt, localStart: w.localStart, localEnd: w.localEnd };
}

function planOut(view: PlanView, now: number): MaintenanceOut {
  const retired = view.retired !== null && view.retired.at <= now;
  const upcoming: MaintenanceWindow[] = [];
  if (!retired) {
    let from = now;
    for (let i = 0; i < 3; i++) {
      const next = nextWindow(view.plan.rule, from);
      if (!next) break;
      upcoming.push(next);
      from = next.startsAt;
    }
  }
  const active = retired ? null : activeWindow(view.plan.rule, now);
  return {
    id: view.plan.id,
    title: view.plan.title,
    ruleText: formatMaintenanceRule(view.plan.rule),
    zone: view.plan.rule.zone,
    matchersText: view.plan.matchers.length > 0 ? view.plan.matchers.map(formatMatcher).join(', ') : 'every alert',
    builtIn: view.builtIn,
    author: view.author,
    createdAt: view.createdAt,
    retiredAt: view.retired?.at ?? null,
    retiredBy: view.retired?.by ?? null,
    active: active ? windowOut(active) : null,
    upcoming: upcoming.map(windowOut),
  };
}

function settingsOut(s: EffectiveSettings): AlertSettingsOut {
  return {
    severityPolicy: s.settings.severityPolicy,
    groupBy: s.settings.groupBy,
    runbooks: s.settings.runbooks,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
    targets: RESPONSE_TARGET_LABEL,
  };
}

// =======================================================================================
// Handlers

export function alertHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof alertApi> {
  const alarms = new AlarmCache(ctx.cache.db);
  const journal = new AlertJournal(ctx.journal.db);
  const me = currentUser();
  const queue = async (): Promise<Built> => buildQueue(ctx, alarms, journal, await sloBurnAlertSource(ctx, ctx.now()));

  return {
    alertQueue: async (): Promise<AlertQueue> => {
      const built = await queue();
      const counts: Record<LocalState, number> = { firing: 0, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 };
      for (const g of built.groups) counts[g.row.state] += 1;
      return {
        generatedAt: built.now,
        me,
        groupBy: built.settings.settings.groupBy,
        groups: built.groups.map((g) => g.row),
        counts,
        alarmsAsOf: built.alarmsAsOf,
        resolvedKeptMs: RESOLVED_KEPT_MS,
        notices: built.notices,
      };
    },

    alertDetail: async ({ key }): Promise<AlertDetail> => {
      const built = await queue();
      const found = built.groups.find((g) => g.row.key === key);
      if (!found) throw new Error(`no alert group ${JSON.stringify(key)} in the queue (it may have resolved more than ${RESOLVED_KEPT_MS / HOUR} h ago)`);
      const members = found.group.members;
      const allOccurrences = alarms.occurrencesOfAlerts(members.map((m) => m.alert.id));
      // Newest first; the journal returns them in the order written.
      const actions = journal.actionsFor(allOccurrences.map((o) => o.key)).reverse();
      const services = new Set(members.flatMap((m) => (m.service ? [m.service] : [])));
      const related = await relatedSlos(ctx, services, built.now);
      return {
        generatedAt: built.now,
        group: found.row,
        members: members.map((m) => memberDetail(ctx, alarms, m, m.occurrence.resolvedAt === null ? m.status.state : 'resolved', m.decisionText, m.occurrence, runbookLinkOf(m), built.now)),
        actions: actions.map((a) => ({ id: a.id, batchId: a.batchId, kind: a.kind, occurrenceKey: a.occurrenceKey, author: a.author, at: a.createdAt, note: a.note, assignee: a.assignee, until: a.until })),
        relatedSlos: related.slos,
        relatedSlosNote: related.note,
      };
    },

    alertAction: (input) => {
      const at = ctx.now();
      const keys = [...new Set(input.occurrenceKeys)];
      const known = new Map(alarms.occurrencesByKeys(keys).map((o) => [o.key, o]));
      const skipped: { occurrenceKey: string; reason: string }[] = [];
      const targets: string[] = [];
      for (const key of keys) {
        const occ = known.get(key);
        if (!occ) skipped.push({ occurrenceKey: key, reason: 'unknown occurrence: refresh the queue' });
        else if (input.kind !== 'note' && occ.resolvedAt !== null && occ.resolvedAt <= at) {
          skipped.push({ occurrenceKey: key, reason: `already resolved at ${new Date(occ.resolvedAt).toISOString()}` });
        } else targets.push(key);
      }
      if (targets.length === 0) return { at, batchId: '', recorded: 0, skipped };
      const note = 'note' in input && input.note ? input.note : null;
      const rows = targets.map((occurrenceKey) => ({
        occurrenceKey,
        kind: input.kind,
        note,
        assignee: input.kind === 'assign' ? input.assignee || null : null,
        until: input.kind === 'snooze' ? at + input.minutes * MINUTE : null,
      }));
      const { batchId } = journal.recordActions(rows, input.author, at);
      return { at, batchId, recorded: rows.length, skipped };
    },

    alertSilences: async (): Promise<SilenceOut[]> => {
      const built = await queue();
      const order: Record<SilenceOut['status'], number> = { active: 0, pending: 1, expired: 2 };
      return built.silences.map((s) => s.row).sort((a, b) => order[a.status] - order[b.status] || b.createdAt - a.createdAt);
    },

    createSilence: async (spec): Promise<SilenceOut> => {
      const at = ctx.now();
      const row = journal.addSilence({ matchers: spec.matchers, startsAt: spec.startsAt, endsAt: spec.endsAt, reason: spec.reason, author: spec.author }, at);
      const built = await queue();
      const view = built.silences.find((s) => s.row.id === row.id);
      if (!view) throw new Error('the silence was saved but could not be read back');
      return view.row;
    },

    expireSilence: ({ id, author }) => {
      const at = ctx.now();
      const existing = journal.silences().find((s) => s.id === id);
      if (!existing) throw new Error(`no silence with id ${JSON.stringify(id)}`);
      const endsAt = existing.expiredAt !== null ? Math.min(existing.endsAt, existing.expiredAt) : existing.endsAt;
      // Ending an ended silence is a no-op: nothing to write, nothing to undo.
      if (endsAt > at) {
        journal.expireSilence(id, author, at);
      }
      return { ok: true as const };
    },

    maintenancePlans: (): MaintenanceOut[] => {
      const now = ctx.now();
      const plans = loadPlans(journal, []);
      return plans.map((p) => planOut(p, now));
    },

    createMaintenance: (spec): MaintenanceOut => {
      const at = ctx.now();
      const matchers = spec.matchers;
      const row = journal.addPlan({ title: spec.title, rule: spec.rule, matchers, author: spec.author }, at);
      return planOut({ plan: { id: row.id, title: spec.title, rule: spec.rule, matchers }, builtIn: false, author: row.author, createdAt: at, retired: null }, at);
    },

    retireMaintenance: ({ id, author }) => {
      const at = ctx.now();
      const plan = loadPlans(journal, []).find((p) => p.plan.id === id);
      if (!plan) throw new Error(`no maintenance plan with id ${JSON.stringify(id)}`);
      if (!plan.retired) {
        journal.retirePlan(id, author, at);
      }
      return { ok: true as const };
    },

    alertSettings: (): AlertSettingsOut => settingsOut(loadSettings(journal)),

    saveAlertSettings: (input): AlertSettingsOut => {
      const at = ctx.now();
      const body: AlertSettings = { severityPolicy: input.severityPolicy, groupBy: input.groupBy, runbooks: input.runbooks };
      const row = journal.saveSettings(body, input.author, at);
      return settingsOut({ settings: body, updatedBy: row.author, updatedAt: row.createdAt, notice: null });
    },

    alertFatigue: ({ days }): FatigueOut => {
      const now = ctx.now();
      const from = now - days * DAY;
      const settings = loadSettings(journal).settings;
      const entries = cloudwatchEntries(ctx, alarms, settings);
      const bySourceName = new Map(entries.map((e) => [`${e.sourceId}\u0000${e.alert.name}`, e]));
      const byId = new Map(entries.map((e) => [e.alert.id, e]));
      const idOf = (source: string, name: string): string => bySourceName.get(`${source}\u0000${name}`)?.alert.id ?? `${source}:alarm:${name}`;
      const history: StateChange[] = [...alarms.lastChangeBefore(from), ...alarms.historyBetween(from, now)].map((h) => ({
        alertId: idOf(h.source, h.alarmName),
        name: h.alarmName,
        at: h.at,
        ...(h.from ? { from: h.from } : {}),
        to: h.to,
      }));
      const occurrences = alarms.occurrencesFiredSince(from).filter((o) => byId.has(o.alertId));
      const firstAck = new Map<string, number>();
      for (const a of journal.actionsFor(occurrences.map((o) => o.key))) {
        if (a.kind === 'ack' && !firstAck.has(a.occurrenceKey)) firstAck.set(a.occurrenceKey, a.createdAt);
      }
      const acknowledgements: AcknowledgementRecord[] = occurrences.map((o) => ({
        alertId: o.alertId,
        severity: byId.get(o.alertId)!.alert.severity,
        firedAt: o.firedAt,
        acknowledgedAt: firstAck.get(o.key) ?? null,
        resolvedAt: o.resolvedAt,
      }));
      const report = fatigueReport(history, acknowledgements, { from, to: now });
      return {
        ...report,
        responses: report.responses.map((r) => ({ ...r, targetLabel: RESPONSE_TARGET_LABEL[r.severity] })),
        historyFrom: alarms.oldestHistoryAt(),
      };
    },
  };
}
