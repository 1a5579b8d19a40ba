import { describe, expect, it } from 'vitest';
import { checkRetention, longestWindowMs } from './retention';

const DAY = 86_400_000;

describe('checkRetention: can CloudWatch serve the window at the requested resolution?', () => {
  it('a 30-day window at 1 minute: the part older than 15 days comes at 300 s', () => {
    const r = checkRetention({ kind: 'rolling', ms: 30 * DAY }, 60);
    expect(r.error).toBeNull();
    expect(r.effectiveSeconds).toBe(60);
    expect(r.notes).toEqual([
      'CloudWatch keeps 60 s (1 min) data for 15 days only: the part of this 30 days window older than that is evaluated at 300 s (5 min) resolution',
    ]);
  });

  it('a 90-day window at 5 minutes: the part older than 63 days comes at 3600 s', () => {
    const r = checkRetention({ kind: 'rolling', ms: 90 * DAY }, 300);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/300 s \(5 min\) data for 63 days only: .* evaluated at 3600 s \(60 min\) resolution/);
  });

  it('a 7-day window at 1 minute needs nothing', () => {
    expect(checkRetention({ kind: 'rolling', ms: 7 * DAY }, 60)).toEqual({ error: null, notes: [], effectiveSeconds: 60 });
    expect(checkRetention({ kind: 'calendar', unit: 'week', zone: 'UTC' }, 60).notes).toEqual([]);
  });

  it('no requested resolution: no notes (the finest kept is used)', () => {
    expect(checkRetention({ kind: 'rolling', ms: 30 * DAY }, null).notes).toEqual([]);
  });

  it('a resolution finer than 60 s, or not a multiple of it, says what will be used instead', () => {
    expect(checkRetention({ kind: 'rolling', ms: DAY }, 10).notes[0]).toBe("resolution 10 s is not a whole number of CloudWatch's 60-second datapoints; 60 s (1 min) will be used");
    expect(checkRetention({ kind: 'rolling', ms: DAY }, 90).notes[0]).toMatch(/120 s \(2 min\) will be used/);
    expect(checkRetention({ kind: 'rolling', ms: DAY }, 120).notes).toContain('CloudWatch has no 120 s (2 min) resolution; 300 s (5 min) datapoints will be used');
  });

  it('a window longer than 455 days cannot be served at all', () => {
    expect(checkRetention({ kind: 'rolling', ms: 500 * DAY }, null).error).toMatch(/500 days window is longer than CloudWatch keeps any data \(455 days\)/);
  });

  it('calendar months are as long as the longest month', () => {
    expect(longestWindowMs({ kind: 'calendar', unit: 'month', zone: 'UTC' })).toBe(31 * DAY);
    expect(checkRetention({ kind: 'calendar', unit: 'month', zone: 'Europe/Paris' }, 60).notes[0]).toMatch(/31 days window/);
  });
});
