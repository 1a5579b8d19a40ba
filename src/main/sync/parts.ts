// The parts of a sync pass (metric catalogue, datapoints, history backfill, alarms, tags,
// alarm history, and whatever a feature adds: backups, changes…). Each part succeeds or fails
// on its own: its own schedule, backoff and circuit breaker, its own error and last success.
// A new part joins the engine by implementing SyncPart and being listed in `parts`.
import { failedCallOf } from '../sources/aws/failedCall';
import { classifyFailure, type FailureKind } from './connectivity';
import { credentialAdvice, deniedAction } from '../sources/aws/credentials';
import { fullJitterDelay } from '../domain/backoff';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './resilience';

const MINUTE = 60_000;

/** What one run of a part did. */
export type PartOutcome =
  /** Made calls and stored what they returned. */
  | 'done'
  /** Nothing was due (e.g. tags fetched within the hour): the part is current without a call. */
  | 'idle'
  /** Could not run yet (e.g. no metric catalogue for the datapoints): its status is unchanged. */
  | 'skipped';

export interface SyncPart {
  /** Stable id: 'alarms', 'history', 'backups', … */
  readonly id: string;
  /** What the user reads: "alarm history". */
  readonly label: string;
  /** The main AWS call, named when a failure does not say which call it was. */
  readonly call: string;
  /** Pause after a successful run; a part with more to do (a backfill) returns `again: true`. */
  readonly intervalMs: number;
  /** When the engine starts, wait for the first run of these parts (e.g. tags after alarms). */
  readonly after?: readonly string[];
  /**
   * One run; throws on failure. `signal` aborts when the engine stops. `asOf`: how current the
   * part's data is when that is not "now" (a part made of sub-parts is as old as its oldest).
   * `reached`: a long run (the history backfill's ~50 calls, the backups' sub-parts) calls it
   * after each call that was answered, so a part that failed because the source was unreachable
   * is back at once rather than when its whole run ends — otherwise a source that is back
   * stays "degraded" for that run (~15 s of history calls).
   */
  run(signal: AbortSignal, reached: () => void): Promise<PartOutcome | { outcome: PartOutcome; again?: boolean; asOf?: number }>;
}

/**
 * A failure a part has already put in words (e.g. from the stored status of its sub-parts):
 * reported as it is, with the call and the kind of failure it names.
 */
export class PartError extends Error {
  constructor(
    message: string,
    readonly call: string,
    /** Read by classifyFailure too, so connectivity counts it as what it is (an unreachable endpoint is not a reply). */
    readonly failureKind: FailureKind,
    readonly denied: string | null = null,
  ) {
    super(message);
    this.name = 'PartError';
  }
}

export type PartState = 'pending' | 'ok' | 'failing' | 'denied';

export interface PartStatus {
  id: string;
  label: string;
  state: PartState;
  /** When the part last completed a run: its data is current as of then. Never advances while failing. */
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** Since when the part has been failing (null while ok). */
  failingSince: number | null;
  /** The call that failed, e.g. "DescribeAlarmHistory". */
  failedCall: string | null;
  /** "HTTP 500 InternalFailure", "access denied to cloudwatch:DescribeAlarmHistory", … */
  lastError: string | null;
  /** When a run is under way: since when. */
  runningSince: number | null;
  /** When the next run is scheduled (null: not scheduled, e.g. during runOnce). */
  nextAttemptAt: number | null;
}

export interface PartFailure {
  kind: FailureKind;
  call: string;
  /** Without the call: "HTTP 500 InternalFailure". */
  message: string;
  denied: string | null;
}

/** What a failure means for the user, naming the call and its HTTP status. */
export function describePartFailure(err: unknown, fallbackCall: string, profile?: string): PartFailure {
  if (err instanceof PartError) return { kind: err.failureKind, call: err.call, message: err.message, denied: err.denied };
  const call = failedCallOf(err) ?? fallbackCall;
  const classified = classifyFailure(err);
  const denied = deniedAction(err, `cloudwatch:${call}`);
  if (denied) return { kind: 'auth', call, message: `access denied to ${denied}`, denied };
  const advice = credentialAdvice(err, profile);
  if (advice) return { kind: 'auth', call, message: advice, denied: null };
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  // An error body the SDK could not read ("SyntaxError", "Error") says nothing: keep the status.
  const name = e?.name && !/^(SyntaxError|Error|UnknownError|TypeError)$/.test(e.name) ? e.name : null;
  let message = classified.message;
  if (classified.kind === 'server') message = `HTTP ${status ?? '5xx'}${name ? ` ${name}` : ' (unreadable error body)'}`;
  else if (classified.kind === 'rejected' && status !== undefined) message = `HTTP ${status} ${name ?? ''}${e?.message ? `: ${e.message}` : ''}`.replace(/ :/, ':');
  return { kind: classified.kind, call, message, denied: null };
}

