// The alert queue built once per change and shared: instead of every request reading 5,000
// alarms, their occurrences and the journal and grouping them again, one build answers every
// request until something it reads changes — an alarms sync (its push topic), new SLO burn
// alerts — or time moves it on (a snooze ending, a resolved group ageing out). Concurrent
// requests wait for one in-flight build. A journal write (an acknowledgement, a snooze, a
// silence) does not rebuild it: the next request folds what was written into the current
// version (patchQueue), re-folding only the groups it touches. The sources themselves
// (sources.ts) are untouched: this only decides when to call them.
import type { Topic } from '@shared/api';
import type { ApiContext } from '../api/context';
import { sharedBuild } from '../api/memo';
import type { AlarmCache } from '../store/alarms';
import type { AlertJournal } from '../store/alert-journal';
import { RESOLVED_KEPT_MS, buildQueueSliced, patchQueue, type Built, type CloudwatchEntriesOf } from './queue';
import { cacheMark, sideEntriesText, type CacheSide } from './queueInputs';
import { sharedCloudwatchEntrySteps, sloBurnAlertSource, type BurnSource } from './sources';

/** Time alone changes little in a queue (timers count down in the renderer from `dueAt`); rebuilt at least this often. */
export const QUEUE_MAX_AGE_MS = 15_000;
/** Burn alerts are re-evaluated when metrics arrive, and at least this often. */
export const BURN_MAX_AGE_MS = 60_000;

// 'backups': backup failures and RPO breaches are a queue source (alerts/backupSource.ts).
// 'journal' is not among them: journal writes are folded in by patchQueue.
const QUEUE_TOPICS: readonly Topic[] = ['alarms', 'backups'];
const JOURNAL_TOPICS: readonly Topic[] = ['journal'];
const BURN_TOPICS: readonly Topic[] = ['metrics', 'slos'];

/** The first instant at which the built queue shows something time has changed: a snooze or silence ending or starting, a resolved group leaving, an occurrence a later clock recorded starting or ending. */
export function nextChangeAt(built: Built): number | null {
  let next = Infinity;
  const consider = (t: number | null | undefined): void => {
    if (t !== null && t !== undefined && t > built.now && t < next) next = t;
  };
  for (const { row } of built.groups) {
    consider(row.snoozedUntil);
    consider(row.silence?.endsAt);
    consider(row.resolvedAt === null ? null : row.resolvedAt + RESOLVED_KEPT_MS);
  }
  // A start or end a later clock recorded (read as of the build's first read, so it may already be due).
  const recorded = built.basis.nextRecordedAt;
  if (recorded !== null) consider(Math.max(recorded, built.now + 1));
  for (const s of built.silences) {
    consider(s.row.startsAt);
    consider(s.row.endsAt);
  }
  return next === Infinity ? null : next;
}

export interface SharedQueue {
  /**
   * The current version. `checkJournal`: look in the journal for writes even if none was
   * announced yet (reading back a write before its push).
   */
  get: (checkJournal?: boolean) => Promise<Built>;
  /** How many times the queue and the burn alerts were built, and journal writes folded in (for tests). */
  builds: () => { queue: number; burn: number; patches: number };
  /** The SLO burn alerts as the next version will fold them in. */
  burn: () => Promise<BurnSource>;
  /** What `built` read from the cache and the SLO/backup sources; null when the cache changed while it was built (queueSnapshot.ts does not keep it). */
  sideOf: (built: Built) => CacheSide | null;
}

/** The services the alarms name, in the order buildQueue hands them to the SLO source. */
export function alarmServicesOf(built: Built): string[] {
  return [...new Set(built.entries.flatMap((e) => (e.alert.source === 'cloudwatch' && e.alert.service ? [e.alert.service] : [])))];
}

