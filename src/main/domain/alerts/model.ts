// Alert queue basics: severities, the upstream alert shape, severity resolution, grouping,
// runbook links.
// Pure and synchronous: no clock, no I/O.
import { z } from 'zod';
import {
  AlarmState,
  AlertSource,
  SEVERITIES,
  type GroupField,
  type Severity,
  type SeverityPolicy,
  type SeverityRule,
} from '@shared/contract/alerts';
import { EpochMs } from '@shared/contract/primitives';
import { labelValue } from '@shared/lib/matchers';
import { compileAnchoredRegex, globToRegex } from '@shared/lib/regex';
import { safeHttpUrl } from '@shared/lib/safeUrl';

// ---------------------------------------------------------------------------------------
// Core types (the schemas live in the shared contract so the renderer validates the same way)

/** P1 = 1 … P4 = 4; lower is more urgent. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}

/** ALARM is worst, then INSUFFICIENT_DATA (we cannot tell), then OK. */
const STATE_RANK: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

export const UpstreamAlert = z.object({
  /** Stable identity across syncs, e.g. the CloudWatch alarm ARN or `slo:<slo>:<rule>`. */
  id: z.string().min(1),
  source: AlertSource,
  /** Alarm name, or the burn-rate rule name for SLO alerts. */
  name: z.string().min(1),
  title: z.string(),
  service: z.string().optional(),
  namespace: z.string().optional(),
  state: AlarmState,
  /**
   * When the alert entered its current state. For CloudWatch use StateTransitionedTimestamp:
   * StateUpdatedTimestamp also moves when only the reason changes, which would look like a
   * new ALARM period.
   */
  stateSince: EpochMs,
  tags: z.record(z.string(), z.string()),
  description: z.string().optional(),
  runbookUrl: z.string().optional(),
});
export type UpstreamAlert = z.infer<typeof UpstreamAlert>;

// ---------------------------------------------------------------------------------------
// Severity resolution

/**
 * Values accepted in an alert's `severity` tag (case-insensitive). The words are the
 * seeds' names for the levels: Critical (P1), High (P2), Medium (P3), Low (P4).
 */
const SEVERITY_TAG_VALUES: Record<string, Severity> = {
  p1: 'P1', sev1: 'P1', critical: 'P1',
  p2: 'P2', sev2: 'P2', high: 'P2',
  p3: 'P3', sev3: 'P3', medium: 'P3',
  p4: 'P4', sev4: 'P4', low: 'P4',
};

export function severityFromTagValue(value: string): Severity | null {
  return SEVERITY_TAG_VALUES[value.trim().toLowerCase()] ?? null;
}

