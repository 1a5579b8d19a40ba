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
import { SLO_BURN_SOURCE, sharedCloudwatchEntrySteps, type Entry } from './sources';
import { runSliced } from './steps';

/** What the Overview's now panel lists as "not clear": these severities, and every SLO burn. */
const NOT_CLEAR: readonly Severity[] = ['P1', 'P2'];

/** The reader over `alarms`: each call answers as of `ctx.now()`. */
export function lastNotClearReader(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal): () => Promise<LastNotClear> {
  // An alarm's severity is the queue's (its tags, the settings' rules), worked out over every
  // alarm once per change of the alarms or the settings, in slices (other calls are answered
  // between them), and shared with the queue's builds (sharedCloudwatchEntrySteps).
  const byEntries = new WeakMap<readonly Entry[], { byId: Map<string, Entry>; urgent: [source: string, alertId: string][] }>();
  const alarmsBySeverity = async (): Promise<{ byId: Map<string, Entry>; urgent: [source: string, alertId: string][] }> => {
    const entries = await runSliced(sharedCloudwatchEntrySteps(ctx, alarms, loadSettings(journal).settings));
    let known = byEntries.get(entries);
    if (!known) {
      known = { byId: new Map(entries.map((e) => [e.alert.id, e])), urgent: entries.filter((e) => NOT_CLEAR.includes(e.alert.severity)).map((e): [string, string] => [e.sourceId, e.alert.id]) };
      byEntries.set(entries, known);
    }
    return known;
  };
  return async () => {
    const { byId, urgent } = await alarmsBySeverity();
    const now = ctx.now();
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
