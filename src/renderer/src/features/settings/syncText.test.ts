import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@shared/contract/core';
import { lastSuccessText } from './syncText';

const NOW = Date.UTC(2026, 9, 26, 17, 40, 30);
const part = (id: string, lastSuccessAt: number | null) => ({ id, label: id, state: lastSuccessAt === null ? 'failing' : 'ok', lastSuccessAt, lastAttemptAt: NOW, failingSince: null, failedCall: null, lastError: null, runningSince: null, nextAttemptAt: null });
const source = (lastSuccessAt: number | null, parts: ReturnType<typeof part>[]) => ({ lastSuccessAt, parts }) as unknown as SourceStatus;

describe('last successful sync', () => {
  it('a full pass: when, with its age', () => {
    expect(lastSuccessText(source(NOW - 12_000, []), NOW, 'utc')).toBe('2026-10-26 17:40:18 UTC (12 s ago)');
  });
  it('one part failing since start-up: not "never" beside parts that are current', () => {
    const s = source(null, [part('alarms', NOW - 12_000), part('metrics', NOW - 3_000), part('backfill', null)]);
    expect(lastSuccessText(s, NOW, 'utc')).toBe('no full pass yet (a part is failing); 2 of 3 parts synced, the latest 2026-10-26 17:40:27 UTC (3 s ago)');
  });
  it('nothing ever synced: never', () => {
    expect(lastSuccessText(source(null, [part('alarms', null)]), NOW, 'utc')).toBe('never');
  });
});
