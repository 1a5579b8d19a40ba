// CloudTrail's LookupEvents over awsJson1_1, exactly as @aws-sdk/client-cloudtrail speaks
// it: POST /, `X-Amz-Target: CloudTrail_20131101.LookupEvents`, members in PascalCase,
// StartTime/EndTime as epoch seconds; newest event first, at most 50 per page, NextToken
// bound to the query it came from, one lookup attribute, 90 days of history, and the
// account's limit of 2 calls per second (ThrottlingException past it).

import { createHash } from 'node:crypto';
import { CloudWatchError, unknownOperation, serializationError } from '../cloudwatch/errors';
import { type ChangeEvent, changesBetween, cloudTrailEventJson } from '../../platform/changes';

export const CLOUDTRAIL_TARGET_PREFIX = 'CloudTrail_20131101';
export const CLOUDTRAIL_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const CLOUDTRAIL_OPERATIONS = ['LookupEvents'] as const;

export const CLOUDTRAIL_LIMITS = {
  maxResults: 50,
  retentionSec: 90 * 86_400,
  callsPerSecond: 2,
} as const;

const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
type LookupKey = (typeof LOOKUP_KEYS)[number];

const NS = 'com.amazonaws.cloudtrail.v20131101#';
const ctError = (shape: string, message: string, status = 400): CloudWatchError => new CloudWatchError({ type: `${NS}${shape}`, queryCode: null, status, message });

export const cloudTrailThrottling = (): CloudWatchError => ctError('ThrottlingException', 'Rate exceeded');

export function isCloudTrailOperation(name: string): boolean {
  return (CLOUDTRAIL_OPERATIONS as readonly string[]).includes(name);
}

export interface CloudTrailContext {
  seed: number;
  /** The simulated present, epoch ms. */
  nowMs: number;
}

/**
 * The 2-calls-per-second limit, per simulator (one account and region). Measured on a real
 * monotonic clock, since it is about how fast a client calls, not about simulated time.
 */
export class CallRateLimiter {
  private readonly accepted: number[] = [];

