// Composition root shared by desktop and serve mode: config → stores → sources (demo
// simulator or AWS) → sync worker → API. Nothing here knows about Electron or HTTP.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { PushEvent, SourceStatus, Topic } from '../shared/api';
import { BadInputError } from '../shared/errors';
import { dispatch, type CallResult } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { inlineSloEvaluator, workerSloEvaluator, type SloEvaluator } from './slo/evaluator';
import { loadConfig, type OpsdeckConfig } from './config/sources';
import { startDemoInWorker, startDemoInline, type DemoPlatform } from './sources/demo';
import { openCache } from './store/cache';
import { HEAD_S } from './store/chunks';
import { openJournal } from './store/journal';
import type { SyncEvent, SyncProgress } from './sync/engine';
import { runSyncInline, runSyncInWorker, type SyncRunner } from './sync/host';
import type { Methods } from './workers/rpc';
import type { SupervisedWorker, WorkerStatus } from './workers/supervisor';
import type { SyncSourceSpec } from './sync/messages';

export interface AppOptions {
  dataDir: string;
  /** opsdeck.yaml; default `<dataDir>/opsdeck.yaml`. Absent file → the embedded demo. */
  configFile?: string;
  demoOutage?: boolean;
  /** Worker entry files (built app), or 'inline' to run sync and the simulator in-process (tests). */
  workers: { sync: string; demo: string; slo: string } | 'inline';
  liveIntervalMs?: number;
  now?: () => number;
  /**
   * Demo only: run the simulated platform — and the app with it — this far from real time
   * (`--demo-clock`), to show a past incident live. Refused with AWS sources.
   */
  clockOffsetMs?: number;
  version?: string;
}

export interface App {
  call(method: string, input: unknown): Promise<CallResult>;
  subscribe(listener: (e: PushEvent) => void): () => void;
  /** A message for the user from start-up (e.g. the cache was rebuilt), or null. */
  readonly notice: string | null;
  readonly dataDir: string;
  readonly configFile: string;
  /** The supervised worker threads by name (empty inline): diagnostics, and tests that kill them. */
  readonly workers: ReadonlyMap<string, Pick<SupervisedWorker<Methods>, 'thread' | 'status'>>;
  close(): Promise<void>;
}

export class DataDirError extends Error {}

