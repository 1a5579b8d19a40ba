// The queue's two sources of upstream alerts: CloudWatch alarms from the cache and the SLO
// engine's burn-rate alerts (whose occurrences are recorded here, when first seen).
import type { AlertSettings, Severity } from '@shared/contract/alerts';
import { safeHttpUrl } from '@shared/lib/safeUrl';
import { formatWhole } from '@shared/lib/figures';
import { reconcileOccurrences, type Occurrence } from '../domain/alerts/occurrences';
import { resolveSeverity, tagValue, type SeverityDecision, type UpstreamAlert } from '../domain/alerts/model';
import type { SloBurnAlert } from '../slo/service';
import { alarmAlertId, asAlarmState, type AlarmCache, type OccurrenceLabel, type StoredOccurrence } from '../store/alarms';
import { primarySourceId, type ApiContext } from '../api/context';
import { drain, type Steps } from './steps';

/** Source of SLO burn alerts in the cache's occurrence table. */
export const SLO_BURN_SOURCE = 'slo-burn';

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

/**
 * The SRE Workbook's page/ticket split onto the seeds' levels: a page is P2 (15 min) unless the
 * SLO says otherwise (payment SLOs page at P1); a ticket is P4 (next business day).
 */
/** Three significant figures, as the UI prints burn rates: "14.4×", "0.585×", "233×", "1,235×". */
export function burnText(rate: number): string {
  return `${rate >= 1000 ? formatWhole(rate) : rate.toPrecision(3)}×`;
}

export function burnSeverity(b: Pick<SloBurnAlert, 'severity' | 'sloSeverity' | 'rule'>): SeverityDecision {
  if (b.severity === 'ticket') {
    return { severity: 'P4', decidedBy: { sourceRule: b.rule, description: `SLO burn rule "${b.rule}" fires at ticket level → P4 (next business day)` } };
  }
  const severity = b.sloSeverity ?? 'P2';
  const why = b.sloSeverity ? `the SLO's own severity ${severity}` : 'P2, the default for an SLO page (set `severity` in the SLO file to change it)';
  return { severity, decidedBy: { sourceRule: b.rule, description: `SLO burn rule "${b.rule}" fires at page level → ${why}` } };
}

export interface Entry {
  alert: UpstreamAlert & { severity: Severity };
  decision: SeverityDecision;
  sourceId: string;
  type: string;
  body: Record<string, unknown> | null;
  /** The newest occurrence of this alert, or null when it never fired (in what we hold). */
  occurrence: StoredOccurrence | null;
}

export function str(value: unknown): string | undefined {
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

export function serviceOf(tags: Record<string, string>, body: Record<string, unknown>): string | undefined {
  const tagged = tagValue(tags, 'service');
  if (tagged) return tagged;
  const dims = Array.isArray(body.Dimensions) ? (body.Dimensions as { Name?: string; Value?: string }[]) : [];
  for (const name of SERVICE_DIMENSIONS) {
    const d = dims.find((x) => x.Name === name && x.Value);
    if (d?.Value) return d.Value;
  }
  return undefined;
}

/** Upstream alerts from the cache, one per alarm of each configured source. */
export function cloudwatchEntries(ctx: ApiContext, alarms: AlarmCache, settings: AlertSettings): Entry[] {
  return drain(cloudwatchEntrySteps(ctx, alarms, settings));
}

/** cloudwatchEntries, yielding after each alarm (a sliced queue build hands the thread on between them). */
export function* cloudwatchEntrySteps(ctx: ApiContext, alarms: AlarmCache, settings: AlertSettings): Steps<Entry[]> {
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
      yield;
    }
  }
  return entries;
}

// Per context: the queue's builds and the Overview's "last not clear" read the same alarms.
const keptEntries = new WeakMap<ApiContext, { key: string; value: readonly Entry[] }>();

/**
 * cloudwatchEntrySteps, worked out once per version of the alarms and the alert settings
 * (5,000 alarms: ~0.4 s of severity rules) and shared by every reader of `ctx`. The entries are
 * shared too: a reader that sets an entry's occurrence works on a copy of it.
 */
