// The ten AWS Backup Audit Manager controls, evaluated per resource from the cached estate.
// Each result is COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA with the evidence (which job,
// which point, which number against which parameter) and, where the data shows it, since when.
// Boundaries follow AWS: a value exactly at the parameter complies.
import type { BackupResource, Estate, Job, PlanRule, PlanSelection, RecoveryPoint, Vault } from './model';
import { CONTROL_IDS, type ControlId, type EffectivePolicy, unitMs } from './policy';
import { nominalIntervalMs, parseSchedule, ScheduleError, validZone } from './schedule';
import { compileAnchoredRegex, type UserPattern } from '@shared/lib/regex';

export type ControlStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';

export interface ControlResult {
  control: ControlId;
  status: ControlStatus;
  /** One sentence a reviewer can check against the AWS console. */
  evidence: string;
  /** When the current status began, if the data shows it (epoch ms). */
  since: number | null;
  /** The job or recovery point the evidence names. */
  ref: string | null;
}

/** Which parts of the estate were synced at least once: absent data is INSUFFICIENT_DATA, not NON_COMPLIANT. */
export interface Coverage {
  plans: boolean;
  points: boolean;
  jobs: boolean;
  restores: boolean;
  copies: boolean;
}

export const FULL_COVERAGE: Coverage = { plans: true, points: true, jobs: true, restores: true, copies: true };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface EstateIndex {
  pointsByResource: Map<string, RecoveryPoint[]>;
  jobsByResource: Map<string, Job[]>;
  vaultsByName: Map<string, Vault>;
  rulesByPlan: Map<string, PlanRule[]>;
  selections: PlanSelection[];
  /** Selections naming an ARN outright, by that ARN; the rest (wildcards, tags) are checked one by one. */
  selectionsByArn: Map<string, PlanSelection[]>;
  patternSelections: PlanSelection[];
  /** Parsed schedule interval per rule (or the reason it could not be read), at the evaluation's `now`. */
  ruleInterval: Map<PlanRule, { ms: number } | { error: string }>;
  /**
   * What each resource's controls derive from the estate alone (filtered and sorted lists),
   * filled on first use: an index held across evaluations (see withRuleIntervals) derives
   * them once per estate, not once per evaluation.
   */
  facts: Map<string, ResourceFacts>;
}

/** A resource's slices of the estate that do not depend on the clock or the policy. */
export interface ResourceFacts {
  points: RecoveryPoint[];
  jobs: Job[];
  selections: PlanSelection[];
  /** COMPLETED, EXPIRED or AVAILABLE points, in index order. */
  completed: RecoveryPoint[];
  /** The first completed point with the newest creation date (null: none dated). */
  newestDated: RecoveryPoint | null;
  /** COMPLETED or AVAILABLE points with a creation date: the newest one's creation (RPO, risk). */
  lastGoodPointAt: number | null;
  /** Completed restores (with a completion time), oldest first as indexed. */
  restoresAscending: Job[];
  /** The same restores newest first (equal creation times keep index order). */
  restoresDescending: Job[];
  /** Completed copies with a destination, newest first (equal creation times keep index order). */
  copiesDescending: Job[];
  /** Creation times of the backup jobs, ascending. */
  backupCreated: number[];
}

const byNewest = (a: { createdAt: number }, b: { createdAt: number }): number => b.createdAt - a.createdAt;

/** The resource's facts, derived once per index. */
export function factsFor(index: EstateIndex, r: Pick<BackupResource, 'arn' | 'tags'>): ResourceFacts {
  let f = index.facts.get(r.arn);
  if (f) return f;
  const points = index.pointsByResource.get(r.arn) ?? [];
  const jobs = index.jobsByResource.get(r.arn) ?? [];
  const completed = completedPoints(points);
  let newestDated: RecoveryPoint | null = null;
  for (const p of completed) if (p.createdAt !== null && (newestDated === null || p.createdAt > newestDated.createdAt!)) newestDated = p;
  let lastGoodPointAt: number | null = null;
  for (const p of points) {
    if ((p.status === 'COMPLETED' || p.status === 'AVAILABLE') && p.createdAt !== null && (lastGoodPointAt === null || p.createdAt > lastGoodPointAt)) lastGoodPointAt = p.createdAt;
  }
  const restoresAscending: Job[] = [];
  const copies: Job[] = [];
  const backupCreated: number[] = [];
  for (const j of jobs) {
    if (j.kind === 'backup') backupCreated.push(j.createdAt);
    else if (j.kind === 'restore' && j.state === 'COMPLETED' && j.completedAt !== null) restoresAscending.push(j);
    else if (j.kind === 'copy' && j.state === 'COMPLETED' && j.destinationVaultArn) copies.push(j);
  }
  // The index sorts jobs by creation time; the stable sorts below only reorder, as before, if it did not.
  restoresAscending.sort((a, b) => a.createdAt - b.createdAt);
  backupCreated.sort((a, b) => a - b);
  f = {
    points,
    jobs,
    selections: selectionsFor(index, r),
    completed,
    newestDated,
    lastGoodPointAt,
    restoresAscending,
    restoresDescending: [...restoresAscending].sort(byNewest),
    copiesDescending: copies.sort(byNewest),
    backupCreated,
  };
  index.facts.set(r.arn, f);
  return f;
}

