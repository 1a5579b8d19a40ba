import { describe, expect, it } from 'vitest';
import { checkMilestones, compareForList, editMilestone, foldIncident, MilestoneOrderError, phaseOf, statusReminder, type Incident } from './model';

const T = Date.parse('2026-10-26T17:28:00Z');
const MIN = 60_000;
const NOW = T + 60 * MIN;

function refusal(fn: () => unknown): { field: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MilestoneOrderError) return { field: e.field, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('milestones', () => {
  it('accepts milestones in order, with skips', () => {
    expect(() => checkMilestones({ started: T, detected: T + 2 * MIN, mitigated: T + 20 * MIN, resolved: T + 30 * MIN }, NOW)).not.toThrow();
    // Equal times are in order (detected the moment it started).
    expect(() => checkMilestones({ started: T, detected: T }, NOW)).not.toThrow();
  });

  it('refuses a milestone before the one it follows, naming the field', () => {
    const r = refusal(() => editMilestone({ started: T, detected: T + 5 * MIN }, 'acknowledged', T + 4 * MIN, NOW));
    expect(r.field).toBe('acknowledged');
    expect(r.message).toBe('milestones.acknowledged: 2026-10-26T17:32:00Z is before detected (2026-10-26T17:33:00Z); acknowledged follows detected');
    // Skipped milestones do not matter: resolved is checked against the latest earlier one set.
    expect(refusal(() => editMilestone({ started: T, mitigated: T + 20 * MIN }, 'resolved', T + 10 * MIN, NOW)).field).toBe('resolved');
    // Moving an earlier milestone after a later one is refused at the later field.
    expect(refusal(() => editMilestone({ started: T, detected: T + 5 * MIN }, 'started', T + 6 * MIN, NOW)).field).toBe('detected');
  });

  it('refuses a resolved time in the future, and a review before resolution', () => {
    const r = refusal(() => editMilestone({ started: T }, 'resolved', NOW + 10 * MIN, NOW));
    expect(r.field).toBe('resolved');
    expect(r.message).toMatch(/in the future/);
    // Within a minute of skew is tolerated.
    expect(() => editMilestone({ started: T }, 'resolved', NOW + 30_000, NOW)).not.toThrow();
    expect(refusal(() => editMilestone({ started: T }, 'reviewed', T + 5 * MIN, NOW)).field).toBe('reviewed');
    expect(refusal(() => editMilestone({ started: T }, 'started', null, NOW)).field).toBe('started');
  });

  it('clearing a milestone re-opens the incident', () => {
    const m = editMilestone({ started: T, resolved: T + 10 * MIN }, 'resolved', null, NOW);
    expect(m).toEqual({ started: T });
    expect(phaseOf(m)).toBe('triage');
    expect(phaseOf({ started: T, identified: T })).toBe('investigating');
    expect(phaseOf({ started: T, mitigated: T })).toBe('mitigated');
  });
});

describe('status-update reminder', () => {
  it('is due 30 min after the last update, counted from the declaration when none was written', () => {
    expect(statusReminder({ started: T }, T, null, T + 29 * MIN)?.due).toBe(false);
    const due = statusReminder({ started: T }, T, null, T + 31 * MIN)!;
    expect(due.due).toBe(true);
    expect(due.overdueMs).toBe(MIN);
    expect(due.text).toBe('No status update for 31 min: the seeds ask for one every 15–30 minutes.');
    // An update resets it.
    expect(statusReminder({ started: T }, T, T + 25 * MIN, T + 31 * MIN)).toMatchObject({ due: false, dueAt: T + 55 * MIN });
    // Resolved incidents need no updates.
    expect(statusReminder({ started: T, resolved: T + MIN }, T, null, T + 90 * MIN)).toBeNull();
  });
});

describe('folding journal rows', () => {
  it('the newest row per field wins; a null milestone clears it', () => {
    const inc = foldIncident(
      { id: 'i1', createdAt: T, author: 'ana', title: 'Payment errors', severity: 'P2', services: ['payment-service'], summary: '', declaredFrom: null },
      [{ createdAt: T + 1, author: 'bo', title: null, severity: 'P1', services: null, summary: 'checkout fails' }],
      [
        { createdAt: T + 2, author: 'ana', milestone: 'started', at: T - 5 * MIN },
        { createdAt: T + 3, author: 'ana', milestone: 'detected', at: T },
        { createdAt: T + 4, author: 'ana', milestone: 'detected', at: null },
      ],
      [
        { createdAt: T + 5, author: 'ana', role: 'commander', person: 'Ana' },
        { createdAt: T + 6, author: 'ana', role: 'commander', person: 'Bo' },
      ],
    );
    expect(inc).toMatchObject({ title: 'Payment errors', severity: 'P1', summary: 'checkout fails', milestones: { started: T - 5 * MIN }, roles: { commander: 'Bo' }, updatedAt: T + 6 });
  });

  it('lists open incidents first, then by start, newest first', () => {
    const mk = (id: string, started: number, resolved?: number): Incident => ({
      id, title: id, severity: 'P3', services: [], summary: '', declaredAt: started, declaredBy: 'a', declaredFrom: null, roles: {}, updatedAt: started,
      milestones: resolved === undefined ? { started } : { started, resolved },
    });
    const list = [mk('old-closed', 1, 2), mk('new-closed', 10, 11), mk('old-open', 3), mk('new-open', 12)].sort(compareForList);
    expect(list.map((i) => i.id)).toEqual(['new-open', 'old-open', 'new-closed', 'old-closed']);
  });
});
