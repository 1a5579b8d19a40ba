// @vitest-environment jsdom
// Serve mode's HTTP transport: an answer sent with an ETag is asked for again with
// If-None-Match, and a 304 gives back the answer already held (not downloaded again).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpTransport } from './transport';
import type { AlertQueue } from '@shared/contract/alerts';
import { packQueue, PACKED_MEDIA_TYPE } from '@shared/contract/alertsWire';

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
    const first = await t.invoke('alertQueue', {});
    expect(await t.invoke('alertQueue', {})).toBe(first);
    expect(await t.invoke('alertQueue', {})).toEqual({ groups: [3] });
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
});