export function* sharedCloudwatchEntrySteps(ctx: ApiContext, alarms: AlarmCache, settings: AlertSettings): Steps<readonly Entry[]> {
  const alarmsVersion = (): string => (ctx.topicVersion ? `t${ctx.topicVersion(['alarms'])}` : `d${ctx.dataVersion()}`);
  const version = alarmsVersion();
  const key = `${version}|${JSON.stringify(settings)}`;
  const kept = keptEntries.get(ctx);
  if (kept?.key === key) return kept.value;
  const value = yield* cloudwatchEntrySteps(ctx, alarms, settings);
  // Kept only if no alarms sync was announced while they were read (in steps, other calls between).
  if (alarmsVersion() === version) keptEntries.set(ctx, { key, value });
  return value;
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

export function normaliseService(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * SLO burn alerts as upstream alerts, one per burning SLO whichever rule fires (fast →
 * sustained → slow is one burn: one alert, one acknowledgement). Their occurrences are
 * recorded in the cache when first seen (the SLO engine computes them from cached metrics on
 * demand), so acknowledgements attach to a stable key exactly as for CloudWatch alarms.
 */
export function sloEntries(burn: BurnSource, alarms: AlarmCache, now: number, notices: string[], alarmServices: readonly string[]): Entry[] {
  const { alerts: burning, problem } = burn;
  // Spell an SLO's service the way the alarms do, so filters and grouping see one service.
  const spelling = new Map(alarmServices.map((s) => [normaliseService(s), s]));
  if (problem) notices.push(problem);
  const previous = alarms.occurrencesOfSource(SLO_BURN_SOURCE);
  const openSince = new Map(previous.filter((o) => o.resolvedAt === null).map((o) => [o.alertId, o.firedAt]));
  const entries: Entry[] = burning.map((b) => {
    const sloName = b.name.replace(/: [^:]+$/, '');
    const alert: UpstreamAlert = {
      id: b.id,
      source: 'slo-burn',
      name: b.name,
      title: `${sloName} SLO burning its error budget at ${burnText(b.burnRate)} over ${b.window.split('/')[0] ?? b.window} (${b.rule})`,
      service: spelling.get(normaliseService(b.service)) ?? b.service,
      state: 'ALARM',
      // An open occurrence keeps its start: the engine's `since` can move as the 1-minute
      // data it looks back over rolls forward, and the key must not (acknowledgements hang on it).
      stateSince: openSince.get(b.id) ?? b.since ?? now,
      // Labels for filtering and grouping — not AWS tags, and no `severity` among them: the burn decides.
      tags: { slo: b.sloId, rule: b.rule },
      description: b.description,
    };
    const decision = burnSeverity(b);
    return { alert: { ...alert, severity: decision.severity }, decision, sourceId: SLO_BURN_SOURCE, type: 'SloBurnAlert', body: null, occurrence: null };
  });
  const { occurrences } = reconcileOccurrences(previous, entries.map((e) => e.alert), now, { missing: 'resolve' });
  const before = new Map(previous.map((o) => [o.key, o]));
  const burningNow = new Map(entries.map((e) => [e.alert.id, e.alert]));
  const severityOf = (o: Occurrence): Severity | null => (o.resolvedAt === null ? (burningNow.get(o.alertId)?.severity ?? null) : null);
  const labelOf = (o: Occurrence): OccurrenceLabel | null => {
    const a = o.resolvedAt === null ? burningNow.get(o.alertId) : undefined;
    return a ? { name: a.name, title: a.title, ...(a.service ? { service: a.service } : {}), ...(a.description ? { description: a.description } : {}) } : null;
  };
  alarms.saveOccurrences(
    SLO_BURN_SOURCE,
    occurrences.filter((o) => {
      const was = before.get(o.key);
      if (!was || was.resolvedAt !== o.resolvedAt || was.endedBy !== o.endedBy) return true;
      // Escalated (ticket → page), or first seen by this version: record what it is.
      const sev = severityOf(o);
      return (sev !== null && (was.severity === null || sev < was.severity)) || (was.label === null && labelOf(o) !== null);
    }),
    severityOf,
    labelOf,
  );
  // A burn that has ended stays in the queue as resolved, like an alarm back in OK, from what
  // its occurrence recorded; old per-rule ids (before one alert per SLO) carry no label and just end.
  const latestEnded = new Map<string, StoredOccurrence>();
  for (const o of alarms.occurrencesOfSource(SLO_BURN_SOURCE)) {
    if (burningNow.has(o.alertId) || o.resolvedAt === null || o.label === null) continue;
    const seen = latestEnded.get(o.alertId);
    if (!seen || o.firedAt > seen.firedAt) latestEnded.set(o.alertId, o);
  }
  for (const o of latestEnded.values()) {
    const label = o.label!;
    const severity = o.severity ?? 'P4';
    entries.push({
      alert: { id: o.alertId, source: 'slo-burn', name: label.name, title: label.title, ...(label.service ? { service: label.service } : {}), state: 'OK', stateSince: o.resolvedAt!, tags: {}, ...(label.description ? { description: label.description } : {}), severity },
      decision: { severity, decidedBy: { sourceRule: 'none', description: `the burn has ended; ${severity} was its most urgent severity while it burned` } },
      sourceId: SLO_BURN_SOURCE,
      type: 'SloBurnAlert',
      body: null,
      occurrence: null,
    });
  }
  return entries;
}
