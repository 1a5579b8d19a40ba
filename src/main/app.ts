// Composition root shared by desktop and serve mode: config → stores → sources (demo
// simulator or AWS) → sync worker → API. Nothing here knows about Electron or HTTP.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PushEvent, Topic } from '@shared/api';
import type { SourceStatus } from '@shared/contract/core';
import type { Notice } from '@shared/contract/notices';
import { BadInputError } from '@shared/errors';
import { dispatch, type CallResult, type Handlers } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { createCapacity } from './capacity/setup';
import { inlineSloEvaluator, workerSloEvaluator, type SloEvaluator } from './slo/evaluator';
import { dataFingerprint, FIRST_SCREEN_FILE, withFirstScreen } from './slo/firstScreen';
import { loadConfig, type OpsdeckConfig } from './config/sources';
import { startDemoProcess, startDemoInline, type DemoPlatform, type DemoScale } from './sources/demo';
import { openCache, rebuildCache, type CacheStore } from './store/cache';
import { isCorruption, READER_CACHE_KB, setPageCacheKb } from './store/db';
import { openJournal, type JournalStore } from './store/journal';
import { createRecovery } from './store/recovery';
import { cacheRebuiltNotice, journalRecoveredNotice } from './notices';
import { HEAD_S } from './store/chunks';
import type { SyncEvent, SyncProgress } from './sync/engine';
import { runSyncInWorker, type SyncRunner } from './sync/worker-runner';
import type { SyncSourceSpec } from './sync/messages';
import { inlineJournalTransfer, workerJournalTransfer } from './workers/journal';
import type { ForkProcess } from './workers/child';
import type { Methods } from './workers/rpc';
import type { SupervisedWorker, WorkerStatus } from './workers/supervisor';
import { syncNowAnswer, type PartStatus } from './sync/parts';
import { primarySourceId } from './api/context';
import { dashboardsFor, mappedStatistics } from './metrics/dashboards';
import { workerMetricReads } from './metrics/reads';
import { traceStartup } from './workers/trace';

export interface AppOptions {
  dataDir: string;
  /** opsdeck.yaml; default `<dataDir>/opsdeck.yaml`. Absent file → the embedded demo. */
  configFile?: string;
  demoOutage?: boolean;
  /** Worker entry files (built app; `demo` is the demo platform's process), or 'inline' to run sync and the simulator in-process (tests). */
  workers: { sync: string; demo: string; slo: string; journal?: string; capacity?: string; metrics?: string } | 'inline';
  liveIntervalMs?: number;
  now?: () => number;
  /**
   * Demo only: run the simulated platform — and the app with it — this far from real time
   * (`--demo-clock`), to show a past incident live. Refused with AWS sources.
   */
  clockOffsetMs?: number;
  /** Demo only (`--demo-scale large`): the simulated platform at a real account's size. Refused with AWS sources. */
  demoScale?: DemoScale;
  /** How the demo platform's process is started: Node's fork (default), or Electron's utilityProcess in the desktop app. */
  forkDemo?: ForkProcess;
  version?: string;
}

export interface App {
  call(method: string, input: unknown): Promise<CallResult>;
  subscribe(listener: (e: PushEvent) => void): () => void;
  /** What the app has to tell the user (start-up and run time): also served as `notices`. */
  notices(): Notice[];
  readonly dataDir: string;
  readonly configFile: string;
  /** The supervised worker threads and the demo platform's process by name (empty inline): diagnostics, and tests that kill them. */
  readonly workers: ReadonlyMap<string, Pick<SupervisedWorker<Methods>, 'thread' | 'pid' | 'status' | 'memory'>>;
  /**
   * Settles once the demo platform is up (at once without one). The app answers before that
   * (the first screen reads the cache and first-screen.json; sync waits for the platform); a
   * rejection means the platform could not start, which fails a start as it always did.
   */
  readonly started: Promise<void>;
  close(): Promise<void>;
}

export class DataDirError extends Error {}

export const DEMO_SOURCE_ID = 'demo';

/**
 * Start-up order: the SLO worker first, because the first screen is its figures. Sync, the
 * capacity pass and the cache's quick_check start once the SLO worker has evaluated once (or
 * after this long at most) and the API calls under way then have answered: on a small laptop
 * they would otherwise share the cores with it while it loads and reads 30 days of buckets,
 * and the first paint waits for all of them.
 */
