// Serve mode sending a prepared answer (api/prepared.ts; the alert queue): its own bytes,
// one serialisation for every request, an ETag, 304 for a client that holds the version,
// and gzip computed once, off the event loop.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './app';
import { prepareAnswer } from './api/prepared';
import { createRequestHandler } from './serve';
import { PACKED_MEDIA_TYPE } from '@shared/contract/alertsWire';

const TOKEN = 'secret-token-456';
let server: Server;
let port = 0;
let serialisations = 0;
const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ key: `group-${i}`, title: `Latency of endpoint ${i} above 1 s` })) };
const answer = prepareAnswer(big, '"queue-test-7"', () => {
  serialisations += 1;
  return JSON.stringify(big);
});

let packings = 0;
const withPacked = prepareAnswer(
  { rows: big.rows.slice(0, 3) },
  '"queue-test-8"',
  () => JSON.stringify({ rows: big.rows.slice(0, 3) }),
  () => {
    packings += 1;
    return JSON.stringify({ packed: 'test/1', keys: big.rows.slice(0, 3).map((r) => r.key) });
  },
);

beforeAll(async () => {
  const app = { call: async (method: string) => ({ ok: true as const, data: method === 'packedOne' ? withPacked : answer }), subscribe: () => () => undefined } as unknown as App;
  server = createServer(createRequestHandler(app, TOKEN, mkdtempSync(`${tmpdir()}/opsdeck-serve-prepared-`), () => port));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const ask = (headers: Record<string, string> = {}, method = 'alertQueue'): Promise<Response> =>
  fetch(`http://127.0.0.1:${port}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body: '{}' });

describe('a prepared answer over HTTP', () => {
  it('is serialised once for every request, named by its ETag, and 304 for a client holding it', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask({ 'accept-encoding': 'identity' })));
    for (const r of answers) {
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).toBe('"queue-test-7"');
      expect(((await r.json()) as typeof big).rows).toHaveLength(20_000);
    }
    expect(serialisations).toBe(1);
    const held = await ask({ 'if-none-match': '"queue-test-7"' });
    expect(held.status).toBe(304);
    expect(await held.text()).toBe('');
    const other = await ask({ 'if-none-match': '"queue-test-6"', 'accept-encoding': 'identity' });
    expect(other.status).toBe(200);
  });

  it('goes gzipped, compressed once (off the event loop) for concurrent requests', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask({ 'accept-encoding': 'gzip' })));
    for (const r of answers) {
      expect(r.headers.get('content-encoding')).toBe('gzip');
      // fetch decompresses: the same answer either way.
      expect(((await r.json()) as typeof big).rows[19_999]?.key).toBe('group-19999');
    }
  });

  it('goes packed to a client that asks for it, under its own ETag; plain JSON to any other', async () => {
    const packed = await Promise.all(Array.from({ length: 3 }, () => ask({ accept: `${PACKED_MEDIA_TYPE}, application/json` }, 'packedOne')));
    for (const r of packed) {
      expect(r.headers.get('content-type')).toBe(PACKED_MEDIA_TYPE);
      expect(r.headers.get('etag')).toBe('"queue-test-8-packed"');
      expect(r.headers.get('vary')).toContain('accept');
      expect(await r.json()).toEqual({ packed: 'test/1', keys: ['group-0', 'group-1', 'group-2'] });
    }
    expect(packings).toBe(1);
    expect((await ask({ accept: PACKED_MEDIA_TYPE, 'if-none-match': '"queue-test-8-packed"' }, 'packedOne')).status).toBe(304);
    // Holding the plain form is not holding the packed one, nor the other way round.
    const plainHeld = await ask({ accept: PACKED_MEDIA_TYPE, 'if-none-match': '"queue-test-8"' }, 'packedOne');
    expect(plainHeld.status).toBe(200);
    expect(plainHeld.headers.get('content-type')).toBe(PACKED_MEDIA_TYPE);
    const plain = await ask({ 'if-none-match': '"queue-test-8-packed"' }, 'packedOne');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(plain.headers.get('etag')).toBe('"queue-test-8"');
    expect(await plain.json()).toEqual({ rows: big.rows.slice(0, 3) });
    // An answer without a packed form is plain JSON whatever is asked for.
    const unpackable = await ask({ accept: PACKED_MEDIA_TYPE, 'accept-encoding': 'identity' });
    expect(unpackable.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await unpackable.json()) as typeof big).rows).toHaveLength(20_000);
  });
});
