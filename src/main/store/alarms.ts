// cache.db queries for the alert queue: alarm tags, alarm state history and occurrences
// (tables from CACHE_MIGRATIONS v3). Takes the CacheStore's connection; every batch is one
// transaction, and every write is idempotent so an interrupted sync resumes cleanly.
import type { Occurrence, OccurrenceEnd } from '../domain/alerts/occurrences';
import { z } from 'zod';
import { Severity, type AlarmState } from '@shared/contract/alerts';
import type { CacheStore } from './cache';
import type { Db } from './db';

export interface TagRow {
  arn: string;
  tags: Record<string, string>;
  fetchedAt: number;
}

export interface HistoryRow {
  source: string;
  alarmName: string;
  /** Epoch ms. */
  at: number;
  alarmType: string;
  from: AlarmState | null;
  to: AlarmState;
  summary: string;
  reason: string | null;
}

/**
 * `severity` and `label`: the most urgent severity the alert had during the occurrence and what
 * it was called, where the source records them (SLO burns: once a burn ends, nothing else in
 * the cache remembers it, yet the queue shows it resolved and the fatigue report counts it).
 */
export type StoredOccurrence = Occurrence & { source: string; severity: Severity | null; label: OccurrenceLabel | null };

export const OccurrenceLabel = z.object({ name: z.string(), title: z.string(), service: z.string().optional(), description: z.string().optional() });
export type OccurrenceLabel = z.infer<typeof OccurrenceLabel>;

function jsonOrNull(label: OccurrenceLabel | null): string | null {
  return label === null ? null : JSON.stringify(label);
}

function parseLabel(text: string | null): OccurrenceLabel | null {
  if (text === null) return null;
  try {
    return OccurrenceLabel.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null; // a damaged label only loses the name of an ended burn
  }
}

/**
 * The alert id of an alarm: its ARN, which is unique across accounts and regions; without
 * one (a simulator that leaves it out) the source and name, which are unique within a sync.
 */
export function alarmAlertId(sourceId: string, name: string, arn: string | undefined | null): string {
  return arn && arn.length > 0 ? arn : `${sourceId}:alarm:${name}`;
}

const STATES: ReadonlySet<string> = new Set(['ALARM', 'OK', 'INSUFFICIENT_DATA']);

export function asAlarmState(value: unknown): AlarmState | null {
  return typeof value === 'string' && STATES.has(value) ? (value as AlarmState) : null;
}

type OccurrenceDbRow = {
  key: string;
  source: string;
  alert_id: string;
  fired_at: number;
  resolved_at: number | null;
  ended_by: string | null;
  last_seen_at: number;
  severity: string | null;
  label: string | null;
};

/** What a reader takes a stored occurrence to say (null: nothing yet); as stored by default. */
export type OccurrenceReading = (o: StoredOccurrence) => StoredOccurrence | null;

/** Keeps in `newest` the newest occurrence (by fired_at) of each alert among `rows`, each as `read` takes it. */
function keepNewestOccurrences(newest: Map<string, StoredOccurrence>, rows: readonly OccurrenceDbRow[], read?: OccurrenceReading): void {
  for (const row of rows) {
    const seen = newest.get(row.alert_id);
    if (seen && row.fired_at <= seen.firedAt) continue;
    const occurrence = read ? read(toOccurrence(row)) : toOccurrence(row);
    if (occurrence) newest.set(row.alert_id, occurrence);
  }
}

function toOccurrence(r: OccurrenceDbRow): StoredOccurrence {
  return {
    key: r.key,
    source: r.source,
    alertId: r.alert_id,
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    endedBy: r.ended_by as OccurrenceEnd | null,
    lastSeenAt: r.last_seen_at,
    severity: Severity.safeParse(r.severity).data ?? null,
    label: parseLabel(r.label),
  };
}

type HistoryDbRow = {
  source: string;
  alarm_name: string;
  at: number;
  to_state: string;
  from_state: string | null;
  alarm_type: string;
  summary: string;
  reason: string | null;
};

