import { describe, expect, it } from 'vitest';
import { api, type Topic } from '@shared/api';
import { isInvalidatedBy, type TopicsOf } from './invalidation';
import { queryKeys } from './queryKeys';

describe('which queries a push invalidates', () => {
  it('a query whose method reads a changed topic is invalidated; others are not', () => {
    // The SLO list reads metrics and slos.
    expect(isInvalidatedBy(queryKeys.call('slos', {}), ['slos'], api)).toBe(true);
    expect(isInvalidatedBy(queryKeys.call('slos', {}), ['alarms'], api)).toBe(false);
    // The overview reads metrics and alarms: a metrics push refreshes it, a journal push does not.
    expect(isInvalidatedBy(queryKeys.call('overview', {}), ['metrics'], api)).toBe(true);
    expect(isInvalidatedBy(queryKeys.call('overview', {}), ['journal'], api)).toBe(false);
  });

  it('matches topics exactly, never a method name or an input value that spells a topic', () => {
    // A method called "sources" that reads only "alarms", and one whose input spells "slos".
    const spec: TopicsOf = { sources: { topics: ['alarms'] }, detail: { topics: ['journal'] } };
    expect(isInvalidatedBy(['api', 'sources', {}], ['sources'], spec)).toBe(false);
    expect(isInvalidatedBy(['api', 'sources', {}], ['alarms'], spec)).toBe(true);
    expect(isInvalidatedBy(['api', 'detail', { id: 'slos' }], ['slos'], spec)).toBe(false);
    expect(isInvalidatedBy(['api', 'detail', 'slos'], ['slos'], spec)).toBe(false);
  });

  it('ignores keys that are not API calls and methods the contract does not have', () => {
    const spec: TopicsOf = { slos: { topics: ['slos'] } };
    expect(isInvalidatedBy(['other', 'slos', {}], ['slos'], spec)).toBe(false);
    expect(isInvalidatedBy(['api', 'toString', {}], ['slos'], spec)).toBe(false);
    expect(isInvalidatedBy(['api'], ['slos'], spec)).toBe(false);
    expect(isInvalidatedBy(['api', 'slos', {}], [], spec)).toBe(false);
  });

  it('every method of the real contract is invalidated exactly by its own topics', () => {
    const topics: Topic[] = ['metrics', 'alarms', 'sources', 'journal', 'slos'];
    for (const [method, spec] of Object.entries(api)) {
      for (const t of topics) {
        expect(isInvalidatedBy(['api', method, {}], [t], api), `${method} on ${t}`).toBe((spec.topics as readonly string[]).includes(t));
      }
    }
  });

  it('a key holds no topic names, so nothing but the contract decides', () => {
    expect(queryKeys.call('alertQueue', {})).toEqual(['api', 'alertQueue', {}]);
  });
});
