import { describe, expect, it } from 'vitest';
import type { Severity } from '@shared/contract/alerts';
import type { UpstreamAlert } from './model';
import { reconcileOccurrences, type Occurrence } from './occurrences';
import { ScheduledMaintenance, Silence } from '@shared/contract/alerts';
import { JournalAction, effectiveAlertState, sortAlertQueue, type QueueItem } from './queue';
import { responseTimer } from './timers';
import { SEEDS_MAINTENANCE } from './maintenance';
import { issuesOf as schemaIssues } from './schemaIssues.testkit';

const parseJournalAction = (input: unknown): JournalAction => JournalAction.parse(input);
const parseScheduledMaintenance = (input: unknown): ScheduledMaintenance => ScheduledMaintenance.parse(input);
const parseSilence = (input: unknown): Silence => Silence.parse(input);

const MIN = 60_000;
const T = Date.parse('2026-05-04T10:00:00Z');
const alert: UpstreamAlert & { severity: Severity } = {
  id: 'order-cpu',
  source: 'cloudwatch',
  name: 'OrderDbCpuHigh',
  title: 'Order DB CPU > 80%',
  service: 'order',
  namespace: 'AWS/RDS',
  state: 'ALARM',
  stateSince: T,
  tags: {},
  severity: 'P2',
};
const occurrence: Occurrence = { key: `order-cpu@${T}`, alertId: 'order-cpu', firedAt: T, resolvedAt: null, endedBy: null, lastSeenAt: T };
const key = occurrence.key;

const act = (a: Record<string, unknown>): JournalAction => parseJournalAction({ occurrenceKey: key, author: 'ana', ...a });
const stateAt = (now: number, actions: JournalAction[], extra: Partial<Parameters<typeof effectiveAlertState>[0]> = {}) =>
  effectiveAlertState({ alert, occurrence, actions, silences: [], maintenance: [], now, ...extra });

describe('effective state from the journal', () => {
  it('fires and notifies with no actions', () => {
    expect(stateAt(T + MIN, [])).toEqual({
      occurrenceKey: key, state: 'firing', acknowledgement: null, firstAcknowledgedAt: null, snoozedUntil: null, assignee: null,
      silenceId: null, maintenance: null, resolvedAt: null, suppressedBy: [], notify: true,
    });
  });

  it('acknowledge, unacknowledge, assign', () => {
    const ack = act({ kind: 'ack', at: T + 2 * MIN });
    const assign = act({ kind: 'assign', at: T + 3 * MIN, author: 'lead', assignee: 'bo' });
    expect(stateAt(T + 4 * MIN, [assign, ack])).toMatchObject({
      state: 'acknowledged', acknowledgement: { by: 'ana', at: T + 2 * MIN }, firstAcknowledgedAt: T + 2 * MIN, assignee: 'bo', notify: false,
    });
    const unack = act({ kind: 'unack', at: T + 5 * MIN });
    expect(stateAt(T + 6 * MIN, [ack, unack])).toMatchObject({ state: 'firing', acknowledgement: null, firstAcknowledgedAt: T + 2 * MIN, notify: true });
    // Not yet happened at `now`: ignored.
    expect(stateAt(T + MIN, [ack]).state).toBe('firing');
    // A second ack keeps the first acknowledger.
    expect(stateAt(T + 9 * MIN, [ack, act({ kind: 'ack', at: T + 8 * MIN, author: 'bo' })]).acknowledgement).toEqual({ by: 'ana', at: T + 2 * MIN });
  });

  it('snooze suppresses until it runs out, then the alert fires again even if acknowledged before', () => {
    const actions = [act({ kind: 'ack', at: T + MIN }), act({ kind: 'snooze', at: T + 2 * MIN, until: T + 32 * MIN })];
    expect(stateAt(T + 10 * MIN, actions)).toMatchObject({
      state: 'snoozed', snoozedUntil: T + 32 * MIN, acknowledgement: null, suppressedBy: [{ kind: 'snooze', by: 'ana', until: T + 32 * MIN }], notify: false,
    });
    expect(stateAt(T + 32 * MIN, actions)).toMatchObject({ state: 'firing', snoozedUntil: null, suppressedBy: [], notify: true, firstAcknowledgedAt: T + MIN });
    expect(stateAt(T + 10 * MIN, [...actions, act({ kind: 'unsnooze', at: T + 5 * MIN })]).state).toBe('firing');
  });

  it('ignores actions for other occurrences', () => {
    const elsewhere = parseJournalAction({ kind: 'ack', occurrenceKey: `order-cpu@${T - 60 * MIN}`, at: T + MIN, author: 'ana' });
    expect(stateAt(T + 2 * MIN, [elsewhere]).state).toBe('firing');
  });

  it('validates actions by field', () => {
    const issuesOf = (input: Record<string, unknown>) => schemaIssues(JournalAction, input);
    expect(issuesOf({ kind: 'snooze', occurrenceKey: key, at: T, until: T, author: 'ana' })).toEqual([{ path: 'until', message: 'until must be after at' }]);
    expect(issuesOf({ kind: 'snooze', occurrenceKey: key, at: T, until: T - 1, author: ' ' }).map((i) => i.path)).toEqual(['author', 'until']);
    expect(issuesOf({ kind: 'ack', occurrenceKey: '', at: -1, author: 'ana' }).map((i) => i.path)).toEqual(['occurrenceKey', 'at']);
    expect(issuesOf({ kind: 'wave', occurrenceKey: key, at: T, author: 'ana' })[0]?.path).toBe('kind');
  });
});

