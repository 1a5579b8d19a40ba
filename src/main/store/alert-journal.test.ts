import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertJournal, JournalWriteError } from './alert-journal';
import { openJournal, type JournalStore } from './journal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T0 = Date.UTC(2026, 10, 23, 14, 0);

describe('AlertJournal', () => {
  let dir: string;
  let store: JournalStore;
  let journal: AlertJournal;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-journal-'));
    store = openJournal(dir);
    journal = new AlertJournal(store.db);
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every table of the alert journal a UUID id, an author and created_at, so journal files merge by id', () => {
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").pluck().all() as string[];
    expect(tables.filter((t) => !t.startsWith('incident')).sort()).toEqual(['alert_actions', 'alert_settings', 'maintenance_plans', 'maintenance_retirements', 'notes', 'silence_expiries', 'silences']);
    for (const table of tables) {
      const columns = (store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number; notnull: number }[]).map((c) => [c.name, c.pk, c.notnull]);
      expect(columns).toContainEqual(['id', 1, 0]);
      expect(columns).toContainEqual(['author', 0, 1]);
      expect(columns).toContainEqual(['created_at', 0, 1]);
    }
  });

  it('records one gesture as one batch of rows, and ack then un-ack as two rows', () => {
    const ack = journal.recordActions(
      [
        { occurrenceKey: 'arn:a@1', kind: 'ack', note: 'looking at the gateway' },
        { occurrenceKey: 'arn:b@2', kind: 'ack', note: 'looking at the gateway' },
      ],
      '  dana  ',
      T0,
    );
    const unack = journal.recordActions([{ occurrenceKey: 'arn:a@1', kind: 'unack' }], 'lee', T0 + 60_000);
    expect(ack.ids).toHaveLength(2);
    for (const id of [...ack.ids, ...unack.ids, ack.batchId]) expect(id).toMatch(UUID);
    expect(new Set([...ack.ids, ...unack.ids]).size).toBe(3);

    const rows = journal.actionsFor(['arn:a@1']);
    expect(rows.map((r) => [r.kind, r.author, r.createdAt, r.note, r.batchId])).toEqual([
      ['ack', 'dana', T0, 'looking at the gateway', ack.batchId],
      ['unack', 'lee', T0 + 60_000, null, unack.batchId],
    ]);
    expect(journal.actionsFor(['arn:b@2'])).toHaveLength(1);
    expect(journal.actionsFor(['arn:zzz@3'])).toEqual([]);
    expect(journal.actionsSince(T0 + 1).map((r) => r.kind)).toEqual(['unack']);
  });

  it('looks up actions for thousands of occurrences in one query', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `arn:x${i}@${i}`);
    journal.recordActions(keys.map((occurrenceKey) => ({ occurrenceKey, kind: 'ack' as const })), 'dana', T0);
    expect(journal.actionsFor(keys)).toHaveLength(5000);
    expect(journal.actionsFor(keys.slice(100, 350))).toHaveLength(250);
  });

  it('writes nothing when any row of a gesture fails, or the author is missing', () => {
    expect(() =>
      journal.recordActions(
        [
          { occurrenceKey: 'arn:a@1', kind: 'ack' },
          { occurrenceKey: 'arn:b@2', kind: 'bogus' as 'ack' },
        ],
        'dana',
        T0,
      ),
    ).toThrow(/CHECK constraint failed/);
    expect(() => journal.recordActions([{ occurrenceKey: 'arn:a@1', kind: 'ack' }], '   ', T0)).toThrow(JournalWriteError);
    expect(() => journal.recordActions([], 'dana', T0)).toThrow(/no occurrences/);
    expect(store.db.prepare('SELECT count(*) FROM alert_actions').pluck().get()).toBe(0);
  });

  it('ends a silence early with an expiry row, leaving the silence row as written; the first expiry counts', () => {
    const s = journal.addSilence({ matchers: [{ label: 'service', op: '=', value: 'payment-service' }], startsAt: T0, endsAt: T0 + 7_200_000, reason: 'gateway maintenance', author: 'dana' }, T0 - 1000);
    expect(s.id).toMatch(UUID);
    journal.expireSilence(s.id, 'lee', T0 + 600_000);
    journal.expireSilence(s.id, 'kim', T0 + 900_000);
    const [read] = journal.silences();
    expect(read).toMatchObject({ id: s.id, author: 'dana', startsAt: T0, endsAt: T0 + 7_200_000, reason: 'gateway maintenance', expiredAt: T0 + 600_000, expiredBy: 'lee' });
    expect(read?.matchers).toEqual([{ label: 'service', op: '=', value: 'payment-service' }]);
    expect(store.db.prepare('SELECT count(*) FROM silence_expiries').pluck().get()).toBe(2);
  });

  it('refuses a silence that ends before it starts, and an expiry of a silence that does not exist, writing nothing', () => {
    expect(() => journal.addSilence({ matchers: [], startsAt: T0, endsAt: T0, reason: 'x', author: 'dana' }, T0)).toThrow(/endsAt must be after startsAt/);
    expect(() => journal.expireSilence('no-such-id', 'dana', T0)).toThrow(/no silence with id "no-such-id"/);
    expect(store.db.prepare('SELECT (SELECT count(*) FROM silences) + (SELECT count(*) FROM silence_expiries)').pluck().get()).toBe(0);
  });

  it('stores maintenance plans and their retirement as separate rows', () => {
    const rule = { kind: 'weekly', weekdays: ['saturday'], start: '23:00', end: '01:00', zone: 'America/New_York' };
    const plan = journal.addPlan({ title: 'Search reindex', rule, matchers: [{ label: 'service', op: '=', value: 'search-service' }], author: 'kim' }, T0);
    journal.retirePlan(plan.id, 'dana', T0 + 1000);
    journal.retirePlan('monthly-maintenance', 'lee', T0 + 2000);
    journal.retirePlan(plan.id, 'lee', T0 + 3000);
    expect(journal.plans()).toEqual([{ id: plan.id, createdAt: T0, author: 'kim', title: 'Search reindex', rule, matchers: [{ label: 'service', op: '=', value: 'search-service' }] }]);
    const retired = journal.retirements();
    expect(retired.get(plan.id)).toEqual({ planId: plan.id, at: T0 + 1000, by: 'dana' });
    expect(retired.get('monthly-maintenance')).toEqual({ planId: 'monthly-maintenance', at: T0 + 2000, by: 'lee' });
  });

  it('returns the newest settings row', () => {
    expect(journal.latestSettings()).toBeNull();
    journal.saveSettings({ groupBy: ['service'] }, 'dana', T0);
    journal.saveSettings({ groupBy: ['name'] }, 'lee', T0 + 1);
    expect(journal.latestSettings()).toMatchObject({ author: 'lee', createdAt: T0 + 1, body: { groupBy: ['name'] } });
  });

  it('survives a reopen: what was written is there after a restart', () => {
    journal.recordActions([{ occurrenceKey: 'arn:a@1', kind: 'ack', note: 'on it' }], 'dana', T0);
    store.close();
    store = openJournal(dir);
    journal = new AlertJournal(store.db);
    expect(journal.actionsFor(['arn:a@1']).map((r) => [r.kind, r.note, r.author])).toEqual([['ack', 'on it', 'dana']]);
    // The v1 notes table is untouched by the v2 migration.
    expect(store.addNote({ createdAt: T0, author: 'dana', subject: 's', body: 'b' }).id).toMatch(UUID);
  });
});
