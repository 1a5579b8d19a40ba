// What a queue build read besides the journal, as marks the kept answer's fingerprint compares
// (queueSnapshot.ts); taken around each build by the shared queue (queueCache.ts).
import type { ApiContext } from '../api/context';
import type { AlarmCache } from '../store/alarms';
import type { Entry } from './sources';

/** What a build read from the cache and the SLO/backup sources, taken when it was built (queueCache.ts). */
export interface CacheSide {
  /** cacheMark() before the build (and equal after it: nothing was written meanwhile). */
  cache: string;
  /** sideEntriesText() of what the build folded in. */
  sources: string;
  /** The services the alarms name (the SLO source spells its services the same way). */
  alarmServices: string[];
}

/** Each source's last alarm read and a mark of the alarm tables. */
export function cacheMark(ctx: ApiContext, alarms: AlarmCache): string {
  return JSON.stringify([ctx.sourceIds.map((id) => ctx.cache.sourceState(id)?.alarmsAsOf ?? null), alarms.queueInputsMark()]);
}

/** The SLO burn and backup entries (small: tens) and the sources' notices, as text. */
export function sideEntriesText(entries: readonly Entry[], sourceNotices: readonly string[]): string {
  return JSON.stringify([entries.filter((e) => e.alert.source !== 'cloudwatch').map((e) => [e.alert, e.decision, e.sourceId, e.type, e.body]), sourceNotices]);
}

