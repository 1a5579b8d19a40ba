import { describe, expect, it } from 'vitest';
import { nextInstantPast, reconcileOccurrences, storedOccurrenceAt, upstreamStateAt, type Occurrence, type UpstreamState } from './occurrences';

const MIN = 60_000;
const T = Date.parse('2026-05-04T10:00:00Z');
const cpu = 'arn:aws:cloudwatch:us-east-1:1:alarm:OrderDbCpuHigh';
const lat = 'arn:aws:cloudwatch:us-east-1:1:alarm:SearchLatencyP95';
const report = (id: string, state: UpstreamState['state'], stateSince: number): UpstreamState => ({ id, state, stateSince });

describe('reconcileOccurrences', () => {
  it('opens an occurrence keyed by alert id + the time it entered ALARM', () => {
    const { occurrences, events } = reconcileOccurrences([], [report(cpu, 'ALARM', T), report(lat, 'OK', T - MIN)], T + MIN);
    expect(occurrences).toEqual([{ key: `${cpu}@${T}`, alertId: cpu, firedAt: T, resolvedAt: null, endedBy: null, lastSeenAt: T + MIN }]);
    expect(events).toEqual([{ type: 'opened', alertId: cpu, occurrenceKey: `${cpu}@${T}`, at: T }]);
  });

  it('keeps an open occurrence through repeated snapshots without events', () => {
    const first = reconcileOccurrences([], [report(cpu, 'ALARM', T)], T + MIN);
    const second = reconcileOccurrences(first.occurrences, [report(cpu, 'ALARM', T)], T + 2 * MIN);
    expect(second.events).toEqual([]);
    expect(second.occurrences).toEqual([{ ...first.occurrences[0], lastSeenAt: T + 2 * MIN }]);
  });

  it('resolves at the instant the alarm left ALARM, then a new firing is a new occurrence', () => {
    const opened = reconcileOccurrences([], [report(cpu, 'ALARM', T)], T + MIN).occurrences;
    const resolved = reconcileOccurrences(opened, [report(cpu, 'OK', T + 7 * MIN)], T + 8 * MIN);
    expect(resolved.events).toEqual([{ type: 'resolved', alertId: cpu, occurrenceKey: `${cpu}@${T}`, at: T + 7 * MIN }]);
    expect(resolved.occurrences[0]).toMatchObject({ resolvedAt: T + 7 * MIN, endedBy: 'OK' });

    const refired = reconcileOccurrences(resolved.occurrences, [report(cpu, 'ALARM', T + 20 * MIN)], T + 21 * MIN);
    expect(refired.events).toEqual([{ type: 'reopened', alertId: cpu, occurrenceKey: `${cpu}@${T + 20 * MIN}`, at: T + 20 * MIN }]);
    expect(refired.occurrences.map((o) => [o.key, o.resolvedAt])).toEqual([
      [`${cpu}@${T}`, T + 7 * MIN],
      [`${cpu}@${T + 20 * MIN}`, null],
    ]);
  });

  it('treats INSUFFICIENT_DATA as the end of the ALARM period', () => {
    const opened = reconcileOccurrences([], [report(cpu, 'ALARM', T)], T).occurrences;
    const { occurrences } = reconcileOccurrences(opened, [report(cpu, 'INSUFFICIENT_DATA', T + 3 * MIN)], T + 4 * MIN);
    expect(occurrences[0]).toMatchObject({ resolvedAt: T + 3 * MIN, endedBy: 'INSUFFICIENT_DATA' });
  });

  it('ends an occurrence whose OK we missed at the new firing, as SUPERSEDED', () => {
    const opened = reconcileOccurrences([], [report(cpu, 'ALARM', T)], T).occurrences;
    const { occurrences, events } = reconcileOccurrences(opened, [report(cpu, 'ALARM', T + 30 * MIN)], T + 31 * MIN);
    expect(events.map((e) => [e.type, e.occurrenceKey, e.at])).toEqual([
      ['resolved', `${cpu}@${T}`, T + 30 * MIN],
      ['reopened', `${cpu}@${T + 30 * MIN}`, T + 30 * MIN],
    ]);
    expect(occurrences.map((o) => o.endedBy)).toEqual(['SUPERSEDED', null]);
  });

  it('ignores reports older than what it already knows', () => {
    const opened = reconcileOccurrences([], [report(cpu, 'ALARM', T)], T).occurrences;
    // An OK from before this period began (a lagging account).
    expect(reconcileOccurrences(opened, [report(cpu, 'OK', T - 5 * MIN)], T + MIN).events).toEqual([]);
    const resolved = reconcileOccurrences(opened, [report(cpu, 'OK', T + 5 * MIN)], T + 6 * MIN).occurrences;
    // A replayed ALARM for the period we saw end, or one older than its end: no reopen.
    expect(reconcileOccurrences(resolved, [report(cpu, 'ALARM', T)], T + 7 * MIN).events).toEqual([]);
    expect(reconcileOccurrences(resolved, [report(cpu, 'ALARM', T + 2 * MIN)], T + 7 * MIN).events).toEqual([]);
  });

  it('rows from a later clock do not describe now: an end after now is undone, a firing after now dropped', () => {
    // A run at a later clock saw the alarm fire at T, end at T + 10 min, fire again at T + 60 min and end.
    const later: Occurrence[] = [
      { key: `${cpu}@${T}`, alertId: cpu, firedAt: T, resolvedAt: T + 10 * MIN, endedBy: 'OK', lastSeenAt: T + 90 * MIN },
      { key: `${cpu}@${T + 60 * MIN}`, alertId: cpu, firedAt: T + 60 * MIN, resolvedAt: T + 70 * MIN, endedBy: 'OK', lastSeenAt: T + 90 * MIN },
    ];
    // Restarted at T + 4 min: the account says ALARM since T — firing now, not "resolved".
    const now = T + 4 * MIN;
    const r = reconcileOccurrences(later, [report(cpu, 'ALARM', T)], now, { missing: 'resolve' });
    expect(r.occurrences).toEqual([{ key: `${cpu}@${T}`, alertId: cpu, firedAt: T, resolvedAt: null, endedBy: null, lastSeenAt: now }]);
    // Nothing newly fired: the period was already open at the clock (no second page).
    expect(r.events).toEqual([]);
    // Its end, when the clock gets there, is recorded again as it happens.
    const ended = reconcileOccurrences(r.occurrences, [report(cpu, 'OK', T + 10 * MIN)], T + 11 * MIN);
    expect(ended.occurrences[0]).toMatchObject({ resolvedAt: T + 10 * MIN, endedBy: 'OK' });
  });

  it('a clock a little behind the account changes nothing: a firing a few seconds ahead of now stays', () => {
    const opened = reconcileOccurrences([], [report(cpu, 'ALARM', T + 3_000)], T).occurrences;
    const again = reconcileOccurrences(opened, [report(cpu, 'ALARM', T + 3_000)], T + 1_000);
    expect(again.events).toEqual([]);
    expect(again.occurrences).toHaveLength(1);
    expect(again.occurrences[0]).toMatchObject({ firedAt: T + 3_000, resolvedAt: null });
    const resolvedAhead = reconcileOccurrences(again.occurrences, [report(cpu, 'OK', T + 9_000)], T + 5_000);
    expect(resolvedAhead.occurrences[0]).toMatchObject({ resolvedAt: T + 9_000, endedBy: 'OK' });
    expect(reconcileOccurrences(resolvedAhead.occurrences, [report(cpu, 'OK', T + 9_000)], T + 6_000).occurrences[0]).toMatchObject({ resolvedAt: T + 9_000 });
  });

  it('leaves absent alerts alone by default; resolves them as MISSING when the snapshot is complete', () => {
    const opened = reconcileOccurrences([], [report(cpu, 'ALARM', T), report(lat, 'ALARM', T + MIN)], T + MIN).occurrences;
    expect(reconcileOccurrences(opened, [report(lat, 'ALARM', T + MIN)], T + 2 * MIN).events).toEqual([]);

    const complete = reconcileOccurrences(opened, [report(lat, 'ALARM', T + MIN)], T + 2 * MIN, { missing: 'resolve' });
    expect(complete.events).toEqual([{ type: 'resolved', alertId: cpu, occurrenceKey: `${cpu}@${T}`, at: T + 2 * MIN }]);
    expect(complete.occurrences.find((o) => o.alertId === cpu)).toMatchObject({ endedBy: 'MISSING', resolvedAt: T + 2 * MIN });

    // It comes back unchanged: the same ALARM period resumes.
    const back = reconcileOccurrences(complete.occurrences, [report(cpu, 'ALARM', T), report(lat, 'ALARM', T + MIN)], T + 3 * MIN, { missing: 'resolve' });
    expect(back.events).toEqual([{ type: 'reopened', alertId: cpu, occurrenceKey: `${cpu}@${T}`, at: T + 3 * MIN }]);
    expect(back.occurrences.filter((o) => o.alertId === cpu)).toEqual([
      { key: `${cpu}@${T}`, alertId: cpu, firedAt: T, resolvedAt: null, endedBy: null, lastSeenAt: T + 3 * MIN },
    ]);
  });

  it('keeps the newest report when a snapshot repeats an id, and never mutates its input', () => {
    const previous: Occurrence[] = [{ key: `${cpu}@${T}`, alertId: cpu, firedAt: T, resolvedAt: null, endedBy: null, lastSeenAt: T }];
    const frozen = structuredClone(previous);
    const { events } = reconcileOccurrences(previous, [report(cpu, 'OK', T + 9 * MIN), report(cpu, 'ALARM', T)], T + 10 * MIN);
    expect(events).toEqual([{ type: 'resolved', alertId: cpu, occurrenceKey: `${cpu}@${T}`, at: T + 9 * MIN }]);
    expect(previous).toEqual(frozen);
  });

  it('orders events by time', () => {
    const { events } = reconcileOccurrences([], [report(lat, 'ALARM', T + 2 * MIN), report(cpu, 'ALARM', T)], T + 3 * MIN);
    expect(events.map((e) => e.alertId)).toEqual([cpu, lat]);
  });
});

