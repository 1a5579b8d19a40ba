import { describe, expect, it } from 'vitest';
import type { Incident } from './model';
import { minutesText, reviewMarkdown, type ReviewInput } from './review';

const T = Date.UTC(2026, 9, 26, 17, 28);
const MIN = 60_000;
const incident: Incident = { id: 'i1', title: 'Payment errors', severity: 'P1', services: ['payment-service'], summary: '', declaredAt: T, declaredBy: 'ana', declaredFrom: null, milestones: { started: T, detected: T + MIN, resolved: T + 20 * MIN }, roles: {}, updatedAt: T };
const base: ReviewInput = {
  incident,
  timeline: [],
  notes: [],
  actionItems: [],
  alerts: [],
  impact: { from: T, to: T + 20 * MIN, open: false, formula: 'spent = bad ÷ total × time with data; share = spent ÷ ((1 − target) × window)', slos: [], note: null },
  links: [],
  generatedAt: T + 60 * MIN,
  changesLookbackMs: 2 * 3_600_000,
};
const impactOf = (md: string): string => md.slice(md.indexOf('## Impact'), md.indexOf('## Timeline'));

describe('the review’s Impact section', () => {
  it('budget minutes in the SLO page’s units', () => {
    expect([48, 1.2, 0.333, 216].map(minutesText)).toEqual(['48.0 min', '1.20 min', '0.33 min', '3.6 h']);
  });

  it('per SLO: failures, minutes spent, share of the window’s budget, milestone times, the formula and the worked numbers', () => {
    // 6 % of 20 000 requests failed for the 20 minutes: 0.06 × 20 min = 1.2 min of 4.32 = 27.8 %.
    const md = reviewMarkdown({
      ...base,
      impact: {
        ...base.impact,
        slos: [
          { name: 'Payment Service', targetPct: 99.99, windowLabel: 'rolling 30 days (UTC)', budgetMinutes: 4.32, bad: 1_200, total: 20_000, spentMinutes: 1.2, spentPct: 27.777, crossings: [{ share: 0.5, at: T + 12 * MIN }], worked: 'spent = 1 200 ÷ 20 000 × 20 min = 1.2 min; …', reason: null },
          { name: 'Payment failures < 0.01 %', targetPct: 99.99, windowLabel: 'rolling 30 days (UTC)', budgetMinutes: 4.32, bad: 0, total: 0, spentMinutes: null, spentPct: null, crossings: [], worked: '', reason: 'no events cached between a | b' },
        ],
      },
    });
    const section = impactOf(md);
    expect(section).toContain('Error budget spent during the incident, 2026-10-26 17:28:00 UTC → 2026-10-26 17:48:00 UTC (20 min).');
    expect(section).toContain('| Payment Service | 99.99 % | 1,200 / 20,000 | 1.20 min | 27.8 % of 4.32 min | 2026-10-26 17:40:00 UTC / — | rolling 30 days (UTC) |');
    expect(section).toContain('| Payment failures < 0.01 % | 99.99 % | — | unknown | unknown: no events cached between a \\| b | — / — | rolling 30 days (UTC) |');
    expect(section).toContain('Formula: spent = bad ÷ total × time with data; share = spent ÷ ((1 − target) × window)');
    expect(section).toContain('- Payment Service: spent = 1 200 ÷ 20 000 × 20 min = 1.2 min; …');
    expect(section).not.toContain('- Payment failures');
  });

  it('an open incident says so; no SLO gives the reason instead of an empty table', () => {
    const md = reviewMarkdown({ ...base, impact: { ...base.impact, open: true, to: T + 10 * MIN, note: 'No SLO is defined for payment-service and none is linked.' } });
    const section = impactOf(md);
    expect(section).toContain('(still open: to the newest cached data) (10 min).');
    expect(section).toContain('No SLO is defined for payment-service and none is linked.');
    expect(section).not.toContain('| SLO |');
  });
});
