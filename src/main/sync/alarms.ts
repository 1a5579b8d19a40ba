// Alarm sync, once per engine pass: the current state of every metric and composite alarm,
// their tags (refreshed hourly), their state history (incrementally, from the newest stored
// item), then the reconciliation of alert occurrences — the ALARM periods that local
// acknowledgements attach to.
//
// Each step stores what it fetched before the next one starts, and each is a sync part of its
// own in the engine (parts.ts): a failing or denied tags or history call does not stop the
// others (a role without cloudwatch:DescribeAlarmHistory still gets a queue).
import type { CloudWatchClient, CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { reconcileOccurrences, type Occurrence, type OccurrenceEvent, type UpstreamState } from '../domain/alerts/occurrences';
import type { AlarmState } from '../../shared/contract/alerts';
import { describeStateHistoryPaged, listAlarmTags } from '../sources/aws/alarms';
import { describeAllAlarms, type CallOptions } from '../sources/aws/cloudwatch';
import { deniedAction } from '../sources/aws/credentials';
import { AlarmCache, alarmAlertId, asAlarmState, type HistoryRow } from '../store/alarms';
import type { AlarmRow, CacheStore } from '../store/cache';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Tags change rarely; one ListTagsForResource per alarm per hour is plenty. */
export const TAG_REFRESH_MS = 60 * MINUTE;
/** CloudWatch keeps alarm history for 30 days; a first sync asks for all of it. */
export const HISTORY_HORIZON_MS = 30 * DAY;
/** Resolved occurrences are kept this long (the fatigue report looks back 30 days). */
const OCCURRENCE_RETENTION_MS = 45 * DAY;
const TAG_CONCURRENCY = 4;
/**
 * A history item and the alarm's StateTransitionedTimestamp for the same transition may
 * differ slightly; within this they are the same ALARM period.
 */
export const SAME_TRANSITION_MS = MINUTE;

export interface AlarmSyncResult {
  alarms: number;
  tagsFetched: number;
  historyStored: number;
  /** Occurrences opened, reopened and resolved by this pass. */
  events: OccurrenceEvent[];
}

type AnyAlarm = (MetricAlarm | CompositeAlarm) & { AlarmName?: string; AlarmArn?: string };

/** When the alarm entered its state: the transition, not a reason-only update (see domain UpstreamAlert). */
function stateSinceOf(a: AnyAlarm): number {
  return (a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp)?.getTime() ?? 0;
}

function isDenied(err: unknown): boolean {
  return deniedAction(err, 'cloudwatch') !== null;
}

/**
 * The alarm parts of a sync pass, each run on its own (see parts.ts): the alarm states
 * (DescribeAlarms), their tags, their state history. The occurrences are reconciled from the
 * latest complete snapshot plus the history items stored since the last reconciliation, so
 * a failing history leaves the queue current and a failing tag call leaves both intact.
 */
export class AlarmSync {
  private all: { alarm: AnyAlarm; type: string }[] | null = null;
  private snapshotAt = 0;
  /** What reconciling needs of each stored history item (not its reasons: a first sync of 5,000 alarms stores ~150,000). */
  private pendingHistory: Pick<HistoryRow, 'alarmName' | 'at' | 'to'>[] = [];
  private readonly store: AlarmCache;

  constructor(
    private readonly client: CloudWatchClient,
    private readonly cache: CacheStore,
    private readonly sourceId: string,
    private readonly now: () => number,
    private readonly prefixes?: readonly string[],
  ) {
    this.store = new AlarmCache(cache.db);
  }

  /** DescribeAlarms, stored as one complete snapshot; then the occurrences are reconciled. */
  async syncStates(o?: CallOptions, reconcile = true): Promise<{ alarms: number; events: OccurrenceEvent[] }> {
    const { metric, composite } = await describeAllAlarms(this.client, this.prefixes, o);
    const all: { alarm: AnyAlarm; type: string }[] = [
      ...metric.map((alarm) => ({ alarm, type: 'MetricAlarm' })),
      ...composite.map((alarm) => ({ alarm, type: 'CompositeAlarm' })),
    ].filter((a) => !!a.alarm.AlarmName);
    const rows: AlarmRow[] = all.map(({ alarm, type }) => ({
      name: alarm.AlarmName ?? '',
      type,
      state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
      stateSince: stateSinceOf(alarm),
      body: alarm,
    }));
    this.cache.replaceAlarms(this.sourceId, rows, this.now());
    this.all = all;
    this.snapshotAt = this.now();
    this.store.keepTagsOnly(this.sourceId, this.arns());
    const events = reconcile ? this.reconcile() : [];
    prune(this.store, this.sourceId, this.now());
    return { alarms: rows.length, events };
  }

  /** ListTagsForResource for alarms never tagged or tagged over an hour ago. */
  async syncTags(o?: CallOptions): Promise<number> {
    return refreshTags(this.client, this.store, this.sourceId, this.arns(), this.now, o);
  }

  /**
   * New history since the newest stored item. `reconcileWithin`: reconcile at once when the
   * alarm snapshot is at most this old (a staler one waits for the next DescribeAlarms, so an
   * old state never reopens what the history just closed).
   */
  async syncHistory(o?: CallOptions, reconcileWithin = 0): Promise<{ stored: number; events: OccurrenceEvent[] }> {
    let stored = 0;
    try {
      await syncHistory(this.client, this.store, this.sourceId, this.now, this.prefixes, (fresh) => {
        stored += fresh.length;
        for (const h of fresh) this.pendingHistory.push({ alarmName: h.alarmName, at: h.at, to: h.to });
      }, o);
    } finally {
      // Whatever arrived before a failure part-way is reconciled too.
      if (reconcileWithin > 0 && this.all && this.now() - this.snapshotAt <= reconcileWithin && this.pendingHistory.length) this.reconcile();
    }
    return { stored, events: [] };
  }

  /** The ARNs of the alarms last described (or, before the first DescribeAlarms, of the cached ones). */
  private arns(): string[] {
    if (this.all) return this.all.flatMap(({ alarm }) => (alarm.AlarmArn ? [alarm.AlarmArn] : []));
    return this.cache.alarms(this.sourceId).flatMap((a) => {
      const arn = (a.body as { AlarmArn?: unknown } | null)?.AlarmArn;
      return typeof arn === 'string' ? [arn] : [];
    });
  }

  /** Occurrences from the snapshot and the history items stored since the last reconciliation. */
  reconcile(): OccurrenceEvent[] {
    const all = this.all;
    if (!all) return [];
    const sourceId = this.sourceId;
    const nameToId = new Map(all.map(({ alarm }) => [alarm.AlarmName ?? '', alarmAlertId(sourceId, alarm.AlarmName ?? '', alarm.AlarmArn)]));
    const snapshot: UpstreamState[] = all.flatMap(({ alarm }) => {
      const state = asAlarmState(alarm.StateValue);
      return state ? [{ id: nameToId.get(alarm.AlarmName ?? '') ?? '', state, stateSince: stateSinceOf(alarm) }] : [];
    });
    const history = this.pendingHistory.flatMap((h) => {
      const alertId = nameToId.get(h.alarmName);
      // History of an alarm that no longer exists stays for the fatigue report but opens nothing.
      return alertId ? [{ alertId, at: h.at, to: h.to }] : [];
    });
    this.pendingHistory = [];
    const now = this.now();
    const previous = this.store.occurrencesToReconcile(sourceId, now, [...new Set(history.map((h) => h.alertId))]);
    const { occurrences, events } = reconcileAlarmOccurrences(previous, snapshot, history, now);
    this.store.saveOccurrences(sourceId, changedOccurrences(previous, occurrences));
    return events;
  }
}

/**
 * All three alarm parts in order, as one call (the CLI and tests). A failing tag or history
 * step does not stop the others; the first failure is re-thrown at the end (one that is not an
 * AccessDenied first).
 */
export async function syncAlarms(
  client: CloudWatchClient,
  cache: CacheStore,
  sourceId: string,
  now: () => number,
  prefixes?: readonly string[],
): Promise<AlarmSyncResult> {
  const sync = new AlarmSync(client, cache, sourceId, now, prefixes);
  const { alarms } = await sync.syncStates(undefined, false);
  const failures: unknown[] = [];
  const attempt = async <T>(fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      failures.push(err);
      return fallback;
    }
  };
  const tagsFetched = await attempt(0, () => sync.syncTags());
  const { stored: historyStored } = await attempt({ stored: 0, events: [] }, () => sync.syncHistory());
  const events = sync.reconcile();
  const failure = failures.find((err) => !isDenied(err)) ?? failures[0];
  if (failure !== undefined) throw failure;
  return { alarms, tagsFetched, historyStored, events };
}

