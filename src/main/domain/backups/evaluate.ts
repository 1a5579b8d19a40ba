// The backup report: every control for every resource, RPO now, RTO evidence, whether the
// mechanism in place can meet the targets at all (and what would), failed / expired / missed
// jobs, a 30-day calendar and a risk ranking. Pure: the estate, the policy and `now` in.
import { type ControlResult, type Coverage, type EstateIndex, evaluateControls, factsFor, indexEstateData, type ResourceFacts, type StableControls, withRuleIntervals } from './controls';
import { type BackupResource, type Estate, FINAL_FAILURES, type PlanRule } from './model';
import { type EffectivePolicy, type PolicySpec, policyResolver } from './policy';
import { occurrences, parseSchedule, validZone } from './schedule';

const MINUTE = 60_000;

/** An instant in a sentence, as the UI writes times: "2026-10-15 05:00 UTC" (never a raw ISO string). */
const utcText = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Issues and the calendar cover this window. */
export const REPORT_WINDOW_DAYS = 30;

export interface Alternative {
  name: string;
  present: boolean;
  /** What it would give against the targets, and its limit. */
  approaches: string;
}

export interface Achievability {
  rpo: { achievable: boolean | null; floorMinutes: number | null; mechanism: string; explanation: string };
  rto: { achievable: boolean | null; typicalMinutes: number | null; mechanism: string; explanation: string };
  alternatives: Alternative[];
}

export interface RestoreEvidence {
  targetMinutes: number;
  restores: number;
  p50Minutes: number | null;
  p95Minutes: number | null;
  lastMinutes: number | null;
  lastRestoreAt: number | null;
  lastTestAt: number | null;
  daysSinceLastTest: number | null;
  /** Completed restores, newest first (at most 20). */
  history: { jobId: string; at: number; minutes: number; test: boolean }[];
}

export interface ResourceEvaluation {
  arn: string;
  name: string;
  type: string;
  plans: string[];
  controls: ControlResult[];
  nonCompliant: number;
  compliant: boolean;
  rpo: { nowMinutes: number | null; targetMinutes: number; basis: 'point-in-time recovery' | 'recovery point' | null; newestRestorableAt: number | null; met: boolean | null };
  lastGoodPointAt: number | null;
  expectedIntervalMinutes: number | null;
  rto: RestoreEvidence;
  achievability: Achievability;
  risk: { score: number; reasons: string[] };
  policy: { frequency: string; retentionDays: number; rpoMinutes: number; rtoMinutes: number; overrides: string[] };
}

export type IssueKind = 'FAILED' | 'EXPIRED' | 'ABORTED' | 'PARTIAL' | 'MISSED' | 'PAST_RETENTION';

export interface JobIssue {
  kind: IssueKind;
  resourceArn: string;
  resourceName: string;
  at: number;
  jobId: string | null;
  reason: string;
}

export interface CalendarDay {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  completed: number;
  failed: number;
  expired: number;
  missed: number;
}

export interface EstateVerdict {
  rpo: string;
  rto: string;
  alternatives: string;
}

export interface BackupReport {
  now: number;
  resources: ResourceEvaluation[];
  issues: JobIssue[];
  calendar: CalendarDay[];
  summary: { compliant: number; total: number; worstRpo: { arn: string; name: string; minutes: number } | null; lastFailed: JobIssue | null };
  verdict: EstateVerdict;
}

