// The calm Overview's "last not clear" reaches back over every occurrence the cache holds, not
// the queue's 24 h, and counts what the now panel counts: P1/P2 by the queue's rules, any SLO burn.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiContext } from '../api/context';
import type { Occurrence } from '../domain/alerts/occurrences';
import { AlarmCache } from '../store/alarms';
import { alertJournalOf, type AlertJournal } from '../store/alert-journal';
import { openCache, type AlarmRow, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { lastNotClearReader } from './lastNotClear';
import { loadSettings } from './settings';
import { SLO_BURN_SOURCE } from './sources';

const NOW = Date.UTC(2026, 9, 30, 12, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let cache: CacheStore;
let journalStore: JournalStore;
let alarms: AlarmCache;
let journal: AlertJournal;
let ctx: ApiContext;
let alarmsVersion = 0;

const arnOf = (name: string): string => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;

/** An alarm (OK now) with a severity tag (or none), and its past ALARM periods. */
function alarm(name: string, severity: string | null, periods: [fired: number, resolved: number | null, lastSeenAt?: number][]): { row: AlarmRow; tags: { arn: string; tags: Record<string, string> }; occurrences: Occurrence[] } {
  const arn = arnOf(name);
  return {
    row: { name, type: 'MetricAlarm', state: 'OK', stateSince: NOW - 10 * DAY, body: { AlarmName: name, AlarmArn: arn, Namespace: 'ECommerce/Services', Dimensions: [{ Name: 'Service', Value: 'checkout-api' }] } },
    tags: { arn, tags: severity === null ? {} : { severity } },
    occurrences: periods.map(([firedAt, resolvedAt, lastSeenAt]) => ({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt, endedBy: resolvedAt === null ? null : 'OK', lastSeenAt: lastSeenAt ?? NOW })),
  };
}

function write(list: ReturnType<typeof alarm>[]): void {
  cache.replaceAlarms('demo', list.map((a) => a.row), NOW);
  alarms.saveTags('demo', list.map((a) => a.tags), NOW);
  alarms.saveOccurrences('demo', list.flatMap((a) => a.occurrences));
  alarmsVersion += 1;
}

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-last-not-clear-'));
  cache = openCache(dir).cache;
  journalStore = openJournal(dir);
  alarms = new AlarmCache(cache.db);
  journal = alertJournalOf(journalStore);
  ctx = { cache, journal: journalStore, now: () => NOW, sourceIds: ['demo'], topicVersion: () => alarmsVersion, dataVersion: () => 0 } as unknown as ApiContext;
});

afterEach(() => {
  cache.close();
  journalStore.close();
});

describe('last not clear', () => {
  it('finds a P1 that ended days ago, past the queue’s 24 h, over newer P3/P4 noise', async () => {
    const p1End = NOW - 3 * DAY - 18 * HOUR;
    write([
      alarm('checkout-api-5xx', 'P1', [[NOW - 9 * DAY, NOW - 9 * DAY + HOUR], [p1End - 20 * 60_000, p1End]]),
      alarm('search-latency', 'P3', [[NOW - 2 * HOUR, NOW - HOUR]]),
      alarm('batch-lag', 'P4', [[NOW - DAY, NOW - DAY + HOUR]]),
    ]);
    const answer = await lastNotClearReader(ctx, alarms, journal)();
    expect(answer.last).toEqual({ source: 'cloudwatch', name: 'checkout-api-5xx', title: 'checkout-api-5xx', service: 'checkout-api', severity: 'P1', firedAt: p1End - 20 * 60_000, resolvedAt: p1End });
    expect(answer.searchedFrom).toBe(NOW - 9 * DAY);
  });

  it('takes the severity from the queue’s rules: a settings rule that makes the alarm P2 counts it', async () => {
    write([alarm('orders-backlog', null, [[NOW - 5 * DAY, NOW - 5 * DAY + HOUR]])]);
    const read = lastNotClearReader(ctx, alarms, journal);
    expect((await read()).last).toBeNull();
    const { settings } = loadSettings(journal);
    journal.saveSettings({ ...settings, severityPolicy: { default: 'P3', rules: [{ name: 'orders-*', severity: 'P2' }] } }, 'alice', NOW);
    expect((await read()).last).toMatchObject({ name: 'orders-backlog', severity: 'P2' });
  });

  it('counts an SLO burn of any level, named as it was recorded, and the newest end wins', async () => {
    write([alarm('checkout-api-5xx', 'P1', [[NOW - 6 * DAY, NOW - 6 * DAY + HOUR]])]);
    const burn: Occurrence = { key: 'slo-burn:orders-availability:slow@1', alertId: 'slo-burn:orders-availability:slow', firedAt: NOW - 2 * DAY, resolvedAt: NOW - 2 * DAY + 3 * HOUR, endedBy: 'OK', lastSeenAt: NOW };
    alarms.saveOccurrences(SLO_BURN_SOURCE, [burn], () => 'P4', () => ({ name: 'orders-availability slow burn', title: 'Orders availability burning its budget', service: 'order-service' }));
    expect((await lastNotClearReader(ctx, alarms, journal)()).last).toEqual({
      source: 'slo-burn',
      name: 'orders-availability slow burn',
      title: 'Orders availability burning its budget',
      service: 'order-service',
      severity: 'P4',
      firedAt: burn.firedAt,
      resolvedAt: burn.resolvedAt,
    });
  });

  it('leaves out ends past the clock (a later run’s rows) and says none when nothing qualifies', async () => {
    write([alarm('checkout-api-5xx', 'P1', [[NOW - HOUR, NOW + HOUR, NOW + 2 * HOUR]])]);
    expect(await lastNotClearReader(ctx, alarms, journal)()).toEqual({ generatedAt: NOW, last: null, searchedFrom: NOW - HOUR });
  });

  it('works the alarms’ severities out once per alarms sync or settings change, not per call', async () => {
    write([alarm('checkout-api-5xx', 'P1', [[NOW - 2 * DAY, NOW - DAY]])]);
    const reads = vi.spyOn(cache, 'alarms');
    const read = lastNotClearReader(ctx, alarms, journal);
    for (let i = 0; i < 3; i++) expect((await read()).last?.name).toBe('checkout-api-5xx');
    expect(reads).toHaveBeenCalledTimes(1);
    write([alarm('checkout-api-5xx', 'P1', [[NOW - 2 * DAY, NOW - DAY]]), alarm('payments-5xx', 'P2', [[NOW - 3 * HOUR, NOW - 2 * HOUR]])]);
    expect((await read()).last?.name).toBe('payments-5xx');
    expect((await read()).last?.name).toBe('payments-5xx');
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