/** Runs one part on its own schedule; the engine asks it for its status. */
export class PartRunner {
  readonly status: PartStatus;
  failure: PartFailure | null = null;
  /** Consecutive failed runs with the source unreachable, and when that run of them began. */
  unreachableStreak = 0;
  unreachableSince: number | null = null;
  /** Sequence number (engine-wide) of the first unreachable failure in the current streak. */
  unreachableFromSeq = 0;
  private readonly breaker: CircuitBreaker;
  private consecutiveFailures = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PartOutcome> | null = null;
  private abort: AbortController | null = null;
  private stopped = true;
  /** Resolves after the first run ends (for parts that start `after` this one). */
  readonly firstRun: Promise<void>;
  private markFirstRun!: () => void;

  constructor(
    readonly part: SyncPart,
    private readonly o: {
      now: () => number;
      breaker?: BreakerOptions;
      profile?: string;
      /** Called after every state change (run started, ended, rescheduled). */
      onChange: (runner: PartRunner, outcome: PartOutcome | 'failed' | null, err?: unknown) => void;
    },
  ) {
    this.breaker = new CircuitBreaker(o.breaker ?? DEFAULT_BREAKER);
    this.status = {
      id: part.id,
      label: part.label,
      state: 'pending',
      lastSuccessAt: null,
      lastAttemptAt: null,
      failingSince: null,
      failedCall: null,
      lastError: null,
      runningSince: null,
      nextAttemptAt: null,
    };
    this.firstRun = new Promise((resolve) => (this.markFirstRun = resolve));
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  start(delayMs = 0): void {
    this.stopped = false;
    this.schedule(delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.status.nextAttemptAt = null;
    this.abort?.abort();
    await this.running?.catch(() => undefined);
  }

  /**
   * A user asked: cancel the backoff (and the breaker's cool-down) and run at once.
   * Returns false when a run is already under way (it is the attempt).
   */
  runNow(): boolean {
    if (this.running) return false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.run(true).catch(() => undefined);
    return true;
  }

  /** One run now (unless one is under way: then that one). Rejects when the part failed. */
  run(force = false): Promise<PartOutcome> {
    if (this.running) return this.running;
    if (!force && !this.breaker.allows(this.o.now())) {
      this.schedule(this.breaker.waitMs(this.o.now()));
      return Promise.resolve('skipped');
    }
    const abort = new AbortController();
    this.abort = abort;
    this.status.runningSince = this.o.now();
    this.status.nextAttemptAt = null;
    this.o.onChange(this, null);
    let again = false;
    let asOf: number | undefined;
    const attempt = this.part.run(abort.signal, () => this.reached()).then((r) => {
      const outcome = typeof r === 'string' ? r : r.outcome;
      again = typeof r === 'string' ? false : (r.again ?? false);
      asOf = typeof r === 'string' ? undefined : r.asOf;
      return outcome;
    });
    this.running = attempt
      .then(
        (outcome) => {
          this.succeeded(outcome, asOf);
          this.schedule(again ? 0 : this.part.intervalMs);
          return outcome;
        },
        (err: unknown) => {
          this.failed(err);
          // Closed breaker: retry soon, with jitter, so a blip is ridden out; open: wait it out.
          const delay = this.breaker.allows(this.o.now()) ? 1_000 + fullJitterDelay(this.consecutiveFailures, 2_000, MINUTE) : this.breaker.waitMs(this.o.now());
          this.schedule(delay);
          throw err;
        },
      )
      .finally(() => {
        this.running = null;
        this.abort = null;
        this.markFirstRun();
      });
    return this.running;
  }

  private succeeded(outcome: PartOutcome, asOf?: number): void {
    const now = this.o.now();
    this.status.runningSince = null;
    if (outcome === 'skipped') {
      this.o.onChange(this, outcome);
      return;
    }
    this.consecutiveFailures = 0;
    this.breaker.succeeded();
    this.failure = null;
    this.unreachableStreak = 0;
    this.unreachableSince = null;
    Object.assign(this.status, { state: 'ok', lastSuccessAt: Math.min(now, asOf ?? now), lastAttemptAt: now, failingSince: null, failedCall: null, lastError: null });
    this.o.onChange(this, outcome);
  }

  /**
   * A call of the run under way was answered: an unreachable source is reachable again (the
   * breaker closes, the streak ends) though the run is not over; its data counts as current only
   * when the run completes. Other failures (a 500, a denied call) are the run's to clear: one
   * answered call does not disprove them.
   */
  private reached(): void {
    if (!this.running || this.failure?.kind !== 'unreachable' || this.stopped) return;
    this.consecutiveFailures = 0;
    this.breaker.succeeded();
    this.failure = null;
    this.unreachableStreak = 0;
    this.unreachableSince = null;
    Object.assign(this.status, { state: 'ok', failingSince: null, failedCall: null, lastError: null });
    this.o.onChange(this, 'done');
  }

  private failed(err: unknown): void {
    const now = this.o.now();
    this.status.runningSince = null;
    if (this.stopped && this.abort?.signal.aborted) return;
    const f = describePartFailure(err, this.part.call, this.o.profile);
    this.failure = f;
    if (f.denied) {
      // A role without this permission will not get it by retrying every few seconds.
      this.consecutiveFailures = 0;
      this.breaker.succeeded();
    } else {
      this.consecutiveFailures += 1;
      this.breaker.failed(now);
    }
    if (f.kind === 'unreachable') {
      this.unreachableStreak += 1;
      this.unreachableSince ??= now;
    } else {
      this.unreachableStreak = 0;
      this.unreachableSince = null;
    }
    Object.assign(this.status, {
      state: f.denied ? 'denied' : 'failing',
      lastAttemptAt: now,
      failingSince: this.status.failingSince ?? now,
      failedCall: f.call,
      lastError: f.message,
    });
    this.o.onChange(this, 'failed', err);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = this.status.state === 'denied' ? Math.max(delayMs, this.part.intervalMs) : delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run().catch(() => undefined);
    }, delay);
    this.status.nextAttemptAt = this.o.now() + delay;
    this.o.onChange(this, null);
  }

