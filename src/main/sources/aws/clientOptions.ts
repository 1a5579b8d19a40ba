// The one target → SDK client options mapping every AWS client here spreads (CloudWatch,
// Backup, RDS, CloudTrail), so none of them can lose the timeouts: without
// `throwOnRequestTimeout` the SDK's Node handler only logs a warning past `requestTimeout`,
// and without a socket timeout a connection that accepted and went silent holds its sync
// part forever.
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { fullJitterDelay } from '../../domain/backoff';

export interface AwsTarget {
  region: string;
  /** Set for the demo simulator; absent for real AWS (the SDK resolves the endpoint). */
  endpoint?: string;
  /** Only for the simulator: it accepts any key. Real accounts use the SDK default chain. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Credentials from the SDK default chain for a profile/role (see config/sources). */
  credentialProvider?: AwsCredentialIdentityProvider;
  /** Whole request and response, per attempt: past it the attempt is aborted (and retried). */
  requestTimeoutMs?: number;
  /** A socket idle this long (a hung endpoint that accepted and never answers) is closed. */
  socketTimeoutMs?: number;
  /** TCP connect. */
  connectionTimeoutMs?: number;
  /** Attempts per request, including the first (the SDK retries throttling, 5xx and network errors). */
  maxAttempts?: number;
  /** Full-jitter backoff between those attempts. */
  retryBaseMs?: number;
  retryCapMs?: number;
}

/**
 * Defaults sized so a hung endpoint is noticed within a minute: 4 attempts of at most 10 s
 * each, plus backoff. A healthy GetMetricData of 500 queries answers in a few seconds.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const ignore = (): void => undefined;

/**
 * The SDK's logger middleware builds a copy of every answer with its sensitive fields masked
 * and hands it to `logger.info` — with the default no-op logger too, so a GetMetricData page of
 * 100,800 datapoints was walked and copied for nothing (3.5 % of the sync worker's CPU in a
 * backfill, and its garbage). It skips the copy when the logger has no `info` (`logger?.info?.(…)`).
 * Nothing here logs SDK calls; failures reach the parts as errors.
 */
export const SDK_LOGGER: Logger = { debug: ignore, info: undefined as unknown as Logger['info'], warn: ignore, error: ignore };

export interface ClientOptions {
  region: string;
  logger: Logger;
  endpoint?: string;
  credentials?: AwsTarget['staticCredentials'] | AwsCredentialIdentityProvider;
  retryStrategy: ConfiguredRetryStrategy;
  requestHandler: { requestTimeout: number; throwOnRequestTimeout: true; socketTimeout: number; connectionTimeout: number };
}

/** `defaults.retryBaseMs`: a service's own backoff base when the target sets none (CloudTrail paces at 2 calls/s). */
export function clientOptions(t: AwsTarget, defaults: { retryBaseMs?: number } = {}): ClientOptions {
  const requestTimeout = t.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const credentials = t.credentialProvider ?? t.staticCredentials;
  return {
    region: t.region,
    logger: SDK_LOGGER,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    // The SDK's standard strategy decides *what* is retryable (throttling, 5xx, transient
    // network errors) and keeps a retry quota; we only set how long to wait: full jitter.
    retryStrategy: new ConfiguredRetryStrategy(t.maxAttempts ?? 4, (attempt) => fullJitterDelay(attempt, t.retryBaseMs ?? defaults.retryBaseMs ?? 200, t.retryCapMs ?? 20_000)),
    requestHandler: {
      requestTimeout,
      throwOnRequestTimeout: true,
      socketTimeout: t.socketTimeoutMs ?? requestTimeout,
      connectionTimeout: t.connectionTimeoutMs ?? Math.min(5_000, requestTimeout),
    },
  };
}
