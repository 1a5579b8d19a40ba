// The alert-fatigue report: how noisy each alarm was and how fast people answered, over
// the cached alarm history and the journal's acknowledgements.
import type { FatigueOut } from '@shared/contract/alerts';
import { DAY_MS } from '@shared/lib/timeUnits';
import { fatigueReport, type AcknowledgementRecord, type StateChange } from '../domain/alerts/fatigue';
import { RESPONSE_TARGET_LABEL } from '../domain/alerts/timers';
import type { AlarmCache, StoredOccurrence } from '../store/alarms';
import type { AlertJournal } from '../store/alert-journal';
import type { ApiContext } from '../api/context';
import { loadSettings } from './settings';
import { SLO_BURN_SOURCE, cloudwatchEntries } from './sources';

export function fatigue(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal, days: number): FatigueOut {
  const now = ctx.now();
  const from = now - days * DAY_MS;
  const settings = loadSettings(journal).settings;
  const entries = cloudwatchEntries(ctx, alarms, settings);
  const bySourceName = new Map(entries.map((e) => [`${e.sourceId}\u0000${e.alert.name}`, e]));
  const byId = new Map(entries.map((e) => [e.alert.id, e]));
  const idOf = (source: string, name: string): string => bySourceName.get(`${source}\u0000${name}`)?.alert.id ?? `${source}:alarm:${name}`;
  const history: StateChange[] = [...alarms.lastChangeBefore(from), ...alarms.historyBetween(from, now)].map((h) => ({
    alertId: idOf(h.source, h.alarmName),
    name: h.alarmName,
    at: h.at,
    ...(h.from ? { from: h.from } : {}),
    to: h.to,
  }));
  const fired = alarms.occurrencesFiredSince(from);
  // SLO burns have no alarm history: their occurrences are their state changes (fired → ALARM, ended → OK).
  // (Occurrences recorded before this version carry no severity and are left out.)
  const burnsInRange = alarms.occurrencesOfSource(SLO_BURN_SOURCE).filter((o) => o.severity !== null && o.firedAt < now && (o.resolvedAt === null || o.resolvedAt >= from));
  const burns = burnsInRange.filter((o) => o.firedAt >= from);
  const burnName = (o: StoredOccurrence): string => o.label?.name ?? o.alertId.replace(/^slo-burn:/, '');
  for (const o of burnsInRange) {
    history.push({ alertId: o.alertId, name: burnName(o), at: o.firedAt, from: 'OK', to: 'ALARM' });
    if (o.resolvedAt !== null && o.resolvedAt < now) history.push({ alertId: o.alertId, name: burnName(o), at: o.resolvedAt, from: 'ALARM', to: 'OK' });
  }
  history.sort((a, b) => a.at - b.at);
  const occurrences = [...fired.filter((o) => byId.has(o.alertId)), ...burns];
  const firstAck = new Map<string, number>();
  for (const a of journal.actionsFor(occurrences.map((o) => o.key))) {
    if (a.kind === 'ack' && !firstAck.has(a.occurrenceKey)) firstAck.set(a.occurrenceKey, a.createdAt);
  }
  const acknowledgements: AcknowledgementRecord[] = occurrences.map((o) => ({
    alertId: o.alertId,
    severity: byId.get(o.alertId)?.alert.severity ?? o.severity ?? 'P4',
    firedAt: o.firedAt,
    acknowledgedAt: firstAck.get(o.key) ?? null,
    resolvedAt: o.resolvedAt,
  }));
  const report = fatigueReport(history, acknowledgements, { from, to: now });
  return {
    ...report,
    responses: report.responses.map((r) => ({ ...r, targetLabel: RESPONSE_TARGET_LABEL[r.severity] })),
    historyFrom: alarms.oldestHistoryAt(),
    acknowledgementsSince: journal.firstAcknowledgementAt(),
  };
}
