// Backup failures in the alert queue, end to end: the simulator's scripted products-db backup
// failure → the real Backup and RDS SDK clients → the backup sync → cache.db → the queue. It
// shows at P2 (the seeds' level for backup failures) with what failed, which resource and since
// when; an acknowledgement survives a re-sync; it resolves when the next backup completes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS_ARN, RESOURCES, scheduledJob } from '../../sim/platform/backups';
import { startSimulator, type Simulator } from '../../sim/server';
import { DEMO_SEED } from '../sources/demo';
import { openCache, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { backupSyncFor, type BackupSync } from '../sync/backups';
import { inlineSloEvaluator } from '../slo/evaluator';
import type { ApiContext } from '../api/context';
import { AlertService } from './service';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_S = 86_400;
const PRODUCTS = RESOURCES.find((r) => r.arn === PRODUCTS_ARN)!;
const NAME = 'backup-failing-ecommerce-products-db';

/** A day of the simulator's 30-day flaw cycle when the products-db job fails, between two that complete. */
function failureDay(): number {
  for (let day = Math.floor(Date.UTC(2026, 9, 1) / 86_400_000); ; day++) {
    const job = scheduledJob(DEMO_SEED, PRODUCTS, day);
    if (job?.finalState !== 'FAILED') continue;
    if (scheduledJob(DEMO_SEED, PRODUCTS, day - 1)?.finalState === 'COMPLETED' && scheduledJob(DEMO_SEED, PRODUCTS, day + 1)?.finalState === 'COMPLETED') return day;
  }
}

describe('backup alert source', () => {
  const day = failureDay();
  const failed = scheduledJob(DEMO_SEED, PRODUCTS, day)!;
  const next = scheduledJob(DEMO_SEED, PRODUCTS, day + 1)!;
  let now = failed.end * 1000 + 30 * MINUTE;
  let dir: string;
  let cache: CacheStore;
  let journal: JournalStore;
  let sim: Simulator;
  let sync: BackupSync;
  let alerts: AlertService;
  let version = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-backup-alerts-'));
    cache = openCache(dir).cache;
    journal = openJournal(dir);
    sim = await startSimulator({ seed: DEMO_SEED, now: () => now });
    sync = backupSyncFor('demo', { region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }, cache.db, () => now);
    const ctx = { cache, journal, now: () => now, sourceIds: ['demo'], push: () => undefined, slo: inlineSloEvaluator(cache), dataVersion: () => version } as unknown as ApiContext;
    alerts = new AlertService(ctx);
  });
  afterAll(async () => {
    await sim.close();
    cache.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const resync = async (at: number): Promise<void> => {
    now = at;
    const report = await sync.runIfDue(true);
    expect(report.parts.every((p) => p.ok)).toBe(true);
    version++;
  };
  const group = async () => (await alerts.queue()).groups.find((g) => g.row.name === NAME)?.row;

  it('nothing before the failure is synced: no backup alert, no notice', async () => {
    const q = await alerts.queue();
    expect(q.groups.filter((g) => g.row.source === 'backup')).toEqual([]);
    expect(q.notices).toEqual([]);
  });

  it('the failed job fires at P2, saying what failed, which resource and since when', async () => {
    await resync(failed.end * 1000 + 30 * MINUTE);
    const g = await group();
    expect(g).toMatchObject({
      source: 'backup',
      severity: 'P2',
      severityDecidedBy: { sourceRule: 'backup-failing', description: "a backup is failing → P2, the seeds' level for backup failures (High)" },
      severityReason: "a backup is failing → P2, the seeds' level for backup failures (High)",
      state: 'firing',
      firedAt: failed.creation * 1000,
      namespace: 'AWS/Backup',
    });
    expect(g!.title).toBe('Backup job FAILED: ecommerce-products-db');
    // P2: respond within 15 minutes of the failure.
    expect(g!.timer).toMatchObject({ targetMs: 15 * MINUTE, targetLabel: '15 minutes' });
    const detail = await alerts.detail(g!.key);
    const member = detail.members[0]!;
    expect(member.type).toBe('BackupFailure');
    expect(member.description).toContain(PRODUCTS_ARN);
    expect(member.description).toContain(failed.jobId);
    expect(member.description).toContain(failed.statusMessage!);
    expect(member.description).toContain(`have failed since ${new Date(failed.creation * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    expect(member.tags).toMatchObject({ resource: PRODUCTS_ARN, condition: 'backup-failing' });
    expect(member.tags.severity).toBeUndefined();
    expect(member.occurrence).toMatchObject({ key: `backup-failing:${PRODUCTS_ARN}@${failed.creation * 1000}`, resolvedAt: null });
  });

  it('an acknowledgement survives re-syncs while the failure holds', async () => {
    const before = (await group())!;
    const result = alerts.act({ kind: 'ack', occurrenceKeys: before.occurrenceKeys, author: 'dana', note: 'snapshot quota raised; re-running' });
    expect(result.recorded).toBe(1);
    await resync(now + 2 * HOUR);
    await resync(now + 3 * HOUR);
    const after = (await group())!;
    expect(after.key).toBe(before.key);
    expect(after.occurrenceKeys).toEqual(before.occurrenceKeys);
    expect(after.state).toBe('acknowledged');
    expect(after.acknowledgement).toMatchObject({ by: 'dana' });
    // Acknowledged 40 min after the job failed: the P2's 15-minute target was missed, and stays so.
    expect(after.timer?.status).toBe('missed');
  });

  it('resolves when the next backup completes, and stays resolved', async () => {
    await resync(next.end * 1000 + 30 * MINUTE);
    const g = (await group())!;
    expect(g.state).toBe('resolved');
    expect(g.resolvedAt).not.toBeNull();
    expect(g.resolvedAt!).toBeGreaterThanOrEqual(failed.creation * 1000);
    expect(g.resolvedAt!).toBeLessThanOrEqual(next.end * 1000 + DAY_S * 1000);
    await resync(now + HOUR);
    expect((await group())!.state).toBe('resolved');
    const stored = cache.db.prepare("SELECT count(*) FROM alarm_occurrences WHERE source = 'backup' AND alert_id = ?").pluck().get(`backup-failing:${PRODUCTS_ARN}`);
    expect(stored).toBe(1);
  });

  it('counts in the fatigue report, at P2, acknowledged late', () => {
    const report = alerts.fatigue(30);
    expect(report.alarms.find((a) => a.alertId === `backup-failing:${PRODUCTS_ARN}`)).toMatchObject({ name: NAME, alarmEntries: 1 });
    expect(report.responses.find((r) => r.severity === 'P2')).toMatchObject({ acknowledged: expect.any(Number) });
    expect(report.responses.find((r) => r.severity === 'P2')!.missed).toBeGreaterThanOrEqual(1);
  });
});
