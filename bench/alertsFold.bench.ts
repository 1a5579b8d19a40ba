// alerts.ack_to_answer_ms: what one acknowledgement costs the main thread before the next
// queue answer can go out, with 5,000 groups: the journal write folded into the current
// version (patchQueue) and the answer prepared (only the touched row checked and serialised,
// the JSON assembled from the rows' cached pieces). Baseline, same run, alternating: what it
// cost before — a full build, the whole answer validated by the contract and JSON.stringify'd.
// In-process (no HTTP), so the shared machine's transport noise stays out of it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertQueue } from '@shared/contract/alerts';
import type { Topic } from '@shared/api';
import { dispatch, type Handlers } from '../src/main/api/dispatch';
import type { ApiContext } from '../src/main/api/context';
import { preparedOf } from '../src/main/api/prepared';
import { inlineSloEvaluator } from '../src/main/slo/evaluator';
import { AlarmCache } from '../src/main/store/alarms';
import { alertJournalOf } from '../src/main/store/alert-journal';
import { openCache } from '../src/main/store/cache';
import { openJournal } from '../src/main/store/journal';
import { alertHandlers } from '../src/main/alerts/handlers';
import { buildQueue, type CloudwatchEntriesOf } from '../src/main/alerts/queue';
import { loadSettings } from '../src/main/alerts/settings';
import { cloudwatchEntries } from '../src/main/alerts/sources';
import { GROUPS, seedAlertGroups } from './alertGroups';
import { percentile, recordFigure } from './results';

const ROUNDS = 15;

describe('alert queue: an acknowledgement folded in', () => {
  it('alerts.ack_to_answer_ms: patch + prepared answer vs full build + validation + stringify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-fold-'));
    const { cache } = openCache(dir);
    const journalStore = openJournal(dir);
    const now = Date.now();
    const { occurrenceKeys } = seedAlertGroups(cache, now);
    const alarms = new AlarmCache(cache.db);
    const versions = new Map<Topic, number>();
    const push = (topics: Topic[]): void => {
      for (const t of topics) versions.set(t, (versions.get(t) ?? 0) + 1);
    };
    const ctx = { cache, journal: journalStore, now: () => Date.now(), sourceIds: ['demo'], push, slo: inlineSloEvaluator(cache), sloConfigDir: null, dataVersion: () => 0, topicVersion: (ts: readonly Topic[]) => ts.reduce((n, t) => n + (versions.get(t) ?? 0), 0) } as unknown as ApiContext;
    const handlers = alertHandlers(ctx) as unknown as Handlers;
    const journal = alertJournalOf(journalStore);
    const burn = { alerts: [], problem: null };
    // As the shared queue did before too: the 5,000 alarms as entries are read once (they change only with a sync).
    const entries = cloudwatchEntries(ctx, alarms, loadSettings(journal).settings);
    const entriesOf: CloudwatchEntriesOf = () => entries.map((e) => ({ ...e }));
    const answerBytes = async (): Promise<number> => {
      const r = await dispatch(handlers, 'alertQueue', {}, push);
      if (!r.ok) throw new Error(r.error.message);
      return preparedOf(r.data)!.bytes().length;
    };
    await answerBytes();
    const folded: number[] = [];
    const rebuilt: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const key = occurrenceKeys[(i * 131) % GROUPS]!;
      // Now: the write, then the next answer's bytes.
      let t0 = performance.now();
      await dispatch(handlers, 'alertAction', { kind: 'ack', occurrenceKeys: [key], author: 'bench' }, push);
      const size = await answerBytes();
      folded.push(performance.now() - t0);
      expect(size).toBeGreaterThan(1_000_000);
      // Before: the write, a full build, the contract over the whole answer, JSON.stringify.
      t0 = performance.now();
      await dispatch(handlers, 'alertAction', { kind: 'note', occurrenceKeys: [key], author: 'bench', note: `round ${i}` }, push);
      const built = buildQueue(ctx, alarms, journal, burn, entriesOf);
      const answer = AlertQueue.parse({ version: 'bench-rebuilt', generatedAt: built.now, me: 'bench', groupBy: built.settings.settings.groupBy, groups: built.groups.map((g) => g.row), counts: { firing: 0, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 }, alarmsAsOf: built.alarmsAsOf, resolvedKeptMs: 0, notices: built.notices });
      Buffer.from(JSON.stringify(answer));
      rebuilt.push(performance.now() - t0);
    }
    const p50 = percentile(folded, 50);
    const base = percentile(rebuilt, 50);
    let load = '?';
    try {
      load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
    } catch {
      // not Linux
    }
    recordFigure('alerts.ack_to_answer_ms', {
      value: Number(p50.toFixed(1)),
      unit: 'ms',
      baseline: Number(base.toFixed(1)),
      ratio: Number((p50 / base).toFixed(3)),
      note: `median of ${ROUNDS}: an acknowledgement through dispatch() and the next alertQueue answer's bytes (${GROUPS} groups), main thread, in-process; p95 ${percentile(folded, 95).toFixed(1)} ms. Baseline (alternating, same run): the write, a full build (alarm entries read once, as the shared queue kept them), the contract over the whole answer and JSON.stringify, as every acknowledgement cost before the queue folded writes in; p95 ${percentile(rebuilt, 95).toFixed(1)} ms; load average ${load}`,
    });
    cache.close();
    journalStore.close();
  });
});
