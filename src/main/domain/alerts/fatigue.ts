// Alert-fatigue report for the seeds' "regular alert review and tuning": which alarms flap,
// how long they sit in ALARM, and how fast people acknowledge per severity vs the target.
//
// Definitions, over the range [from, to) (pass to ≤ now):
// - stateChanges: history records with from ≤ at < to whose state actually changed
//   (records repeating the same state are skipped; exact duplicates are counted once).
// - changesPerDay: stateChanges ÷ range length in days (fractional days allowed).
// - daily: changes per local calendar day in `zone` (business zone by default), days with
//   changes only.
// - timeInAlarmMs: time in ALARM inside the range. The state at `from` is the last change
//   before it; failing that, the `from` field of the first change in range; failing that,
//   not ALARM.
// - Response per severity: occurrences that fired in the range. Time to acknowledge =
//   first ack − firedAt (0 if the ack predates firedAt). Acks after `to` are not yet known.
//   Each occurrence is met (acked by its due time), missed (acked late, or still unacked at
//   `to` past its due time, resolved or not), self-resolved (never acked, resolved before it
//   was due: noise, reported but outside the share) or pending (unacked, not yet due).
//   shareWithinTarget = met ÷ (met + missed). Median and p90 use linear interpolation
//   between closest ranks (numpy's default, R type 7).
import { SEVERITIES, type AlarmState, type Severity } from '@shared/contract/alerts';
import { formatLocalDate, localDateOf } from '@shared/lib/wallClock';
import { DAY_MS } from '@shared/lib/timeUnits';
import { DEFAULT_BUSINESS_ZONE, RESPONSE_TARGET_MS, responseDueAt } from './timers';


export interface StateChange {
  alertId: string;
  name?: string;
  at: number;
  from?: AlarmState;
  to: AlarmState;
}

