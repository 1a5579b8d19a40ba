import { describe, expect, it } from 'vitest';
import { dataGaps, gapEntries, mergeTimeline, windowed, type Mark, type RawEntry } from './timeline';

const T = Date.parse('2026-10-26T17:28:00Z');
const MIN = 60_000;

const alarm = (source: string, at: number, to = 'ALARM'): RawEntry => ({
  key: `alarm:${source}:payment-failure-rate-high@${at}:${to}`,
  kind: 'alarm',
  source,
  at,
  title: `payment-failure-rate-high → ${to}`,
  subject: 'payment-failure-rate-high',
  zone: 'UTC',
});

describe('timeline merge', () => {
  it('orders by time, then kind, then key', () => {
    const t = mergeTimeline([
      { key: 'note:1', kind: 'note', source: 'journal', at: T + 5 * MIN, title: 'rolled back', zone: 'Europe/Berlin' },
      { key: 'change:e1', kind: 'change', source: 'cloudtrail:demo', at: T - 7 * MIN, title: 'CreateDeployment payment-service', zone: 'UTC' },
      alarm('cloudwatch:demo', T + 2 * MIN),
      { key: 'milestone:detected', kind: 'milestone', source: 'journal', at: T + 2 * MIN, title: 'Detected', zone: 'UTC' },
    ]);
    expect(t.map((e) => e.key)).toEqual(['change:e1', `alarm:cloudwatch:demo:payment-failure-rate-high@${T + 2 * MIN}:ALARM`, 'milestone:detected', 'note:1']);
    expect(t[3]!.zone).toBe('Europe/Berlin');
  });

  it('the same event from two sources is one entry that names both', () => {
    const exact: RawEntry = { key: 'change:e1', kind: 'change', source: 'cloudtrail:demo', at: T, title: 'x', zone: 'UTC' };
    const t1 = mergeTimeline([exact, { ...exact, source: 'bundle', detail: 'from the bundle' }]);
    expect(t1).toHaveLength(1);
    expect(t1[0]).toMatchObject({ sources: ['cloudtrail:demo', 'bundle'], detail: 'from the bundle' });
    // Same alarm change seen by two sources 400 ms apart (clock skew): one entry, the earliest time.
    const t2 = mergeTimeline([alarm('cloudwatch:acct-a', T + 400), alarm('cloudwatch:acct-b', T)]);
    expect(t2).toHaveLength(1);
    expect(t2[0]).toMatchObject({ at: T, sources: ['cloudwatch:acct-b', 'cloudwatch:acct-a'] });
    // Two real flaps from the same source stay two entries, as do reports 5 s apart.
    expect(mergeTimeline([alarm('cloudwatch:a', T), alarm('cloudwatch:a', T + 500)])).toHaveLength(2);
    expect(mergeTimeline([alarm('cloudwatch:a', T), alarm('cloudwatch:b', T + 5_000)])).toHaveLength(2);
  });

  it('reviewer marks: pin, annotate, hide and correct without losing the original; gaps cannot be hidden', () => {
    const gap = gapEntries([{ start: T, end: T + 12 * MIN, reason: 'offline' }], 'demo')[0]!;
    const entries: RawEntry[] = [alarm('cloudwatch:demo', T + MIN), gap, { key: 'note:9', kind: 'note', source: 'journal', at: T + 3 * MIN, title: 'typo', zone: 'UTC' }];
    const k = entries[0]!.key;
    const marks: Mark[] = [
      { id: 'm1', entryKey: k, kind: 'pin', author: 'rev', createdAt: 1, body: null, correctedAt: null },
      { id: 'm2', entryKey: k, kind: 'annotate', author: 'rev', createdAt: 2, body: 'first sign', correctedAt: null },
      { id: 'm3', entryKey: 'note:9', kind: 'hide', author: 'rev', createdAt: 3, body: null, correctedAt: null },
      { id: 'm4', entryKey: gap.key, kind: 'hide', author: 'rev', createdAt: 4, body: null, correctedAt: null },
      { id: 'm5', entryKey: k, kind: 'correct', author: 'rev', createdAt: 5, body: 'payment alarm fired', correctedAt: T - MIN },
    ];
    const t = mergeTimeline(entries, marks);
    const a = t.find((e) => e.key === k)!;
    expect(a).toMatchObject({ pinned: true, at: T - MIN, title: 'payment alarm fired', original: { at: T + MIN, title: 'payment-failure-rate-high → ALARM' }, correctedBy: 'rev' });
    expect(a.annotations.map((x) => x.body)).toEqual(['first sign']);
    expect(t[0]!.key).toBe(k); // re-ordered by the corrected time
    expect(t.find((e) => e.key === 'note:9')!.hidden).toBe(true);
    expect(t.find((e) => e.kind === 'gap')!.hidden).toBe(false);
  });

  it('gaps: silence longer than the step, at the edges, and after the last sync', () => {
    const pts = [0, 1, 2, 3, 10, 11, 12].map((m) => T + m * MIN);
    expect(dataGaps(pts, T, T + 13 * MIN, 3 * MIN, null)).toEqual([{ start: T + 3 * MIN, end: T + 10 * MIN, reason: 'no datapoints for 7 min' }]);
    expect(dataGaps(pts, T - 10 * MIN, T + 20 * MIN, 3 * MIN, T + 13 * MIN)).toEqual([
      { start: T - 10 * MIN, end: T, reason: 'no cached datapoints before this' },
      { start: T + 3 * MIN, end: T + 10 * MIN, reason: 'no datapoints for 7 min' },
      { start: T + 13 * MIN, end: T + 20 * MIN, reason: 'no data since the last successful sync' },
    ]);
    expect(dataGaps([], T, T + MIN, MIN, null)).toEqual([{ start: T, end: T + MIN, reason: 'no cached datapoints in this window' }]);
    const [g] = gapEntries([{ start: T, end: T + 7 * MIN, reason: 'x' }], 'demo');
    expect(g).toMatchObject({ kind: 'gap', title: 'No data from demo for 7 min', endAt: T + 7 * MIN });
    // A gap spanning the zoom window is shown in it.
    expect(windowed(mergeTimeline([g!]), T + 2 * MIN, T + 3 * MIN)).toHaveLength(1);
  });
});