export const DEMO_SOURCE_ID = 'demo';

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (err) {
    throw new DataDirError(`data directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

async function knownProfiles(): Promise<Set<string>> {
  const files = await loadSharedConfigFiles();
  return new Set([...Object.keys(files.configFile ?? {}), ...Object.keys(files.credentialsFile ?? {})]);
}

function sourceSpecs(config: OpsdeckConfig, demoEndpoint: string | null): SyncSourceSpec[] {
  return config.sources.flatMap((s): SyncSourceSpec[] =>
    s.kind === 'demo'
      ? [{ id: DEMO_SOURCE_ID, region: 'us-east-1', demo: true, ...(demoEndpoint ? { endpoint: demoEndpoint } : {}) }]
      : s.regions.map((region) => ({
          id: `${s.alias}:${region}`,
          region,
          demo: false,
          ...(s.profile ? { profile: s.profile } : {}),
          ...(s.roleArn ? { roleArn: s.roleArn } : {}),
          collect: s.collect,
        })),
  );
}

export async function createApp(o: AppOptions): Promise<App> {
  ensureWritableDir(o.dataDir);
  const configFile = o.configFile ?? join(o.dataDir, 'opsdeck.yaml');
  const { config } = loadConfig(configFile, await knownProfiles());
  const clockOffsetMs = o.clockOffsetMs ?? 0;
  if (clockOffsetMs !== 0 && config.sources.some((s) => s.kind !== 'demo')) {
    throw new BadInputError(`--demo-clock only applies to the demo platform, and ${configFile} lists AWS sources`);
  }
  const now = o.now ?? (() => Date.now() + clockOffsetMs);
  const journal = openJournal(o.dataDir);
  const { cache, notice } = openCache(o.dataDir, now);
  const listeners = new Set<(e: PushEvent) => void>();
  // Bumped with every announced change to cached data; memoised API answers key on it.
  let dataVersion = 0;
  const push = (topics: Topic[]): void => {
    dataVersion += 1;
    for (const l of listeners) l({ type: 'changed', topics });
  };

  // Supervised workers report here; health and Settings show them, a failed one in the banner.
  const workerStatuses = new Map<string, WorkerStatus>();
  const onWorkerStatus = (s: WorkerStatus): void => {
    workerStatuses.set(s.name, s);
    push(['sources']);
  };

  const wantsDemo = config.sources.some((s) => s.kind === 'demo');
  const demo: DemoPlatform | null = !wantsDemo
    ? null
    : o.workers === 'inline'
      ? await startDemoInline({ outage: o.demoOutage ?? false, now })
      : await startDemoInWorker(o.workers.demo, { outage: o.demoOutage ?? false, clockOffsetMs, onStatus: onWorkerStatus });
  const specs = sourceSpecs(config, demo?.endpoint ?? null);

  const progress = new Map<string, SyncProgress>();
  const nextAttempt = new Map<string, number | null>();
  const onSyncEvent = (e: SyncEvent): void => {
    if (e.type === 'status') {
      progress.set(e.sourceId, e.progress);
      const before = nextAttempt.get(e.sourceId);
      nextAttempt.set(e.sourceId, e.nextAttemptAt);
      if (before !== e.nextAttemptAt && e.connectivity.state !== 'online') push(['sources']);
    } else push(e.topics);
  };
  const syncData = { dataDir: o.dataDir, sources: specs, cacheBudgetBytes: config.cacheBudget, clockOffsetMs, headMs: HEAD_S * 1000, ...(o.liveIntervalMs ? { liveIntervalMs: o.liveIntervalMs } : {}) };
  const sync: SyncRunner = o.workers === 'inline' ? runSyncInline(cache, syncData, onSyncEvent) : runSyncInWorker(o.workers.sync, syncData, onSyncEvent, onWorkerStatus);
  /** While the sync worker is down, every source says so (its figures stop ageing well). */
  const syncDown = (): string | null => {
    const s = workerStatuses.get('sync');
    if (!s || s.state === 'running' || s.state === 'starting' || s.state === 'stopped') return null;
    return s.state === 'failed' ? `sync stopped: ${s.lastError ?? 'the worker kept exiting'} — restart Opsdeck` : `sync worker restarting after: ${s.lastError ?? 'an exit'}`;
  };

  const statusOf = (spec: SyncSourceSpec): SourceStatus => {
    const s = cache.sourceState(spec.id);
    const newest = cache.newestPointTs(spec.id);
    return {
      id: spec.id,
      kind: spec.demo ? 'demo' : 'aws',
      label: spec.demo ? 'Demo platform (simulated)' : `AWS ${spec.id.replace(':', ' · ')}${spec.profile ? ` (profile ${spec.profile})` : ''}`,
      state: s?.state ?? 'degraded',
      offlineSince: s?.offlineSince ?? null,
      lastSuccessAt: s?.lastSuccess ?? null,
      lastAttemptAt: s?.lastAttempt ?? null,
      dataAsOf: newest === null ? null : (newest + 60) * 1000,
      lastError: syncDown() ?? s?.lastError ?? (s ? null : 'first sync under way'),
      nextAttemptAt: nextAttempt.get(spec.id) ?? null,
      demoOutage: spec.demo ? (demo?.outage ?? false) : false,
      clockOffsetMs,
      backfill: progress.get(spec.id) ?? { seriesDone: 0, seriesTotal: 0, pointsStored: 0, complete: false, etaMs: null },
    };
  };
  const statuses = (): SourceStatus[] => specs.map(statusOf);

  const slo: SloEvaluator = o.workers === 'inline' ? inlineSloEvaluator(cache) : workerSloEvaluator(o.workers.slo, o.dataDir, onWorkerStatus);
  const handlers = createHandlers({
    cache,
    journal,
    now,
    version: o.version ?? '0.0.0',
    configFile,
    cacheBudgetBytes: config.cacheBudget,
    sources: statuses,
    workers: () => [...workerStatuses.values()],
    sourceIds: specs.map((s) => s.id),
    setDemoOutage: async (on) => {
      const spec = specs.find((s) => s.demo);
      if (!demo || !spec) throw new Error('there is no demo source in this configuration');
      await demo.setOutage(on);
      // Try at once, so the banner reflects the switch without waiting for the next pass.
      sync.syncNow(spec.id);
      push(['sources']);
      return statusOf(spec);
    },
    syncNow: (sourceId) => sync.syncNow(sourceId),
    push,
    dataVersion: () => dataVersion,
    sloConfigDir: join(o.dataDir, 'slos'),
    slo,
  });

  return {
    notice,
    dataDir: o.dataDir,
    configFile,
    workers: new Map(
      [demo && 'worker' in demo ? demo.worker : null, 'worker' in sync ? sync.worker : null, 'worker' in slo ? slo.worker : null]
        .filter((w): w is SupervisedWorker<Methods> => w !== null)
        .map((w) => [w.status().name, w]),
    ),
    call: (method, input) => dispatch(handlers, method, input),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: async () => {
      await sync.stop();
      await slo.close();
      await demo?.close();
      cache.close();
      journal.close();
    },
  };
}
