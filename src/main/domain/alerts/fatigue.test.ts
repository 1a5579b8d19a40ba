import { describe, expect, it } from 'vitest';
import { fatigueReport, quantile, type AcknowledgementRecord, type StateChange } from './fatigue';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const FROM = at('2026-05-04T00:00:00Z'); // Monday
const TO = at('2026-05-06T00:00:00Z'); // two days

const change = (alertId: string, iso: string, from: StateChange['from'], to: StateChange['to'], name?: string): StateChange => ({
  alertId, at: at(iso), from, to, ...(name ? { name } : {}),
});

const history: StateChange[] = [
  // cpu: in ALARM when the range starts, flaps.
  change('cpu', '2026-05-03T23:00:00Z', 'OK', 'ALARM', 'OrderDbCpuHigh'),
  change('cpu', '2026-05-04T01:00:00Z', 'ALARM', 'OK'), // +60 min in ALARM
  change('cpu', '2026-05-04T02:00:00Z', 'OK', 'ALARM'),
  change('cpu', '2026-05-04T02:30:00Z', 'ALARM', 'OK'), // +30
  change('cpu', '2026-05-04T02:30:00Z', 'ALARM', 'OK'), // duplicate record
  change('cpu', '2026-05-05T10:00:00Z', 'OK', 'ALARM'),
  change('cpu', '2026-05-05T10:15:00Z', 'ALARM', 'OK'), // +15
  change('cpu', '2026-05-05T23:00:00Z', 'OK', 'ALARM'), // +60 to the end
  // latency: state before the range unknown; the first change says it was OK.
  change('lat', '2026-05-05T12:00:00Z', 'OK', 'ALARM'), // +12 h
  change('lat', '2026-05-05T13:00:00Z', 'ALARM', 'ALARM'), // not a transition
  // disk: nothing in the range.
  change('disk', '2026-05-01T00:00:00Z', 'ALARM', 'OK'),
  change('disk', '2026-05-06T01:00:00Z', 'OK', 'ALARM'),
  // stuck: in ALARM throughout, no changes.
  change('stuck', '2026-05-02T00:00:00Z', 'OK', 'ALARM'),
];

const p1 = (firedIso: string, ackAfterMin: number | null, resolvedAfterMin: number | null = null): AcknowledgementRecord => {
  const firedAt = at(firedIso);
  return {
    alertId: 'a', severity: 'P1', firedAt,
    acknowledgedAt: ackAfterMin === null ? null : firedAt + ackAfterMin * MIN,
    resolvedAt: resolvedAfterMin === null ? null : firedAt + resolvedAfterMin * MIN,
  };
};

const acks: AcknowledgementRecord[] = [
  p1('2026-05-04T01:00:00Z', 2), // met
  p1('2026-05-04T03:00:00Z', 4), // met
  p1('2026-05-04T05:00:00Z', 10), // missed
  p1('2026-05-04T07:00:00Z', 6), // missed
  p1('2026-05-04T09:00:00Z', null, 3), // never acked, cleared in 3 min: self-resolved
  p1('2026-05-05T23:58:00Z', null), // due 00:03 after the range: pending
  p1('2026-05-05T20:00:00Z', 5 * 60), // acked after the range end: unacked and late → missed
  p1('2026-05-03T23:00:00Z', 1), // fired before the range: not counted
  { alertId: 'b', severity: 'P4', firedAt: at('2026-05-04T15:00:00Z'), acknowledgedAt: at('2026-05-05T08:00:00Z'), resolvedAt: null }, // due Tue 09:00: met
  { alertId: 'c', severity: 'P4', firedAt: at('2026-05-05T12:00:00Z'), acknowledgedAt: null, resolvedAt: null }, // due Wed 09:00: pending
];

describe('fatigueReport', () => {
  const report = fatigueReport(history, acks, { from: FROM, to: TO, zone: 'UTC' });

  it('counts state changes and time in ALARM per alarm, noisiest first', () => {
    expect(report.days).toBe(2);
    expect(report.alarms).toEqual([
      {
        alertId: 'cpu', name: 'OrderDbCpuHigh', stateChanges: 6, changesPerDay: 3, alarmEntries: 3,
        timeInAlarmMs: 165 * MIN, shareInAlarm: 165 / 2880,
        daily: [{ date: '2026-05-04', changes: 3 }, { date: '2026-05-05', changes: 3 }],
      },
      {
        alertId: 'lat', name: 'lat', stateChanges: 1, changesPerDay: 0.5, alarmEntries: 1,
        timeInAlarmMs: 12 * 60 * MIN, shareInAlarm: 0.25, daily: [{ date: '2026-05-05', changes: 1 }],
      },
      { alertId: 'stuck', name: 'stuck', stateChanges: 0, changesPerDay: 0, alarmEntries: 0, timeInAlarmMs: 2880 * MIN, shareInAlarm: 1, daily: [] },
    ]);
  });

  it('buckets days in the given zone', () => {
    const ny = fatigueReport(history, [], { from: FROM, to: TO }); // America/New_York by default
    // 01:00Z, 02:00Z and 02:30Z on the 4th are still the evening of the 3rd in New York (UTC−4).
    expect(ny.alarms[0]?.daily).toEqual([
      { date: '2026-05-03', changes: 3 },
      { date: '2026-05-05', changes: 3 },
    ]);
  });

  it('reports time to acknowledge per severity against the target', () => {
    const [r1, r2, r3, r4] = report.responses;
    expect(r1).toEqual({
      severity: 'P1', targetMs: 5 * MIN, occurrences: 7, acknowledged: 4,
      medianTtaMs: 5 * MIN, // of 2, 4, 6, 10 min
      p90TtaMs: 8.8 * MIN, // 6 + 0.7 × (10 − 6)
      met: 2, missed: 3, selfResolved: 1, pending: 1, shareWithinTarget: 0.4,
    });
    expect(r2).toMatchObject({ severity: 'P2', occurrences: 0, medianTtaMs: null, p90TtaMs: null, shareWithinTarget: null });
    expect(r3?.targetMs).toBe(60 * MIN);
    expect(r4).toEqual({
      severity: 'P4', targetMs: null, occurrences: 2, acknowledged: 1, medianTtaMs: 17 * 60 * MIN, p90TtaMs: 17 * 60 * MIN,
      met: 1, missed: 0, selfResolved: 0, pending: 1, shareWithinTarget: 1,
    });
  });

  it('rejects a backwards range', () => {
    expect(() => fatigueReport([], [], { from: TO, to: FROM })).toThrow(/from ≤ to/);
  });
});

describe('quantile (R type 7)', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 5], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});
