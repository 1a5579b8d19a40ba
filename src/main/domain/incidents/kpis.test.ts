import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { kpiReport, mtbf, unionLength, type KpiIncident } from './kpis';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string, zone: string): number => DateTime.fromISO(iso, { zone }).toMillis();

describe('incident KPIs', () => {
  it('MTTD, MTTA, MTTM, MTTR by hand', () => {
    const s = Date.UTC(2026, 9, 1);
    const incidents: KpiIncident[] = [
      { id: 'a', services: ['payment-service'], milestones: { started: s, detected: s + 4 * MIN, acknowledged: s + 6 * MIN, mitigated: s + 20 * MIN, resolved: s + 40 * MIN } },
      { id: 'b', services: ['search-service'], milestones: { started: s + 48 * H, detected: s + 48 * H + 2 * MIN, acknowledged: s + 48 * H + 10 * MIN, resolved: s + 48 * H + 20 * MIN } },
      // Open: counts for MTTD only.
      { id: 'c', services: ['search-service'], milestones: { started: s + 96 * H, detected: s + 96 * H + 6 * MIN } },
    ];
    const r = kpiReport(incidents, s, s + 30 * 24 * H);
    const v = Object.fromEntries(r.values.map((x) => [x.key, x]));
    expect(v.mttd!.value).toBe(4 * MIN); // (4 + 2 + 6) / 3
    expect(v.mtta!.value).toBe(5 * MIN); // (2 + 8) / 2
    expect(v.mtta!.met).toBe(false); // not < 5 min
    expect(v.mttm!).toMatchObject({ value: 20 * MIN, n: 1 });
    expect(v.mttr!).toMatchObject({ value: 30 * MIN, n: 2, met: false }); // (40 + 20) / 2, not < 30
    expect(v.mttr!.worked).toBe('MTTR = 60.0 min ÷ 2 = 30.0 min');
    expect(v.perMonth!).toMatchObject({ value: 3, met: true });
    expect(v.resolution!).toMatchObject({ value: 40 * MIN, met: true });
  });

  it('MTBF across several incidents entered in different time zones', () => {
    // One 30-day period (720 h) in UTC. Three payment incidents, reported by people in
    // New York, Berlin and Tokyo: the instants are what count, not the wall clocks.
    const from = Date.UTC(2026, 9, 1);
    const to = from + 720 * H;
    const p1 = { started: at('2026-10-02T08:00', 'America/New_York'), resolved: at('2026-10-02T09:00', 'America/New_York') }; // 12:00–13:00 UTC (EDT)
    const p2 = { started: at('2026-10-10T15:00', 'Europe/Berlin'), resolved: at('2026-10-10T17:00', 'Europe/Berlin') }; // 13:00–15:00 UTC (CEST)
    const p3 = { started: at('2026-10-20T22:00', 'Asia/Tokyo'), resolved: at('2026-10-20T22:30', 'Asia/Tokyo') }; // 13:00–13:30 UTC
    // A search incident that overlaps the second payment incident by 1 h.
    const s1 = { started: at('2026-10-10T14:00', 'UTC'), resolved: at('2026-10-10T16:00', 'UTC') };
    const incidents: KpiIncident[] = [
      { id: 'p1', services: ['payment-service'], milestones: p1 },
      { id: 'p2', services: ['payment-service'], milestones: p2 },
      { id: 'p3', services: ['payment-service'], milestones: p3 },
      { id: 's1', services: ['search-service'], milestones: s1 },
    ];
    const r = kpiReport(incidents, from, to);
    const pay = r.mtbf.perService.find((m) => m.scope === 'payment-service')!;
    // Downtime 1 + 2 + 0.5 = 3.5 h; uptime 716.5 h; 3 failures → 238.8333 h.
    expect(pay.downtimeMs).toBe(3.5 * H);
    expect(pay.mtbfMs! / H).toBeCloseTo(716.5 / 3, 10);
    expect(pay.met).toBe(false);
    const search = r.mtbf.perService.find((m) => m.scope === 'search-service')!;
    expect(search.mtbfMs).toBe(718 * H);
    // Overall: 13:00–15:00 and 14:00–16:00 on the 10th merge to 3 h; total 1 + 3 + 0.5 = 4.5 h.
    expect(r.mtbf.overall).toMatchObject({ failures: 4, downtimeMs: 4.5 * H, mtbfMs: (715.5 / 4) * H });
  });

  it('an open incident is down until the period end; no failure gives no MTBF', () => {
    const from = 0;
    const to = 100 * H;
    expect(mtbf('x', [{ id: 'o', services: [], milestones: { started: 90 * H } }], from, to)).toMatchObject({ downtimeMs: 10 * H, mtbfMs: 90 * H });
    expect(mtbf('x', [], from, to)).toMatchObject({ failures: 0, mtbfMs: null, met: null });
    expect(unionLength([[0, 10], [5, 15], [20, 30], [-5, 2]], 0, 25)).toBe(20);
  });

  it('months follow the chosen zone: 01:00 UTC on Nov 1 is still October in New York', () => {
    const i: KpiIncident = { id: 'x', services: [], milestones: { started: Date.UTC(2026, 10, 1, 1), resolved: Date.UTC(2026, 10, 1, 1, 20) } };
    const from = Date.UTC(2026, 9, 1, 4);
    const to = Date.UTC(2026, 10, 30);
    expect(kpiReport([i], from, to, 'America/New_York').months.map((m) => [m.month, m.incidents])).toEqual([['2026-10', 1], ['2026-11', 0]]);
    expect(kpiReport([i], from, to, 'UTC').months.map((m) => [m.month, m.incidents])).toEqual([['2026-10', 0], ['2026-11', 1]]);
    expect(() => kpiReport([], 10, 5)).toThrow(RangeError);
    expect(() => kpiReport([], 0, 5, 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
