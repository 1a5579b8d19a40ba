// API handlers: the contract implemented over the store and the domain maths.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SourceStatus } from '@shared/contract/core';
import { importJournalText, journalToJson } from '../store/journal-transfer';
import { alertHandlers } from '../alerts/handlers';
import { lastNotClearReader } from '../alerts/lastNotClear';
import { alarmCacheOf } from '../store/alarms';
import { alertJournalOf } from '../store/alert-journal';
import { backupHandlers } from '../backups/handlers';
import { primarySourceId, type ApiContext } from './context';
import type { Handlers } from './dispatch';
import { memoByVersion } from './memo';
import { withKnownIds } from './knownIds';
import { sloHandlers } from '../slo/handlers';
import { incidentHandlers } from '../incidents/handlers';
import { capacityHandlers } from '../capacity/handlers';
import { metricsHandlers } from '../metrics/handlers';

export type { ApiContext } from './context';

/** Worst state across sources: what the health endpoint reports as overall connectivity. */
function overallConnectivity(sources: SourceStatus[]): SourceStatus['state'] {
  if (sources.some((s) => s.state === 'offline')) return 'offline';
  if (sources.some((s) => s.state === 'degraded')) return 'degraded';
  return 'online';
}

export function createHandlers(ctx: ApiContext): Handlers {
  const overviewNow = memoByVersion(ctx.dataVersion, () => ctx.slo.overview(primarySourceId(ctx), ctx.sloConfigDir, ctx.now()));
  return withKnownIds(ctx, {
    health: () => {
      const sources = ctx.sources();
      return {
        ok: true as const,
        version: ctx.version,
        source: sources.map((s) => s.id).join(','),
        connectivity: overallConnectivity(sources),
        sources,
        workers: ctx.workers(),
      };
    },
    overview: () => overviewNow(),
    lastNotClear: lastNotClearReader(ctx, alarmCacheOf(ctx.cache), alertJournalOf(ctx.journal)),
    sources: () => ctx.sources(),
    setDemoOutage: ({ on }) => ctx.setDemoOutage(on),
    syncNow: ({ sourceId }) => {
      return ctx.syncNow(sourceId) ?? { started: true };
    },
    exportJournal: async () => {
      const now = new Date(ctx.now());
      const { text, rows } = ctx.journalTransfer ? await ctx.journalTransfer.exportJson(now.getTime()) : journalToJson(ctx.journal, now);
      return { fileName: `opsdeck-journal-${now.toISOString().slice(0, 19).replace(/:/g, '')}Z.json`, content: text, rows };
    },
    importJournal: async ({ fileName, content }) => {
      return ctx.journalTransfer ? await ctx.journalTransfer.importJson(fileName, content) : importJournalText(ctx.journal, content, fileName);
    },
    storage: () => {
      const fileSize = (f: string): number => {
        try {
          return statSync(f).size;
        } catch {
          return 0;
        }
      };
      const cacheFile = ctx.cache.db.name;
      const journalFile = ctx.journal.db.name;
      return {
        dataDir: dirname(cacheFile),
        configFile: ctx.configFile,
        sloDir: ctx.sloConfigDir,
        cacheBytes: fileSize(cacheFile) + fileSize(`${cacheFile}-wal`),
        cacheBudgetBytes: ctx.cacheBudgetBytes,
        journalBytes: fileSize(journalFile) + fileSize(`${journalFile}-wal`),
        perSource: ctx.cache.countsBySource(),
        seriesErrors: ctx.sourceIds.flatMap((id) => ctx.cache.seriesErrors(id).map((e) => ({ sourceId: id, series: e.key, error: e.error }))),
      };
    },
    notices: () => ctx.notices?.() ?? [],
    ...sloHandlers(ctx),
    ...alertHandlers(ctx),
    ...incidentHandlers(ctx),
    ...capacityHandlers(ctx),
    ...backupHandlers(ctx),
    ...metricsHandlers(ctx),
  });
}

