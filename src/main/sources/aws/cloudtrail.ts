// CloudTrail through the real SDK client: LookupEvents pages via the SDK's paginator, one
// lookup attribute per call (CloudTrail allows only one), paced to the account's limit of
// 2 calls per second. Used identically against AWS and against the demo simulator.
import { CloudTrailClient, paginateLookupEvents, type Event } from '@aws-sdk/client-cloudtrail';
import { clientOptions, type AwsTarget } from './clientOptions';
import { nameFailingCall } from './failedCall';
import type { ChangeRecord } from '../../domain/incidents/changes';

export type { ChangeRecord };

/** CloudTrail keeps 90 days of management events for LookupEvents. */
export const CLOUDTRAIL_RETENTION_MS = 90 * 86_400_000;
/** LookupEvents: 2 requests per second per account and region. */
export const LOOKUP_EVENTS_MIN_INTERVAL_MS = 500;

/** What we keep of a CloudTrail event. */

export function createCloudTrailClient(t: AwsTarget): CloudTrailClient {
  const client = new CloudTrailClient(clientOptions(t, { retryBaseMs: 500 }));
  client.middlewareStack.use(nameFailingCall);
  return client;
}

/**
 * Spaces calls `minIntervalMs` apart, measured from the end of one call to the start of the
 * next: the service counts calls as they arrive, and a call that was slow to arrive would
 * otherwise bunch up with the next one.
 */
export class Pacer {
  private lastEnd = -Infinity;

  constructor(
    private readonly minIntervalMs: number = LOOKUP_EVENTS_MIN_INTERVAL_MS,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async wait(): Promise<void> {
    const due = this.lastEnd + this.minIntervalMs - this.clock();
    if (due > 0) await this.sleep(due);
  }

  /** A call ended (answered or failed). */
  done(): void {
    this.lastEnd = this.clock();
  }
}

function summaryOf(e: Event): string {
  let params: Record<string, unknown> = {};
  try {
    const doc = JSON.parse(e.CloudTrailEvent ?? '{}') as { requestParameters?: Record<string, unknown> | null };
    params = doc.requestParameters ?? {};
  } catch {
    // A document we cannot read still leaves the event's name and resources.
  }
  const pick = (k: string): string | null => (typeof params[k] === 'string' ? (params[k] as string) : null);
  const text =
    pick('description') ??
    (pick('stackName') && `stack ${pick('stackName')}`) ??
    (pick('alarmName') && `alarm ${pick('alarmName')}`) ??
    (pick('dBInstanceIdentifier') && `DB instance ${pick('dBInstanceIdentifier')}${typeof params.allocatedStorage === 'number' ? `: storage → ${params.allocatedStorage} GiB` : ''}`) ??
    (pick('nodegroupName') && `node group ${pick('nodegroupName')}${isSize(params.scalingConfig) ? `: desired size ${params.scalingConfig.desiredSize}` : ''}`) ??
    (e.Resources ?? []).map((r) => r.ResourceName).filter(Boolean).join(', ');
  return text.slice(0, 500);
}

function isSize(v: unknown): v is { desiredSize: number } {
  return typeof v === 'object' && v !== null && typeof (v as { desiredSize?: unknown }).desiredSize === 'number';
}

export function toChangeRecord(e: Event): ChangeRecord | null {
  if (!e.EventId || !e.EventTime || !e.EventName || !e.EventSource) return null;
  return {
    eventId: e.EventId,
    at: e.EventTime.getTime(),
    eventSource: e.EventSource,
    eventName: e.EventName,
    readOnly: e.ReadOnly === 'true',
    username: e.Username ?? null,
    resources: (e.Resources ?? []).flatMap((r) => (r.ResourceName ? [{ type: r.ResourceType ?? '', name: r.ResourceName }] : [])),
    summary: summaryOf(e),
  };
}

/**
 * Every event of one event source in [from, to] (epoch ms), newest first, page by page:
 * `onPage` stores each page as it comes, so a long backfill keeps what it already read.
 */
export async function lookupEventsBySource(
  client: CloudTrailClient,
  eventSource: string,
  from: number,
  to: number,
  pacer: Pacer,
  onPage: (records: ChangeRecord[]) => void,
  isStopped: () => boolean = () => false,
): Promise<number> {
  let calls = 0;
  const pages = paginateLookupEvents(
    { client, pageSize: 50 },
    { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: eventSource }], StartTime: new Date(from), EndTime: new Date(to) },
  );
  // The paginator asks for the next page when the loop asks for it: pace before each request.
  await pacer.wait();
  try {
    for await (const page of pages) {
      pacer.done();
      calls += 1;
      onPage((page.Events ?? []).flatMap((e) => toChangeRecord(e) ?? []));
      if (isStopped() || !page.NextToken) break;
      await pacer.wait();
    }
  } finally {
    pacer.done();
  }
  return calls;
}