describe('a stored occurrence read without a fresh report (the queue, offline)', () => {
  // A run at T + 90 min saw the alarm fire at T and end at T + 10 min, and fire again at T + 60 min.
  const ended: Occurrence = { key: `${cpu}@${T}`, alertId: cpu, firedAt: T, resolvedAt: T + 10 * MIN, endedBy: 'OK', lastSeenAt: T + 90 * MIN };
  const refired: Occurrence = { key: `${cpu}@${T + 60 * MIN}`, alertId: cpu, firedAt: T + 60 * MIN, resolvedAt: null, endedBy: null, lastSeenAt: T + 90 * MIN };

  it('a row a later clock wrote says what it said at now: an end past now undone, a firing past now not yet', () => {
    const now = T + 4 * MIN;
    expect(storedOccurrenceAt(ended, now)).toEqual({ ...ended, resolvedAt: null, endedBy: null, lastSeenAt: now });
    expect(storedOccurrenceAt(refired, now)).toBeNull();
    // Once the clock is there, the row says what it recorded.
    expect(storedOccurrenceAt(ended, T + 10 * MIN)).toBe(ended);
    expect(storedOccurrenceAt(refired, T + 60 * MIN)).toBe(refired);
  });

  it('says when such a row next changes what it says', () => {
    expect(nextInstantPast(ended, T + 4 * MIN)).toBe(T + 10 * MIN);
    expect(nextInstantPast(refired, T + 4 * MIN)).toBe(T + 60 * MIN);
    expect(nextInstantPast(ended, T + 10 * MIN)).toBeNull();
  });

  it('a row written at or before now is taken as it is, even a few seconds ahead (the account’s clock runs ahead of ours)', () => {
    const ahead: Occurrence = { key: `${cpu}@${T + 3_000}`, alertId: cpu, firedAt: T + 3_000, resolvedAt: T + 9_000, endedBy: 'OK', lastSeenAt: T };
    expect(storedOccurrenceAt(ahead, T + 1_000)).toBe(ahead);
    expect(nextInstantPast(ahead, T + 1_000)).toBeNull();
  });

  it('an alarm state that began after now is the occurrence’s as read at now: ALARM since it fired while open, else its end', () => {
    const now = T + 4 * MIN;
    const okLater = report(cpu, 'OK', T + 10 * MIN);
    expect(upstreamStateAt(okLater, storedOccurrenceAt(ended, now)!, now)).toEqual(report(cpu, 'ALARM', T));
    expect(upstreamStateAt(okLater, ended, T + 10 * MIN)).toBe(okLater);
    const gone: Occurrence = { ...ended, resolvedAt: T + 2 * MIN, endedBy: 'INSUFFICIENT_DATA' };
    expect(upstreamStateAt(okLater, gone, now)).toEqual(report(cpu, 'INSUFFICIENT_DATA', T + 2 * MIN));
  });
});
