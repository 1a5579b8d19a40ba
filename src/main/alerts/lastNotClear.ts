// The calm Overview's "last not clear": the most recent P1/P2 alert or SLO burn that has ended,
// over every occurrence the cache holds (30 days of alarms), not only the queue's 24 h of
// resolved groups — a quiet week said "no P1/P2 alert or SLO burn in the last 1 d".
import type { Severity } from '@shared/contract/alerts';
import type { LastNotClear } from '@shared/contract/core';
import type { ApiContext } from '../api/context';
import type { AlarmCache, StoredOccurrence } from '../store/alarms';
import type { AlertJournal } from '../store/alert-journal';
import { BACKUP_ALERT_SOURCE } from './backupSource';
import { loadSettings } from './settings';
import { SLO_BURN_SOURCE, cloudwatchEntries, type Entry } from './sources';

/** What the Overview's now panel lists as "not clear": these severities, and every SLO burn. */
const NOT_CLEAR: readonly Severity[] = ['P1', 'P2'];

/** The reader over `alarms`: each call answers as of `ctx.now()`. */
export function lastNotClearReader(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal): () => LastNotClear {
  // An alarm's severity is the queue's (its tags, the settings' rules), worked out over every
  // alarm: done again only when the alarms or the settings change, not per call.
  let memo: { key: string; byId: Map<string, Entry>; urgent: [source: string, alertId: string][] } | null = null;
  const alarmsBySeverity = (): NonNullable<typeof memo> => {
    const settings = loadSettings(journal).settings;
    const key = `${ctx.topicVersion ? ctx.topicVersion(['alarms']) : ctx.dataVersion()}|${JSON.stringify(settings)}`;
    if (memo?.key !== key) {
      const entries = cloudwatchEntries(ctx, alarms, settings);
      memo = { key, byId: new Map(entries.map((e) => [e.alert.id, e])), urgent: entries.filter((e) => NOT_CLEAR.includes(e.alert.severity)).map((e): [string, string] => [e.sourceId, e.alert.id]) };
    }
    return memo;
  };
  return () => {
    const now = ctx.now();
    const { byId, urgent } = alarmsBySeverity();
    // A burn of any level counts (the panel's rule); backup alerts by the severity they had.
    const found = alarms.lastEndedOccurrence(now, { alerts: urgent, everyOf: [SLO_BURN_SOURCE], rated: { sources: [BACKUP_ALERT_SOURCE], severities: NOT_CLEAR } });
    return { generatedAt: now, last: found ? describe(found, byId.get(found.alertId)) : null, searchedFrom: alarms.oldestOccurrenceAt() };
  };
}

function describe(o: StoredOccurrence, alarm: Entry | undefined): NonNullable<LastNotClear['last']> {
  const resolvedAt = o.resolvedAt ?? o.firedAt;
  if (alarm) {
    return { source: alarm.alert.source, name: alarm.alert.name, title: alarm.alert.title, service: alarm.alert.service ?? null, severity: alarm.alert.severity, firedAt: o.firedAt, resolvedAt };
  }
  const source = o.source === SLO_BURN_SOURCE || o.source === BACKUP_ALERT_SOURCE ? o.source : 'cloudwatch';
  const name = o.label?.name ?? o.alertId;
  return { source, name, title: o.label?.title ?? name, service: o.label?.service ?? null, severity: o.severity ?? 'P4', firedAt: o.firedAt, resolvedAt };
}
