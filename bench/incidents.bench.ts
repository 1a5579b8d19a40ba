// Incident benchmark (issue 13):
// - incidents.timeline_ms: building the merged timeline of a 6-hour incident from a 30-day
//   cache holding the alarm history of 2,000 alarms (~120,000 state changes), 10,000
//   CloudTrail events, 1-minute datapoints, an affected SLO (its budget milestones evaluated)
//   and 30 days of backup jobs and RDS events; target < 100 ms. Baseline: reading the
//   window's raw rows (alarm history + changes) with the same prepared statements, so the
//   ratio is the cost of merging, dedup, gaps and marks on top of the reads.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiContext } from '../src/main/api/context';
import { IncidentService } from '../src/main/incidents/service';
import { inlineSloEvaluator } from '../src/main/slo/evaluator';
import { AlarmCache, type HistoryRow } from '../src/main/store/alarms';
import { BackupStore } from '../src/main/store/backups';
import { openCache } from '../src/main/store/cache';
import { ChangeCache, TimelineCache } from '../src/main/store/changes';
import { openJournal } from '../src/main/store/journal';
import { medianMs, recordFigure } from './results';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 9, 26, 18, 0);
const ALARMS = 2_000;
const EVENTS = 10_000;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('incident timeline', () => {
  it('incidents.timeline_ms: a 6-hour incident from a 30-day cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-incidents-'));
    const { cache } = openCache(dir);
    const journal = openJournal(dir);
    const rnd = lcg(13);
    const from = NOW - 30 * DAY;

    // Alarm history: every alarm flips ALARM ↔ OK about twice a day.
    const alarms = new AlarmCache(cache.db);
    const history: HistoryRow[] = [];
    for (let a = 0; a < ALARMS; a++) {
      const name = `svc-${a % 50}-alarm-${a}`;
      let t = from + rnd() * 12 * HOUR;
      let state: 'ALARM' | 'OK' = 'ALARM';
      while (t < NOW) {
        history.push({ source: 'demo', alarmName: name, at: Math.floor(t), alarmType: 'MetricAlarm', from: state === 'ALARM' ? 'OK' : 'ALARM', to: state, summary: `Alarm updated from ${state === 'ALARM' ? 'OK' : 'ALARM'} to ${state}`, reason: 'Threshold Crossed' });
        state = state === 'ALARM' ? 'OK' : 'ALARM';
        t += (state === 'OK' ? 0.5 : 23.5) * HOUR * (0.5 + rnd());
      }
    }
    alarms.insertHistory(history);

    // CloudTrail: 10,000 write events over the 30 days.
    const changes = new ChangeCache(cache.db);
    const sources = ['codedeploy.amazonaws.com', 'cloudformation.amazonaws.com', 'eks.amazonaws.com', 'rds.amazonaws.com', 'monitoring.amazonaws.com'];
    changes.save(
      'demo',
      Array.from({ length: EVENTS }, (_, i) => ({
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        at: Math.floor(from + rnd() * 30 * DAY),
        eventSource: sources[i % sources.length]!,
        eventName: i % 5 === 0 ? 'CreateDeployment' : 'UpdateStack',
        readOnly: false,
        username: 'ci-deployer',
        resources: [{ type: 'AWS::CodeDeploy::Application', name: `svc-${i % 50}` }],
        summary: `release ${i}`,
      })),
    );

    // Datapoints for 8 series, 1-minute for 30 days, with a 20-minute gap in the incident.
    const defs = Array.from({ length: 8 }, (_, i) => ({ key: `s${i}`, namespace: 'ECommerce/Services', metric: 'RequestCount', dimensions: [{ name: 'Service', value: `svc-${i}` }], stat: 'Sum', unit: 'Count' }));
    const ids = [...cache.ensureSeries('demo', defs).values()];
    const gapFrom = (NOW - 3 * HOUR) / 1000;
    const points = [];
    for (const id of ids) for (let ts = from / 1000; ts < NOW / 1000; ts += 60) if (ts < gapFrom || ts >= gapFrom + 1200) points.push({ seriesId: id, ts, value: 1 });
    cache.writePage(points, ids.map((seriesId) => ({ seriesId, oldest: from / 1000, newest: NOW / 1000 })));

    // Order-service availability (an SLO of one of the incident's services): 1000 requests a
    // minute for 30 days and 400 failures a minute during the incident, so the timeline's
    // budget milestones (50 % and 100 % of 43.2 min) are found by the SLO evaluation.
    const sloDefs = ['RequestCount', 'Http5xxCount'].map((metric) => ({ key: `order-${metric}`, namespace: 'ECommerce/Services', metric, dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'Sum', unit: 'Count' }));
    const [reqId, errId] = [...cache.ensureSeries('demo', sloDefs).values()] as [number, number];
    const sloPoints = [];
    for (let ts = from / 1000; ts < NOW / 1000; ts += 60) {
      sloPoints.push({ seriesId: reqId, ts, value: 1000 });
      if (ts >= (NOW - 5 * HOUR) / 1000 && ts < (NOW - 3 * HOUR) / 1000) sloPoints.push({ seriesId: errId, ts, value: 400 });
    }
    cache.writePage(sloPoints, [reqId, errId].map((seriesId) => ({ seriesId, oldest: from / 1000, newest: NOW / 1000 })));

    // What the backup part stores: a daily backup of 20 resources for 30 days and RDS's events about them.
    const backups = new BackupStore(cache.db);
    const jobs = [];
    const rdsEvents = [];
    for (let d = 0; d < 30; d++) {
      for (let r = 0; r < 20; r++) {
        const at = from + d * DAY + r * 60_000;
        jobs.push({ kind: 'backup' as const, id: `job-${d}-${r}`, resourceArn: `arn:aws:rds:us-east-1:123456789012:db:svc-${r}`, resourceType: 'RDS', createdAt: at, completedAt: at + 20 * 60_000, state: 'COMPLETED', message: null, planId: null, vault: 'Default', destinationVaultArn: null, restoreTest: false });
        rdsEvents.push({ sourceId: `svc-${r}`, sourceType: 'db-instance', at, message: 'Backing up DB instance', categories: ['backup'] }, { sourceId: `svc-${r}`, sourceType: 'db-instance', at: at + 20 * 60_000, message: 'Finished DB Instance backup', categories: ['backup'] });
      }
    }
    jobs.push({ kind: 'backup' as const, id: 'during', resourceArn: 'arn:aws:rds:us-east-1:123456789012:db:svc-3', resourceType: 'RDS', createdAt: NOW - 4 * HOUR, completedAt: NOW - 3.5 * HOUR, state: 'FAILED', message: 'quota', planId: null, vault: 'Default', destinationVaultArn: null, restoreTest: false });
    backups.upsertJobs('demo', 'backup', jobs, 0);
    backups.addEvents('demo', rdsEvents, 0);

    const ctx = { cache, journal, now: () => NOW, sourceIds: ['demo'], push: () => undefined, slo: inlineSloEvaluator(cache), sloConfigDir: null } as unknown as ApiContext;
    const service = new IncidentService(ctx);
    const id = service.declare({ title: 'Bench incident', severity: 'P1', services: ['svc-3', 'order-service'], summary: '', milestones: { started: NOW - 5 * HOUR, detected: NOW - 5 * HOUR + 60_000 }, roles: {}, author: 'bench' });
    service.setMilestone(id, 'resolved', NOW - 1.5 * HOUR, 'bench');
    for (let i = 0; i < 40; i++) service.addNote(id, i % 2 ? 'note' : 'status', `note ${i}`, 'UTC', 'bench');

    const t = await service.timeline(id);
    // The incident runs 3.5 h; its window adds 2 h before the start and 30 min after: 6 hours.
    expect(t.to - t.from).toBe(6 * HOUR);
    expect(t.entries.filter((e) => e.kind === 'gap')).toHaveLength(1);
    expect(t.entries.filter((e) => e.kind === 'change').length).toBeGreaterThan(60);
    expect(t.entries.filter((e) => e.kind === 'alarm').length).toBeGreaterThan(500);
    expect(t.entries.filter((e) => e.kind === 'slo-budget').map((e) => e.at)).toEqual([NOW - 5 * HOUR + 54 * 60_000, NOW - 5 * HOUR + 108 * 60_000]);
    expect(t.entries.filter((e) => e.kind === 'backup').length).toBeGreaterThan(0);

    const reads = new TimelineCache(cache.db);
    const runs = 15;
    const timeline = await medianMs(runs, () => service.timeline(id));
    const baseline = await medianMs(runs, () => {
      reads.history(['demo'], t.from, t.to);
      changes.between(t.from, t.to);
    });
    recordFigure('incidents.timeline_ms', {
      value: Number(timeline.toFixed(1)),
      unit: 'ms',
      baseline: Number(baseline.toFixed(2)),
      ratio: timeline / baseline,
      note: `first (cold: SLO buckets read from the chunks) build ${t.buildMs.toFixed(0)} ms; median of ${runs} builds of a 6-hour incident window (${t.entries.length} entries) from a 30-day cache: ${history.length} alarm state changes of ${ALARMS} alarms, ${EVENTS} CloudTrail events, 8 × 30 days of 1-minute points, the budget milestones of order-service availability (30 days of its SLI), 601 backup jobs and 1,200 RDS events; baseline: reading the window's alarm history and changes`,
    });
    expect(timeline).toBeLessThan(100);
    journal.close();
    cache.close();
  });
});
