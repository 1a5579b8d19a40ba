// The renderer's side of the alert queue's deltas (queueDeltas.ts): it sends the version it
// holds, merges what comes back into the same AlertQueue a full answer gives, keeps the groups
// that did not change as the very objects it had, and falls back to the full queue when a
// delta does not fit.
import { describe, expect, it } from 'vitest';
import type { Answer, Input, Method } from '@shared/api';
import type { AlertQueue, AlertQueueDelta, QueueGroup } from '@shared/contract/alerts';
import { withQueueDeltas } from './queueDeltas';

const NOW = Date.UTC(2026, 9, 26, 17, 38);

function group(i: number, over: Partial<QueueGroup> = {}): QueueGroup {
  const firedAt = NOW - i * 60_000;
  return {
    key: `["svc-${i % 3}","alarm-${i}"]`, title: `alarm ${i}`, name: `alarm-${i}`, labels: { service: `svc-${i % 3}`, name: `alarm-${i}` }, source: 'cloudwatch',
    service: `svc-${i % 3}`, namespace: 'ECommerce/Services', tags: {}, severity: 'P2', severityDecidedBy: 'default', severityReason: 'default P2', state: 'firing',
    upstreamState: 'ALARM', count: 1, firingCount: 1, firedAt, resolvedAt: null, lastChangeAt: firedAt,
    timer: { dueAt: firedAt + 900_000, targetMs: 900_000, targetLabel: '15 minutes', remainingMs: null, status: 'overdue' },
    acknowledgement: null, assignee: null, snoozedUntil: null, silence: null, maintenance: null, notify: true, runbookUrl: null, occurrenceKeys: [`arn:${i}@${firedAt}`], lastNote: null,
    ...over,
  };
}

function queue(version: string, groups: QueueGroup[]): AlertQueue {
  return { version, generatedAt: NOW, me: 'dana', groupBy: ['service', 'name'], groups, counts: { firing: groups.length, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 }, alarmsAsOf: NOW, resolvedKeptMs: 86_400_000, notices: [] };
}

function envelopeOf(q: AlertQueue): AlertQueueDelta['envelope'] {
  const { groups: _groups, ...envelope } = q;
  return envelope;
}

/** A main side answering from a list, recording what each call sent. */
function fakeMain(answers: (AlertQueue | AlertQueueDelta)[]) {
  const sent: unknown[] = [];
  const raw = async <M extends Method>(method: M, input: Input<M>): Promise<Answer<M>> => {
    sent.push({ method, input });
    return answers.shift() as Answer<M>;
  };
  return { sent, invoke: withQueueDeltas(raw) };
}

describe('the alert queue through the renderer transport', () => {
  const first = queue('a-1', [group(0), group(1), group(2), group(3)]);

  it('sends the version it holds and merges the delta into the full answer, keeping unchanged groups as they were', async () => {
    const acked = group(2, { state: 'acknowledged', acknowledgement: { by: 'dana', at: NOW }, timer: { dueAt: NOW, targetMs: 900_000, targetLabel: '15 minutes', remainingMs: 0, status: 'met' } });
    const added = group(9);
    // At a-2: group 2 acknowledged (moved last), group 1 gone, group 9 new and first.
    const expected = queue('a-2', [added, group(0), group(3), acked]);
    const delta: AlertQueueDelta = { kind: 'delta', since: 'a-1', envelope: envelopeOf(expected), rows: [added, acked], removed: [group(1).key], order: [-1, 0, 1, 3, 1, -2] };
    const main = fakeMain([first, delta]);
    const held = await main.invoke('alertQueue', {});
    expect(held).toBe(first);
    const next = await main.invoke('alertQueue', {});
    expect(main.sent).toEqual([{ method: 'alertQueue', input: {} }, { method: 'alertQueue', input: { since: 'a-1' } }]);
    expect(next).toEqual(expected);
    // The groups that did not change are the objects held: a memoised row does not render again.
    expect(next.groups[1]).toBe(first.groups[0]);
    expect(next.groups[2]).toBe(first.groups[3]);
  });

  it('an unchanged version gives back the answer held; time alone moving keeps its groups array', async () => {
    const same: AlertQueueDelta = { kind: 'delta', since: 'a-1', envelope: envelopeOf(first), rows: [], removed: [], order: [0, 4] };
    const later = { ...envelopeOf(first), version: 'a-2', generatedAt: NOW + 15_000 };
    const moved: AlertQueueDelta = { kind: 'delta', since: 'a-1', envelope: later, rows: [], removed: [], order: [0, 4] };
    const main = fakeMain([first, same, moved]);
    await main.invoke('alertQueue', {});
    expect(await main.invoke('alertQueue', {})).toBe(first);
    const next = await main.invoke('alertQueue', {});
    expect(next.generatedAt).toBe(NOW + 15_000);
    expect(next.groups).toBe(first.groups);
  });

  it('a delta that does not fit the answer held is dropped for the full queue', async () => {
    // Claims a-1 but leaves group 1 unaccounted for: neither carried over, changed nor removed.
    const broken: AlertQueueDelta = { kind: 'delta', since: 'a-1', envelope: { ...envelopeOf(first), version: 'a-2' }, rows: [], removed: [], order: [0, 1, 2, 2] };
    const whole = queue('a-2', [group(0), group(2), group(3)]);
    const main = fakeMain([first, broken, whole]);
    await main.invoke('alertQueue', {});
    expect(await main.invoke('alertQueue', {})).toBe(whole);
    expect(main.sent.at(-1)).toEqual({ method: 'alertQueue', input: {} });
  });

  it('a full answer to a `since` (the version expired) replaces what is held', async () => {
    const whole = queue('b-1', [group(5)]);
    const main = fakeMain([first, whole, { kind: 'delta', since: 'b-1', envelope: envelopeOf(whole), rows: [], removed: [], order: [0, 1] }]);
    await main.invoke('alertQueue', {});
    expect(await main.invoke('alertQueue', {})).toBe(whole);
    expect(await main.invoke('alertQueue', {})).toBe(whole);
    expect(main.sent.at(-1)).toEqual({ method: 'alertQueue', input: { since: 'b-1' } });
  });
});