/** Tag lookup ignoring the key's case: AWS tags are often `Severity` or `severity`. */
export function tagValue(tags: Readonly<Record<string, string>>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(tags, key)) return tags[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export const DEFAULT_SEVERITY_POLICY: SeverityPolicy = { rules: [], default: 'P3' };

export type SeverityDecider = 'tag' | { rule: number; description: string } | { burnRule: string; description: string } | 'default';

export interface SeverityDecision {
  severity: Severity;
  decidedBy: SeverityDecider;
  /** A `severity` tag that was present but not understood, so rules decided instead. */
  ignoredSeverityTag?: string;
}

export function describeSeverityRule(rule: SeverityRule): string {
  if (rule.description) return rule.description;
  const parts: string[] = [];
  if (rule.name !== undefined) parts.push(`name ~ ${JSON.stringify(rule.name)}`);
  if (rule.nameRegex !== undefined) parts.push(`name =~ /${rule.nameRegex}/`);
  if (rule.namespace !== undefined) parts.push(`namespace ~ ${JSON.stringify(rule.namespace)}`);
  if (rule.service !== undefined) parts.push(`service ~ ${JSON.stringify(rule.service)}`);
  if (rule.source !== undefined) parts.push(`source = ${rule.source}`);
  return `${parts.join(' and ')} → ${rule.severity}`;
}

function globMatches(glob: string, value: string | undefined): boolean {
  return value !== undefined && globToRegex(glob).test(value);
}

export function severityRuleMatches(rule: SeverityRule, alert: UpstreamAlert): boolean {
  if (rule.source !== undefined && rule.source !== alert.source) return false;
  if (rule.name !== undefined && !globMatches(rule.name, alert.name)) return false;
  if (rule.nameRegex !== undefined && !compileAnchoredRegex(rule.nameRegex).test(alert.name)) return false;
  if (rule.namespace !== undefined && !globMatches(rule.namespace, alert.namespace)) return false;
  if (rule.service !== undefined && !globMatches(rule.service, alert.service)) return false;
  return true;
}

/** Severity of an alert and which input decided it (tag, rule index, or the default). */
export function resolveSeverity(alert: UpstreamAlert, policy: SeverityPolicy = DEFAULT_SEVERITY_POLICY): SeverityDecision {
  const tagged = tagValue(alert.tags, 'severity');
  if (tagged !== undefined) {
    const severity = severityFromTagValue(tagged);
    if (severity) return { severity, decidedBy: 'tag' };
  }
  const ignored = tagged !== undefined ? { ignoredSeverityTag: tagged } : {};
  for (const [index, rule] of policy.rules.entries()) {
    if (severityRuleMatches(rule, alert)) {
      return { severity: rule.severity, decidedBy: { rule: index, description: describeSeverityRule(rule) }, ...ignored };
    }
  }
  return { severity: policy.default, decidedBy: 'default', ...ignored };
}

// ---------------------------------------------------------------------------------------
// Grouping

/** Service + alarm name: the same alarm from several accounts/regions folds into one row. */
export const DEFAULT_GROUP_BY: readonly GroupField[] = ['service', 'name'];

export type GroupableAlert = UpstreamAlert & { severity?: Severity };

export interface AlertGroup<A extends GroupableAlert = GroupableAlert> {
  /** Stable identity of the group (JSON of the key values). */
  key: string;
  /** Group field → value ('' where the alert lacks it). */
  labels: Record<string, string>;
  /** Distinct alerts folded into the group. */
  count: number;
  countByState: Record<AlarmState, number>;
  /** Worst member state: ALARM > INSUFFICIENT_DATA > OK. */
  state: AlarmState;
  /** Most urgent member severity, null when no member carries one. */
  severity: Severity | null;
  /** Earliest `stateSince` among members in the group's (worst) state: how long it has been like this. */
  firstSeenAt: number;
  /** Latest `stateSince` of any member. */
  lastChangeAt: number;
  /** Worst state first, then oldest first. */
  members: A[];
}

function compareMembers(a: GroupableAlert, b: GroupableAlert): number {
  return STATE_RANK[a.state] - STATE_RANK[b.state] || a.stateSince - b.stateSince || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Fold alerts into groups by `groupBy`. The same alert id seen twice keeps its newest
 * report. Groups come worst first: state, then severity, then longest-standing, then key.
 */
export function groupAlerts<A extends GroupableAlert>(alerts: readonly A[], groupBy: readonly GroupField[] = DEFAULT_GROUP_BY): AlertGroup<A>[] {
  if (groupBy.length === 0) throw new RangeError('groupBy: group by at least one field');
  const newestById = new Map<string, A>();
  for (const alert of alerts) {
    const seen = newestById.get(alert.id);
    if (!seen || alert.stateSince >= seen.stateSince) newestById.set(alert.id, alert);
  }
  const byKey = new Map<string, A[]>();
  for (const alert of newestById.values()) {
    const key = JSON.stringify(groupBy.map((f) => labelValue(alert, f)));
    const members = byKey.get(key);
    if (members) members.push(alert);
    else byKey.set(key, [alert]);
  }
  const groups: AlertGroup<A>[] = [];
  for (const [key, members] of byKey) {
    members.sort(compareMembers);
    const first = members[0]!;
    const countByState: Record<AlarmState, number> = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
    let severity: Severity | null = null;
    let lastChangeAt = first.stateSince;
    for (const m of members) {
      countByState[m.state] += 1;
      if (m.severity && (severity === null || severityRank(m.severity) < severityRank(severity))) severity = m.severity;
      lastChangeAt = Math.max(lastChangeAt, m.stateSince);
    }
    const labels: Record<string, string> = {};
    for (const f of groupBy) labels[f] = labelValue(first, f);
    // Members are sorted worst state first, then oldest: the first one is the longest-standing in the worst state.
    groups.push({ key, labels, count: members.length, countByState, state: first.state, severity, firstSeenAt: first.stateSince, lastChangeAt, members });
  }
  return groups.sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      (a.severity ? severityRank(a.severity) : 5) - (b.severity ? severityRank(b.severity) : 5) ||
      a.firstSeenAt - b.firstSeenAt ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

// ---------------------------------------------------------------------------------------
// Runbooks

const RUNBOOK_TAG_KEYS = ['runbook', 'runbook_url', 'runbookurl', 'runbook-url'];

/**
 * The alert's runbook link: `runbookUrl`, else a `runbook`/`runbook_url` tag. Only http(s)
 * links are returned, because the UI opens them in the OS browser.
 */
export function runbookLink(alert: Pick<UpstreamAlert, 'runbookUrl' | 'tags'>): string | null {
  const candidates = [alert.runbookUrl, ...RUNBOOK_TAG_KEYS.map((k) => tagValue(alert.tags, k))];
  for (const candidate of candidates) {
    const href = candidate ? safeHttpUrl(candidate) : null;
    if (href) return href;
  }
  return null;
}
