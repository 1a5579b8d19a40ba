// Every statement of every store module runs against freshly migrated cache.db and
// journal.db (Bruno's verify-migrations habit): a renamed column or a typo in SQL fails
// here, not in front of a user. Each store's every method is listed below; a method added
// without an entry fails the completeness check, so new SQL cannot skip this test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmCache } from './alarms';
import { AlertJournal } from './alert-journal';
import { CacheStore, openCache } from './cache';
import { CATALOGUE_SQL, SeriesCatalogue } from './catalogue';
import { JournalStore, openJournal } from './journal';
import { downsampleOlderThan, enforceCacheBudget, liveBytes } from './retention';
import { SLI_SQL, SliStore } from './sli';

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-statements-'));
const cache = openCache(dir).cache;
const journal = openJournal(dir);
afterAll(() => {
  cache.close();
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const T = Date.UTC(2026, 10, 12, 18);
const S = T / 1000;
const series = { key: 'k', namespace: 'AWS/X', metric: 'M', dimensions: [{ name: 'Service', value: 'order' }], stat: 'Sum', unit: null };
const occurrence = { key: 'a@1', alertId: 'a', firedAt: T, resolvedAt: null, endedBy: null, lastSeenAt: T };
const history = { source: 'demo', alarmName: 'a', at: T, alarmType: 'MetricAlarm', from: 'OK' as const, to: 'ALARM' as const, summary: 's', reason: null };

type Calls<C> = Record<string, (store: C) => unknown>;

/** Runs every call, then checks the list names every method of the class. */
function exercise<C extends object>(store: C, calls: Calls<C>): void {
  for (const [name, call] of Object.entries(calls)) expect(() => call(store), name).not.toThrow();
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter((m) => m !== 'constructor');
  expect(methods.filter((m) => !(m in calls)), 'methods without an entry here').toEqual([]);
}

describe('every store statement against the migrated schema', () => {
  it('cache.db: CacheStore', () => {
    exercise<CacheStore>(cache, {
      assertReadable: (c) => c.assertReadable(),
      ensureSeries: (c) => c.ensureSeries('demo', [series]),
      listSeries: (c) => c.listSeries('demo'),
      writePage: (c) => c.writePage([{ seriesId: 1, ts: S, value: 1 }], [{ seriesId: 1, oldest: S - 60, newest: S + 60 }]),
      watermark: (c) => c.watermark(1),
      newestPointTs: (c) => c.newestPointTs('demo'),
      settledChangeSeq: (c) => c.settledChangeSeq(),
      sumsByBucket: (c) => c.sumsByBucket([1], S - 60, S + 60, 60),
      averagesByBucket: (c) => c.averagesByBucket([1], S - 60, S + 60, 60),
      aggregateByBucket: (c) => c.sumsByBucket([1, 2], S - 60, S + 60, 300),
      setSeriesError: (c) => c.setSeriesError(1, null),
      seriesErrors: (c) => c.seriesErrors('demo'),
      points: (c) => c.points(1, S - 60, S + 60),
      replaceAlarms: (c) => c.replaceAlarms('demo', [{ name: 'a', type: 'MetricAlarm', state: 'OK', stateSince: T, body: {} }], T),
      alarms: (c) => c.alarms('demo'),
      sourceState: (c) => c.sourceState('demo'),
      saveSourceState: (c) => c.saveSourceState('demo', { state: 'online', offlineSince: null, lastSuccess: T, lastAttempt: T, lastError: null }),
      recountSource: (c) => c.recountSource('demo', T),
      countsBySource: (c) => c.countsBySource(),
      stats: (c) => c.stats(),
      compact: (c) => c.compact(),
      lastCompactedAt: (c) => c.lastCompactedAt(),
      close: () => undefined, // closed in afterAll
    });
  });

  it('cache.db: the alarm tables', () => {
    exercise<AlarmCache>(new AlarmCache(cache.db), {
      tags: (a) => a.tags('demo'),
      saveTags: (a) => a.saveTags('demo', [{ arn: 'arn:a', tags: { service: 'order' } }], T),
      keepTagsOnly: (a) => a.keepTagsOnly('demo', ['arn:a']),
      newestHistoryAt: (a) => a.newestHistoryAt('demo'),
      oldestHistoryAt: (a) => a.oldestHistoryAt(),
      insertHistory: (a) => a.insertHistory([history]),
      historyBetween: (a) => a.historyBetween(T - 1, T + 1),
      lastChangeBefore: (a) => a.lastChangeBefore(T + 1),
      historyOfAlarm: (a) => a.historyOfAlarm('demo', 'a'),
      pruneHistory: (a) => a.pruneHistory('demo', 0),
      occurrencesOfSource: (a) => a.occurrencesOfSource('demo'),
      occurrencesToReconcile: (a) => a.occurrencesToReconcile('demo', 1000, ['a']),
      saveOccurrences: (a) => a.saveOccurrences('demo', [occurrence]),
      latestOccurrences: (a) => a.latestOccurrences(),
      liveOccurrences: (a) => a.liveOccurrences(0),
      liveOccurrencesPage: (a) => a.liveOccurrencesPage(new Map(), 0, 0, 10),
      queueInputsMark: (a) => a.queueInputsMark(),
      occurrencesByKeys: (a) => a.occurrencesByKeys(['a@1']),
      occurrencesOfAlerts: (a) => a.occurrencesOfAlerts(['a']),
      occurrencesFiredSince: (a) => a.occurrencesFiredSince(0),
      pruneOccurrences: (a) => a.pruneOccurrences('demo', 0),
      lastEndedOccurrence: (a) => a.lastEndedOccurrence(T, { alerts: [['demo', 'a']], everyOf: ['slo-burn'], rated: { sources: ['backup'], severities: ['P1', 'P2'] } }),
      oldestOccurrenceAt: (a) => a.oldestOccurrenceAt(),
    });
  });

  it('cache.db: the SLO engine’s reads and the series catalogue', () => {
    exercise<SliStore>(new SliStore(cache), {
      watermark: (s) => s.watermark(1),
      pointRows: (s) => s.pointRows(1, S - 60, S + 60),
      sumsBySlot: (s) => [1, 2, 3].map((n) => s.sumsBySlot([1, 2, 3].slice(0, n), S - 60, S + 60, 60)),
    });
    for (const sql of [CATALOGUE_SQL.version, SLI_SQL.watermark]) expect(() => cache.db.prepare(sql), sql).not.toThrow();
    exercise<SeriesCatalogue>(new SeriesCatalogue(cache, 'demo'), {
      refresh: (c) => c.refresh(),
      find: (c) => c.find({ namespace: 'AWS/X', metric: 'M', dimensions: series.dimensions, stat: 'Average' }),
      resolve: (c) => c.resolve({ namespace: 'AWS/X', metric: 'M', dimensions: [], stat: 'Sum' }),
      empty: (c) => c.empty,
    });
  });

  it('cache.db: retention', () => {
    expect(() => liveBytes(cache)).not.toThrow();
    expect(() => downsampleOlderThan(cache, S + 3600, 300)).not.toThrow();
    expect(() => enforceCacheBudget(cache, 1, S + 86_400 * 30)).not.toThrow();
  });

  it('journal.db: notes and the alert tables', () => {
    exercise<JournalStore>(journal, {
      addNote: (j) => j.addNote({ createdAt: T, author: 'dana', subject: 'x', body: 'y' }),
      notes: (j) => j.notes('x'),
      close: () => undefined, // closed in afterAll
    });
    exercise<AlertJournal>(new AlertJournal(journal.db), {
      recordActions: (j) => j.recordActions([{ occurrenceKey: 'a@1', kind: 'ack', note: 'n' }], 'dana', T),
      actionsFor: (j) => j.actionsFor(['a@1']),
      actionsForWithMark: (j) => j.actionsForWithMark(['a@1']),
      actionsAfter: (j) => j.actionsAfter({ count: 0, last: 0 }),
      actionsMark: (j) => j.actionsMark(),
      actionsSince: (j) => j.actionsSince(0),
      firstAcknowledgementAt: (j) => j.firstAcknowledgementAt(),
      addSilence: (j) => j.addSilence({ matchers: [{ label: 'service', op: '=', value: 'order' }], startsAt: T, endsAt: T + 1, reason: 'r', author: 'dana' }, T),
      expireSilence: (j) => j.expireSilence(j.silences()[0]!.id, 'dana', T),
      silences: (j) => j.silences(),
      addPlan: (j) => j.addPlan({ title: 't', rule: 'weekly Sun 02:00-04:00', matchers: [], author: 'dana' }, T),
      plans: (j) => j.plans(),
      retirePlan: (j) => j.retirePlan(j.plans()[0]!.id, 'dana', T),
      retirements: (j) => j.retirements(),
      saveSettings: (j) => j.saveSettings({}, 'dana', T),
      latestSettings: (j) => j.latestSettings(),
    });
  });
});