export const STAGGER_MAX_MS = 2_500;
/**
 * …and, when the page's first calls are still being answered by then, once none is in flight
 * (or after this long at most): on the large estate the alert queue's first build after a
 * restart takes seconds of the UI-facing thread, and the sync worker's start (loading the SDK,
 * planning 5,000 series) and the demo platform's took the other core from it and from Chromium.
 */
export const FIRST_SCREEN_MAX_MS = 8_000;
/** How long after the rest has started the first capacity pass and the quick_check of cache.db wait (see startTheRest). */
export const BACKGROUND_AFTER_MS = 4_000;

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (err) {
    throw new DataDirError(`data directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

async function knownProfiles(): Promise<Set<string>> {
  // Loaded here only: it pulls in @smithy/core (~30 ms of every start, the demo's included).
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const files = await loadSharedConfigFiles();
  return new Set([...Object.keys(files.configFile ?? {}), ...Object.keys(files.credentialsFile ?? {})]);
}

function sourceSpecs(config: OpsdeckConfig, demoEndpoint: string | null): SyncSourceSpec[] {
  // Mapped dashboard metrics (opsdeck.yaml `metrics:`) are collected like the SLOs' own.
  const mapped = mappedStatistics(config.metrics);
  const dashboardMetrics = mapped.length ? { dashboardMetrics: mapped } : {};
  const listed = (namespaces: string[] | undefined): string[] | undefined => (namespaces ? [...new Set([...namespaces, ...mapped.map((m) => m.namespace)])] : undefined);
  return config.sources.flatMap((s): SyncSourceSpec[] =>
    s.kind === 'demo'
      ? [{ id: DEMO_SOURCE_ID, region: 'us-east-1', demo: true, ...(demoEndpoint ? { endpoint: demoEndpoint } : {}), ...dashboardMetrics }]
      : s.regions.map((region) => ({
          id: `${s.alias}:${region}`,
          region,
          demo: false,
          ...(s.profile ? { profile: s.profile } : {}),
          ...(s.roleArn ? { roleArn: s.roleArn } : {}),
          collect: { ...s.collect, ...(s.collect.namespaces ? { namespaces: listed(s.collect.namespaces)! } : {}) },
          ...dashboardMetrics,
          ...(s.collect.changeEventSources ? { changeEventSources: s.collect.changeEventSources } : {}),
        })),
  );
}

/** The data dir checked and opsdeck.yaml read and validated: the part of start-up a user's mistake fails. */
export interface AppConfig {
  configFile: string;
  config: OpsdeckConfig;
}

/**
 * The checks that fail a start (data dir, opsdeck.yaml, flags that do not fit it), on their own:
 * serve mode runs them before printing its URL, then starts the rest while the page loads.
 */
export async function loadAppConfig(o: AppOptions): Promise<AppConfig> {
  ensureWritableDir(o.dataDir);
  const configFile = o.configFile ?? join(o.dataDir, 'opsdeck.yaml');
  const { config } = loadConfig(configFile, await knownProfiles());
  if ((o.clockOffsetMs ?? 0) !== 0 && config.sources.some((s) => s.kind !== 'demo')) {
    throw new BadInputError(`--demo-clock only applies to the demo platform, and ${configFile} lists AWS sources`);
  }
  if (o.demoScale === 'large' && !config.sources.some((s) => s.kind === 'demo')) {
    throw new BadInputError(`--demo-scale only applies to the demo platform, and ${configFile} lists no demo source`);
  }
  return { configFile, config };
}

export async function createApp(o: AppOptions, loaded?: AppConfig): Promise<App> {
  const { configFile, config } = loaded ?? (await loadAppConfig(o));
  const clockOffsetMs = o.clockOffsetMs ?? 0;
  const now = o.now ?? (() => Date.now() + clockOffsetMs);
  // Inline (tests) only: the sync engines and their AWS SDK clients load into this process.
  const syncInline = o.workers === 'inline' ? (await import('./sync/host')).runSyncInline : null;
  let journal: JournalStore = openJournal(o.dataDir, now);
  // quick_check reads every page of cache.db (seconds for a few GB): with a worker available it
  // runs there right after start, and damage goes down the run-time path; inline, it runs here.
  const storeWorker = o.workers !== 'inline' ? (o.workers.journal ?? null) : null;
  traceStartup('config loaded');
  const opened = openCache(o.dataDir, now, { check: storeWorker === null });
  traceStartup('cache open');
  let cache: CacheStore = opened.cache;
  setPageCacheKb(cache.db, READER_CACHE_KB);
  const notices: Notice[] = [];
  if (journal.recovery) notices.push(journalRecoveredNotice(journal.recovery));
  if (opened.notice) notices.push(cacheRebuiltNotice(opened.notice, opened.keptAs, now(), 'start-up'));
  const listeners = new Set<(e: PushEvent) => void>();
  // Bumped with every announced change to cached data; memoised API answers key on it.
  let dataVersion = 0;
  const topicVersions = new Map<Topic, number>();
  const push = (topics: Topic[]): void => {
    dataVersion += 1;
    for (const t of topics) topicVersions.set(t, (topicVersions.get(t) ?? 0) + 1);
    for (const l of listeners) l({ type: 'changed', topics });
  };

  // Supervised workers report here; health and Settings show them.
  const workerStatuses = new Map<string, WorkerStatus>();
  const onWorkerStatus = (s: WorkerStatus): void => {
    workerStatuses.set(s.name, s);
    push(['sources']);
  };

  // The newest datapoint of a source is an index probe per series (30–60 ms on 5,000 series,
  // 100–180 ms under load) and every sources/health call and first-screen fingerprint asks for
  // it: recomputed only when metric data was announced since (the sync pushes 'metrics' after
  // storing, at most every second), or the cache was rebuilt.
  const newestKnown = new WeakMap<CacheStore, Map<string, { version: number; ts: number | null }>>();
  const newestPointTs = (source: string): number | null => {
    const version = topicVersions.get('metrics') ?? 0;
    let bySource = newestKnown.get(cache);
    if (!bySource) newestKnown.set(cache, (bySource = new Map()));
    const known = bySource.get(source);
    if (known?.version === version) return known.ts;
    const ts = cache.newestPointTs(source);
    bySource.set(source, { version, ts });
    return ts;
  };
  const cacheReads = { newestPointTs, sourceState: (source: string) => cache.sourceState(source), settledChangeSeq: () => cache.settledChangeSeq() };

  // API calls being answered: start-up work that would compete with the first screen's
  // answers waits for there being none (noCallsInFlight).
  let callsInFlight = 0;
  const callsDone: (() => void)[] = [];
  const noCallsInFlight = (): Promise<void> => (callsInFlight === 0 ? Promise.resolve() : new Promise((r) => callsDone.push(r)));

  const sloDir = join(o.dataDir, 'slos');
  const firstSource = primarySourceId({ sourceIds: sourceSpecs(config, null).map((s) => s.id) });
  // With a worker, the first screen is answered from the last evaluation over the same data
  // while the worker starts cold (slo/firstScreen.ts); inline (tests) evaluates directly.
  const startSlo = (): SloEvaluator & { keepForNextStart?: () => Promise<void>; warm?: () => Promise<void>; warmUp?: (source: string, dir: string | null, now: number) => void; dataChanged?: () => void } =>
    o.workers === 'inline'
      ? inlineSloEvaluator(cache)
      : withFirstScreen(workerSloEvaluator(o.workers.slo, o.dataDir, onWorkerStatus), {
          file: join(o.dataDir, FIRST_SCREEN_FILE),
          fingerprint: (source, dir, at) => dataFingerprint(cacheReads, source, [dir, configFile], at),
          now,
          onLive: () => push(['slos']),
          firstScreenServed: noCallsInFlight,
        });
  let slo = startSlo();
  // Evaluate what the first screen asks for (Overview, its "now" panel and the SLO list) while
  // the page is still loading, so its calls find the worker warm instead of starting it cold.
  // With the first-screen file, only what it cannot answer is evaluated now; the rest once the page has it.
  const warmedUp = slo.warm && slo.warmUp
    ? (slo.warmUp(firstSource, sloDir, now()), slo.warm())
    : Promise.allSettled([slo.slos(firstSource, sloDir, now()), slo.burnAlerts(firstSource, sloDir, now()), slo.overview(firstSource, sloDir, now())]);

  // Scheduled, not yet spawned (see STAGGER_MAX_MS): Settings lists it as starting meanwhile.
  if (o.workers !== 'inline') workerStatuses.set('sync', { name: 'sync', state: 'starting', restarts: 0, lastError: null, lastExitAt: null });

  const wantsDemo = config.sources.some((s) => s.kind === 'demo');
  // The demo platform's process takes a few hundred ms to start: nothing the first screen reads
  // needs it (only sync talks to it), so with workers the app answers meanwhile (App.started).
  // With workers it is launched with sync (startTheRest, below): its start-up would
  // otherwise share the cores with the first screen's.
  let demo: DemoPlatform | null = null;
  let launchDemo: () => void = () => undefined;
  let demoLaunched = false;
  const demoStarting: Promise<DemoPlatform | null> = new Promise<void>((launch) => {
    launchDemo = () => {
      demoLaunched = true;
      launch();
    };
  }).then(() =>
    !wantsDemo
      ? null
      : o.workers === 'inline'
        ? startDemoInline({ outage: o.demoOutage ?? false, now, ...(o.demoScale ? { scale: o.demoScale } : {}) })
        : startDemoProcess(o.workers.demo, { outage: o.demoOutage ?? false, clockOffsetMs, ...(o.demoScale ? { scale: o.demoScale } : {}), ...(o.forkDemo ? { fork: o.forkDemo } : {}), onStatus: onWorkerStatus }),
  );
  if (o.workers === 'inline') launchDemo();
  let demoUp = false;
  const started = demoStarting.then((d) => {
    demo = d;
    demoUp = true;
    traceStartup('demo platform started');
  });
  // Inline (tests), as before: the platform is up when createApp returns.
  if (o.workers === 'inline') await started;
  else started.catch(() => undefined);
  /** Source ids and their settings; the demo's endpoint is only known (and only needed, by sync) once it is up. */
  let specs = sourceSpecs(config, null);
  const syncSpecs = (): SyncSourceSpec[] => (specs = sourceSpecs(config, demo?.endpoint ?? null));
  // Recreated with the cache: its store and its worker's connection belong to one cache.db file.
  const startCapacity = () =>
    createCapacity({
      cache,
      dataDir: o.dataDir,
      sourceIds: specs.map((s) => s.id),
      workerFile: o.workers === 'inline' ? null : (o.workers.capacity ?? join(dirname(o.workers.slo), 'capacity-worker.js')),
      now,
      push,
      onWorkerStatus,
    });
  let capacity = startCapacity();
  // Recreated with the cache, like the SLO worker: its connections belong to one cache.db file.
  const dashboards = dashboardsFor(config.metrics);
  const startMetricReads = (): ReturnType<typeof workerMetricReads> | null =>
    o.workers === 'inline' ? null : workerMetricReads(o.workers.metrics ?? join(dirname(o.workers.slo), 'metrics-worker.js'), { dataDir: o.dataDir, sourceIds: specs.map((s) => s.id), dashboards }, onWorkerStatus);
  let metricReads = startMetricReads();

  const progress = new Map<string, SyncProgress>();
  const nextAttempt = new Map<string, number | null>();
  // Damage found by the sync worker (its own cache connection) rebuilds the cache too.
  let recoverFromWorker: (reason: string) => void = () => undefined;
  const partsOf = new Map<string, PartStatus[]>();
  const onSyncEvent = (e: SyncEvent): void => {
    if (e.type === 'status' && isCorruption(e.connectivity.lastError ?? '')) recoverFromWorker(e.connectivity.lastError ?? '');
    if (e.type === 'status') {
      progress.set(e.sourceId, e.progress);
      const before = nextAttempt.get(e.sourceId);
      nextAttempt.set(e.sourceId, e.nextAttemptAt);
      const partsBefore = partsOf.get(e.sourceId);
      partsOf.set(e.sourceId, e.parts);
      const shape = (ps: PartStatus[] | undefined): string => (ps ?? []).map((p) => `${p.id}:${p.state}:${p.failedCall ?? ''}:${p.lastError ?? ''}`).join('|');
      if ((before !== e.nextAttemptAt && e.connectivity.state !== 'online') || shape(partsBefore) !== shape(e.parts)) push(['sources']);
    } else {
      push(e.topics);
      if (e.topics.includes('metrics')) capacity.kick();
      slo.dataChanged?.();
    }
  };
  const syncData = () => ({ dataDir: o.dataDir, sources: syncSpecs(), cacheBudgetBytes: config.cacheBudget, clockOffsetMs, headMs: HEAD_S * 1000, ...(o.liveIntervalMs ? { liveIntervalMs: o.liveIntervalMs } : {}) });
  // Events from a runner stopped for a cache rebuild are dropped: they describe the old file.
  let syncGeneration = 0;
  const startSync = (): SyncRunner => {
    const generation = ++syncGeneration;
    const onEvent = (e: SyncEvent): void => {
      if (generation === syncGeneration) onSyncEvent(e);
    };
    if (o.workers === 'inline') {
      if (!syncInline) throw new Error('the inline sync engines were not loaded');
      return syncInline(cache, syncData(), onEvent);
    }
    return runSyncInWorker(o.workers.sync, syncData(), onEvent, (status) => {
      if (generation !== syncGeneration) return;
      // A worker that died of a damaged cache.db is not simply restarted: the cache is rebuilt.
      if (status.state !== 'running' && status.lastError && isCorruption(status.lastError)) recoverFromWorker(status.lastError);
      onWorkerStatus(status);
    });
  };
  // Until the staggered start (below) the sync does not run: "sync now" has nothing to ask yet.
  let sync: SyncRunner = { syncNow: () => undefined, stop: async () => undefined };
  let syncStarted = false;
  // Sync talks to the demo platform: it starts once that is up. The latest request wins, so a
  // cache rebuild during start-up never leaves two runners.
  let syncRequest = 0;
  const startSyncSoon = (): void => {
    const request = ++syncRequest;
    const start = (): void => {
      if (closing || request !== syncRequest) return;
      syncStarted = true;
      sync = startSync();
    };
    if (demoUp) start();
    else void started.then(start, () => undefined);
  };
  /** While the sync worker is down, every source says so (its figures stop ageing well). */
  const syncDown = (): string | null => {
    const s = workerStatuses.get('sync');
    if (!s || s.state === 'running' || s.state === 'starting' || s.state === 'stopped') return null;
    return s.state === 'failed' ? `sync stopped: ${s.lastError ?? 'the worker kept exiting'} — restart Opsdeck` : `sync worker restarting after: ${s.lastError ?? 'an exit'}`;
  };

  const statusOf = (spec: SyncSourceSpec): SourceStatus => {
    const s = cache.sourceState(spec.id);
    const newest = newestPointTs(spec.id);
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
      demoOutage: spec.demo ? (demo?.outage ?? o.demoOutage ?? false) : false,
      parts: partsOf.get(spec.id) ?? [],
      clockOffsetMs,
      backfill: progress.get(spec.id) ?? { seriesDone: 0, seriesTotal: 0, pointsStored: 0, complete: false, etaMs: null },
    };
  };
  const statuses = (): SourceStatus[] => specs.map(statusOf);

  const journalWorker = storeWorker ? workerJournalTransfer(storeWorker, o.dataDir, onWorkerStatus) : null;
  const journalTransfer = journalWorker ?? inlineJournalTransfer(() => journal);
  const makeHandlers = (): Handlers => createHandlers({
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
      const platform = await demoStarting;
      if (!platform || !spec) throw new Error('there is no demo source in this configuration');
      await platform.setOutage(on);
      // Try at once, so the banner reflects the switch without waiting for the next pass.
      sync.syncNow(spec.id);
      return statusOf(spec);
    },
    syncNow: (sourceId) => {
      const answer = syncNowAnswer(specs.filter((s) => !sourceId || s.id === sourceId).flatMap((s) => partsOf.get(s.id) ?? []), now());
      sync.syncNow(sourceId);
      return answer;
    },
    push,
    dataVersion: () => dataVersion,
    topicVersion: (topics) => topics.reduce((n, t) => n + (topicVersions.get(t) ?? 0), 0),
    sloConfigDir: sloDir,
    slo,
    notices: () => notices,
    journalTransfer,
    capacity: capacity.service,
    incidentLinks: config.incidents,
    dashboards,
    ...(metricReads ? { metricReads } : {}),
  });
  let handlers = makeHandlers();

  const tell = (n: Notice): void => {
    notices.push(n);
    if (notices.length > 100) notices.splice(0, notices.length - 100);
    push(['notices']);
  };
  let closing = false;
  const recovery = createRecovery({
    now,
    journal: () => journal,
    replaceJournal: (fresh) => {
      journal = fresh;
      // Its read-only connection is to the journal file set aside: a fresh worker opens the new one.
      void metricReads?.close();
      metricReads = startMetricReads();
      handlers = makeHandlers();
      if (fresh.recovery) tell(journalRecoveredNotice(fresh.recovery));
      push(['journal']);
    },
    rebuildCache: async (reason) => {
      // Every connection to cache.db closes before it is renamed, then the workers restart on the fresh file.
      syncGeneration += 1;
      syncRequest += 1;
      await sync.stop();
      await slo.close();
      await capacity.close();
      await metricReads?.close();
      const rebuilt = rebuildCache(cache, reason, now);
      cache = rebuilt.cache;
      setPageCacheKb(cache.db, READER_CACHE_KB);
      progress.clear();
      slo = startSlo();
      capacity = startCapacity();
      metricReads = startMetricReads();
      if (!closing) startSyncSoon();
      handlers = makeHandlers();
      tell(cacheRebuiltNotice(rebuilt.notice ?? reason, rebuilt.keptAs, now(), 'run time'));
      push(['metrics', 'alarms', 'sources', 'slos']);
    },
  });
  recoverFromWorker = (reason) => {
    if (!closing) void recovery.recover(reason).catch((err: unknown) => console.error(`Opsdeck: recovering the cache failed: ${String(err)}`));
  };
  let restStarted = false;
  const startTheRest = (): void => {
    if (closing || restStarted) return;
    restStarted = true;
    traceStartup('starting the demo platform, sync, capacity, quick_check');
    launchDemo();
    if (!syncStarted) startSyncSoon();
    const checks = async (): Promise<void> => {
      if (closing) return;
      capacity.kick();
      // One after the other, not side by side: each is a thread with tens of MB of heap at its
      // peak, and the start (a queue build, the backfill, the SLO evaluations) is the process's
      // memory peak already (memory.main_rss_mb).
      await capacity.scheduler.idle();
      if (journalWorker && !closing) {
        void journalWorker.check(cache.db.name).then(
          (problems) => {
            if (problems.length > 0 && !closing) recoverFromWorker(`quick_check after start: ${problems.join('; ')}`);
          },
          (err: unknown) => console.error(`Opsdeck: checking cache.db failed: ${String(err)}`),
        );
      }
    };
    // The first forecast pass and the page-by-page check of cache.db are seconds of CPU each:
    // with workers, after the first screen's first clicks (the forecasts shown meanwhile are the stored ones).
    if (o.workers === 'inline') void checks();
    else setTimeout(() => void checks(), BACKGROUND_AFTER_MS).unref();
  };
  if (o.workers === 'inline') startTheRest();
  else {
    const whenCallsDone = (): void => void noCallsInFlight().then(startTheRest);
    const cap = setTimeout(whenCallsDone, STAGGER_MAX_MS);
    setTimeout(startTheRest, FIRST_SCREEN_MAX_MS).unref();
    void warmedUp.then(() => {
      traceStartup('slo warm-up done');
      clearTimeout(cap);
      whenCallsDone();
    });
  }
  const call = async (method: string, input: unknown): Promise<CallResult> => {
    callsInFlight += 1;
    try {
      return await dispatch(guarded, method, input, push);
    } finally {
      callsInFlight -= 1;
      if (callsInFlight === 0) for (const done of callsDone.splice(0)) done();
    }
  };
  // Every handler goes through the recovery guard, and always reaches the current stores.
  const guarded = new Proxy({} as Handlers, {
    get: (_t, method: string) => (input: unknown) => recovery.run(() => (handlers as Record<string, (i: unknown) => unknown>)[method]?.(input)),
  });
  return {
    notices: () => [...notices],
    dataDir: o.dataDir,
    configFile,
    // A getter: a cache rebuild replaces the sync and SLO workers.
    get workers() {
      return new Map(
        [demo && 'worker' in demo ? demo.worker : null, 'worker' in sync ? sync.worker : null, 'worker' in slo ? slo.worker : null, capacity.worker as SupervisedWorker<Methods> | null, (metricReads?.worker ?? null) as SupervisedWorker<Methods> | null, (journalWorker?.worker ?? null) as SupervisedWorker<Methods> | null]
          .filter((w): w is SupervisedWorker<Methods> => w !== null)
          .map((w) => [w.status().name, w]),
      );
    },
    started,
    call,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: async () => {
      closing = true;
      await sync.stop();
      await slo.keepForNextStart?.();
      await slo.close();
      await capacity.close();
      await metricReads?.close();
      await journalWorker?.close();
      if (demoLaunched) await (await demoStarting.catch(() => null))?.close();
      cache.close();
      journal.close();
    },
  };
}