export interface AcknowledgementRecord {
  alertId: string;
  severity: Severity;
  firedAt: number;
  /** First acknowledgement, or null. */
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

export interface FatigueOptions {
  from: number;
  to: number;
  /** Zone for daily buckets and P4 due times. */
  zone?: string;
  holidays?: readonly string[];
}

export interface AlarmFatigue {
  alertId: string;
  name: string;
  stateChanges: number;
  changesPerDay: number;
  /** Transitions into ALARM in the range. */
  alarmEntries: number;
  timeInAlarmMs: number;
  /** timeInAlarmMs ÷ range length. */
  shareInAlarm: number;
  daily: Array<{ date: string; changes: number }>;
}

export interface SeverityResponse {
  severity: Severity;
  /** Fixed target; null for P4, whose target is a calendar time. */
  targetMs: number | null;
  occurrences: number;
  acknowledged: number;
  medianTtaMs: number | null;
  p90TtaMs: number | null;
  met: number;
  missed: number;
  selfResolved: number;
  pending: number;
  /** met ÷ (met + missed); null when nothing is decided yet. */
  shareWithinTarget: number | null;
}

export interface FatigueReport {
  from: number;
  to: number;
  days: number;
  /** Noisiest first: most state changes, then most time in ALARM, then id. */
  alarms: AlarmFatigue[];
  /** P1 … P4. */
  responses: SeverityResponse[];
}

/** Quantile by linear interpolation between closest ranks (R type 7); null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError('q must be within [0, 1]');
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return below + (h - lo) * (above - below);
}

function alarmFatigue(alertId: string, changes: StateChange[], opts: Required<Pick<FatigueOptions, 'from' | 'to' | 'zone'>>): AlarmFatigue | null {
  const { from, to, zone } = opts;
  const rangeMs = to - from;
  const before = changes.filter((c) => c.at < from);
  const inRange = changes.filter((c) => c.at >= from && c.at < to);
  let state: AlarmState | undefined = before[before.length - 1]?.to ?? inRange[0]?.from;
  let cursor = from;
  let timeInAlarmMs = 0;
  let stateChanges = 0;
  let alarmEntries = 0;
  const daily = new Map<string, number>();
  for (const change of inRange) {
    const previous = state ?? change.from;
    if (previous === change.to) continue; // not a transition
    if (state === 'ALARM') timeInAlarmMs += change.at - cursor;
    state = change.to;
    cursor = change.at;
    stateChanges += 1;
    if (change.to === 'ALARM') alarmEntries += 1;
    const day = formatLocalDate(localDateOf(change.at, zone));
    daily.set(day, (daily.get(day) ?? 0) + 1);
  }
  if (state === 'ALARM') timeInAlarmMs += to - cursor;
  if (stateChanges === 0 && timeInAlarmMs === 0) return null;
  const name = [...changes].reverse().find((c) => c.name)?.name ?? alertId;
  return {
    alertId,
    name,
    stateChanges,
    changesPerDay: rangeMs > 0 ? stateChanges / (rangeMs / DAY_MS) : 0,
    alarmEntries,
    timeInAlarmMs,
    shareInAlarm: rangeMs > 0 ? timeInAlarmMs / rangeMs : 0,
    daily: [...daily].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, count]) => ({ date, changes: count })),
  };
}

export function fatigueReport(
  history: readonly StateChange[],
  acknowledgements: readonly AcknowledgementRecord[],
  options: FatigueOptions,
): FatigueReport {
  const { from, to } = options;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) throw new RangeError('options: need finite from ≤ to');
  const zone = options.zone ?? DEFAULT_BUSINESS_ZONE;
  const holidays = options.holidays ?? [];

  const byAlert = new Map<string, Map<string, StateChange>>();
  for (const change of history) {
    const dedupe = `${change.at}|${change.from ?? ''}|${change.to}`;
    const changes = byAlert.get(change.alertId) ?? new Map<string, StateChange>();
    if (!changes.has(dedupe)) changes.set(dedupe, change);
    byAlert.set(change.alertId, changes);
  }
  const alarms: AlarmFatigue[] = [];
  for (const [alertId, changes] of byAlert) {
    const sorted = [...changes.values()].sort((a, b) => a.at - b.at);
    const row = alarmFatigue(alertId, sorted, { from, to, zone });
    if (row) alarms.push(row);
  }
  alarms.sort((a, b) => b.stateChanges - a.stateChanges || b.timeInAlarmMs - a.timeInAlarmMs || (a.alertId < b.alertId ? -1 : 1));

  const responses = SEVERITIES.map((severity): SeverityResponse => {
    const fired = acknowledgements.filter((a) => a.severity === severity && a.firedAt >= from && a.firedAt < to);
    const ttas: number[] = [];
    let met = 0;
    let missed = 0;
    let selfResolved = 0;
    let pending = 0;
    for (const occ of fired) {
      const due = responseDueAt(severity, occ.firedAt, zone, holidays);
      const ackAt = occ.acknowledgedAt !== null && occ.acknowledgedAt < to ? occ.acknowledgedAt : null;
      if (ackAt !== null) {
        ttas.push(Math.max(0, ackAt - occ.firedAt));
        if (ackAt <= due) met += 1;
        else missed += 1;
      } else if (occ.resolvedAt !== null && occ.resolvedAt < to && occ.resolvedAt <= due) selfResolved += 1;
      else if (to > due) missed += 1;
      else pending += 1;
    }
    return {
      severity,
      targetMs: severity === 'P4' ? null : RESPONSE_TARGET_MS[severity],
      occurrences: fired.length,
      acknowledged: ttas.length,
      medianTtaMs: quantile(ttas, 0.5),
      p90TtaMs: quantile(ttas, 0.9),
      met,
      missed,
      selfResolved,
      pending,
      shareWithinTarget: met + missed > 0 ? met / (met + missed) : null,
    };
  });

  return { from, to, days: (to - from) / DAY_MS, alarms, responses };
}
