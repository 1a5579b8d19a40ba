import { describe, expect, it } from 'vitest';
import {
  axisFormat,
  formatMeasured,
  formatMs,
  formatAge,
  formatBudgetMinutes,
  formatBudgetMinutesOf,
  formatBudgetMinutesIn,
  formatBurnAgainst,
  formatPartial,
  formatBudgetLeft,
  formatBudgetPct,
  formatElapsed,
  formatBurnMultiple,
  formatBurnRate,
  formatBytes,
  formatChangePct,
  formatClock,
  formatCompact,
  formatCount,
  formatDecimal,
  formatLocalDateTime,
  formatLocalOffset,
  formatNumber,
  formatDuration,
  formatMonthDayTime,
  formatPct,
  formatPctForTarget,
  formatShare,
  formatSpan,
  formatTick,
  formatTime,
  isPartialWindow,
  NO_DATA,
  targetDecimals,
} from './format';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time';

const AT = Date.UTC(2026, 10, 23, 14, 5, 9); // 2026-11-23 14:05:09 UTC

describe('timestamps carry their zone', () => {
  it('UTC, with and without seconds', () => {
    expect(formatTime(AT, 'utc')).toBe('2026-11-23 14:05 UTC');
    expect(formatTime(AT, 'utc', true)).toBe('2026-11-23 14:05:09 UTC');
    expect(formatMonthDayTime(AT, 'utc')).toBe('11-23 14:05 UTC');
    expect(formatClock(AT, 'utc')).toBe('14:05 UTC');
  });

  it('local time names the local zone, never a bare time', () => {
    expect(formatTime(AT, 'local')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+$/);
    expect(formatTime(AT, 'local')).not.toMatch(/ $/);
  });

  it('axis ticks: time of day within two days, the date beyond', () => {
    expect(formatTick(AT, 'utc', 6 * HOUR_MS)).toBe('14:05');
    expect(formatTick(AT, 'utc', 30 * DAY_MS)).toBe('11-23');
  });
});

