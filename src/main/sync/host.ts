// Runs the sync engines (one per source) either in a worker thread (the app) or inline
// (tests, benchmarks), behind one interface.
import { join } from 'node:path';
import { SloConfigLoader } from '../config/sloFiles';
import type { CacheStore } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { createCloudTrailClient } from '../sources/aws/cloudtrail';
import { ChangesSync, changesPart } from './changes';
import { credentialsFor } from '../sources/aws/credentials';
import { SyncEngine, type SyncEvent } from './engine';
import type { SyncRunner } from './worker-runner';
import { alarmStatistics, sloStatistics } from './statistics';
import type { SyncSourceSpec, SyncWorkerData } from './messages';
import { backupSyncFor, backupsPart } from './backups';

export { runSyncInWorker, type SyncMethods, type SyncRunner } from './worker-runner';

export function engineFor(cache: CacheStore, spec: SyncSourceSpec, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): SyncEngine {
  const target = spec.demo
    ? // The simulator accepts any key; real accounts never get static credentials.
      { region: spec.region, ...(spec.endpoint ? { endpoint: spec.endpoint } : {}), staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 2, requestTimeoutMs: 10_000 }
    : { region: spec.region, credentialProvider: credentialsFor({ region: spec.region, ...(spec.profile ? { profile: spec.profile } : {}), ...(spec.roleArn ? { roleArn: spec.roleArn } : {}) }) };
  const client = createCloudWatchClient(target);
  const now = data.clockOffsetMs ? () => Date.now() + (data.clockOffsetMs ?? 0) : Date.now;
  // Collect what the SLO definitions (re-read when a file changes), the alarms and the mapped dashboard metrics ask for.
  const slos = new SloConfigLoader(join(data.dataDir, 'slos'));
  const wantedStatistics = () => [...sloStatistics(slos.current().slos), ...alarmStatistics(cache.alarms(spec.id)), ...(spec.dashboardMetrics ?? [])];
  return new SyncEngine({
    sourceId: spec.id,
    client,
    cache,
    onEvent,
    wantedStatistics,
    ...(spec.collect ? { collect: spec.collect } : {}),
    ...(spec.profile ? { profile: spec.profile } : {}),
    ...(data.liveIntervalMs ? { liveIntervalMs: data.liveIntervalMs } : {}),
    ...(data.backfillDays ? { backfillMs: data.backfillDays * 86_400_000 } : {}),
    ...(data.cacheBudgetBytes ? { cacheBudgetBytes: data.cacheBudgetBytes } : {}),
    ...(data.headMs !== undefined ? { headMs: data.headMs } : {}),
    ...(data.clockOffsetMs ? { now } : {}),
    extraParts: ({ changed }) => [
      backupsPart(backupSyncFor(spec.id, target, cache.db, now), changed),
      changesPart(new ChangesSync({ client: createCloudTrailClient({ ...target, maxAttempts: 4 }), cache, sourceId: spec.id, now, ...(spec.changeEventSources ? { eventSources: spec.changeEventSources } : {}) }), changed),
    ],
  });
}

export function createEngines(cache: CacheStore, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): Map<string, SyncEngine> {
  return new Map(data.sources.map((spec) => [spec.id, engineFor(cache, spec, data, onEvent)]));
}

export function runSyncInline(cache: CacheStore, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): SyncRunner {
  const engines = createEngines(cache, data, onEvent);
  for (const e of engines.values()) e.start();
  return {
    syncNow: (sourceId) => {
      for (const [id, e] of engines) if (!sourceId || sourceId === id) void e.syncNow().catch(() => undefined);
    },
    stop: async () => {
      await Promise.all([...engines.values()].map((e) => e.stop()));
    },
  };
}