describe('resolution ends the acknowledgement; a refire starts un-acked', () => {
  it('across reconciliation', () => {
    let occurrences = reconcileOccurrences([], [{ id: alert.id, state: 'ALARM', stateSince: T }], T + MIN).occurrences;
    const first = occurrences[0]!;
    const ack = parseJournalAction({ kind: 'ack', occurrenceKey: first.key, at: T + 2 * MIN, author: 'ana' });
    const status = (occ: Occurrence, now: number) => effectiveAlertState({ alert, occurrence: occ, actions: [ack], silences: [], maintenance: [], now });
    expect(status(first, T + 3 * MIN).state).toBe('acknowledged');

    occurrences = reconcileOccurrences(occurrences, [{ id: alert.id, state: 'OK', stateSince: T + 10 * MIN }], T + 11 * MIN).occurrences;
    expect(status(occurrences[0]!, T + 11 * MIN)).toMatchObject({ state: 'resolved', acknowledgement: { by: 'ana' }, resolvedAt: T + 10 * MIN, notify: false });

    occurrences = reconcileOccurrences(occurrences, [{ id: alert.id, state: 'ALARM', stateSince: T + 20 * MIN }], T + 21 * MIN).occurrences;
    const second = occurrences[1]!;
    expect(second.key).not.toBe(first.key);
    expect(status(second, T + 21 * MIN)).toMatchObject({ state: 'firing', acknowledgement: null, firstAcknowledgedAt: null, notify: true });
  });

  it('actions after the end of the ALARM period do not count', () => {
    const ended = { ...occurrence, resolvedAt: T + 5 * MIN };
    const late = act({ kind: 'ack', at: T + 6 * MIN });
    expect(stateAt(T + 7 * MIN, [late], { occurrence: ended })).toMatchObject({ state: 'resolved', firstAcknowledgedAt: null });
  });
});

