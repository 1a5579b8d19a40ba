// The first screen from the last evaluation: the Overview, the SLO list and the burn alerts
// (the alert queue's SLO source) are kept in <dataDir>/first-screen.json with a fingerprint of
// the data they were computed from. After a restart, while the SLO worker is still cold, a call
// whose fingerprint matches is answered from that file at once. SLO figures are evaluated as of
// the newest cached datapoint (service.ts), so over the same data they are the same figures the
// worker is about to compute — not an older guess. Anything else (new data, another sync, a
// changed SLO file, another clock) misses and waits for the live evaluation, as before.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Overview } from '@shared/contract/core';
import { SloList } from '@shared/contract/slos';
import type { CacheStore } from '../store/cache';
import type { SloEvaluator } from './evaluator';

export const FIRST_SCREEN_FILE = 'first-screen.json';
const FORMAT = 1;
/**
 * After data changed, how long until the kept entries are evaluated again (off the UI-facing
 * thread, in the SLO worker) and the file rewritten: without a page asking (serve mode with no
 * window, a window hidden), the file otherwise stayed as of the start, and the refresh at quit
 * (CLOSE_REFRESH_MS) did not finish on a large estate after a backfill, so the next start
 * missed it and evaluated cold. Those evaluations also keep the worker's settled buckets in
 * cache.db up to date (sliData.ts) for the next start's worker.
 */
export const FRESHEN_AFTER_MS = 30_000;
/** How long the file write waits for the other first-screen answers of the same evaluation. */
const WRITE_DELAY_MS = 500;
/** At close, how long refreshing out-of-date entries may hold the shutdown. */
const CLOSE_REFRESH_MS = 3_000;

type Kept = 'overview' | 'slos' | 'burnAlerts';
const KEPT: readonly Kept[] = ['overview', 'slos', 'burnAlerts'];

interface Entry {
  fingerprint: string;
  source: string;
  dir: string | null;
  value: unknown;
}

interface SnapshotFile {
  format: number;
  entries: Partial<Record<Kept, Entry>>;
}

/**
 * What the three answers depend on: the evaluation instant (newest datapoint + 60 s, capped at
 * `now`, as SloService.asOf), the last successful sync pass and alarm read (any pass may have
 * filled older gaps or changed alarms), the log of changes to older datapoints (a backfill
 * fills older days inside one pass: the figures of a 30-day window change with them), and
 * the configuration `paths` (a file, or a folder's files: name, size, mtime).
 */
export function dataFingerprint(cache: Pick<CacheStore, 'newestPointTs' | 'sourceState' | 'settledChangeSeq'>, source: string, paths: readonly (string | null)[], now: number): string {
  const newest = cache.newestPointTs(source);
  const olderChanges = cache.settledChangeSeq();
  const state = cache.sourceState(source);
  const stamp = (path: string): string => {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  };
  const files = paths.map((path) => {
    if (path === null) return null;
    try {
      if (!statSync(path).isDirectory()) return stamp(path);
      return readdirSync(path)
        .sort()
        .map((f) => `${f}:${stamp(join(path, f))}`);
    } catch {
      return 'absent';
    }
  });
  return JSON.stringify([source, newest === null ? null : Math.min(now, (newest + 60) * 1000), state?.lastSuccess ?? null, state?.alarmsAsOf ?? null, olderChanges, files]);
}

/** JSON that refuses NaN/±Infinity (JSON would turn them into null: a wrong figure on restore). */
function strictJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('a non-finite number');
    return v;
  });
}

/** Whether a kept answer still parses as its contract says (a file from an older version may not). */
function validEntry(m: Kept, e: Entry | undefined): e is Entry {
  if (!e || typeof e.fingerprint !== 'string' || typeof e.source !== 'string') return false;
  return m === 'overview' ? Overview.safeParse(e.value).success : m === 'slos' ? SloList.safeParse(e.value).success : Array.isArray(e.value);
}

/** The entries of `file` as written, unchecked (see validEntry); anything unreadable is no snapshot. */
function readEntries(file: string): Partial<Record<Kept, Entry>> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    return parsed?.format === FORMAT && typeof parsed.entries === 'object' && parsed.entries !== null ? parsed.entries : {};
  } catch {
    return {};
  }
}

/** The kept entries of `file` that still parse as their contract says. */
export function readSnapshot(file: string): Partial<Record<Kept, Entry>> {
  const entries = readEntries(file);
  return Object.fromEntries(KEPT.flatMap((m) => (validEntry(m, entries[m]) ? [[m, entries[m]]] : [])));
}

