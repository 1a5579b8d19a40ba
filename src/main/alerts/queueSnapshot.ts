// The last prepared queue answer, kept in <dataDir>/queue-snapshot.json (in the packed wire
// form, contract/alertsWire.ts: a fifth of the plain JSON's bytes, and already made for the
// renderer, where the plain 5 MB was assembled on the UI-facing thread for the file alone and
// held beside the answer) with a fingerprint of
// what it was built from, so the first alertQueue calls after a restart are answered from it
// instead of a full build of 5,000 groups on the UI-facing thread (seconds on a large estate,
// holding every other call). The fingerprint covers every input of a build: the alarm tables
// (each source's last alarm read and a mark of the rows), the SLO burn and backup alerts
// (cheap: evaluated again at restore and compared), the journal (the action table's mark, the
// settings, silences and maintenance plans), who the user is and the answer's shape. Time is
// an input too: the file says until when the answer stays what a build would show (the first
// snooze or silence ending, resolved group ageing out, maintenance window opening or
// closing; response timers running out are applied to it as it answers: handlers.ts).
// Anything else misses and the call builds as before; a damaged or foreign file (checksum,
// format) is ignored. Once a live build has answered, the file is only written, never read again.
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlertQueue, QueueGroup } from '@shared/contract/alerts';
import { HOUR_MS } from '@shared/lib/timeUnits';
import { activeWindow, nextWindow } from '../domain/alerts/maintenance';
import type { ApiContext } from '../api/context';
import type { AlarmCache } from '../store/alarms';
import type { AlertJournal } from '../store/alert-journal';
import { traceStartup } from '../workers/trace';
import { backupEntries } from './backupSource';
import { loadJournalSide, type Built } from './queue';
import { nextChangeAt } from './queueCache';
import { cacheMark, sideEntriesText, type CacheSide } from './queueInputs';
import { sloEntries, type BurnSource } from './sources';

export type { CacheSide };
export const QUEUE_SNAPSHOT_FILE = 'queue-snapshot.json';
/** 2: the answer packed (1: plain JSON, not read any more). */
const FORMAT = 2;
/** Past this age a kept answer is not served even if nothing changed (an answer an hour old is built afresh, whatever it says). */
export const SNAPSHOT_MAX_AGE_MS = HOUR_MS;
/** Writes wait this long for the next version (an acknowledgement is often followed by another). */
const WRITE_DELAY_MS = 300;
/**
 * …and come at most this often: each is the whole answer (~5 MB on 5,000 groups), assembled as
 * plain JSON on the UI-facing thread. Written after every acknowledgement, that was ~1.4 s of
 * that thread in the alerts bench's loaded phase (~1.5 ms per queue call). A file a few seconds
 * old is only ever a miss at the next start (its fingerprint no longer matches), never wrong.
 */
const MIN_WRITE_INTERVAL_MS = 5_000;
/** The answer's fields as this version writes them: a file from a version whose contract differs is not read. */
const SHAPE = JSON.stringify([Object.keys(AlertQueue.shape).sort(), Object.keys(QueueGroup.shape).sort()]);

function journalMark(mark: { count: number; last: number }, settingsText: string, rulesText: string): string {
  return JSON.stringify([mark.count, mark.last, settingsText, rulesText]);
}

function fingerprintOf(me: string, side: CacheSide, journal: string): string {
  return JSON.stringify([FORMAT, SHAPE, me, side.cache, side.sources, journal]);
}

/** The fingerprint of `built` (its journal part read by the build itself, see QueueBasis). */
export function builtFingerprint(me: string, built: Built, side: CacheSide): string {
  const { mark, journal } = built.basis;
  return fingerprintOf(me, side, journalMark(mark, journal.settingsText, journal.rulesText));
}

/** The fingerprint of what the stores hold now, and the SLO/backup sources as evaluated now. */
export function currentFingerprint(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal, me: string, burn: BurnSource, alarmServices: readonly string[]): string {
  const now = ctx.now();
  const cache = cacheMark(ctx, alarms);
  const mark = journal.actionsMark();
  const side = loadJournalSide(journal, now);
  // The same calls a build makes (they record new SLO/backup occurrences, as a build would).
  const notices: string[] = [];
  const entries = [...sloEntries(burn, alarms, now, notices, alarmServices), ...backupEntries(ctx, alarms, side.settings.settings, now, notices)];
  return fingerprintOf(me, { cache, sources: sideEntriesText(entries, notices), alarmServices: [...alarmServices] }, journalMark(mark, side.settingsText, side.rulesText));
}

/**
 * Until when `built` is what a build would show, time alone moving: the first snooze, silence
 * or resolved group changing (nextChangeAt), the first maintenance window opening or closing or
 * plan retiring. Not response timers running out: the answer read back is brought up to the
 * clock for those (queueRowsAt), or the file would be stale within minutes of any run on a
 * large estate and every start would build 5,000 groups on the UI-facing thread.
 */
export function timeValidUntil(built: Built): number {
  let until = Math.min(nextChangeAt(built) ?? Infinity, built.now + SNAPSHOT_MAX_AGE_MS);
  for (const view of built.plans) {
    if (view.retired && view.retired.at <= built.now) continue;
    if (view.retired) until = Math.min(until, view.retired.at);
    const active = activeWindow(view.plan.rule, built.now);
    if (active) until = Math.min(until, active.endsAt);
    const next = nextWindow(view.plan.rule, built.now);
    if (next && next.startsAt > built.now) until = Math.min(until, next.startsAt);
  }
  return until;
}

