// Composition root shared by desktop and serve mode: data dir → stores → demo platform
// (or AWS) → sync worker → API. Nothing here knows about Electron or HTTP.
import { mkdirSync, accessSync, constants } from 'node:fs';
import type { PushEvent, SourceStatus, Topic } from '../shared/api';
import { dispatch, type CallResult } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { openCache } from './store/cache';
import { openJournal, type JournalStore } from './store/journal';
import { startDemoInWorker, startDemoInline, type DemoPlatform } from './sources/demo';
import type { SyncEvent, SyncProgress } from './sync/engine';
import { runSyncInline, runSyncInWorker, type SyncRunner } from './sync/host';
import type { SyncWorkerData } from './sync/messages';

export interface AppOptions {
  dataDir: string;
  demoOutage?: boolean;
  /** Worker entry files (built app), or 'inline' to run sync and the simulator in-process (tests). */
  workers: { sync: string; demo: string } | 'inline';
  liveIntervalMs?: number;
  now?: () => number;
  version?: string;
}

export interface App {
  call(method: string, input: unknown): Promise<CallResult>;
  subscribe(listener: (e: PushEvent) => void): () => void;
  /** A message for the user from start-up (e.g. the cache was rebuilt), or null. */
  readonly notice: string | null;
  readonly dataDir: string;
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

export async function createApp(o: AppOptions): Promise<App> {
  ensureWritableDir(o.dataDir);
  const now = o.now ?? Date.now;
  const journal: JournalStore = openJournal(o.dataDir);
  const { cache, notice } = openCache(o.dataDir, now);
  const listeners = new Set<(e: PushEvent) => void>();
  const push = (topics: Topic[]): void => {
    for (const l of listeners) l({ type: 'changed', topics });
  };

  const demo: DemoPlatform =
    o.workers === 'inline'
      ? await startDemoInline({ outage: o.demoOutage ?? false, ...(o.now ? { now: o.now } : {}) })
      : await startDemoInWorker(o.workers.demo, { outage: o.demoOutage ?? false });

  let progress: SyncProgress = { seriesDone: 0, seriesTotal: 0, pointsStored: 0, complete: false, etaMs: null };
  const onSyncEvent = (e: SyncEvent): void => {
    if (e.type === 'status') progress = e.progress;
    else push(e.topics);
  };
  const syncData: SyncWorkerData = {
    dataDir: o.dataDir,
    sourceId: DEMO_SOURCE_ID,
    // The simulator accepts any key; real accounts never get static credentials.
    target: { region: 'us-east-1', endpoint: demo.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 2, requestTimeoutMs: 10_000 },
    ...(o.liveIntervalMs ? { liveIntervalMs: o.liveIntervalMs } : {}),
  };
  let fatal: string | null = null;
  const sync: SyncRunner =
    o.workers === 'inline'
      ? runSyncInline(cache, syncData, onSyncEvent)
      : runSyncInWorker(o.workers.sync, syncData, onSyncEvent, (message) => {
          fatal = `sync stopped: ${message}`;
          push(['sources']);
        });

  const sourceStatus = (): SourceStatus => {
    const s = cache.sourceState(DEMO_SOURCE_ID);
    const newest = cache.newestPointTs(DEMO_SOURCE_ID);
    return {
      id: DEMO_SOURCE_ID,
      kind: 'demo',
      label: 'Demo platform (simulated)',
      state: s?.state ?? 'degraded',
      offlineSince: s?.offlineSince ?? null,
      lastSuccessAt: s?.lastSuccess ?? null,
      lastAttemptAt: s?.lastAttempt ?? null,
      dataAsOf: newest === null ? null : (newest + 60) * 1000,
      lastError: fatal ?? s?.lastError ?? (s ? null : 'first sync under way'),
      demoOutage: demo.outage,
      backfill: progress,
    };
  };

  const handlers = createHandlers({
    cache,
    journal,
    now,
    version: o.version ?? '0.0.0',
    sources: () => [sourceStatus()],
    setDemoOutage: async (on) => {
      await demo.setOutage(on);
      // Try at once, so the banner reflects the switch without waiting for the next pass.
      sync.syncNow();
      push(['sources']);
      return sourceStatus();
    },
    syncNow: () => sync.syncNow(),
  });

  return {
    notice,
    dataDir: o.dataDir,
    call: (method, input) => dispatch(handlers, method, input),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: async () => {
      await sync.stop();
      await demo.close();
      cache.close();
      journal.close();
    },
  };
}