  constructor(
    private readonly perSecond: number = CLOUDTRAIL_LIMITS.callsPerSecond,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** True when the call may go ahead (and counts it); false: throttle it. */
  take(): boolean {
    const t = this.clock();
    while (this.accepted.length > 0 && this.accepted[0]! <= t - 1000) this.accepted.shift();
    if (this.accepted.length >= this.perSecond) return false;
    this.accepted.push(t);
    return true;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function epochSeconds(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw serializationError(`${field} must be a timestamp (epoch seconds)`);
  return v;
}

function matches(e: ChangeEvent, key: LookupKey, value: string): boolean {
  switch (key) {
    case 'EventId':
      return e.eventId === value;
    case 'EventName':
      return e.eventName === value;
    case 'ReadOnly':
      return String(e.readOnly) === value;
    case 'Username':
      return e.username === value;
    case 'ResourceType':
      return e.resources.some((r) => r.type === value);
    case 'ResourceName':
      return e.resources.some((r) => r.name === value);
    case 'EventSource':
      return e.eventSource === value;
    case 'AccessKeyId':
      return e.accessKeyId === value;
  }
}

function wire(e: ChangeEvent): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    AccessKeyId: e.accessKeyId,
    EventTime: e.eventTime,
    EventSource: e.eventSource,
    Username: e.username,
    Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: cloudTrailEventJson(e),
  };
}

export function handleCloudTrailOperation(operation: string, input: unknown, ctx: CloudTrailContext): unknown {
  if (!isCloudTrailOperation(operation)) throw unknownOperation(`The operation ${operation} is not supported by the Opsdeck simulator's CloudTrail (supported: ${CLOUDTRAIL_OPERATIONS.join(', ')}).`);
  if (!isRecord(input)) throw serializationError('The request body must be a JSON object.');
  return lookupEvents(input, ctx);
}

function lookupEvents(input: Record<string, unknown>, ctx: CloudTrailContext): unknown {
  const nowSec = Math.floor(ctx.nowMs / 1000);
  const attrs = input.LookupAttributes;
  let filter: { key: LookupKey; value: string } | null = null;
  if (attrs !== undefined) {
    if (!Array.isArray(attrs)) throw serializationError('LookupAttributes must be a list');
    if (attrs.length > 1) throw ctError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    if (attrs.length === 1) {
      const a = attrs[0] as unknown;
      if (!isRecord(a) || typeof a.AttributeKey !== 'string' || typeof a.AttributeValue !== 'string') {
        throw ctError('InvalidLookupAttributesException', 'A lookup attribute needs an AttributeKey and an AttributeValue.');
      }
      if (!(LOOKUP_KEYS as readonly string[]).includes(a.AttributeKey)) {
        throw ctError('InvalidLookupAttributesException', `Invalid attribute key: ${a.AttributeKey}. Valid keys: ${LOOKUP_KEYS.join(', ')}.`);
      }
      if (a.AttributeValue.length < 1 || a.AttributeValue.length > 2000) throw ctError('InvalidLookupAttributesException', 'AttributeValue must be 1 to 2000 characters.');
      filter = { key: a.AttributeKey as LookupKey, value: a.AttributeValue };
    }
  }
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw ctError('InvalidEventCategoryException', `Invalid EventCategory: ${String(input.EventCategory)}. The only valid value is insight.`);
  }
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > CLOUDTRAIL_LIMITS.maxResults)) {
    throw ctError('InvalidMaxResultsException', `MaxResults must be between 1 and ${CLOUDTRAIL_LIMITS.maxResults}.`);
  }
  const pageSize = (max as number | undefined) ?? CLOUDTRAIL_LIMITS.maxResults;
  const start = epochSeconds(input.StartTime, 'StartTime');
  const end = epochSeconds(input.EndTime, 'EndTime');
  if (start !== undefined && end !== undefined && start > end) throw ctError('InvalidTimeRangeException', 'Start time must be earlier than end time.');

  // Only 90 days exist upstream, and nothing after the present.
  const from = Math.max(start ?? -Infinity, nowSec - CLOUDTRAIL_LIMITS.retentionSec);
  const to = Math.min(end ?? Infinity, nowSec);
  // A token is valid only for the query that produced it (CloudTrail: InvalidNextTokenException otherwise).
  const queryHash = createHash('sha256')
    .update(JSON.stringify([filter, start ?? null, end ?? null, input.EventCategory ?? null]))
    .digest('hex')
    .slice(0, 16);
  let offset = 0;
  let asOf = nowSec;
  if (input.NextToken !== undefined) {
    const token = input.NextToken;
    const parsed = typeof token === 'string' ? decodeToken(token) : null;
    if (!parsed || parsed.q !== queryHash) throw ctError('InvalidNextTokenException', 'Invalid NextToken.');
    offset = parsed.o;
    asOf = parsed.t;
  }
  // Insight events: none in this estate.
  if (input.EventCategory === 'insight' || to < from) return { Events: [] };
  // Pages of one query see the same events: the upper bound is fixed when the first page is read.
  const upper = Math.min(to, asOf) + 1;
  const all = changesBetween(ctx.seed, Number.isFinite(from) ? Math.floor(from) : nowSec - CLOUDTRAIL_LIMITS.retentionSec, Math.floor(upper))
    .filter((e) => e.eventTime >= from && e.eventTime <= Math.min(to, asOf))
    .filter((e) => !filter || matches(e, filter.key, filter.value))
    .reverse();
  const page = all.slice(offset, offset + pageSize);
  const next = offset + pageSize < all.length ? encodeToken({ o: offset + pageSize, q: queryHash, t: asOf }) : undefined;
  return { Events: page.map(wire), ...(next ? { NextToken: next } : {}) };
}

function encodeToken(t: { o: number; q: string; t: number }): string {
  return Buffer.from(JSON.stringify(t)).toString('base64');
}

function decodeToken(s: string): { o: number; q: string; t: number } | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as unknown;
    if (isRecord(v) && typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && typeof v.q === 'string' && typeof v.t === 'number') return { o: v.o, q: v.q, t: v.t };
    return null;
  } catch {
    return null;
  }
}
