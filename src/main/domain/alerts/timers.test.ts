import { describe, expect, it } from 'vitest';
import { nextBusinessDayStart, responseDueAt, responseTimer } from './timers';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const T = at('2026-05-04T10:00:00Z');

describe('fixed targets P1–P3', () => {
  it('P1: 5 minutes, counting down, then overdue', () => {
    expect(responseTimer('P1', T, null, T + 3 * MIN)).toEqual({
      severity: 'P1', firedAt: T, dueAt: T + 5 * MIN, targetMs: 5 * MIN, acknowledgedAt: null, remainingMs: 2 * MIN, overdue: false, status: 'running',
    });
    expect(responseTimer('P1', T, null, T + 5 * MIN)).toMatchObject({ remainingMs: 0, overdue: false, status: 'running' });
    expect(responseTimer('P1', T, null, T + 5 * MIN + 1)).toMatchObject({ remainingMs: -1, overdue: true, status: 'overdue' });
  });

  it('freezes at the acknowledgement: met or missed', () => {
    expect(responseTimer('P1', T, T + 4 * MIN, T + 60 * MIN)).toMatchObject({ remainingMs: MIN, overdue: false, status: 'met' });
    expect(responseTimer('P2', T, T + 15 * MIN, T + 60 * MIN)).toMatchObject({ dueAt: T + 15 * MIN, remainingMs: 0, status: 'met' });
    expect(responseTimer('P2', T, T + 16 * MIN, T + 60 * MIN)).toMatchObject({ remainingMs: -MIN, overdue: false, status: 'missed' });
    expect(responseDueAt('P3', T)).toBe(T + 60 * MIN);
  });
});

describe('P4: 09:00 local on the next business day', () => {
  it('over a weekend (and the spring-forward change): Friday 16:00 EST → Monday 09:00 EDT', () => {
    const friday = at('2026-03-06T21:00:00Z'); // Fri 16:00 EST
    const monday9 = at('2026-03-09T13:00:00Z'); // Mon 09:00 EDT
    expect(responseDueAt('P4', friday)).toBe(monday9);
    expect(responseDueAt('P4', at('2026-03-07T15:00:00Z'))).toBe(monday9); // Saturday
    expect(responseDueAt('P4', at('2026-03-08T23:00:00Z'))).toBe(monday9); // Sunday evening
    expect(responseTimer('P4', friday, null, monday9 - MIN)).toMatchObject({ remainingMs: MIN, status: 'running', targetMs: monday9 - friday });
    expect(responseTimer('P4', friday, null, monday9 + 30 * MIN)).toMatchObject({ remainingMs: -30 * MIN, overdue: true, status: 'overdue' });
    expect(responseTimer('P4', friday, at('2026-03-07T15:00:00Z'), monday9 + 30 * MIN).status).toBe('met');
  });

  it('means the next day, not the start of business: Monday 08:00 → Tuesday 09:00', () => {
    expect(responseDueAt('P4', at('2026-03-09T12:00:00Z'))).toBe(at('2026-03-10T13:00:00Z'));
  });

  it('uses the local date: Friday 20:00 EDT is already Saturday in UTC', () => {
    expect(responseDueAt('P4', at('2026-10-31T00:00:00Z'))).toBe(at('2026-11-02T14:00:00Z')); // Mon 09:00 EST
  });

  it('skips holidays and honours the business zone', () => {
    expect(nextBusinessDayStart(at('2026-12-24T22:00:00Z'), 'America/New_York', ['2026-12-25'])).toBe(at('2026-12-28T14:00:00Z'));
    expect(nextBusinessDayStart(at('2026-12-24T22:00:00Z'))).toBe(at('2026-12-25T14:00:00Z'));
    expect(responseDueAt('P4', at('2026-01-09T18:00:00Z'), 'Europe/London')).toBe(at('2026-01-12T09:00:00Z'));
    expect(responseTimer('P4', at('2026-01-09T18:00:00Z'), null, at('2026-01-12T08:00:00Z'), 'Asia/Tokyo').dueAt).toBe(at('2026-01-12T00:00:00Z'));
  });
});