describe('suppression by silences and maintenance', () => {
  const silenceShort = parseSilence({ id: 'short', matchers: ['service="order"'], startsAt: T, endsAt: T + 30 * MIN, reason: 'deploy', author: 'ana' });
  const silenceLong = parseSilence({ id: 'long', matchers: ['namespace="AWS/RDS"'], startsAt: T, endsAt: T + 90 * MIN, reason: 'migration', author: 'bo' });
  const silenceOther = parseSilence({ id: 'other', matchers: ['service="search"'], startsAt: T, endsAt: T + 90 * MIN, reason: 'x', author: 'bo' });

  it('a matching active silence wins over acknowledgement and suppresses notification', () => {
    const s = stateAt(T + 5 * MIN, [act({ kind: 'ack', at: T + MIN })], { silences: [silenceOther, silenceShort, silenceLong] });
    expect(s).toMatchObject({ state: 'silenced', silenceId: 'long', acknowledgement: { by: 'ana' }, notify: false });
    expect(s.suppressedBy).toEqual([
      { kind: 'silence', silenceId: 'long', until: T + 90 * MIN },
      { kind: 'silence', silenceId: 'short', until: T + 30 * MIN },
    ]);
    // Once the silences expire, the acknowledgement shows again.
    expect(stateAt(T + 90 * MIN, [act({ kind: 'ack', at: T + MIN })], { silences: [silenceShort, silenceLong] }).state).toBe('acknowledged');
  });

  it('the seeds maintenance window puts alerts in maintenance only while it is open', () => {
    const sunday = Date.parse('2026-11-01T07:30:00Z'); // 02:30 EST, first Sunday of November
    const during = effectiveAlertState({ alert, occurrence, actions: [], silences: [], maintenance: [SEEDS_MAINTENANCE], now: sunday });
    expect(during).toMatchObject({
      state: 'in-maintenance',
      maintenance: { id: 'monthly-maintenance', title: 'Monthly maintenance', endsAt: Date.parse('2026-11-01T09:00:00Z') },
      notify: false,
    });
    const after = effectiveAlertState({ alert, occurrence, actions: [], silences: [], maintenance: [SEEDS_MAINTENANCE], now: Date.parse('2026-11-01T09:00:00Z') });
    expect(after).toMatchObject({ state: 'firing', notify: true });
  });

  it('scoped maintenance leaves other alerts firing; silence outranks maintenance', () => {
    const searchOnly = parseScheduledMaintenance({ id: 'search-reindex', title: 'Reindex', rule: 'weekly Mon 05:00-07:00 UTC', matchers: ['service="search"'] });
    const monday = Date.parse('2026-05-04T06:00:00Z');
    expect(stateAt(monday, [], { maintenance: [searchOnly] }).state).toBe('firing');
    const everyone = parseScheduledMaintenance({ id: 'all', title: 'All', rule: 'weekly Mon 05:00-07:00 UTC' });
    const both = parseSilence({ id: 'x', matchers: ['service="order"'], startsAt: monday - MIN, endsAt: monday + MIN, reason: 'r', author: 'a' });
    const s = stateAt(monday, [], { maintenance: [everyone], silences: [both] });
    expect(s.state).toBe('silenced');
    expect(s.suppressedBy.map((x) => x.kind)).toEqual(['silence', 'maintenance']);
  });
});

describe('queue order', () => {
  const now = T + 30 * MIN;
  const item = (occurrenceKey: string, severity: Severity, firedAt: number, state: QueueItem['state'], firstAcknowledgedAt: number | null = null): QueueItem => ({
    occurrenceKey, severity, firedAt, state, firstAcknowledgedAt,
  });

  it('active before held back before resolved; then severity; overdue, unacked, oldest first', () => {
    const items = [
      item('p3-old', 'P3', T - 10 * MIN, 'firing'), // due T+50m: not overdue
      item('p2-acked-oldest', 'P2', T - 20 * MIN, 'acknowledged', T - 19 * MIN),
      item('p2-new', 'P2', T + 25 * MIN, 'firing'), // due T+40m
      item('p2-overdue', 'P2', T + 10 * MIN, 'firing'), // due T+25m < now
      item('p1-silenced', 'P1', T, 'silenced'),
      item('p1-resolved', 'P1', T, 'resolved'),
      item('p4-firing', 'P4', T - 100 * MIN, 'firing'),
      item('p1-firing', 'P1', T + 28 * MIN, 'firing'),
      item('p2-old', 'P2', T + 20 * MIN, 'firing'), // due T+35m
    ];
    expect(sortAlertQueue(items, now).map((i) => i.occurrenceKey)).toEqual([
      'p1-firing',
      'p2-overdue',
      'p2-old',
      'p2-new',
      'p2-acked-oldest',
      'p3-old',
      'p4-firing',
      'p1-silenced',
      'p1-resolved',
    ]);
  });

  it('orders by the due time the rows carry when they carry one (the overdue ones first), as by the one it works out', () => {
    const items = [item('p2-old', 'P2', T + 20 * MIN, 'firing'), item('p2-due-passed', 'P2', T + 21 * MIN, 'firing'), item('p2-acked', 'P2', T - 20 * MIN, 'acknowledged', T - 19 * MIN)];
    const computed = sortAlertQueue(items, now).map((i) => i.occurrenceKey);
    const carried = items.map((i) => ({ ...i, dueAt: responseTimer(i.severity, i.firedAt, i.firstAcknowledgedAt, now).dueAt }));
    expect(sortAlertQueue(carried, now).map((i) => i.occurrenceKey)).toEqual(computed);
    // A due time already passed puts the row among the overdue, whatever its severity's target says.
    carried[1]!.dueAt = now - 1;
    expect(sortAlertQueue(carried, now).map((i) => i.occurrenceKey)).toEqual(['p2-due-passed', 'p2-old', 'p2-acked']);
  });
});