interface Header {
  format: number;
  fingerprint: string;
  builtAt: number;
  validUntil: number;
  alarmServices: string[];
  sha256: string;
}

export interface KeptAnswer {
  /** The answer in its packed form's JSON (alertsWire.ts), as the live build packed it. */
  packed: string;
  builtAt: number;
  validUntil: number;
  alarmServices: string[];
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The kept answer of `file` and its fingerprint; null when absent, damaged (checksum) or written by another version. */
export function readKept(file: string): { kept: KeptAnswer; fingerprint: string } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const cut = text.indexOf('\n');
  if (cut < 0) return null;
  let header: Header;
  try {
    header = JSON.parse(text.slice(0, cut)) as Header;
  } catch {
    return null;
  }
  if (header?.format !== FORMAT || typeof header.fingerprint !== 'string' || typeof header.sha256 !== 'string' || typeof header.builtAt !== 'number' || typeof header.validUntil !== 'number' || !Array.isArray(header.alarmServices)) return null;
  const packed = text.slice(cut + 1);
  if (sha256(packed) !== header.sha256) return null;
  return { kept: { packed, builtAt: header.builtAt, validUntil: header.validUntil, alarmServices: header.alarmServices }, fingerprint: header.fingerprint };
}

/**
 * Writes (whole file, then rename: a crash leaves the old file or the new one) the answer's
 * packed bytes under `fingerprint`; the checksum and the write run off the UI-facing thread.
 */
export async function writeKept(file: string, fingerprint: string, kept: Omit<KeptAnswer, 'packed'>, packed: Buffer): Promise<void> {
  const digest = Buffer.from(await webcrypto.subtle.digest('SHA-256', packed)).toString('hex');
  const header: Header = { format: FORMAT, fingerprint, builtAt: kept.builtAt, validUntil: kept.validUntil, alarmServices: kept.alarmServices, sha256: digest };
  const tmp = `${file}.tmp`;
  await writeFile(tmp, [Buffer.from(`${JSON.stringify(header)}\n`), packed]);
  await rename(tmp, file);
}

export interface QueueSnapshot {
  /**
   * The kept answer if it is what a build would answer now; null otherwise, and for
   * good once `live()` was called (a live build exists: it answers from then on).
   */
  restore(fingerprintNow: (alarmServices: readonly string[]) => Promise<string>): Promise<KeptAnswer | null>;
  /** A live answer: kept for the next start (written shortly, the newest of a burst). `packed`: its packed form's bytes. */
  keep(fingerprint: string, kept: Omit<KeptAnswer, 'packed'>, packed: () => Buffer): void;
  /** A live build now answers: the file is not read again. */
  live(): void;
}

const inTime = (kept: KeptAnswer, at: number): boolean => at >= kept.builtAt && at < kept.validUntil;

export function queueSnapshot(dataDir: string | null, now: () => number, minWriteIntervalMs = MIN_WRITE_INTERVAL_MS): QueueSnapshot {
  const file = dataDir === null ? null : join(dataDir, QUEUE_SNAPSHOT_FILE);
  let reading = file !== null;
  // Read (and checked) once; each call then only compares the fingerprint and the clock.
  let loaded: { kept: KeptAnswer; fingerprint: string } | null | undefined;
  let pending: { fingerprint: string; kept: Omit<KeptAnswer, 'packed'>; packed: () => Buffer } | null = null;
  let timer: NodeJS.Timeout | null = null;
  // One write at a time, in order; when the last one began (performance.now()).
  let writing: Promise<void> = Promise.resolve();
  let lastWriteAt = -Infinity;
  const flush = (): void => {
    timer = null;
    const p = pending;
    pending = null;
    if (!p || file === null) return;
    lastWriteAt = performance.now();
    writing = writing
      .then(() => writeKept(file, p.fingerprint, p.kept, p.packed()))
      // Only the next start is slower for it.
      .catch((err: unknown) => console.error(`Opsdeck: keeping the alert queue for the next start failed: ${String(err)}`));
  };
  const stopReading = (why: string): null => {
    if (reading) traceStartup(`alert queue: the last run's answer not used (${why})`);
    reading = false;
    loaded = null;
    return null;
  };
  return {
    restore: async (fingerprintNow) => {
      if (!reading || file === null) return null;
      const first = loaded === undefined;
      if (loaded === undefined) loaded = readKept(file);
      if (loaded === null) return stopReading('absent, damaged or from another version');
      // The first miss hands over to the live build for good. Time first: it needs no SLO worker.
      if (!inTime(loaded.kept, now())) return stopReading('time has changed it');
      const fingerprint = await fingerprintNow(loaded.kept.alarmServices);
      // Checked again after the wait: a live build may have answered, or time moved on, meanwhile.
      if (!reading || loaded === null) return null;
      if (!inTime(loaded.kept, now())) return stopReading('time has changed it');
      if (fingerprint !== loaded.fingerprint) return stopReading('its inputs changed');
      if (first) traceStartup("alert queue: answered from the last run's answer");
      return loaded.kept;
    },
    keep: (fingerprint, kept, packed) => {
      if (file === null) return;
      pending = { fingerprint, kept, packed };
      if (timer === null) {
        timer = setTimeout(flush, Math.max(WRITE_DELAY_MS, lastWriteAt + minWriteIntervalMs - performance.now()));
        timer.unref?.();
      }
    },
    live: () => {
      stopReading('a live build answers');
    },
  };
}
