// Backups benchmark (issue 11): every Audit Manager control, RPO/RTO, missed schedules and
// the calendar for 2,000 resources and 60,000 jobs (plus ~58,800 recovery points), target
// < 200 ms "from the store, warm". Warm is the service's steady state between backup syncs: it
// holds the estate it read and indexed (prepareEstate) until a backup sync writes, and every
// recompute (RPO now moves with the clock) evaluates that held estate at the new time. Figures:
// - backups.evaluate_ms: that recompute, the clock 30 s later on each run; baseline, in the same
//   run, the naive evaluation: each resource scans every job and point (no index).
// - backups.evaluate_in_memory_ms: the first evaluation after a sync (index + evaluate, nothing
//   kept), same baseline.
// - backups.load_ms: the cold read of the estate from cache.db after a sync wrote; baseline, a
//   first implementation's read (SELECT * per table, one object per row).
// - backups.view_warm_ms: BackupService.view() once warm; baseline: a service that reads first.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateControls, FULL_COVERAGE, indexEstate } from '../src/main/domain/backups/controls';
import { evaluateBackups, evaluatePrepared, prepareEstate } from '../src/main/domain/backups/evaluate';
import type { Estate, Job, RecoveryPoint } from '../src/main/domain/backups/model';
import { DEFAULT_POLICY, policyFor } from '../src/main/domain/backups/policy';
import { BackupService } from '../src/main/backups/service';
import { BackupStore } from '../src/main/store/backups';
import { openCache, type CacheStore } from '../src/main/store/cache';
import { medianMs, recordFigure } from './results';

const RESOURCES = 2_000;
const DAYS = 30;
const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;
const MIN = 60_000;
const SOURCE = 'bench';

function arnOf(i: number): string {
  return i % 4 === 0 ? `arn:aws:rds:us-east-1:123456789012:db:db-${i}` : `arn:aws:ec2:us-east-1:123456789012:volume/vol-${String(i).padStart(17, '0')}`;
}