export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  // Nearest rank: the smallest value with at least q of the sample at or below it.
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/** Resources to judge: what AWS Backup and RDS report, plus anything a selection names explicitly. */
function resourcesOf(estate: Estate): BackupResource[] {
  const byArn = new Map(estate.resources.map((r) => [r.arn, r]));
  for (const s of estate.selections) {
    for (const arn of s.resources) {
      if (arn.includes('*') || byArn.has(arn)) continue;
      byArn.set(arn, { arn, name: arn.slice(arn.lastIndexOf(':') + 1).replace(/^volume\//, ''), type: typeFromArn(arn), tags: {}, lastBackupAt: null, latestRestoreMinutes: null, latestRestoreAt: null, rds: null });
    }
  }
  return [...byArn.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function typeFromArn(arn: string): string {
  if (arn.startsWith('arn:aws:s3:::')) return 'S3';
  if (/:volume\//.test(arn)) return 'EBS';
  if (/:rds:.*:cluster:/.test(arn)) return 'Aurora';
  if (/:rds:.*:db:/.test(arn)) return 'RDS';
  if (/:dynamodb:/.test(arn)) return 'DynamoDB';
  return arn.split(':')[2] ?? 'unknown';
}

function frequencyText(p: EffectivePolicy): string {
  const { unit, value } = p.frequency;
  if (unit === 'days' && value === 1) return 'daily';
  return `every ${value} ${unit}`;
}

/** What the restore evidence takes from the estate alone (the clock adds the days since the last test). */
type RestoreStats = Omit<RestoreEvidence, 'targetMinutes' | 'daysSinceLastTest'>;

function restoreStats(r: BackupResource, f: ResourceFacts): RestoreStats {
  const done = f.restoresDescending;
  const minutes = done.map((j) => (j.completedAt! - j.createdAt) / MINUTE);
  const sorted = [...minutes].sort((a, b) => a - b);
  const lastTest = done.find((j) => j.restoreTest);
  return {
    restores: done.length,
    p50Minutes: quantile(sorted, 0.5),
    p95Minutes: quantile(sorted, 0.95),
    lastMinutes: minutes[0] ?? r.latestRestoreMinutes,
    lastRestoreAt: done[0]?.createdAt ?? r.latestRestoreAt,
    lastTestAt: lastTest?.createdAt ?? null,
    history: done.slice(0, 20).map((j, i) => ({ jobId: j.id, at: j.createdAt, minutes: minutes[i]!, test: j.restoreTest })),
  };
}

function restoreEvidence(s: RestoreStats, targetMinutes: number, now: number): RestoreEvidence {
  return {
    targetMinutes,
    restores: s.restores,
    p50Minutes: s.p50Minutes,
    p95Minutes: s.p95Minutes,
    lastMinutes: s.lastMinutes,
    lastRestoreAt: s.lastRestoreAt,
    lastTestAt: s.lastTestAt,
    daysSinceLastTest: s.lastTestAt === null ? null : Math.floor((now - s.lastTestAt) / DAY),
    history: s.history,
  };
}

function achievability(r: BackupResource, policy: EffectivePolicy, rpo: ResourceEvaluation['rpo'], expectedIntervalMinutes: number | null, rto: RestoreEvidence, alternatives: Alternative[]): Achievability {
  const db = r.rds;
  let rpoPart: Achievability['rpo'];
  if (db && db.latestRestorableAt !== null && rpo.basis === 'point-in-time recovery') {
    const floor = rpo.nowMinutes!;
    const ok = floor <= policy.rpoMinutes;
    rpoPart = {
      achievable: ok,
      floorMinutes: floor,
      mechanism: 'RDS point-in-time recovery',
      explanation: ok
        ? `Point-in-time recovery reaches ${floor.toFixed(1)} min back now, within the ${policy.rpoMinutes} min RPO.`
        : `Point-in-time recovery can restore only up to LatestRestorableTime, ${floor.toFixed(1)} min ago now: RDS ships transaction logs to S3 about every 5 minutes, so an RPO of ${policy.rpoMinutes} min is not achievable by backup and restore.`,
    };
  } else if (expectedIntervalMinutes !== null) {
    const ok = expectedIntervalMinutes <= policy.rpoMinutes;
    rpoPart = {
      achievable: ok,
      floorMinutes: expectedIntervalMinutes,
      mechanism: 'scheduled backups',
      explanation: ok
        ? `Backups every ${expectedIntervalMinutes} min meet the ${policy.rpoMinutes} min RPO.`
        : `A backup every ${(expectedIntervalMinutes / 60).toFixed(0)} h can lose up to that much data: an RPO of ${policy.rpoMinutes} min is not achievable by scheduled backups.`,
    };
  } else {
    rpoPart = { achievable: db?.latestRestorableAt ? null : false, floorMinutes: null, mechanism: db ? 'RDS automated backups' : 'none', explanation: db ? 'No restorable time is known.' : 'No backup plan covers this resource: nothing bounds the data lost.' };
  }

  const typical = rto.p50Minutes ?? rto.lastMinutes;
  const restoreKind = db ? `a restore creates a new ${db.kind === 'cluster' ? 'DB cluster' : 'DB instance'} that the application must then be pointed at` : 'a restore creates a new resource from the recovery point';
  const rtoPart: Achievability['rto'] =
    typical !== null
      ? {
          achievable: typical <= policy.rtoMinutes,
          typicalMinutes: typical,
          mechanism: 'restore from backup',
          explanation:
            typical <= policy.rtoMinutes
              ? `Restores take ${typical.toFixed(0)} min (P50), within the ${policy.rtoMinutes} min RTO.`
              : `Restores take ${typical.toFixed(0)} min (P50 of ${rto.restores}${rto.p95Minutes !== null ? `, P95 ${rto.p95Minutes.toFixed(0)} min` : ''}): ${restoreKind}, so an RTO of ${policy.rtoMinutes} min is not achievable by restore.`,
        }
      : { achievable: null, typicalMinutes: null, mechanism: 'restore from backup', explanation: `Never restored, so the restore time is unknown; ${restoreKind}, typically tens of minutes.` };

  return { rpo: rpoPart, rto: rtoPart, alternatives };
}

/** What would approach the targets instead of restore (failover), from the RDS facts alone. */
function alternativesOf(r: BackupResource): Alternative[] {
  const db = r.rds;
  const alternatives: Alternative[] = [];
  if (db) {
    if (db.kind === 'instance') {
      alternatives.push({ name: 'Multi-AZ standby', present: db.multiAZ, approaches: 'AZ or instance failure: no data lost (synchronous standby), failover typically 1–2 min — meets both targets for that failure, not for a bad write (replicated at once).' });
    }
    alternatives.push({
      name: db.kind === 'cluster' ? 'Aurora replicas' : 'Read replica (promotion)',
      present: db.inRegionReplicas > 0,
      approaches: db.kind === 'cluster' ? 'Writer failure: failover to a replica on the shared cluster volume, typically under a minute, no data lost.' : 'Promoting an asynchronous replica: seconds of data lost, minutes to promote.',
    });
    alternatives.push({ name: db.kind === 'cluster' ? 'Aurora Global Database / cross-region replica' : 'Cross-region read replica', present: db.crossRegionReplicas > 0, approaches: 'Region loss: replication lag typically under a second; promotion in minutes.' });
  }
  return alternatives;
}

/**
 * A rule's runs in [from, to). Walking a schedule through its time zone costs ~0.1 ms a day
 * (luxon), and every evaluation asks again for the same month: the runs of whole UTC days are
 * kept (a pure function of expression, zone and days) and cut to the window.
 */
const runsByDays = new Map<string, number[]>();
function runsBetween(expression: string, zone: string, from: number, to: number): number[] {
  const dayFrom = Math.floor(from / DAY) - 1;
  const dayTo = Math.ceil(to / DAY) + 1;
  const key = `${expression}\u0000${zone}\u0000${dayFrom}\u0000${dayTo}`;
  let runs = runsByDays.get(key);
  if (!runs) {
    runs = occurrences(parseSchedule(expression), zone, dayFrom * DAY, dayTo * DAY);
    if (runsByDays.size >= 512) runsByDays.clear();
    runsByDays.set(key, runs);
  }
  return runs.filter((t) => t >= from && t < to);
}

interface RuleRuns {
  runs: number[];
  /** The MISSED reason of each run (it names the run, not the resource: one string per run). */
  reasons: string[];
  startWindowMs: number;
}

function ruleRuns(rules: readonly PlanRule[], from: number, to: number): Map<string, RuleRuns[]> {
  const byPlan = new Map<string, RuleRuns[]>();
  for (const rule of rules) {
    if (!rule.scheduleExpression) continue;
    const zone = rule.scheduleTimezone ?? 'Etc/UTC';
    if (!validZone(zone)) continue;
    let runs: number[];
    try {
      runs = runsBetween(rule.scheduleExpression, zone, from, to);
    } catch {
      continue;
    }
    const startWindowMs = (rule.startWindowMinutes ?? 480) * MINUTE;
    const reasons = runs.map((run) => `No backup job was created for the run scheduled at ${utcText(run)} (start window ${startWindowMs / MINUTE} min).`);
    byPlan.set(rule.planId, [...(byPlan.get(rule.planId) ?? []), { runs, reasons, startWindowMs }]);
  }
  return byPlan;
}

/**
 * An estate indexed for repeated evaluation. Everything here depends on the estate alone, so
 * a caller that holds the estate between syncs (the service) prepares it once; each
 * evaluation then pays only for what moves with the clock, the policy and the coverage.
 */
export interface PreparedEstate {
  estate: Estate;
  index: Omit<EstateIndex, 'ruleInterval'>;
  /** The resources to judge, by name. */
  resources: BackupResource[];
  /** Backup jobs per UTC day number: [completed, expired, failed]. */
  jobDays: Map<number, [number, number, number]>;
  /**
   * The clock-free control results of the last evaluation and the policy and coverage they
   * were computed for: the 30-s recomputes recompute only the controls that read the clock.
   */
  stable: { key: string; controls: StableControls } | null;
  /**
   * Issue objects already made, per resource: a failed job or a missed run is the same issue
   * at every recompute (read-only, shared by successive reports), so 40,000 of them are not
   * rebuilt every 30 s.
   */
  issueMemo: Map<string, { failed: JobIssue[]; missed: Map<number, Map<number, JobIssue>>; pastRetention: Map<string, JobIssue> }>;
  /** The last evaluation's issues as found and as sorted: the same issues found again need no new sort. */
  lastIssues: { found: JobIssue[]; sorted: JobIssue[] } | null;
  /** Per resource, the parts of its evaluation that depend on the estate alone (shared, read-only). */
  resourceMemo: Map<string, { plans: string[]; restores: RestoreStats; alternatives: Alternative[] }>;
}

export function prepareEstate(estate: Estate): PreparedEstate {
  const index = indexEstateData(estate);
  const resources = resourcesOf(estate);
  for (const r of resources) factsFor(index as EstateIndex, r);
  const jobDays = new Map<number, [number, number, number]>();
  for (const j of estate.jobs) {
    if (j.kind !== 'backup') continue;
    const slot = j.state === 'COMPLETED' ? 0 : j.state === 'EXPIRED' ? 1 : FINAL_FAILURES.has(j.state) ? 2 : null;
    if (slot === null) continue;
    const day = Math.floor(j.createdAt / DAY);
    let counts = jobDays.get(day);
    if (!counts) jobDays.set(day, (counts = [0, 0, 0]));
    counts[slot]++;
  }
  return { estate, index, resources, jobDays, stable: null, issueMemo: new Map(), resourceMemo: new Map(), lastIssues: null };
}

/** Evaluates the whole estate. `jobsSince`: from when the cache holds jobs (missed schedules are judged only after it). */
export function evaluateBackups(estate: Estate, spec: PolicySpec, coverage: Coverage, now: number, jobsSince: number = now - REPORT_WINDOW_DAYS * DAY): BackupReport {
  return evaluatePrepared(prepareEstate(estate), spec, coverage, now, jobsSince);
}

/** evaluateBackups over an estate prepared once (prepareEstate): the same report. */
export function evaluatePrepared(prepared: PreparedEstate, spec: PolicySpec, coverage: Coverage, now: number, jobsSince: number = now - REPORT_WINDOW_DAYS * DAY): BackupReport {
  const { estate, resources } = prepared;
  const index: EstateIndex = withRuleIntervals(prepared.index, estate.rules, now);
  const windowFrom = now - REPORT_WINDOW_DAYS * DAY;
  const names = new Map(resources.map((r) => [r.arn, r.name]));
  const runsByPlan = coverage.plans && coverage.jobs ? ruleRuns(estate.rules, Math.max(windowFrom, jobsSince), now) : new Map<string, RuleRuns[]>();
  const policyOf = policyResolver(spec);
  const stableKey = `${JSON.stringify(spec)}|${coverage.plans}${coverage.points}${coverage.jobs}${coverage.restores}${coverage.copies}`;
  if (prepared.stable?.key !== stableKey) prepared.stable = { key: stableKey, controls: new Map() };
  const stable = prepared.stable.controls;
  let issues: JobIssue[] = [];
  const evaluations: ResourceEvaluation[] = [];

  for (const r of resources) {
    const policy = policyOf(r);
    const controls = evaluateControls(r, policy, index, coverage, now, stable);
    const facts = factsFor(index, r);
    const { lastGoodPointAt, jobs, selections } = facts;
    let kept = prepared.resourceMemo.get(r.arn);
    if (!kept) {
      kept = { plans: [...new Set(selections.map((s) => index.rulesByPlan.get(s.planId)?.[0]?.planName ?? s.planId))], restores: restoreStats(r, facts), alternatives: alternativesOf(r) };
      prepared.resourceMemo.set(r.arn, kept);
    }
    const plans = kept.plans;

    // RPO now: what a restore started now would lose. With PITR that is the log-shipping lag
    // RDS reported when last synced (it keeps moving forward without us); otherwise the age
    // of the newest recovery point.
    const pitr = r.rds?.latestRestorableAt ?? null;
    const newestRestorableAt = pitr !== null && (lastGoodPointAt === null || pitr >= lastGoodPointAt) ? pitr : lastGoodPointAt;
    const usesPitr = newestRestorableAt !== null && newestRestorableAt === pitr;
    const measuredAt = usesPitr ? Math.min(now, r.rds?.observedAt ?? now) : now;
    const rpoNow = newestRestorableAt === null ? null : Math.max(0, (measuredAt - newestRestorableAt) / MINUTE);
    const rpo: ResourceEvaluation['rpo'] = {
      nowMinutes: rpoNow,
      targetMinutes: policy.rpoMinutes,
      basis: newestRestorableAt === null ? null : usesPitr ? 'point-in-time recovery' : 'recovery point',
      newestRestorableAt,
      met: rpoNow === null ? null : rpoNow <= policy.rpoMinutes,
    };
    let shortest = Infinity;
    for (const s of selections) {
      for (const rule of index.rulesByPlan.get(s.planId) ?? []) {
        const i = index.ruleInterval.get(rule)!;
        if ('ms' in i && i.ms > 0 && i.ms < shortest) shortest = i.ms;
      }
    }
    const expectedIntervalMinutes = shortest < Infinity ? shortest / MINUTE : null;
    const rto = restoreEvidence(kept.restores, policy.rtoMinutes, now);

    // Failed / expired jobs in the window, and scheduled runs with no job at all.
    let memo = prepared.issueMemo.get(r.arn);
    if (!memo) {
      const failed: JobIssue[] = [];
      for (const j of jobs) {
        if (j.kind !== 'backup' || !FINAL_FAILURES.has(j.state)) continue;
        failed.push({ kind: j.state as IssueKind, resourceArn: r.arn, resourceName: r.name, at: j.createdAt, jobId: j.id, reason: j.message ?? `${j.state} without a status message` });
      }
      prepared.issueMemo.set(r.arn, (memo = { failed, missed: new Map(), pastRetention: new Map() }));
    }
    for (const issue of memo.failed) if (issue.at >= windowFrom) issues.push(issue);
    const created = facts.backupCreated;
    for (const s of selections) {
      for (const rr of runsByPlan.get(s.planId) ?? []) {
        let missed = memo.missed.get(rr.startWindowMs);
        if (!missed) memo.missed.set(rr.startWindowMs, (missed = new Map()));
        for (let k = 0; k < rr.runs.length; k++) {
          const run = rr.runs[k]!;
          if (run + rr.startWindowMs > now) continue;
          const first = firstAtOrAfter(created, run - 5 * MINUTE);
          const started = first < created.length && created[first]! <= run + rr.startWindowMs;
          if (started) continue;
          let issue = missed.get(run);
          if (!issue) missed.set(run, (issue = { kind: 'MISSED', resourceArn: r.arn, resourceName: r.name, at: run, jobId: null, reason: rr.reasons[k]! }));
          issues.push(issue);
        }
      }
    }
    for (const p of index.pointsByResource.get(r.arn) ?? []) {
      if (p.deleteAt !== null && p.deleteAt < now && p.status !== 'DELETING') {
        let issue = memo.pastRetention.get(p.arn);
        if (!issue) memo.pastRetention.set(p.arn, (issue = { kind: 'PAST_RETENTION', resourceArn: r.arn, resourceName: r.name, at: p.deleteAt, jobId: p.arn, reason: `Recovery point ${p.arn} should have been deleted at ${utcText(p.deleteAt)} and is still there (${p.status})${p.statusMessage ? `: ${p.statusMessage}` : ''}.` }));
        issues.push(issue);
      }
    }

    const nonCompliant = controls.filter((c) => c.status === 'NON_COMPLIANT').length;
    const reasons: string[] = [];
    let score = nonCompliant * 10;
    if (selections.length === 0) {
      score += 100;
      reasons.push('in no backup plan');
    }
    if (lastGoodPointAt !== null && expectedIntervalMinutes !== null) {
      const ratio = (now - lastGoodPointAt) / (expectedIntervalMinutes * MINUTE);
      if (ratio > 1) reasons.push(`last good recovery point ${(ratio * expectedIntervalMinutes / 60).toFixed(0)} h old, ${ratio.toFixed(1)}× the schedule`);
      score += Math.min(ratio, 10) * 10;
    } else if (lastGoodPointAt === null) {
      score += 50;
      reasons.push('no recovery point in AWS Backup');
    }
    if (rpoNow !== null) {
      const ratio = rpoNow / policy.rpoMinutes;
      if (ratio > 1) reasons.push(`RPO now ${rpoNow < 120 ? `${rpoNow.toFixed(1)} min` : `${(rpoNow / 60).toFixed(1)} h`}, ${ratio.toFixed(0)}× the ${policy.rpoMinutes} min target`);
      score += Math.min(Math.log10(Math.max(ratio, 1)) * 10, 40);
    }
    if (nonCompliant > 0) reasons.push(`${nonCompliant} control(s) non-compliant`);

    evaluations.push({
      arn: r.arn,
      name: r.name,
      type: r.type,
      plans,
      controls,
      nonCompliant,
      compliant: controls.every((c) => c.status === 'COMPLIANT'),
      rpo,
      lastGoodPointAt,
      expectedIntervalMinutes,
      rto,
      achievability: achievability(r, policy, rpo, expectedIntervalMinutes, rto, kept.alternatives),
      risk: { score: Math.round(score), reasons },
      policy: { frequency: frequencyText(policy), retentionDays: policy.retentionDays, rpoMinutes: policy.rpoMinutes, rtoMinutes: policy.rtoMinutes, overrides: policy.appliedOverrides },
    });
  }

  // Newest first, then by resource name: resources were evaluated in name order and the sort
  // is stable, so ties already stand in name order (localeCompare on 40,000 ties cost more
  // than the rest of the report).
  const found = issues;
  const last = prepared.lastIssues;
  // Issue objects are kept per estate, so "the same issues in the same order" is a pointer comparison.
  const same = last !== null && last.found.length === found.length && found.every((issue, i) => issue === last.found[i]);
  issues = same ? last.sorted.slice() : found.slice().sort((a, b) => b.at - a.at);
  prepared.lastIssues = { found, sorted: issues.slice() };
  const calendar = calendarOf(prepared.jobDays, issues, now);
  let worst: ResourceEvaluation | undefined;
  for (const e of evaluations) if (e.rpo.nowMinutes !== null && (worst === undefined || e.rpo.nowMinutes > worst.rpo.nowMinutes!)) worst = e;
  return {
    now,
    // Riskiest first, then by name (the evaluation order, kept by the stable sort).
    resources: evaluations.sort((a, b) => b.risk.score - a.risk.score),
    issues,
    calendar,
    summary: {
      compliant: evaluations.filter((e) => e.compliant).length,
      total: evaluations.length,
      worstRpo: worst ? { arn: worst.arn, name: worst.name, minutes: worst.rpo.nowMinutes! } : null,
      lastFailed: issues.find((i) => i.kind === 'FAILED' || i.kind === 'EXPIRED') ?? null,
    },
    verdict: verdictOf(evaluations, names),
  };
}

/** Index of the first value ≥ t in an ascending array (its length when none). */
function firstAtOrAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function calendarOf(jobDays: PreparedEstate['jobDays'], issues: readonly JobIssue[], now: number): CalendarDay[] {
  // Keyed by UTC day number; the jobs were counted per day once, when the estate was prepared.
  const days = new Map<number, CalendarDay>();
  const today = Math.floor(now / DAY);
  for (let d = today - (REPORT_WINDOW_DAYS - 1); d <= today; d++) {
    const [completed, expired, failed] = jobDays.get(d) ?? [0, 0, 0];
    days.set(d, { day: new Date(d * DAY).toISOString().slice(0, 10), completed, failed, expired, missed: 0 });
  }
  const dayKey = (ms: number): number => Math.floor(ms / DAY);
  for (const i of issues) {
    const day = i.kind === 'MISSED' ? days.get(dayKey(i.at)) : undefined;
    if (day) day.missed++;
  }
  return [...days.values()];
}

function verdictOf(evaluations: readonly ResourceEvaluation[], _names: Map<string, string>): EstateVerdict {
  const dbs = evaluations.filter((e) => e.type === 'RDS' || e.type === 'Aurora');
  const lags = dbs.flatMap((e) => (e.achievability.rpo.mechanism === 'RDS point-in-time recovery' && e.achievability.rpo.floorMinutes !== null ? [e.achievability.rpo.floorMinutes] : []));
  const target = dbs[0]?.rpo.targetMinutes ?? evaluations[0]?.rpo.targetMinutes ?? 1;
  const rtoTarget = dbs[0]?.rto.targetMinutes ?? evaluations[0]?.rto.targetMinutes ?? 5;
  const restores = dbs.flatMap((e) => (e.rto.p50Minutes !== null ? [e.rto.p50Minutes] : []));
  const rpo =
    lags.length === 0
      ? 'No database reports a restorable time yet.'
      : `Not achievable by backup and restore: point-in-time recovery lags ${Math.min(...lags).toFixed(1)}–${Math.max(...lags).toFixed(1)} min on ${lags.length} database(s) (LatestRestorableTime as RDS last reported it), against an RPO of ${target} min.`;
  const rto =
    restores.length === 0
      ? 'No restore has been measured yet.'
      : `${restores.every((m) => m > rtoTarget) ? 'Not achievable by restore' : 'Partly achievable by restore'}: restores take ${Math.min(...restores).toFixed(0)}–${Math.max(...restores).toFixed(0)} min (P50 per database) against an RTO of ${rtoTarget} min.`;
  const has = (name: string): string[] => dbs.filter((e) => e.achievability.alternatives.some((a) => a.name.startsWith(name) && a.present)).map((e) => e.name);
  const multiAz = has('Multi-AZ');
  const aurora = has('Aurora replicas');
  const xr = dbs.filter((e) => e.achievability.alternatives.some((a) => /cross-region/i.test(a.name) && a.present)).map((e) => e.name);
  const none = dbs.filter((e) => !e.achievability.alternatives.some((a) => a.present)).map((e) => e.name);
  const alternatives =
    `What approaches the targets is failover, not restore: Multi-AZ (${multiAz.join(', ') || 'none'}), Aurora replicas (${aurora.join(', ') || 'none'}), cross-region replicas (${xr.join(', ') || 'none'})` +
    `${none.length ? `; no failover at all: ${none.join(', ')}` : ''}. Failover protects against losing an AZ or a region, not against a bad write — that still needs the backups.`;
  return { rpo, rto, alternatives };
}