/** Tags for alarms never tagged or last fetched over an hour ago, a few calls at a time. */
async function refreshTags(client: CloudWatchClient, store: AlarmCache, sourceId: string, arns: readonly string[], now: () => number, o?: CallOptions): Promise<number> {
  const known = store.tags(sourceId);
  const due = arns.filter((arn) => {
    const row = known.get(arn);
    return !row || now() - row.fetchedAt >= TAG_REFRESH_MS;
  });
  let next = 0;
  let fetched = 0;
  const worker = async (): Promise<void> => {
    while (next < due.length) {
      const arn = due[next++]!;
      const tags = await listAlarmTags(client, arn, o);
      // Stored one by one: an error part-way keeps what was fetched.
      store.saveTags(sourceId, [{ arn, tags }], now());
      fetched += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(TAG_CONCURRENCY, due.length) }, worker));
  return fetched;
}

/** New StateUpdate items since the newest stored one (inclusive: the key drops the repeat). */
async function syncHistory(
  client: CloudWatchClient,
  store: AlarmCache,
  sourceId: string,
  now: () => number,
  prefixes: readonly string[] | undefined,
  onStored: (fresh: HistoryRow[]) => void,
  o?: CallOptions,
): Promise<void> {
  const end = now();
  const newest = store.newestHistoryAt(sourceId);
  const start = Math.max(newest ?? 0, end - HISTORY_HORIZON_MS);
  if (start >= end) return;
  const wanted = (name: string): boolean => !prefixes?.length || prefixes.some((p) => name.startsWith(p));
  await describeStateHistoryPaged(client, { start, end }, (items) => {
    const rows: HistoryRow[] = items.flatMap((item) => {
      const to = asAlarmState(item.to);
      if (!to || !wanted(item.alarmName)) return [];
      return [{ source: sourceId, alarmName: item.alarmName, at: item.at, alarmType: item.alarmType, from: asAlarmState(item.from), to, summary: item.summary, reason: item.reason }];
    });
    onStored(store.insertHistory(rows));
  }, o);
}