  /** Waits for the parts this one starts after, then starts it. */
  startAfter(others: readonly PartRunner[]): void {
    this.stopped = false;
    void Promise.all(others.map((r) => r.firstRun)).then(() => {
      if (!this.stopped && !this.running && !this.timer) this.schedule(0);
    });
  }
}

const joinWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/**
 * One line for the whole source: the failing parts by call, then what is current, e.g.
 * "DescribeAlarmHistory: HTTP 500 InternalFailure — alarm history not updated; metric
 * catalogue, datapoints, alarms and tags current". A failure every part shares (disk full,
 * credentials, unreachable) is said once.
 */
export function summariseParts(parts: readonly { status: PartStatus; failure: PartFailure | null }[]): string | null {
  const failing = parts.filter((p) => p.failure && (p.status.state === 'failing' || p.status.state === 'denied'));
  if (failing.length === 0) return null;
  const distinct = [...new Set(failing.map((p) => p.failure!.message))];
  const shared = failing.every((p) => p.failure!.kind === failing[0]!.failure!.kind) && ['unreachable', 'disk', 'auth'].includes(failing[0]!.failure!.kind);
  if (shared && failing.length === parts.filter((p) => p.status.state !== 'pending').length && distinct.length === 1) return distinct[0]!;
  const current = parts.filter((p) => p.status.state === 'ok').map((p) => p.status.label);
  // A full disk is not the call's fault: say what could not be stored instead.
  const text = failing.map((p) => `${p.failure!.kind === 'disk' ? '' : `${p.failure!.call}: `}${p.failure!.message} — ${p.status.label} not updated`).join('; ');
  return current.length ? `${text}; ${joinWords(current)} current` : text;
}

/**
 * What "Sync now" can do for a source: parts not running start at once (backoff and breaker
 * cancelled); when every part is already running, nothing new can start — say what it waits for.
 */
export function syncNowAnswer(parts: readonly PartStatus[], now: number): { started: boolean; reason?: string } {
  if (parts.length === 0) return { started: true };
  if (parts.some((p) => p.runningSince === null)) return { started: true };
  const longest = Math.max(...parts.map((p) => now - (p.runningSince ?? now)));
  const seconds = Math.max(1, Math.round(longest / 1000));
  return { started: false, reason: `already trying: every part of this source is waiting for the endpoint (for ${seconds} s); it gives up at its request timeout and then tries again` };
}
