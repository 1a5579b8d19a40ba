// America/New_York local time without a time-zone library in the hot path: the platform's
// traffic follows New York's day, and the simulator asks "what local minute is this?" for
// every 1-minute sample. US rules since 2007: DST from the second Sunday of March 02:00
// local to the first Sunday of November 02:00 local.

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;

const EST = -5 * HOUR;
const EDT = -4 * HOUR;

let cachedYearStart = Number.POSITIVE_INFINITY;
let cachedYearEnd = Number.NEGATIVE_INFINITY;
let cachedDstStart = 0;
let cachedDstEnd = 0;

function loadYear(sec: number): void {
  const year = new Date(sec * 1000).getUTCFullYear();
  cachedYearStart = Date.UTC(year, 0, 1) / 1000;
  cachedYearEnd = Date.UTC(year + 1, 0, 1) / 1000;
  const march1 = new Date(Date.UTC(year, 2, 1)).getUTCDay();
  const secondSundayMarch = 1 + ((7 - march1) % 7) + 7;
  const november1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstSundayNovember = 1 + ((7 - november1) % 7);
  // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
  cachedDstStart = Date.UTC(year, 2, secondSundayMarch, 7) / 1000;
  cachedDstEnd = Date.UTC(year, 10, firstSundayNovember, 6) / 1000;
}

/** UTC offset of America/New_York at the instant `sec` (epoch seconds), in seconds. */
export function newYorkOffset(sec: number): number {
  if (sec < cachedYearStart || sec >= cachedYearEnd) loadYear(sec);
  return sec >= cachedDstStart && sec < cachedDstEnd ? EDT : EST;
}

/** Epoch seconds of a New York wall-clock time given as "local seconds since 1970-01-01 00:00 local". */
export function utcFromNewYorkLocal(localSec: number): number {
  const guess = localSec - newYorkOffset(localSec + 5 * HOUR);
  const offset = newYorkOffset(guess);
  return localSec - offset;
}

/** Local (New York) seconds since the local epoch for the instant `sec`. */
export function newYorkLocal(sec: number): number {
  return sec + newYorkOffset(sec);
}
