// The packed alert queue: whatever the rows hold, unpacking gives back the very answer
// (JSON text equal, key order included), across the versions a server packs one after another.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertQueue, QueueGroup } from './alerts';
import { isPackedQueue, isPackedQueueDelta, packQueue, packQueueDelta, queuePacker, unpackQueue, unpackQueueDelta, PACKED_ANSWERS, type PackedQueue } from './alertsWire';

const NOW = Date.UTC(2026, 9, 26, 17, 38);
const ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:';

function row(i: number, over: Partial<QueueGroup> = {}): QueueGroup {
  const name = `payment-${i}-latency-high`;
  const service = `service-${i % 7}`;
  const firedAt = NOW - i * 60_000;
  return {
    key: JSON.stringify([service, name]),
    title: `p95 latency of ${service} endpoint ${i} above 1 s.`,
    name,
    labels: { service, name },
    source: 'cloudwatch',
    service,
    namespace: 'ECommerce/Services',
    tags: { severity: 'P2', service, team: `team-${i % 3}` },
    severity: 'P2',
    severityDecidedBy: 'tag',
    severityReason: 'severity tag "P2"',
    state: 'firing',
    upstreamState: 'ALARM',
    count: 1,
    firingCount: 1,
    firedAt,
    resolvedAt: null,
    lastChangeAt: firedAt,
    timer: { dueAt: firedAt + 900_000, targetMs: 900_000, targetLabel: '15 minutes', remainingMs: firedAt + 900_000 - NOW, status: 'overdue' },
    acknowledgement: null,
    assignee: null,
    snoozedUntil: null,
    silence: null,
    maintenance: null,
    notify: true,
    runbookUrl: `https://runbooks.example.com/${service}`,
    occurrenceKeys: [`${ARN}${name}@${firedAt}`],
    lastNote: null,
    ...over,
  };
}

function queue(groups: QueueGroup[], generatedAt = NOW): AlertQueue {
  return {
    version: `test-${generatedAt}`,
    generatedAt,
    me: 'dana',
    groupBy: ['service', 'name'],
    counts: { firing: groups.length, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 },
    alarmsAsOf: NOW - 30_000,
    resolvedKeptMs: 86_400_000,
    notices: ['Backups: no plan is wired.'],
    groups,
  };
}

/** What goes over the wire and comes back: JSON text both ways, as fetch gives it. */
const overTheWire = (q: AlertQueue): AlertQueue => unpackQueue(JSON.parse(JSON.stringify(packQueue(q))) as PackedQueue);

/** Every field set (no nulls), the derivations not applying: nothing may be lost. */
const FULL = row(3, {
  key: 'custom-key',
  source: 'slo-burn',
  severity: 'P1',
  severityDecidedBy: { rule: 2, description: 'name ~ "payment-*"' },
  state: 'acknowledged',
  upstreamState: 'OK',
  count: 3,
  firingCount: 2,
  resolvedAt: NOW - 1000,
  lastChangeAt: NOW - 5,
  timer: { dueAt: NOW + 5, targetMs: 300_000, targetLabel: 'next business day, 09:00', remainingMs: 12_345, status: 'met' },
  acknowledgement: { by: 'dana', at: NOW - 100 },
  assignee: 'lee',
  snoozedUntil: NOW + 60_000,
  silence: { id: 'sil-1', endsAt: NOW + 3_600_000, reason: 'deploy "v2"\nline two' },
  maintenance: { id: 'plan-1', title: 'Monthly patching', endsAt: NOW + 7_200_000 },
  notify: false,
  occurrenceKeys: ['other-occurrence@1', `${ARN}payment-3-latency-high@${NOW - 180_000}`, 'slo:payment@7'],
  lastNote: { id: 'a-1', author: 'dana', at: NOW - 50, body: 'looking — “unicode” \u2028 ok', kind: 'note' },
});

