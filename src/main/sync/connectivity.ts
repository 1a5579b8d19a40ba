// Per-source connectivity: online → degraded → offline, from the outcome of each attempt.
export type ConnectivityState = 'online' | 'degraded' | 'offline';

export type FailureKind = 'unreachable' | 'throttled' | 'server' | 'auth' | 'rejected' | 'disk';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED',
]);

/** Classifies an SDK or network error into what it means for the user. */
export function classifyFailure(err: unknown): { kind: FailureKind; message: string } {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const name = e?.name ?? '';
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code ?? '';
  const status = e?.$metadata?.httpStatusCode;
  const text = e?.message ?? String(err);
  // A part that put its failure in words already knows its kind (sync/parts.ts PartError).
  const known = (err as { failureKind?: FailureKind } | null)?.failureKind;
  if (known) return { kind: known, message: text };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { kind: 'disk', message: 'the disk holding the cache is full: sync is paused until space is freed (nothing already stored was lost)' };
  }
  if (UNREACHABLE_CODES.has(code) || name === 'TimeoutError' || name === 'RequestTimeout' || /socket hang up|ECONNREFUSED|ECONNRESET/.test(text)) {
    return { kind: 'unreachable', message: `source unreachable (${code || name || text})` };
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) return { kind: 'throttled', message: `throttled by the source (${name})` };
  if (/ExpiredToken|UnrecognizedClient|InvalidClientTokenId|AccessDenied|CredentialsProviderError|SSO/.test(name + text)) {
    return { kind: 'auth', message: text };
  }
  if (status !== undefined && status >= 500) return { kind: 'server', message: `source error ${status} (${name})` };
  if (/Unavailable|InternalFailure|InternalServiceError/.test(name)) return { kind: 'server', message: `source error (${name})` };
  return { kind: 'rejected', message: `${name ? name + ': ' : ''}${text}` };
}

export interface ConnectivitySnapshot {
  state: ConnectivityState;
  offlineSince: number | null;
  lastSuccess: number | null;
  lastAttempt: number | null;
  lastError: string | null;
}

/**
 * Consecutive failed passes (each already retried by the SDK) with the source unreachable
 * before it counts as offline: one blip on flaky Wi-Fi is "degraded", not an outage.
 */
export const OFFLINE_AFTER = 2;

export class ConnectivityTracker {
  private failures: number;
  /** When the current run of unreachable passes began: what "offline since" reports. */
  private unreachableSince: number | null;

  constructor(private snap: ConnectivitySnapshot) {
    // A source that was offline when the app stopped is still offline until a pass succeeds.
    this.failures = snap.state === 'offline' ? OFFLINE_AFTER : 0;
    this.unreachableSince = snap.offlineSince;
  }

  get snapshot(): ConnectivitySnapshot {
    return { ...this.snap };
  }

  succeeded(now: number): void {
    this.failures = 0;
    this.unreachableSince = null;
    this.snap = { state: 'online', offlineSince: null, lastSuccess: now, lastAttempt: now, lastError: null };
  }

  /** The pass worked, but part of the source did not (e.g. one API denied). */
  partial(now: number, message: string): void {
    this.failures = 0;
    this.unreachableSince = null;
    this.snap = { state: 'degraded', offlineSince: null, lastSuccess: now, lastAttempt: now, lastError: message };
  }

  /** `explanation` replaces the raw error text when there is a better one (e.g. what to run). */
  failed(now: number, err: unknown, explanation?: string): void {
    const classified = classifyFailure(err);
    const kind = classified.kind;
    const message = explanation ?? classified.message;
    if (kind === 'unreachable') {
      this.failures += 1;
      this.unreachableSince ??= now;
    } else {
      this.failures = 0;
      this.unreachableSince = null;
    }
    const state: ConnectivityState = this.failures >= OFFLINE_AFTER ? 'offline' : 'degraded';
    this.snap = {
      ...this.snap,
      state,
      offlineSince: state === 'offline' ? this.unreachableSince : null,
      lastAttempt: now,
      lastError: state === 'degraded' && kind === 'unreachable' ? `${message} — retrying` : message,
    };
  }
}