function seed(cache: CacheStore): void {
  const store = new BackupStore(cache.db);
  const plans = 20;
  const rules = Array.from({ length: plans }, (_, p) => ({
    planId: `plan-${p}`,
    planName: `plan-${p}`,
    ruleName: 'daily',
    scheduleExpression: `cron(${p} 5 ? * * *)`,
    scheduleTimezone: p % 2 ? 'America/New_York' : 'Etc/UTC',
    startWindowMinutes: 60,
    completionWindowMinutes: 180,
    deleteAfterDays: 30,
    continuous: p % 4 === 0,
    targetVault: 'prod',
    copyTargets: [],
  }));
  const selections = rules.map((r, p) => ({
    planId: r.planId,
    selectionId: `sel-${p}`,
    name: `sel-${p}`,
    resources: Array.from({ length: RESOURCES / plans }, (_, k) => arnOf(p * (RESOURCES / plans) + k)),
    notResources: [],
    tags: [],
  }));
  store.replacePlans(SOURCE, rules, selections, []);
  const points: RecoveryPoint[] = [];
  const jobs: Job[] = [];
  for (let i = 0; i < RESOURCES; i++) {
    const arn = arnOf(i);
    for (let d = 0; d < DAYS; d++) {
      const created = Math.floor(NOW / DAY) * DAY - d * DAY + 5 * 3_600_000 + (i % 20) * MIN;
      const failed = (i * 31 + d) % 50 === 0;
      jobs.push({ kind: 'backup', id: `job-${i}-${d}`, resourceArn: arn, resourceType: arn.includes(':db:') ? 'RDS' : 'EBS', createdAt: created, completedAt: created + 12 * MIN, state: failed ? 'FAILED' : 'COMPLETED', message: failed ? 'snapshot quota reached' : null, planId: `plan-${Math.floor(i / (RESOURCES / plans))}`, vault: 'prod', destinationVaultArn: null, restoreTest: false });
      if (!failed) points.push({ arn: `rp-${i}-${d}`, vault: 'prod', resourceArn: arn, resourceType: 'EBS', createdAt: created, completedAt: created + 12 * MIN, deleteAt: created + 30 * DAY, status: 'COMPLETED', statusMessage: null, encrypted: (i + d) % 997 !== 0, planId: 'p' });
    }
  }
  store.upsertJobs(SOURCE, 'backup', jobs, 0);
  store.replaceVaultsAndPoints(SOURCE, [{ name: 'prod', arn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:prod', locked: true, minRetentionDays: 7, maxRetentionDays: 35, lockDate: NOW - 400 * DAY }], points);
  store.replaceProtected(
    SOURCE,
    Array.from({ length: RESOURCES }, (_, i) => ({ arn: arnOf(i), name: `resource-${i}`, type: arnOf(i).includes(':db:') ? 'RDS' : 'EBS', lastBackupAt: NOW - DAY, latestRestoreMinutes: i % 3 === 0 ? 31 : null, latestRestoreAt: i % 3 === 0 ? NOW - 20 * DAY : null })),
  );
}

/** The baseline: the same controls, each resource filtering the whole estate. */
function naive(estate: Estate): number {
  let nonCompliant = 0;
  for (const r of estate.resources) {
    const mine: Estate = { ...estate, points: estate.points.filter((p) => p.resourceArn === r.arn), jobs: estate.jobs.filter((j) => j.resourceArn === r.arn) };
    const results = evaluateControls(r, policyFor(DEFAULT_POLICY, r), indexEstate(mine, NOW), FULL_COVERAGE, NOW);
    nonCompliant += results.filter((x) => x.status === 'NON_COMPLIANT').length;
  }
  return nonCompliant;
}

/** The load's baseline: what a first implementation reads — every column of every row, one object per row. */
function naiveLoad(cache: CacheStore, jobsSince: number): number {
  const jobs = (cache.db.prepare('SELECT * FROM backup_jobs WHERE source = ? AND created_at >= ? ORDER BY created_at').all(SOURCE, jobsSince) as Record<string, unknown>[]).map(
    (j): Job => ({ kind: j.kind as Job['kind'], id: j.id as string, resourceArn: j.resource_arn as string, resourceType: j.resource_type as string, createdAt: j.created_at as number, completedAt: j.completed_at as number | null, state: j.state as string, message: j.message as string | null, planId: j.plan_id as string | null, vault: j.vault as string | null, destinationVaultArn: j.destination_vault_arn as string | null, restoreTest: j.restore_test === 1 }),
  );
  const points = (cache.db.prepare('SELECT * FROM backup_points WHERE source = ?').all(SOURCE) as Record<string, unknown>[]).map(
    (p): RecoveryPoint => ({ arn: p.arn as string, vault: p.vault as string, resourceArn: p.resource_arn as string, resourceType: p.resource_type as string, createdAt: p.created_at as number | null, completedAt: p.completed_at as number | null, deleteAt: p.delete_at as number | null, status: p.status as string, statusMessage: p.status_message as string | null, encrypted: p.encrypted === null ? null : p.encrypted === 1, planId: p.plan_id as string | null }),
  );
  return jobs.length + points.length;
}

/** Median CPU time of this process over runs of `fn` (less sensitive than wall time to the other agents on the machine). */
function medianCpuMs(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The machine's load when measured (figures from a loaded machine are read as ratios). */
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

describe('backups benchmarks', () => {
  let dir: string;
  let cache: CacheStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-backups-'));
    cache = openCache(dir).cache;
    seed(cache);
  });
  afterAll(() => {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backups.evaluate_ms: 2,000 resources, 60,000 jobs, from the store, warm', async () => {
    const store = new BackupStore(cache.db);
    const since = NOW - 200 * DAY;
    const estate = store.loadEstate([SOURCE], since);
    expect(estate.jobs).toHaveLength(RESOURCES * DAYS);
    const fresh = evaluateBackups(estate, DEFAULT_POLICY, FULL_COVERAGE, NOW, NOW - 30 * DAY);
    expect(fresh.resources).toHaveLength(RESOURCES);

    // The held estate, as the service keeps it between syncs; each run is a recompute 30 s later.
    const prepared = prepareEstate(estate);
    let clock = NOW;
    const recompute = (): number => {
      clock += 30_000;
      return evaluatePrepared(prepared, DEFAULT_POLICY, FULL_COVERAGE, clock, NOW - 30 * DAY).resources.length;
    };
    expect(evaluatePrepared(prepared, DEFAULT_POLICY, FULL_COVERAGE, NOW, NOW - 30 * DAY)).toEqual(fresh);
    for (let i = 0; i < 3; i++) recompute();
    const loadBefore = load();
    const warm = await medianMs(9, recompute);
    const firstAfterSync = await medianMs(5, () => evaluateBackups(estate, DEFAULT_POLICY, FULL_COVERAGE, NOW, NOW - 30 * DAY));
    for (let i = 0; i < 2; i++) store.loadEstate([SOURCE], since);
    const cold = await medianMs(5, () => store.loadEstate([SOURCE], since));
    const coldNaive = await medianMs(5, () => naiveLoad(cache, since));
    const warmCpu = medianCpuMs(9, recompute);
    const coldCpu = medianCpuMs(5, () => store.loadEstate([SOURCE], since));
    const coldNaiveCpu = medianCpuMs(5, () => naiveLoad(cache, since));
    const baseline = await medianMs(1, () => naive(estate));
    const loadAfter = load();
    const measured = `load average ${loadBefore} before, ${loadAfter} after (2 cores)`;
    recordFigure('backups.evaluate_ms', {
      value: Number(warm.toFixed(1)),
      unit: 'ms',
      baseline: Number(baseline.toFixed(1)),
      ratio: warm / baseline,
      note: `Warm recompute: all ten controls, RPO/RTO, ${fresh.issues.length} failed/missed issues and the calendar for ${RESOURCES} resources, ${RESOURCES * DAYS} jobs and ${estate.points.length} recovery points, over the estate the service holds between backup syncs (read from cache.db and indexed once), the clock 30 s later each run, median of 9 (CPU time ${warmCpu.toFixed(0)} ms). Baseline: the controls alone with every resource scanning all jobs and points, 1 run, same estate. The first evaluation after a sync (index + evaluate): ${firstAfterSync.toFixed(0)} ms; the cold read: ${cold.toFixed(0)} ms (backups.load_ms). Target < 200 ms. ${measured}.`,
    });
    recordFigure('backups.evaluate_in_memory_ms', {
      value: Number(firstAfterSync.toFixed(1)),
      unit: 'ms',
      baseline: Number(baseline.toFixed(1)),
      ratio: firstAfterSync / baseline,
      note: `The first evaluation after a backup sync: the estate read from cache.db indexed and evaluated with nothing kept (evaluateBackups), median of 5; baseline: the naive controls over the same estate. ${measured}.`,
    });
    recordFigure('backups.load_ms', {
      value: Number(cold.toFixed(1)),
      unit: 'ms',
      baseline: Number(coldNaive.toFixed(1)),
      ratio: cold / coldNaive,
      note: `BackupStore.loadEstate: ${RESOURCES * DAYS} jobs and ${estate.points.length} recovery points (plus resources, plans, vaults) read from cache.db after a sync wrote, median of 5 (CPU time ${coldCpu.toFixed(0)} ms); grouped per resource from covering indexes, rows iterated. Baseline: SELECT * of jobs and points, one object per row, median of 5 (CPU ${coldNaiveCpu.toFixed(0)} ms), same run. ${measured}.`,
    });
    expect(warm).toBeLessThan(baseline);
    expect(cold).toBeLessThan(coldNaive * 1.5);

    // What the Backups page and the alert queue pay once warm: the service keeps the estate it
    // read until a backup sync writes, so a recompute (RPO now moves; another part's write) is
    // the evaluation alone. Baseline: a service that has just started (reads the store first).
    let version = 0;
    const service = new BackupService({ cache, sourceIds: [SOURCE], now: () => NOW, dataVersion: () => version, dataDir: dir });
    const coldView = await medianMs(3, () => {
      version++;
      return new BackupService({ cache, sourceIds: [SOURCE], now: () => NOW, dataVersion: () => version, dataDir: dir }).view();
    });
    service.view();
    const warmView = await medianMs(7, () => {
      version++;
      return service.view();
    });
    recordFigure('backups.view_warm_ms', {
      value: Number(warmView.toFixed(1)),
      unit: 'ms',
      baseline: Number(coldView.toFixed(1)),
      ratio: warmView / coldView,
      note: `BackupService.view() recomputed with the estate it holds (no backup sync wrote since; another part's write forces the recompute), ${RESOURCES} resources and ${RESOURCES * DAYS} jobs, median of 7; baseline: the same answer from a service that reads the store first, median of 3. Load average ${load()} (2 cores).`,
    });
  });
});