export interface FirstScreenOptions {
  file: string;
  fingerprint: (source: string, dir: string | null, now: number) => string;
  now: () => number;
  /** A live answer replaced one served from the file: tell the windows to read again. */
  onLive: () => void;
  /** How long the worker's own evaluation of an answer served from the file waits (default LIVE_DELAY_MS). */
  liveDelayMs?: number;
  /**
   * Settles once the calls the page is making have answered: the worker's own evaluation of
   * answers served from the file waits for it too (at most FIRST_SCREEN_WAIT_MS), since it
   * would take a core from what the first screen still waits for (the alert queue's build).
   */
  firstScreenServed?: () => Promise<void>;
  /** How long after a data change the kept entries are evaluated again (default FRESHEN_AFTER_MS). */
  freshenAfterMs?: number;
}

/**
 * An answer served from the file is the one the worker would give (same fingerprint), so its
 * live evaluation can wait while the page paints it: on two cores, a cold worker starting
 * and evaluating at once took a core from Chromium drawing the first screen
 * (ui.first_useful_ms). Not longer: a click into an SLO's detail right after the first paint
 * would then meet the worker's start-up (ui.slo_detail_ms).
 */
const LIVE_DELAY_MS = 400;
/** The longest the deferred evaluations wait for FirstScreenOptions.firstScreenServed. */
const FIRST_SCREEN_WAIT_MS = 8_000;

/**
 * `inner` with the first screen answered from the file while the worker is cold. Concurrent
 * calls over the same data share one evaluation (the start-up warm-up and the page's own calls
 * ask for the same three answers within a second).
 */
export type FirstScreenEvaluator = SloEvaluator & {
  /** At quit (sync stopped): entries whose data changed since their evaluation are evaluated again, for the next start. */
  keepForNextStart(): Promise<void>;
  /** Data changed: entries no longer matching it are evaluated again FRESHEN_AFTER_MS later (once the worker is warm), so the file keeps up while the app runs. */
  dataChanged(): void;
  /** Settles once the worker itself has answered each kept method once (start-up work waits for it, not for the file). */
  warm(): Promise<void>;
  /**
   * At start-up, before the page asks: evaluates now what the file cannot answer. What it can
   * answer is evaluated once the page has been served it (LIVE_DELAY_MS later).
   */
  warmUp(source: string, dir: string | null, now: number): void;
};

/** A fingerprint read this recently is reused by calls: on a large estate it costs milliseconds, and calls come in bursts. */
const FINGERPRINT_REUSE_MS = 1_000;

