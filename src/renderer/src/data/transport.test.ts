// @vitest-environment jsdom
// Serve mode's HTTP transport: an answer sent with an ETag is asked for again with
// If-None-Match, and a 304 gives back the answer already held (not downloaded again).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpTransport } from './transport';
import type { AlertQueue } from '@shared/contract/alerts';
import { packQueue, packQueueDelta, PACKED_MEDIA_TYPE } from '@shared/contract/alertsWire';

afterEach(() => vi.unstubAllGlobals());

describe('the serve-mode transport', () => {
  it('revalidates an answer that came with an ETag and reuses it on 304', async () => {
    const sent: (string | null)[] = [];
    const answers = [
      new Response(JSON.stringify({ groups: [1, 2] }), { status: 200, headers: { etag: '"queue-a-1"' } }),
      new Response(null, { status: 304, headers: { etag: '"queue-a-1"' } }),
      new Response(JSON.stringify({ groups: [3] }), { status: 200, headers: { etag: '"queue-a-2"' } }),
    ];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('if-none-match'));
      return answers.shift()!;
    });
    const t = httpTransport();
    // (Not the alert queue: it goes as a delta against the answer held, queueDeltas.test.ts.)
    const first = await t.invoke('alertSilences', {});
    expect(await t.invoke('alertSilences', {})).toBe(first);
    expect(await t.invoke('alertSilences', {})).toEqual({ groups: [3] });
    expect(sent).toEqual([null, '"queue-a-1"', '"queue-a-1"']);
  });

  it('sends no If-None-Match for answers without an ETag, and still reports errors', async () => {
    const sent: (string | null)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('if-none-match'));
      return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no alert group "x"' } }), { status: 404 });
    });
    const t = httpTransport();
    await expect(t.invoke('alertDetail', { key: 'x' })).rejects.toThrow('no alert group "x"');
    await expect(t.invoke('alertDetail', { key: 'x' })).rejects.toThrow('no alert group "x"');
    expect(sent).toEqual([null, null]);
  });

  it('asks for packed answers and unpacks them into the contract shape', async () => {
    const queue = { generatedAt: 1, me: 'dana', groupBy: ['service'], counts: {}, alarmsAsOf: null, resolvedKeptMs: 0, notices: [], groups: [] } as unknown as AlertQueue;
    const accepts: (string | null)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      accepts.push(new Headers(init.headers).get('accept'));
      return new Response(JSON.stringify(packQueue(queue)), { status: 200, headers: { 'content-type': PACKED_MEDIA_TYPE, etag: '"queue-a-1-packed"' } });
    });
    const t = httpTransport();
    expect(await t.invoke('alertQueue', {})).toEqual(queue);
    expect(accepts[0]).toContain(PACKED_MEDIA_TYPE);
  });

  it('asks for the alert queue since the version it holds and merges the packed delta', async () => {
    const row = { key: 'k1', title: 't', name: 'n', labels: { name: 'n' }, source: 'cloudwatch', service: null, namespace: null, tags: {}, severity: 'P3', severityDecidedBy: 'default', severityReason: 'default P3', state: 'firing', upstreamState: 'ALARM', count: 1, firingCount: 1, firedAt: 5, resolvedAt: null, lastChangeAt: 5, timer: null, acknowledgement: null, assignee: null, snoozedUntil: null, silence: null, maintenance: null, notify: true, runbookUrl: null, occurrenceKeys: ['k1@5'], lastNote: null } as AlertQueue['groups'][number];
    const acked = { ...row, state: 'acknowledged' as const, acknowledgement: { by: 'dana', at: 9 } };
    const envelope = { version: 'v-1', generatedAt: 1, me: 'dana', groupBy: ['name'], counts: { firing: 1, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 }, alarmsAsOf: null, resolvedKeptMs: 0, notices: [] };
    const first: AlertQueue = { ...envelope, groups: [row, { ...row, key: 'k2', occurrenceKeys: ['k2@5'] }] };
    const later = { ...envelope, version: 'v-2', generatedAt: 2, counts: { ...envelope.counts, firing: 1, acknowledged: 1 } };
    const bodies: unknown[] = [];
    const answers = [packQueue(first), packQueueDelta({ kind: 'delta', since: 'v-1', envelope: later, rows: [acked], removed: [], order: [1, 1, -1] })];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': PACKED_MEDIA_TYPE } });
    });
    const t = httpTransport();
    const held = await t.invoke('alertQueue', {});
    const merged = await t.invoke('alertQueue', {});
    expect(bodies).toEqual([{}, { since: 'v-1' }]);
    expect(merged).toEqual({ ...later, groups: [held.groups[1], acked] });
    expect(merged.groups[0]).toBe(held.groups[1]);
  });
});