describe('durations: the unit follows the magnitude', () => {
  it.each([
    [0, '0 s'],
    [45 * SECOND_MS, '45 s'],
    [59.4 * SECOND_MS, '59 s'],
    [3 * MINUTE_MS, '3 min'],
    [2 * HOUR_MS + 5 * MINUTE_MS, '2 h 05 min'],
    [4 * DAY_MS + 3 * HOUR_MS + 59 * MINUTE_MS, '4 d 3 h'],
    [30 * DAY_MS, '30 d'],
    [30 * DAY_MS + 20 * MINUTE_MS, '30 d'],
    [-90 * SECOND_MS, '−1 min'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('spans read as one whole unit', () => {
    expect(formatSpan(24 * HOUR_MS)).toBe('24 h');
    expect(formatSpan(2 * DAY_MS)).toBe('2 d');
    expect(formatSpan(30 * MINUTE_MS)).toBe('30 min');
    expect(formatSpan(4 * HOUR_MS)).toBe('4 h');
  });

  it('budget minutes: 4.32 min, 43.2 min, 3.6 h', () => {
    expect(formatBudgetMinutes(4.32)).toBe('4.32 min');
    expect(formatBudgetMinutes(43.2)).toBe('43.2 min');
    expect(formatBudgetMinutes(216)).toBe('3.6 h');
    expect(formatBudgetMinutes(-3.14159)).toBe('−3.14 min');
  });

  it('a part and its whole share one unit, chosen by the whole', () => {
    expect(formatBudgetMinutesOf(104, 432)).toBe('1.73 h of 7.2 h');
    expect(formatBudgetMinutesOf(37.96, 43.2)).toBe('38 min of 43.2 min');
    expect(formatBudgetMinutesOf(2.0524, 4.32)).toBe('2.05 min of 4.32 min');
    expect(formatBudgetMinutesOf(187.8, 216)).toBe('3.13 h of 3.6 h');
  });

  it('budget left is the figure once the window is loaded, and says "partial" instead while it loads', () => {
    expect(formatBudgetLeft(73.6222, 1)).toBe('73.6 %');
    expect(formatBudgetLeft(62.9, 0.2289)).toBe('partial — 22 % of the window loaded');
    expect(formatBudgetLeft(62.9, 0.996)).toBe('62.9 %');
    expect(formatBudgetLeft(null, undefined)).toBe('—');
    expect([0, 0.5, 0.994, 0.995, 1, null, undefined].map(isPartialWindow)).toEqual([true, true, true, false, false, false, false]);
    expect(NO_DATA).toBe('no data cached yet');
  });

  it('partial history says how much of the window is loaded, rounded down', () => {
    expect(formatPartial(0.2299)).toBe('partial — 22 % of the window loaded');
    expect(formatPartial(0.999)).toBe('partial — 99 % of the window loaded');
    expect(formatPartial(-0.1)).toBe('partial — 0 % of the window loaded');
  });
});

describe('ages are never negative', () => {
  it('a timestamp in the future or under a second old is "just now"', () => {
    expect(formatAge(-5 * MINUTE_MS, 'ago')).toBe('just now');
    expect(formatAge(400, 'old')).toBe('just now');
    expect(formatAge(Number.NaN, 'old')).toBe('just now');
  });

  it('how long something has been going on is never negative either', () => {
    expect(formatElapsed(-1 * SECOND_MS)).toBe('0 s');
    expect(formatElapsed(Number.NaN)).toBe('0 s');
    expect(formatElapsed(104 * MINUTE_MS)).toBe('1 h 44 min');
  });

  it('otherwise the duration and the word', () => {
    expect(formatAge(3 * MINUTE_MS, 'ago')).toBe('3 min ago');
    expect(formatAge(12 * SECOND_MS, 'old')).toBe('12 s old');
  });
});

describe('percentages: precision by purpose', () => {
  it('a 99.99 % target needs 4 decimals, 99.9 three, 99 two', () => {
    expect(targetDecimals(99.99)).toBe(4);
    expect(targetDecimals(99.9)).toBe(3);
    expect(targetDecimals(99)).toBe(2);
    expect(targetDecimals(99.999)).toBe(5);
    expect(formatPctForTarget(99.99473, 99.99)).toBe('99.9947 %');
    expect(formatPctForTarget(99.98512, 99.9)).toBe('99.985 %');
    // 100 keeps its decimals so a column stays aligned (and reads as measured, not rounded).
    expect(formatPctForTarget(100, 99.95)).toBe('100.0000 %');
    expect(formatPctForTarget(null, 99.9)).toBe('—');
  });

  it('budgets: one decimal, negative when overspent', () => {
    expect(formatBudgetPct(47.512)).toBe('47.5 %');
    expect(formatBudgetPct(-3.14)).toBe('−3.1 %');
    expect(formatBudgetPct(null)).toBe('—');
  });

  it('targets drop trailing zeros; shares and changes read as percentages', () => {
    expect(formatPct(99.9)).toBe('99.9 %');
    expect(formatPct(99.95, 3)).toBe('99.95 %');
    expect(formatShare(0.875)).toBe('87.5 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(null)).toBe('—');
    expect(formatChangePct(4.24)).toBe('+4.2 %');
    expect(formatChangePct(-12)).toBe('−12.0 %');
  });
});

describe('burn rates: 3 significant figures', () => {
  it.each([
    [0, '0'],
    [0.0005, '<0.001'],
    [0.05123, '0.0512'],
    [0.694, '0.694'],
    [1.5, '1.50'],
    [14.4, '14.4'],
    [105.012, '105'],
    [758.908, '759'],
    [1234.5, '1,235'],
  ])('%d → %s', (burn, text) => expect(formatBurnRate(burn)).toBe(text));

  it('as a multiple, and unknown as a dash', () => {
    expect(formatBurnMultiple(24.8913)).toBe('24.9×');
    expect(formatBurnMultiple(null)).toBe('—');
    expect(formatBurnRate(null)).toBe('—');
  });
});

describe('counts, compact values and bytes', () => {
  it('counts group thousands', () => {
    expect(formatCount(18298405)).toBe('18,298,405');
    expect(formatCount(2.6)).toBe('3');
  });

  it('compact values for chart axes', () => {
    expect(formatCompact(2.2951)).toBe('2.295');
    expect(formatCompact(45_300)).toBe('45.3 k');
    expect(formatCompact(1_200_000)).toBe('1.2 M');
    expect(formatCompact(3 * 2 ** 30)).toBe('3.0 Gi');
    // Thousands separated from 1,000, as tiles and legends write them.
    expect(formatCompact(1000)).toBe('1,000');
    expect(formatCompact(2345.6)).toBe('2,346');
    expect(formatCompact(999)).toBe('999');
  });

  it('bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(18 * 1024)).toBe('18 KiB');
    expect(formatBytes(1.4 * 2 ** 30)).toBe('1.4 GiB');
    expect(formatBytes(312 * 2 ** 20)).toBe('312 MiB');
  });
});

describe('negatives carry the typographic minus (U+2212), never an ASCII hyphen', () => {
  it('an overspent budget reads "−12.3 %"', () => {
    expect(formatBudgetPct(-12.34)).toBe('−12.3 %');
    expect(formatBudgetLeft(-12.34, 1)).toBe('−12.3 %');
  });
  it('every number formatter signs the same way', () => {
    const shown = [
      formatBudgetMinutes(-43.2),
      formatBudgetMinutesOf(-150, 432),
      formatPct(-0.5),
      formatPctForTarget(-1.23456, 99.9),
      formatShare(-0.25),
      formatChangePct(-3),
      formatCount(-1234),
      formatNumber(-0.0125),
      formatDecimal(-2.5, 1),
      formatCompact(-45_300),
      formatDuration(-90_000),
    ];
    for (const text of shown) {
      expect(text, text).not.toContain('-');
      expect(text.startsWith('−'), text).toBe(true);
    }
  });
  it('a negative that rounds to zero is not shown as "−0"', () => {
    expect(formatBudgetPct(-0.04)).toBe('0.0 %');
    expect(formatChangePct(-0.04)).toBe('+0.0 %');
    expect(formatBudgetMinutes(-0.001)).toBe('0 min');
    expect(formatNumber(-0.00001, 2)).toBe('−0.00001');
  });
});

describe('budget units and burn rates against a threshold', () => {
  it('a budget figure is written in the unit of the whole budget', () => {
    expect(formatBudgetMinutesIn(118.2, 432)).toBe('1.97 h');
    expect(formatBudgetMinutesIn(38, 43.2)).toBe('38 min');
    expect(formatBudgetMinutesIn(2.0524, 4.32)).toBe('2.05 min');
    expect(formatBudgetMinutesIn(-53.17, 4.32)).toBe('−53.17 min');
  });
  it('3 significant figures unless that reads as the threshold', () => {
    expect(formatBurnAgainst(20.04, 14.4)).toBe('20.0×');
    expect(formatBurnAgainst(14.4, 14.4)).toBe('14.4×');
    expect(formatBurnAgainst(14.39996, 14.4)).toBe('14.39996×');
    expect(formatBurnAgainst(14.41, 14.4)).toBe('14.41×');
  });
});

describe('wall-clock text computed in a rule’s zone', () => {
  it('the offset reads as an offset from UTC, with the typographic minus', () => {
    expect(formatLocalOffset('2026-11-01T02:00:00-05:00')).toBe('UTC−05:00');
    expect(formatLocalOffset('2026-07-01T02:00:00+01:00')).toBe('UTC+01:00');
    expect(formatLocalDateTime('2026-11-01T02:00:00-05:00')).toBe('2026-11-01 02:00');
  });
});

describe('one rule for measured figures and value axes', () => {
  it('durations from 1,000 ms read in seconds, thousands separated for every unit', () => {
    expect(formatMs(842)).toBe('842 ms');
    expect(formatMs(54.12)).toBe('54.1 ms');
    expect(formatMs(1050)).toBe('1.05 s');
    expect(formatMs(3200)).toBe('3.2 s');
    expect(formatMs(1_250_000)).toBe('1,250 s');
    expect(formatMeasured(1500, 'ms')).toBe('1.5 s');
    expect(formatMeasured(2190, 'req/s')).toBe('2,190 req/s');
    expect(formatMeasured(12_345, 'orders')).toBe('12,345 orders');
    expect(formatMeasured(236, 'req/s')).toBe('236 req/s');
  });

  it('an axis of ms that reaches 1,000 ms is in seconds, every tick with the same decimals', () => {
    const a = axisFormat([0, 500, 1000, 1500, 2000], 'ms');
    expect(a.unit).toBe('s');
    expect([0, 500, 1000, 1500, 2000].map(a.format)).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0']);
    const b = axisFormat([0, 250, 500, 750], 'ms');
    expect(b.unit).toBe('ms');
    expect([0, 250, 500, 750].map(b.format)).toEqual(['0', '250', '500', '750']);
  });

  it('axis ticks below 10,000 carry the thousands separator', () => {
    const a = axisFormat([0, 2000, 4000, 6000, 8000], 'req/s');
    expect([0, 2000, 4000, 6000, 8000].map(a.format)).toEqual(['0', '2,000', '4,000', '6,000', '8,000']);
    expect(a.unit).toBe('req/s');
  });

  it('one precision per axis: the finest tick decides', () => {
    const ticks = [99.8, 99.85, 99.9, 99.95, 100];
    expect(ticks.map(axisFormat(ticks, '%').format)).toEqual(['99.80', '99.85', '99.90', '99.95', '100.00']);
    const neg = [-0.5, 0, 0.5];
    expect(neg.map(axisFormat(neg, '×').format)).toEqual(['−0.5', '0.0', '0.5']);
  });
});
