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

const TOKEN = 'secret-token-456';
let server: Server;
let port = 0;
let serialisations = 0;
const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ key: `group-${i}`, title: `Latency of endpoint ${i} above 1 s` })) };
const answer = prepareAnswer(big, '"queue-test-7"', () => {
  serialisations += 1;
  return JSON.stringify(big);
});

beforeAll(async () => {
  const app = { call: async () => ({ ok: true as const, data: answer }), subscribe: () => () => undefined } as unknown as App;
  server = createServer(createRequestHandler(app, TOKEN, mkdtempSync(`${tmpdir()}/opsdeck-serve-prepared-`), () => port));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const ask = (headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`http://127.0.0.1:${port}/api/call/alertQueue`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body: '{}' });

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
});