/** The shared queue over `ctx`; null when the context cannot say what changed (then every call builds). */
export function sharedQueue(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal): SharedQueue | null {
  const topicVersion = ctx.topicVersion;
  if (!topicVersion) return null;
  let burn: BurnSource | null = null;
  let burnText = '';
  // Bumped only when the burn alerts' content changes, so a metrics pass that changes no alert does not rebuild the queue.
  let burnGeneration = 0;
  const burnShared = sharedBuild({ key: () => topicVersion(BURN_TOPICS), now: ctx.now, maxAgeMs: BURN_MAX_AGE_MS }, () => sloBurnAlertSource(ctx, ctx.now()));
  // The 5,000 alarms as entries (half of a build) change only with an alarms sync or the
  // severity rules: an acknowledgement rebuilds the queue without reading them again.
  const entriesOf: CloudwatchEntriesOf = (c, a, settings) =>
    (function* () {
      // Read in steps (a sliced build yields between alarms) the first time, then kept (sources.ts).
      const value = yield* sharedCloudwatchEntrySteps(c, a, settings);
      // Shallow copies: a build sets each entry's occurrence, and an earlier build may still be answering.
      return value.map((e) => ({ ...e }));
    })();
  const adoptBurn = (b: BurnSource): void => {
    if (b === burn) return;
    const text = JSON.stringify(b);
    if (text !== burnText) {
      burnText = text;
      burnGeneration += 1;
    }
    burn = b;
  };
  const sides = new WeakMap<Built, CacheSide>();
  // Bumped when a journal write can only be shown by a full build (the alert settings changed).
  let rebuildGeneration = 0;
  const queueShared = sharedBuild(
    { key: () => `${topicVersion(QUEUE_TOPICS)}:${burnGeneration}:${rebuildGeneration}`, now: ctx.now, maxAgeMs: QUEUE_MAX_AGE_MS, validUntil: (b) => nextChangeAt(b as Built) },
    async () => {
      const before = cacheMark(ctx, alarms);
      // In slices: other calls (health, the SLO list, an acknowledgement) are answered meanwhile.
      const built = await buildQueueSliced(ctx, alarms, journal, burn as BurnSource, entriesOf);
      // Kept for the next start only if nothing wrote to the alarm tables while it read them.
      if (cacheMark(ctx, alarms) === before) sides.set(built, { cache: before, sources: sideEntriesText(built.entries, built.basis.sourceNotices), alarmServices: alarmServicesOf(built) });
      return built;
    },
  );
  // The newest version: a build with the journal writes since folded in. `journalVersion`: the
  // journal topic's version when it was last brought up to date (-1: not yet looked);
  // `validUntil`: when time changes what it shows (a snooze written since the build ending, say).
  let head: { base: Built; built: Built; journalVersion: number; validUntil: number | null } | null = null;
  let patches = 0;
  const current = async (checkJournal: boolean): Promise<Built> => {
    for (let attempt = 0; ; attempt++) {
      const base = await queueShared.get();
      // A build started before a write may finish after it: look in the journal once.
      if (head === null || head.base !== base) head = { base, built: base, journalVersion: -1, validUntil: null };
      if (head.built !== base && head.validUntil !== null && ctx.now() >= head.validUntil && attempt === 0) {
        rebuildGeneration += 1;
        continue;
      }
      const journalVersion = topicVersion(JOURNAL_TOPICS);
      if (!checkJournal && head.journalVersion === journalVersion) return head.built;
      const patched = patchQueue(head.built, journal, ctx.now());
      if (patched !== null) {
        if (patched !== head.built) {
          patches += 1;
          head = { base, built: patched, journalVersion, validUntil: nextChangeAt(patched) };
          const side = sides.get(base);
          if (side) sides.set(patched, side);
        } else head.journalVersion = journalVersion;
        return patched;
      }
      // A full build reads everything the journal holds: it is up to date as built.
      if (attempt > 0) return base;
      rebuildGeneration += 1;
    }
  };
  return {
    builds: () => ({ queue: queueShared.builds(), burn: burnShared.builds(), patches }),
    burn: async () => {
      const b = await burnShared.get();
      adoptBurn(b);
      return b;
    },
    sideOf: (built) => sides.get(built) ?? null,
    get: async (checkJournal = false) => {
      const refreshed = burnShared.get().then(adoptBurn);
      if (burn === null) await refreshed;
      else {
        // Once there are burn alerts, a queue request does not wait for the SLO worker (busy with
        // the SLO list, say): an answer it already has arrives within the tick, a new evaluation
        // lands in the version after it.
        await Promise.race([refreshed, new Promise<void>((resolve) => setImmediate(resolve))]);
      }
      return current(checkJournal);
    },
  };
}