describe('the packed alert queue', () => {
  it('unpacks to the same answer, key for key and in the same order', () => {
    const q = queue([row(0), FULL, row(1, { labels: { service: 'x' }, key: '["y"]' }), row(2, { service: null, namespace: null, tags: {}, runbookUrl: null, timer: null }), row(4, { tags: JSON.parse('{"__proto__":"x","team":"y"}') as Record<string, string> })]);
    const back = overTheWire(q);
    expect(JSON.stringify(back.groups)).toBe(JSON.stringify(q.groups));
    expect(back).toEqual(q);
    expect(Object.keys(back.groups[1]!)).toEqual(Object.keys(QueueGroup.shape));
    expect(AlertQueue.parse(back)).toEqual(AlertQueue.parse(q));
  });

  it('gives each row its own objects (a row changed in the page changes no other)', () => {
    const decided = { rule: 0, description: 'service = payment' };
    const back = overTheWire(queue([row(0, { severityDecidedBy: decided }), row(1, { severityDecidedBy: decided })]));
    expect(back.groups[0]!.severityDecidedBy).not.toBe(back.groups[1]!.severityDecidedBy);
    expect(back.groups[0]!.tags).not.toBe(back.groups[1]!.tags);
  });

  it('holds any rows: strings, numbers and nulls in every field', () => {
    const text = fc.string({ maxLength: 12 });
    const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const int = fc.integer({ min: 0, max: 4_000_000_000_000 });
    const record = fc.dictionary(text, text, { maxKeys: 4 });
    const arbitraryRow = fc.record({
      key: text,
      title: text,
      name: text,
      labels: record,
      source: fc.constantFrom('cloudwatch', 'slo-burn', 'backup'),
      service: nullable(text),
      namespace: nullable(text),
      tags: record,
      severity: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
      severityDecidedBy: fc.oneof(fc.constantFrom('tag', 'default'), fc.record({ rule: fc.nat(), description: text }), fc.record({ sourceRule: text, description: text })),
      severityReason: text,
      state: fc.constantFrom('firing', 'acknowledged', 'snoozed', 'silenced', 'in-maintenance', 'resolved'),
      upstreamState: fc.constantFrom('ALARM', 'OK', 'INSUFFICIENT_DATA'),
      count: fc.nat(),
      firingCount: fc.nat(),
      firedAt: int,
      resolvedAt: nullable(int),
      lastChangeAt: int,
      timer: nullable(fc.record({ dueAt: int, targetMs: fc.nat(), targetLabel: text, remainingMs: fc.option(fc.integer(), { nil: null }), status: fc.constantFrom('running', 'overdue', 'met', 'missed') })),
      acknowledgement: nullable(fc.record({ by: text, at: int })),
      assignee: nullable(text),
      snoozedUntil: nullable(int),
      silence: nullable(fc.record({ id: text, endsAt: int, reason: text })),
      maintenance: nullable(fc.record({ id: text, title: text, endsAt: int })),
      notify: fc.boolean(),
      runbookUrl: nullable(text),
      occurrenceKeys: fc.array(text, { maxLength: 3 }),
      lastNote: nullable(fc.record({ id: text, author: text, at: int, body: text, kind: text })),
    }) as fc.Arbitrary<QueueGroup>;
    // Rows whose derivable fields are derivable, too: the shortcuts must give back the same.
    const derivable = arbitraryRow.map((g) => ({ ...g, key: JSON.stringify(Object.values(g.labels)), occurrenceKeys: [...g.occurrenceKeys, `${g.title}${g.name}@${g.firedAt}`] }));
    fc.assert(
      fc.property(fc.array(fc.oneof(arbitraryRow, derivable), { maxLength: 8 }), int, (groups, generatedAt) => {
        const q = queue(groups, generatedAt);
        expect(JSON.stringify(overTheWire(q).groups)).toBe(JSON.stringify(q.groups));
      }),
      { numRuns: 300 },
    );
  });

  it('packed version after version on a server, each unpacks to its own queue', () => {
    const pack = queuePacker();
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    const first = queue(rows);
    expect(unpackQueue(JSON.parse(pack(first)) as PackedQueue)).toEqual(first);
    // An acknowledgement: one new row object, the others kept as they were, a later generatedAt.
    const acked = row(7, { state: 'acknowledged', acknowledgement: { by: 'dana', at: NOW + 1000 }, assignee: 'new person' });
    const second = queue(rows.map((g, i) => (i === 7 ? acked : g)), NOW + 15_000);
    const back = unpackQueue(JSON.parse(pack(second)) as PackedQueue);
    expect(back).toEqual(second);
    expect(back.groups[7]!.acknowledgement).toEqual({ by: 'dana', at: NOW + 1000 });
    expect(unpackQueue(JSON.parse(pack(first)) as PackedQueue)).toEqual(first);
  });

  it('starts its string table afresh once old versions would fill it', () => {
    const pack = queuePacker();
    let sizes: number[] = [];
    for (let v = 0; v < 30; v++) {
      // 500 new rows each version, every one with its own strings.
      const q = queue(Array.from({ length: 500 }, (_, i) => row(v * 1000 + i)));
      const packed = JSON.parse(pack(q)) as PackedQueue;
      expect(unpackQueue(packed)).toEqual(q);
      sizes.push(packed.strings.length);
    }
    sizes = sizes.slice(-10);
    expect(Math.max(...sizes)).toBeLessThan(8 * 500 + 10_000 + 10 * 500);
  });

  it('is a quarter of the plain JSON for a queue of 5,000 alarms', () => {
    const q = queue(Array.from({ length: 5000 }, (_, i) => row(i)));
    const plain = JSON.stringify(q).length;
    const packed = JSON.stringify(packQueue(q)).length;
    expect(packed / plain).toBeLessThan(0.3);
  });

  it('a delta goes packed over its own string table and unpacks to the very delta', () => {
    const acked = row(7, { state: 'acknowledged', acknowledgement: { by: 'dana', at: NOW + 1000 }, timer: { dueAt: NOW, targetMs: 900_000, targetLabel: '15 minutes', remainingMs: -1000, status: 'missed' } });
    const { groups: _groups, ...envelope } = queue([], NOW + 15_000);
    const delta = { kind: 'delta' as const, since: 'test-1', envelope, rows: [acked, row(9000)], removed: [row(3).key], order: [0, 7, -1, 8, 40, -2] };
    const packed = JSON.parse(JSON.stringify(packQueueDelta(delta))) as unknown;
    expect(isPackedQueueDelta(packed)).toBe(true);
    expect(isPackedQueue(packed)).toBe(false);
    // Only the two rows' strings travel, not a whole queue's table.
    expect((packed as { strings: string[] }).strings.length).toBeLessThan(40);
    expect(JSON.stringify(PACKED_ANSWERS.alertQueue!(packed))).toBe(JSON.stringify(delta));
    expect(() => unpackQueueDelta(packQueue(queue([])) as never)).toThrow('not a packed alert queue delta');
  });

  it('refuses a body that is not a packed queue', () => {
    expect(isPackedQueue(queue([]))).toBe(false);
    expect(() => unpackQueue(queue([]) as unknown as PackedQueue)).toThrow('not a packed alert queue');
  });
});