function toHistory(r: HistoryDbRow): HistoryRow {
  return {
    source: r.source,
    alarmName: r.alarm_name,
    at: r.at,
    alarmType: r.alarm_type,
    from: asAlarmState(r.from_state),
    to: asAlarmState(r.to_state) ?? 'INSUFFICIENT_DATA',
    summary: r.summary,
    reason: r.reason,
  };
}

/** Bind a list as one parameter: `IN (SELECT value FROM json_each(?))` has no variable limit. */
const jsonList = (values: readonly string[]): string => JSON.stringify(values);

export class AlarmCache {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      tags: db.prepare('SELECT arn, tags, fetched_at AS fetchedAt FROM alarm_tags WHERE source = ?'),
      upsertTags: db.prepare(
        `INSERT INTO alarm_tags (source, arn, tags, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (source, arn) DO UPDATE SET tags = excluded.tags, fetched_at = excluded.fetched_at`,
      ),
      newestHistory: db.prepare('SELECT max(at) FROM alarm_history WHERE source = ?').pluck(),
      oldestHistory: db.prepare('SELECT min(at) FROM alarm_history').pluck(),
      insertHistory: db.prepare(
        `INSERT OR IGNORE INTO alarm_history (source, alarm_name, at, to_state, from_state, alarm_type, summary, reason)
         VALUES (@source, @alarmName, @at, @to, @from, @alarmType, @summary, @reason)`,
      ),
      occurrencesOfSource: db.prepare('SELECT * FROM alarm_occurrences WHERE source = ? ORDER BY alert_id, fired_at'),
      occurrencesToReconcile: db.prepare(
        `WITH newest AS (SELECT alert_id, max(fired_at) AS fired_at FROM alarm_occurrences WHERE source = @source AND fired_at <= @now GROUP BY alert_id)
         SELECT o.* FROM alarm_occurrences o LEFT JOIN newest n ON n.alert_id = o.alert_id AND n.fired_at = o.fired_at
         WHERE o.source = @source
           AND (n.alert_id IS NOT NULL OR o.resolved_at IS NULL OR o.resolved_at > @now
                OR o.alert_id IN (SELECT value FROM json_each(@withHistory)))
         ORDER BY o.alert_id, o.fired_at`,
      ),
      upsertOccurrence: db.prepare(
        // Severity keeps the most urgent seen ('P1' < 'P2' as text).
        `INSERT INTO alarm_occurrences (key, source, alert_id, fired_at, resolved_at, ended_by, last_seen_at, severity, label)
         VALUES (@key, @source, @alertId, @firedAt, @resolvedAt, @endedBy, @lastSeenAt, @severity, @label)
         ON CONFLICT (key) DO UPDATE SET resolved_at = excluded.resolved_at, ended_by = excluded.ended_by,
           last_seen_at = max(last_seen_at, excluded.last_seen_at),
           severity = CASE WHEN severity IS NULL OR excluded.severity < severity THEN excluded.severity ELSE severity END,
           label = coalesce(excluded.label, label)`,
      ),
      // The newest occurrence of every alert: what the queue shows.
      latestOccurrences: db.prepare(
        `SELECT o.* FROM alarm_occurrences o
         JOIN (SELECT alert_id, max(fired_at) AS fired_at FROM alarm_occurrences GROUP BY alert_id) m
           ON m.alert_id = o.alert_id AND m.fired_at = o.fired_at`,
      ),
      queueInputsMark: db.prepare(
        `SELECT (SELECT json_array(count(*), total(state_since), total(length(state)), total(length(body))) FROM alarms) AS alarms,
                (SELECT json_array(count(*), total(fetched_at), total(length(tags))) FROM alarm_tags) AS tags,
                (SELECT json_array(count(*), coalesce(max(rowid), 0), total(fired_at), total(resolved_at), count(resolved_at), total(length(ended_by)), total(length(severity)), total(length(label))) FROM alarm_occurrences) AS occurrences`,
      ),
      liveOccurrences: db.prepare('SELECT * FROM alarm_occurrences WHERE resolved_at IS NULL OR resolved_at >= ?'),
      liveOccurrencePage: db.prepare('SELECT rowid AS row_id, * FROM alarm_occurrences WHERE (resolved_at IS NULL OR resolved_at >= ?) AND rowid > ? ORDER BY rowid LIMIT ?'),
      occurrencesByKeys: db.prepare('SELECT * FROM alarm_occurrences WHERE key IN (SELECT value FROM json_each(?))'),
      occurrencesFiredSince: db.prepare('SELECT * FROM alarm_occurrences WHERE fired_at >= ? ORDER BY fired_at'),
      // One index seek per listed alert (its last end), plus the few rows of the listed sources
      // (SLO burns, backup alerts): the cost follows the alerts asked about, not the days held.
      lastEndedOf: db.prepare(
        `SELECT * FROM (
           SELECT o.* FROM json_each(@alerts) j CROSS JOIN alarm_occurrences o
             ON o.rowid = (SELECT rowid FROM alarm_occurrences
                           WHERE source = json_extract(j.value, '$[0]') AND alert_id = json_extract(j.value, '$[1]') AND resolved_at <= @asOf
                           ORDER BY resolved_at DESC LIMIT 1)
           UNION ALL
           SELECT * FROM alarm_occurrences WHERE source IN (SELECT value FROM json_each(@everyOf)) AND resolved_at <= @asOf
           UNION ALL
           SELECT * FROM alarm_occurrences
             WHERE source IN (SELECT value FROM json_each(@ratedSources)) AND severity IN (SELECT value FROM json_each(@severities)) AND resolved_at <= @asOf
         ) ORDER BY resolved_at DESC LIMIT 1`,
      ),
      oldestOccurrence: db.prepare('SELECT min(fired_at) FROM alarm_occurrences').pluck(),
      historyBetween: db.prepare('SELECT * FROM alarm_history WHERE at >= ? AND at < ? ORDER BY at'),
      historyBefore: db.prepare(
        // The last change before `from` per alarm: the state each alarm was in when the range opens.
        `SELECT h.* FROM alarm_history h
         JOIN (SELECT source, alarm_name, max(at) AS at FROM alarm_history WHERE at < ? GROUP BY source, alarm_name) m
           ON m.source = h.source AND m.alarm_name = h.alarm_name AND m.at = h.at`,
      ),
      historyOfAlarm: db.prepare('SELECT * FROM alarm_history WHERE source = ? AND alarm_name = ? ORDER BY at DESC LIMIT ?'),
    };
  }

  // -------------------------------------------------------------------------------------
  // Tags

  tags(source: string): Map<string, TagRow> {
    const rows = this.stmts.tags.all(source) as { arn: string; tags: string; fetchedAt: number }[];
    return new Map(rows.map((r) => [r.arn, { arn: r.arn, tags: JSON.parse(r.tags) as Record<string, string>, fetchedAt: r.fetchedAt }]));
  }

  saveTags(source: string, rows: readonly { arn: string; tags: Record<string, string> }[], fetchedAt: number): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows) this.stmts.upsertTags.run(source, r.arn, JSON.stringify(r.tags), fetchedAt);
    })();
  }

  /** Forget the tags of alarms that no longer exist. */
  keepTagsOnly(source: string, arns: readonly string[]): void {
    this.db.prepare('DELETE FROM alarm_tags WHERE source = ? AND arn NOT IN (SELECT value FROM json_each(?))').run(source, jsonList(arns));
  }

  // -------------------------------------------------------------------------------------
  // History

  /** Timestamp (ms) of the newest stored history item of the source: where the next fetch starts. */
  newestHistoryAt(source: string): number | null {
    return (this.stmts.newestHistory.get(source) as number | null | undefined) ?? null;
  }

  oldestHistoryAt(): number | null {
    return (this.stmts.oldestHistory.get() as number | null | undefined) ?? null;
  }

  /** Stores items (one transaction); returns those that were new. */
  insertHistory(items: readonly HistoryRow[]): HistoryRow[] {
    const fresh: HistoryRow[] = [];
    this.db.transaction(() => {
      for (const item of items) {
        if (this.stmts.insertHistory.run(item).changes > 0) fresh.push(item);
      }
    })();
    return fresh;
  }

  historyBetween(from: number, to: number): HistoryRow[] {
    return (this.stmts.historyBetween.all(from, to) as HistoryDbRow[]).map(toHistory);
  }

  /** Per alarm, its last change before `from`. */
  lastChangeBefore(from: number): HistoryRow[] {
    return (this.stmts.historyBefore.all(from) as HistoryDbRow[]).map(toHistory);
  }

  historyOfAlarm(source: string, alarmName: string, limit = 200): HistoryRow[] {
    return (this.stmts.historyOfAlarm.all(source, alarmName, limit) as HistoryDbRow[]).map(toHistory);
  }

  pruneHistory(source: string, before: number): number {
    return this.db.prepare('DELETE FROM alarm_history WHERE source = ? AND at < ?').run(source, before).changes;
  }

  // -------------------------------------------------------------------------------------
  // Occurrences

  occurrencesOfSource(source: string): StoredOccurrence[] {
    return (this.stmts.occurrencesOfSource.all(source) as OccurrenceDbRow[]).map(toOccurrence);
  }

  /**
   * What reconciling the source's alarms at `now` can read or change (sync/alarms.ts): each
   * alert's newest occurrence fired at or before `now`, every open one, every one ended after
   * `now` (a later clock's rows, which the fold rewinds; one fired after `now` ended after it
   * too, or is open), and all of the alerts in
   * `withHistory` (history items replay their whole list). The rest are settled periods no
   * reconciliation touches: reading all of them (81,000 on the large estate) every alarm pass
   * held ~70 MB of the sync worker's heap and 1.5 s of its CPU.
   */
  occurrencesToReconcile(source: string, now: number, withHistory: readonly string[]): StoredOccurrence[] {
    return (this.stmts.occurrencesToReconcile.all({ source, now, withHistory: jsonList(withHistory) }) as OccurrenceDbRow[]).map(toOccurrence);
  }

  /** Upserts (one transaction). An occurrence's identity never changes; its end can. */
  saveOccurrences(
    source: string,
    occurrences: readonly Occurrence[],
    severityOf: (o: Occurrence) => Severity | null = () => null,
    labelOf: (o: Occurrence) => OccurrenceLabel | null = () => null,
  ): void {
    if (occurrences.length === 0) return;
    this.db.transaction(() => {
      for (const o of occurrences) {
        this.stmts.upsertOccurrence.run({ key: o.key, source, alertId: o.alertId, firedAt: o.firedAt, resolvedAt: o.resolvedAt, endedBy: o.endedBy, lastSeenAt: o.lastSeenAt, severity: severityOf(o), label: jsonOrNull(labelOf(o)) });
      }
    })();
  }

  latestOccurrences(): StoredOccurrence[] {
    return (this.stmts.latestOccurrences.all() as OccurrenceDbRow[]).map(toOccurrence);
  }

  /**
   * A cheap mark of what the queue reads from the alarm tables (the alarms, their tags, the
   * occurrences' open/resolved state): counts and sums of times and lengths, so a write that
   * adds, removes or changes a row moves it (beside the source's alarms_as_of, which every alarm
   * read sets); `last_seen_at`, which every alarm pass bumps, is left out. One scan of each table.
   */
  queueInputsMark(): string {
    return JSON.stringify(this.stmts.queueInputsMark.get());
  }

  /**
   * The newest occurrence of each alert whose newest occurrence is open or ended at or after
   * `resolvedSince`: the queue's rows, without grouping the whole table.
   */
  liveOccurrences(resolvedSince: number): StoredOccurrence[] {
    const newest = new Map<string, StoredOccurrence>();
    keepNewestOccurrences(newest, this.stmts.liveOccurrences.all(resolvedSince) as OccurrenceDbRow[]);
    return [...newest.values()];
  }

  /**
   * liveOccurrences a page at a time (by rowid, `limit` rows after `afterRowid`), folded into
   * `newest`: for a reader that hands the thread to other calls between pages (a 5,000-alarm
   * queue build; read at once it held the thread 60 ms under load). Returns the page's last
   * rowid, or null after the last page. `read`: what the reader takes each row to say (the queue:
   * as of its clock), applied before the newest is chosen.
   */
  liveOccurrencesPage(newest: Map<string, StoredOccurrence>, resolvedSince: number, afterRowid: number, limit: number, read?: OccurrenceReading): number | null {
    const rows = this.stmts.liveOccurrencePage.all(resolvedSince, afterRowid, limit) as (OccurrenceDbRow & { row_id: number })[];
    keepNewestOccurrences(newest, rows, read);
    return rows.length < limit ? null : rows[rows.length - 1]!.row_id;
  }

  occurrencesByKeys(keys: readonly string[]): StoredOccurrence[] {
    if (keys.length === 0) return [];
    return (this.stmts.occurrencesByKeys.all(jsonList(keys)) as OccurrenceDbRow[]).map(toOccurrence);
  }

  /** Every stored occurrence of these alerts, oldest first. */
  occurrencesOfAlerts(alertIds: readonly string[]): StoredOccurrence[] {
    if (alertIds.length === 0) return [];
    return (this.db.prepare('SELECT * FROM alarm_occurrences WHERE alert_id IN (SELECT value FROM json_each(?)) ORDER BY fired_at').all(jsonList(alertIds)) as OccurrenceDbRow[]).map(toOccurrence);
  }

  occurrencesFiredSince(from: number): StoredOccurrence[] {
    return (this.stmts.occurrencesFiredSince.all(from) as OccurrenceDbRow[]).map(toOccurrence);
  }

  /**
   * The occurrence that ended last at or before `asOf` among those of the `alerts` (source and
   * alert id), every one of the `everyOf` sources, and those of the `rated` sources recorded at one
   * of its severities. (An end at or before `asOf` has its start before it too.)
   */
  lastEndedOccurrence(
    asOf: number,
    which: { alerts: readonly (readonly [source: string, alertId: string])[]; everyOf: readonly string[]; rated: { sources: readonly string[]; severities: readonly Severity[] } },
  ): StoredOccurrence | null {
    const row = this.stmts.lastEndedOf.get({
      asOf,
      alerts: JSON.stringify(which.alerts),
      everyOf: jsonList(which.everyOf),
      ratedSources: jsonList(which.rated.sources),
      severities: jsonList(which.rated.severities),
    }) as OccurrenceDbRow | undefined;
    return row ? toOccurrence(row) : null;
  }

  /** When the oldest stored occurrence fired; null when there is none. */
  oldestOccurrenceAt(): number | null {
    return (this.stmts.oldestOccurrence.get() as number | null | undefined) ?? null;
  }

  /** Drops occurrences of the source that ended before `before`; open ones are always kept. */
  pruneOccurrences(source: string, before: number): number {
    return this.db.prepare('DELETE FROM alarm_occurrences WHERE source = ? AND resolved_at IS NOT NULL AND resolved_at < ?').run(source, before).changes;
  }
}

const alarmCaches = new WeakMap<CacheStore, AlarmCache>();

/** The alarm tables of this cache connection (statements prepared once per connection). */
export function alarmCacheOf(cache: CacheStore): AlarmCache {
  let store = alarmCaches.get(cache);
  if (!store) {
    store = new AlarmCache(cache.db);
    alarmCaches.set(cache, store);
  }
  return store;
}