/**
 * Occurrences of one source after a pass: first each alarm's new history items in time
 * order (so ALARM periods that opened and closed between passes are kept — the flapping
 * alarm's), then the current snapshot, which is complete for the source, so an alarm that
 * disappeared has its open occurrence ended (MISSING).
 *
 * The last history ALARM item, when within SAME_TRANSITION_MS of the alarm's current ALARM
 * stateSince, is that same period, keyed by the snapshot's timestamp: the key a rebuilt
 * cache would derive again from DescribeAlarms.
 */
export function reconcileAlarmOccurrences(
  previous: readonly Occurrence[],
  snapshot: readonly UpstreamState[],
  history: readonly { alertId: string; at: number; to: AlarmState }[],
  now: number,
): { occurrences: Occurrence[]; events: OccurrenceEvent[] } {
  const byAlert = new Map<string, Occurrence[]>();
  for (const o of previous) {
    const list = byAlert.get(o.alertId);
    if (list) list.push(o);
    else byAlert.set(o.alertId, [o]);
  }
  const current = new Map(snapshot.map((s) => [s.id, s]));
  const historyByAlert = new Map<string, { at: number; to: AlarmState }[]>();
  for (const h of history) {
    const list = historyByAlert.get(h.alertId);
    if (list) list.push(h);
    else historyByAlert.set(h.alertId, [h]);
  }
  const events: OccurrenceEvent[] = [];
  for (const [alertId, items] of historyByAlert) {
    items.sort((a, b) => a.at - b.at);
    const upstream = current.get(alertId);
    let list = byAlert.get(alertId) ?? [];
    // Only the last transition into ALARM can be the period the alarm is in now.
    const lastAlarm = items.findLastIndex((item) => item.to === 'ALARM');
    for (const [index, item] of items.entries()) {
      const sameAsCurrent = index === lastAlarm && upstream?.state === 'ALARM' && Math.abs(item.at - upstream.stateSince) <= SAME_TRANSITION_MS;
      const step = reconcileOccurrences(list, [{ id: alertId, state: item.to, stateSince: sameAsCurrent ? upstream.stateSince : item.at }], now);
      list = step.occurrences;
      events.push(...step.events);
    }
    byAlert.set(alertId, list);
  }
  const final = reconcileOccurrences([...byAlert.values()].flat(), snapshot, now, { missing: 'resolve' });
  events.push(...final.events);
  return { occurrences: final.occurrences, events };
}

export function changedOccurrences(previous: readonly Occurrence[], next: readonly Occurrence[]): Occurrence[] {
  const before = new Map(previous.map((o) => [o.key, o]));
  return next.filter((o) => {
    const was = before.get(o.key);
    return !was || was.resolvedAt !== o.resolvedAt || was.endedBy !== o.endedBy || was.lastSeenAt !== o.lastSeenAt;
  });
}

const lastPruned = new Map<string, number>();

/** Hourly: history past CloudWatch's retention, occurrences long resolved. */
function prune(store: AlarmCache, sourceId: string, at: number): void {
  if (at - (lastPruned.get(sourceId) ?? 0) < 60 * MINUTE) return;
  lastPruned.set(sourceId, at);
  store.pruneHistory(sourceId, at - HISTORY_HORIZON_MS - DAY);
  store.pruneOccurrences(sourceId, at - OCCURRENCE_RETENTION_MS);
}