/**
 * The estate's index without the clock: grouping and sorting 120,000 rows is paid once per
 * estate when the caller holds it; withRuleIntervals adds what depends on `now`.
 */
export function indexEstateData(estate: Estate): Omit<EstateIndex, 'ruleInterval'> {
  const pointsByResource = new Map<string, RecoveryPoint[]>();
  for (const p of estate.points) {
    const list = pointsByResource.get(p.resourceArn);
    if (list) list.push(p);
    else pointsByResource.set(p.resourceArn, [p]);
  }
  const jobsByResource = new Map<string, Job[]>();
  for (const j of estate.jobs) {
    const list = jobsByResource.get(j.resourceArn);
    if (list) list.push(j);
    else jobsByResource.set(j.resourceArn, [j]);
  }
  // Evidence names "the first" point or job of a kind: the same one whatever order the store read them in.
  const byTime = (a: { createdAt: number | null }, b: { createdAt: number | null }): number => (a.createdAt ?? -Infinity) - (b.createdAt ?? -Infinity);
  for (const list of pointsByResource.values()) list.sort((a, b) => byTime(a, b) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  for (const list of jobsByResource.values()) list.sort((a, b) => byTime(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rulesByPlan = new Map<string, PlanRule[]>();
  for (const r of estate.rules) rulesByPlan.set(r.planId, [...(rulesByPlan.get(r.planId) ?? []), r]);
  const selectionsByArn = new Map<string, PlanSelection[]>();
  const patternSelections: PlanSelection[] = [];
  for (const sel of estate.selections) {
    if (sel.tags.length > 0 || sel.resources.some((p) => p.includes('*'))) {
      patternSelections.push(sel);
      continue;
    }
    for (const arn of sel.resources) {
      const list = selectionsByArn.get(arn);
      if (list) list.push(sel);
      else selectionsByArn.set(arn, [sel]);
    }
  }
  return { pointsByResource, jobsByResource, vaultsByName: new Map(estate.vaults.map((v) => [v.name, v])), rulesByPlan, selections: estate.selections, selectionsByArn, patternSelections, facts: new Map() };
}

/** The index at `now`: the held, clock-free part (its facts shared) plus each rule's interval. */
export function withRuleIntervals(data: Omit<EstateIndex, 'ruleInterval'>, rules: readonly PlanRule[], now: number): EstateIndex {
  const ruleInterval = new Map<PlanRule, { ms: number } | { error: string }>();
  for (const r of rules) ruleInterval.set(r, ruleIntervalOf(r, now));
  return { ...data, ruleInterval };
}

export function indexEstate(estate: Estate, now: number): EstateIndex {
  return withRuleIntervals(indexEstateData(estate), estate.rules, now);
}

/**
 * A rule's interval is a pure function of expression, zone and the 8 weeks it is read over;
 * irregular schedules walk those weeks through luxon (ms per rule), so answers are kept.
 */
const intervals = new Map<string, { ms: number } | { error: string }>();
function ruleIntervalOf(r: PlanRule, now: number): { ms: number } | { error: string } {
  const key = `${r.ruleName}\u0000${r.scheduleExpression}\u0000${r.scheduleTimezone}\u0000${r.continuous}\u0000${now}`;
  let interval = intervals.get(key);
  if (!interval) {
    interval = ruleIntervalUncached(r, now);
    if (intervals.size >= 1_024) intervals.clear();
    intervals.set(key, interval);
  }
  return interval;
}

function ruleIntervalUncached(r: PlanRule, now: number): { ms: number } | { error: string } {
  if (!r.scheduleExpression) return r.continuous ? { ms: 0 } : { error: `rule ${r.ruleName} has no schedule expression` };
  const zone = r.scheduleTimezone ?? 'Etc/UTC';
  if (!validZone(zone)) return { error: `rule ${r.ruleName}: unknown time zone "${zone}"` };
  try {
    const ms = nominalIntervalMs(parseSchedule(r.scheduleExpression), zone, now - 56 * DAY);
    return ms === null ? { error: `rule ${r.ruleName}: ${r.scheduleExpression} never runs` } : { ms };
  } catch (e) {
    return { error: `rule ${r.ruleName}: ${r.scheduleExpression}: ${e instanceof ScheduleError ? e.message : String(e)}` };
  }
}

/** Wildcards in selection ARNs (`arn:aws:ec2:*:*:volume/*`) match any run of characters. */
const patterns = new Map<string, UserPattern>();
function arnMatches(pattern: string, arn: string): boolean {
  if (!pattern.includes('*')) return pattern === arn;
  let re = patterns.get(pattern);
  if (!re) {
    re = compileAnchoredRegex(pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
    patterns.set(pattern, re);
  }
  return re.test(arn);
}

/** The selections that pick this resource (by ARN or tag condition, minus NotResources). */
export function selectionsFor(index: EstateIndex, r: Pick<BackupResource, 'arn' | 'tags'>): PlanSelection[] {
  const direct = (index.selectionsByArn.get(r.arn) ?? []).filter((s) => !s.notResources.some((p) => arnMatches(p, r.arn)));
  if (index.patternSelections.length === 0) return direct;
  return [...direct, ...index.patternSelections.filter((s) => {
    if (s.notResources.some((p) => arnMatches(p, r.arn))) return false;
    const byArn = s.resources.some((p) => arnMatches(p, r.arn));
    const byTag = s.tags.length > 0 && s.tags.every((t) => r.tags[t.key] === t.value);
    return byArn || byTag;
  })];
}

const days = (ms: number): string => `${(ms / DAY).toFixed(ms % DAY === 0 ? 0 : 1)} d`;
const hours = (ms: number): string => `${(ms / HOUR).toFixed(1)} h`;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
const regionOf = (arn: string): string => arn.split(':')[3] ?? '';
const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

function result(control: ControlId, status: ControlStatus, evidence: string, since: number | null = null, ref: string | null = null): ControlResult {
  return { control, status, evidence, since, ref };
}

function completedPoints(points: readonly RecoveryPoint[]): RecoveryPoint[] {
  return points.filter((p) => p.status === 'COMPLETED' || p.status === 'EXPIRED' || p.status === 'AVAILABLE');
}

/**
 * Results of the controls that do not read the clock, per resource, in control order; valid
 * for one estate index, policy spec and coverage (the caller keys it so).
 */
export type StableControls = Map<string, (ControlResult | undefined)[]>;

/**
 * BACKUP_LAST_RECOVERY_POINT_CREATED ages the newest point against `now`; the frequency check
 * reads each rule's interval, taken at `now`. The rest depend on the estate and the policy only.
 */
const CLOCK_DEPENDENT: ReadonlySet<ControlId> = new Set<ControlId>(['BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'BACKUP_LAST_RECOVERY_POINT_CREATED']);

/** Evaluates every enabled control of the resource's policy (reusing `stable` results where given). */
export function evaluateControls(r: BackupResource, policy: EffectivePolicy, index: EstateIndex, coverage: Coverage, now: number, stable?: StableControls): ControlResult[] {
  const f = factsFor(index, r);
  let kept = stable?.get(r.arn);
  if (stable && !kept) stable.set(r.arn, (kept = []));
  const out: ControlResult[] = [];
  for (let i = 0; i < CONTROL_IDS.length; i++) {
    const id = CONTROL_IDS[i]!;
    if (!policy.controls[id].enabled) continue;
    if (kept && !CLOCK_DEPENDENT.has(id)) {
      out.push((kept[i] ??= control(id, r, policy, index, f, coverage, now)));
      continue;
    }
    out.push(control(id, r, policy, index, f, coverage, now));
  }
  return out;
}

function control(id: ControlId, r: BackupResource, policy: EffectivePolicy, index: EstateIndex, f: ResourceFacts, coverage: Coverage, now: number): ControlResult {
  const c = policy.controls;
  const { selections, completed } = f;
  switch (id) {
    case 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN':
      return protectedByPlan(selections, index, coverage);
    case 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK':
      return planFrequencyAndRetention(selections, index, coverage, c.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK.params);
    case 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK':
      return pointMinimumRetention(completed, coverage, c.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK.params.requiredRetentionDays);
    case 'BACKUP_RECOVERY_POINT_ENCRYPTED':
      return pointsEncrypted(completed, coverage);
    case 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED':
      return manualDeletionDisabled(completed, index, coverage);
    case 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK':
      return vaultLock(completed, index, coverage, c.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK.params);
    case 'BACKUP_LAST_RECOVERY_POINT_CREATED':
      return lastPointCreated(f, coverage, c.BACKUP_LAST_RECOVERY_POINT_CREATED.params, now);
    case 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET':
      return restoreTime(r, f.restoresAscending, coverage, c.RESTORE_TIME_FOR_RESOURCES_MEET_TARGET.params.maxRestoreTime);
    case 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION':
      return crossCopy('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', r, f.copiesDescending, coverage, c.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION.params.crossRegionList, regionOf, 'region');
    case 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT':
      return crossCopy('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', r, f.copiesDescending, coverage, c.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT.params.crossAccountList, accountOf, 'account');
  }
}

function protectedByPlan(selections: PlanSelection[], index: EstateIndex, coverage: Coverage): ControlResult {
  const id = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN';
  if (!coverage.plans) return result(id, 'INSUFFICIENT_DATA', 'Backup plans have not been synced (see the backup-plans part).');
  if (selections.length === 0) return result(id, 'NON_COMPLIANT', 'No backup plan selects this resource (by ARN or tag).');
  const names = selections.map((s) => `${index.rulesByPlan.get(s.planId)?.[0]?.planName ?? s.planId} / ${s.name}`);
  return result(id, 'COMPLIANT', `Selected by ${names.join(', ')}.`, null, selections[0]!.selectionId);
}

function planFrequencyAndRetention(
  selections: PlanSelection[],
  index: EstateIndex,
  coverage: Coverage,
  p: { requiredFrequencyUnit: 'hours' | 'days'; requiredFrequencyValue: number; requiredRetentionDays: number },
): ControlResult {
  const id = 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK';
  if (!coverage.plans) return result(id, 'INSUFFICIENT_DATA', 'Backup plans have not been synced.');
  const rules = selections.flatMap((s) => index.rulesByPlan.get(s.planId) ?? []);
  if (rules.length === 0) return result(id, 'NON_COMPLIANT', 'No backup plan rule applies to this resource.');
  const required = unitMs(p.requiredFrequencyUnit, p.requiredFrequencyValue);
  const problems: string[] = [];
  const unreadable: string[] = [];
  for (const rule of rules) {
    const interval = index.ruleInterval.get(rule)!;
    if ('error' in interval) {
      unreadable.push(interval.error);
      continue;
    }
    const keeps = rule.deleteAfterDays;
    const freqOk = interval.ms <= required;
    const retOk = keeps === null || keeps >= p.requiredRetentionDays;
    const what = `rule ${rule.ruleName} (${rule.scheduleExpression ?? 'continuous'}${rule.scheduleTimezone ? ` ${rule.scheduleTimezone}` : ''}, every ${hours(interval.ms)}, DeleteAfterDays ${keeps ?? 'never'})`;
    if (freqOk && retOk) {
      return result(id, 'COMPLIANT', `${what} meets requiredFrequencyValue ${p.requiredFrequencyValue} ${p.requiredFrequencyUnit} and requiredRetentionDays ${p.requiredRetentionDays}.`, null, rule.ruleName);
    }
    problems.push(`${what}: ${freqOk ? '' : `runs less often than every ${p.requiredFrequencyValue} ${p.requiredFrequencyUnit}`}${!freqOk && !retOk ? '; ' : ''}${retOk ? '' : `keeps ${keeps} d < requiredRetentionDays ${p.requiredRetentionDays}`}`);
  }
  if (problems.length === 0) return result(id, 'INSUFFICIENT_DATA', `Opsdeck cannot read the schedule: ${unreadable.join('; ')}.`);
  return result(id, 'NON_COMPLIANT', `${problems.join('; ')}.`);
}

function pointMinimumRetention(done: readonly RecoveryPoint[], coverage: Coverage, requiredDays: number): ControlResult {
  const id = 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK';
  if (!coverage.points) return result(id, 'INSUFFICIENT_DATA', 'Recovery points have not been synced.');
  if (done.length === 0) return result(id, 'INSUFFICIENT_DATA', 'No recovery points to evaluate.');
  const short = done
    .filter((p) => p.createdAt !== null && p.deleteAt !== null && p.deleteAt - p.createdAt < requiredDays * DAY)
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  if (short.length > 0) {
    const first = short[0]!;
    return result(id, 'NON_COMPLIANT', `${short.length} recovery point(s) kept less than requiredRetentionDays ${requiredDays}: ${first.arn} is deleted after ${days(first.deleteAt! - first.createdAt!)}.`, first.createdAt, first.arn);
  }
  const undated = done.filter((p) => p.createdAt === null);
  if (undated.length > 0) return result(id, 'INSUFFICIENT_DATA', `${undated.length} recovery point(s) have no creation date, so their retention cannot be computed (e.g. ${undated[0]!.arn}).`, null, undated[0]!.arn);
  let minKept = Number.POSITIVE_INFINITY;
  for (const p of done) if (p.deleteAt !== null && p.deleteAt - p.createdAt! < minKept) minKept = p.deleteAt - p.createdAt!;
  return result(id, 'COMPLIANT', `All ${done.length} recovery points are kept ≥ requiredRetentionDays ${requiredDays} (shortest ${Number.isFinite(minKept) ? days(minKept) : 'never deleted'}).`);
}

function pointsEncrypted(done: readonly RecoveryPoint[], coverage: Coverage): ControlResult {
  const id = 'BACKUP_RECOVERY_POINT_ENCRYPTED';
  if (!coverage.points) return result(id, 'INSUFFICIENT_DATA', 'Recovery points have not been synced.');
  if (done.length === 0) return result(id, 'INSUFFICIENT_DATA', 'No recovery points to evaluate.');
  const plain = done.filter((p) => p.encrypted === false).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  if (plain.length > 0) return result(id, 'NON_COMPLIANT', `${plain.length} recovery point(s) are not encrypted: ${plain[0]!.arn} in vault ${plain[0]!.vault}.`, plain[0]!.createdAt, plain[0]!.arn);
  const unknown = done.filter((p) => p.encrypted === null);
  if (unknown.length > 0) return result(id, 'INSUFFICIENT_DATA', `${unknown.length} recovery point(s) do not say whether they are encrypted.`, null, unknown[0]!.arn);
  return result(id, 'COMPLIANT', `All ${done.length} recovery points are encrypted.`);
}

function manualDeletionDisabled(done: readonly RecoveryPoint[], index: EstateIndex, coverage: Coverage): ControlResult {
  const id = 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED';
  if (!coverage.points) return result(id, 'INSUFFICIENT_DATA', 'Recovery points have not been synced.');
  if (done.length === 0) return result(id, 'INSUFFICIENT_DATA', 'No recovery points to evaluate.');
  const unlocked = done.filter((p) => !index.vaultsByName.get(p.vault)?.locked);
  if (unlocked.length === 0) return result(id, 'COMPLIANT', `All ${done.length} recovery points are in locked vaults (${[...new Set(done.map((p) => p.vault))].join(', ')}): Vault Lock refuses deletion before the minimum retention.`);
  // Opsdeck does not read vault access policies, so an unlocked vault may or may not deny DeleteRecoveryPoint.
  return result(id, 'INSUFFICIENT_DATA', `${unlocked.length} recovery point(s) are in unlocked vault(s) ${[...new Set(unlocked.map((p) => p.vault))].join(', ')}; whether their access policy denies backup:DeleteRecoveryPoint is not read by Opsdeck.`, null, unlocked[0]!.arn);
}

function vaultLock(done: readonly RecoveryPoint[], index: EstateIndex, coverage: Coverage, p: { minRetentionDays: number | null; maxRetentionDays: number | null }): ControlResult {
  const id = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK';
  if (!coverage.points) return result(id, 'INSUFFICIENT_DATA', 'Vaults and recovery points have not been synced.');
  if (done.length === 0) return result(id, 'NON_COMPLIANT', 'No recovery point of this resource is in any vault, locked or not.');
  const fits = (v: Vault | undefined): boolean =>
    !!v?.locked && (p.minRetentionDays === null || (v.minRetentionDays ?? 0) >= p.minRetentionDays) && (p.maxRetentionDays === null || (v.maxRetentionDays ?? Infinity) <= p.maxRetentionDays);
  const locked = done.find((x) => fits(index.vaultsByName.get(x.vault)));
  if (locked) {
    const v = index.vaultsByName.get(locked.vault)!;
    return result(id, 'COMPLIANT', `Recovery points in vault ${v.name}, locked (min ${v.minRetentionDays ?? '–'} d, max ${v.maxRetentionDays ?? '–'} d)${v.lockDate ? ` since ${iso(v.lockDate)}` : ''}.`, v.lockDate, locked.arn);
  }
  return result(id, 'NON_COMPLIANT', `None of ${done.length} recovery points is in a vault with Vault Lock${p.minRetentionDays !== null || p.maxRetentionDays !== null ? ` (minRetentionDays ${p.minRetentionDays ?? '–'}, maxRetentionDays ${p.maxRetentionDays ?? '–'})` : ''}.`);
}

function lastPointCreated(f: ResourceFacts, coverage: Coverage, p: { recoveryPointAgeUnit: 'hours' | 'days'; recoveryPointAgeValue: number }, now: number): ControlResult {
  const id = 'BACKUP_LAST_RECOVERY_POINT_CREATED';
  if (!coverage.points) return result(id, 'INSUFFICIENT_DATA', 'Recovery points have not been synced.');
  const maxAge = unitMs(p.recoveryPointAgeUnit, p.recoveryPointAgeValue);
  const done = f.completed;
  const newest = f.newestDated;
  const param = `recoveryPointAgeValue ${p.recoveryPointAgeValue} ${p.recoveryPointAgeUnit}`;
  if (newest === null) {
    if (done.length > 0) return result(id, 'INSUFFICIENT_DATA', `${done.length} recovery point(s), none with a creation date.`, null, done[0]!.arn);
    return result(id, 'NON_COMPLIANT', `No recovery point exists (${param}).`);
  }
  const age = now - newest.createdAt!;
  if (age <= maxAge) return result(id, 'COMPLIANT', `Newest recovery point created ${iso(newest.createdAt!)}, ${hours(age)} ago ≤ ${param}.`, newest.createdAt, newest.arn);
  return result(id, 'NON_COMPLIANT', `Newest recovery point created ${iso(newest.createdAt!)}, ${hours(age)} ago > ${param}.`, newest.createdAt! + maxAge, newest.arn);
}

function restoreTime(r: BackupResource, restores: readonly Job[], coverage: Coverage, maxMinutes: number): ControlResult {
  const id = 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET';
  const last = restores[restores.length - 1];
  // AWS evaluates LatestRestoreExecutionTimeMinutes of the protected resource; the restore jobs back it up.
  const minutes = r.latestRestoreMinutes ?? (last ? (last.completedAt! - last.createdAt) / 60_000 : null);
  if (minutes === null) return result(id, coverage.restores ? 'INSUFFICIENT_DATA' : 'INSUFFICIENT_DATA', coverage.restores ? 'This resource has never been restored, so its restore time is unknown.' : 'Restore jobs have not been synced.');
  const at = r.latestRestoreAt ?? last?.createdAt ?? null;
  const text = `Latest restore took ${minutes.toFixed(0)} min${at ? ` (${iso(at)})` : ''} ${minutes <= maxMinutes ? '≤' : '>'} maxRestoreTime ${maxMinutes} min.`;
  return result(id, minutes <= maxMinutes ? 'COMPLIANT' : 'NON_COMPLIANT', text, at, last?.id ?? null);
}

function crossCopy(
  id: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION' | 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT',
  r: BackupResource,
  completedCopies: readonly Job[],
  coverage: Coverage,
  allowed: string[],
  part: (arn: string) => string,
  what: string,
): ControlResult {
  if (!coverage.copies) return result(id, 'INSUFFICIENT_DATA', 'Copy jobs have not been synced.');
  const home = part(r.arn);
  // Newest first already (ResourceFacts).
  const copies = completedCopies.filter((j) => {
    const dest = part(j.destinationVaultArn!);
    // S3 ARNs carry no region or account: compare against the copy's source vault instead.
    const src = home || part(j.vault ?? '');
    return dest !== '' && dest !== src && (allowed.length === 0 || allowed.includes(dest));
  });
  const listName = what === 'region' ? 'crossRegionList' : 'crossAccountList';
  if (copies.length === 0) return result(id, 'NON_COMPLIANT', `No completed copy to another ${what}${allowed.length ? ` in ${listName} [${allowed.join(', ')}]` : ''} in the synced copy jobs.`);
  const newest = copies[0]!;
  return result(id, 'COMPLIANT', `${copies.length} copies to another ${what}; newest ${iso(newest.createdAt)} to ${newest.destinationVaultArn}.`, newest.createdAt, newest.id);
}
