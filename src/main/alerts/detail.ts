// One alert group in full: every member with its metric chart and alarm history, what was
// done locally, and the SLOs of its services with their burn.
import type { AlertDetail, AlertMember, LocalState } from '@shared/contract/alerts';
import type { AlarmCache, StoredOccurrence } from '../store/alarms';
import { primarySourceId, type ApiContext } from '../api/context';
import { metricOf } from './chart';
import { sameService, str, type Entry } from './sources';

export function memberDetail(ctx: ApiContext, alarms: AlarmCache, entry: Entry, state: LocalState, decisionText: string, occurrence: StoredOccurrence | null, runbook: string | null, now: number): AlertMember {
  const body = entry.body ?? {};
  const history = entry.alert.source === 'cloudwatch' ? alarms.historyOfAlarm(entry.sourceId, entry.alert.name, 200) : [];
  return {
    alertId: entry.alert.id,
    sourceId: entry.sourceId,
    source: entry.alert.source,
    name: entry.alert.name,
    type: entry.type,
    title: entry.alert.title,
    description: entry.alert.description ?? null,
    service: entry.alert.service ?? null,
    namespace: entry.alert.namespace ?? null,
    tags: entry.alert.tags,
    severity: entry.alert.severity,
    severityReason: decisionText,
    upstreamState: entry.alert.state,
    stateSince: entry.alert.stateSince,
    stateReason: str(body.StateReason) ?? null,
    runbookUrl: runbook,
    metric: metricOf(ctx, entry, occurrence, now),
    compositeRule: str(body.AlarmRule) ?? null,
    occurrence: occurrence ? { key: occurrence.key, firedAt: occurrence.firedAt, resolvedAt: occurrence.resolvedAt, endedBy: occurrence.endedBy } : null,
    localState: state,
    // Not past the clock: a data dir from a run at a later --demo-clock holds history "from the future".
    history: history.filter((h) => h.at <= now).map((h) => ({ at: h.at, from: h.from, to: h.to, summary: h.reason ?? h.summary })),
  };
}

/** The SLOs of the alert's services, with their burn: what the incident is costing. */
export async function relatedSlos(ctx: ApiContext, services: ReadonlySet<string>, now: number): Promise<{ slos: AlertDetail['relatedSlos']; note: string | null }> {
  if (services.size === 0) return { slos: [], note: 'This alert names no service, so no SLO is related.' };
  try {
    const list = await ctx.slo.slos(primarySourceId(ctx), ctx.sloConfigDir, now);
    const slos = list.slos
      .filter((s) => [...services].some((name) => sameService(name, s.service)))
      .map((s) => {
        const firing = s.alert.state !== 'none';
        const hourly = s.burnRates.find((b) => b.key === '1h')?.burnRate ?? null;
        return {
          id: s.id,
          name: s.name,
          service: s.service,
          severity: firing ? (s.alert.state as 'page' | 'ticket') : null,
          burnRate: firing ? s.alert.longBurnRate : hourly,
          window: firing && s.alert.longWindow ? `${s.alert.longWindow}/${s.alert.shortWindow ?? ''}` : hourly !== null ? '1h' : null,
          status: s.status,
          budgetRemainingPct: s.budget.remainingPct,
          description: s.reason,
        };
      });
    return { slos, note: slos.length === 0 ? `No SLO is defined for ${[...services].join(', ')}.` : null };
  } catch (err) {
    return { slos: [], note: `The SLOs could not be evaluated: ${err instanceof Error ? err.message : String(err)}` };
  }
}