export function withFirstScreen<E extends SloEvaluator>(inner: E, o: FirstScreenOptions): Omit<E, keyof SloEvaluator> & FirstScreenEvaluator {
  // Checked against the contract at first use, not here: start-up is on the way to the first paint.
  const entries = readEntries(o.file);
  const liveDelayMs = o.liveDelayMs ?? LIVE_DELAY_MS;
  const freshenAfterMs = o.freshenAfterMs ?? FRESHEN_AFTER_MS;
  const firstScreenServed = async (): Promise<void> => {
    if (!o.firstScreenServed) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([o.firstScreenServed(), new Promise((r) => (timer = setTimeout(r, FIRST_SCREEN_WAIT_MS)))]);
    clearTimeout(timer);
  };
  const checked = new Set<Kept>();
  const warm = new Set<Kept>();
  let markWarm: () => void = () => undefined;
  const allWarm = new Promise<void>((r) => (markWarm = r));
  const inflight = new Map<string, Promise<unknown>>();
  let servedFromFile = false;
  let writeTimer: NodeJS.Timeout | null = null;

  const write = (): void => {
    if (writeTimer) clearTimeout(writeTimer);
    writeTimer = null;
    try {
      const text = strictJson({ format: FORMAT, entries } satisfies SnapshotFile);
      const tmp = `${o.file}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, o.file);
    } catch (err) {
      // Only the next start's speed depends on it.
      console.error(`Opsdeck: could not keep the first screen in ${o.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const fingerprint = (source: string, dir: string | null, now: number): string | null => {
    try {
      return o.fingerprint(source, dir, now);
    } catch {
      return null;
    }
  };
  const recent = new Map<string, { at: number; fp: string | null }>();
  const recentFingerprint = (source: string, dir: string | null, now: number): string | null => {
    const key = `${source}\u0000${dir ?? ''}`;
    const known = recent.get(key);
    if (known && Math.abs(Date.now() - known.at) < FINGERPRINT_REUSE_MS) return known.fp;
    const fp = fingerprint(source, dir, now);
    recent.set(key, { at: Date.now(), fp });
    return fp;
  };

  const live = (m: Kept, source: string, dir: string | null, now: number, fp: string | null, deferred = false): Promise<unknown> => {
    const key = fp === null ? null : `${m}\u0000${fp}\u0000${dir ?? ''}`;
    const shared = key === null ? undefined : inflight.get(key);
    if (shared) return shared;
    const evaluate = (): Promise<unknown> => (inner[m] as (s: string, d: string | null, n: number) => Promise<unknown>)(source, dir, now);
    const started = deferred && liveDelayMs > 0 ? new Promise<void>((r) => setTimeout(r, liveDelayMs)).then(firstScreenServed).then(evaluate) : evaluate();
    const call = started.finally(() => {
      warm.add(m);
      if (warm.size === KEPT.length) markWarm();
    });
    void call.then((value) => {
      // Kept only when the data did not change under the evaluation.
      if (fp !== null && fingerprint(source, dir, o.now()) === fp) {
        entries[m] = { fingerprint: fp, source, dir, value };
        writeTimer ??= setTimeout(write, WRITE_DELAY_MS).unref();
      }
    }, () => undefined);
    if (key !== null) {
      inflight.set(key, call);
      void call.then(
        () => inflight.delete(key),
        () => inflight.delete(key),
      );
    }
    return call;
  };

  /** The file holds m's answer for exactly this data and SLO folder (and the worker has not answered m yet). */
  const servable = (m: Kept, source: string, dir: string | null, fp: string | null): boolean => {
    const kept = entries[m];
    if (kept && !checked.has(m)) {
      checked.add(m);
      if (!validEntry(m, kept)) delete entries[m];
    }
    return !warm.has(m) && fp !== null && kept !== undefined && entries[m] === kept && kept.fingerprint === fp && kept.source === source && kept.dir === dir;
  };

  const answer = (m: Kept) => (source: string, dir: string | null, now: number): Promise<never> => {
    const fp = recentFingerprint(source, dir, now);
    const fromFile = servable(m, source, dir, fp);
    const pending = live(m, source, dir, now, fp, fromFile);
    const kept = entries[m];
    if (fromFile && kept) {
      // The page asks for the other two within moments: their evaluations follow this one's.
      for (const other of KEPT) if (other !== m && servable(other, source, dir, fp)) void live(other, source, dir, now, fp, true).catch(() => undefined);
      if (!servedFromFile) {
        servedFromFile = true;
        void pending.then(() => o.onLive(), () => undefined);
      }
      return Promise.resolve(kept.value as never);
    }
    return pending as Promise<never>;
  };

  /** Entries whose data changed since their evaluation (sync went on after the last look), evaluated again. */
  const evaluateStale = (): Promise<unknown>[] => {
    const now = o.now();
    return KEPT.flatMap((m) => {
      const e = entries[m];
      if (!e) return [];
      const fp = fingerprint(e.source, e.dir, now);
      return fp !== e.fingerprint ? [live(m, e.source, e.dir, now, fp)] : [];
    });
  };
  const refreshStale = async (): Promise<void> => {
    const stale = evaluateStale();
    if (stale.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(stale), new Promise((r) => (timer = setTimeout(r, CLOSE_REFRESH_MS)))]);
    clearTimeout(timer);
  };

  let closed = false;
  let freshenTimer: NodeJS.Timeout | null = null;
  let freshening = false;
  const freshen = (): void => {
    freshenTimer = null;
    // One round at a time: a slow one (a backfill's new days to sum) is not stacked on.
    if (closed) return;
    if (freshening) {
      freshenTimer = setTimeout(freshen, freshenAfterMs).unref();
      return;
    }
    freshening = true;
    void allWarm
      .then(() => (closed ? [] : Promise.allSettled(evaluateStale())))
      .finally(() => (freshening = false));
  };

  return {
    ...inner,
    overview: answer('overview'),
    slos: answer('slos'),
    burnAlerts: answer('burnAlerts'),
    detail: (...args) => inner.detail(...args),
    incidentBudgets: (...args) => inner.incidentBudgets(...args),
    warm: () => allWarm,
    warmUp: (source, dir, now) => {
      const fp = recentFingerprint(source, dir, now);
      for (const m of KEPT) {
        if (!servable(m, source, dir, fp)) void live(m, source, dir, now, fp).catch(() => undefined);
      }
    },
    dataChanged: () => {
      if (!closed && freshenTimer === null) freshenTimer = setTimeout(freshen, freshenAfterMs).unref();
    },
    keepForNextStart: async () => {
      if (freshenTimer) clearTimeout(freshenTimer);
      freshenTimer = null;
      await refreshStale().catch(() => undefined);
      if (writeTimer) write();
    },
    close: async () => {
      closed = true;
      if (freshenTimer) clearTimeout(freshenTimer);
      if (writeTimer) write();
      await inner.close();
    },
  };
}
