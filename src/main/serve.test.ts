// Serve mode's HTTP face against hostile callers: another origin, a leaked cookie, odd
// spellings of the Bearer scheme, malformed paths.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './app';
import { bearer, cookieName, createRequestHandler, originAllowed } from './serve';

const TOKEN = 'secret-token-123';
let server: Server;
let port = 0;
let base = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Opsdeck</title>');
  const app = {
    call: async (method: string) => ({ ok: true as const, data: { method } }),
    subscribe: () => () => undefined,
  } as unknown as App;
  server = createServer(createRequestHandler(app, TOKEN, dir, () => port));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('serve mode', () => {
  it('accepts the Bearer scheme in any case, and only the right token', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const r = await fetch(`${base}/api/call/health`, { method: 'POST', headers: { authorization: `${scheme} ${TOKEN}` }, body: '{}' });
      expect(r.status).toBe(200);
    }
    const wrong = await fetch(`${base}/api/call/health`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(bearer('Basic abc')).toBeNull();
  });

  it('refuses API calls from another origin even with the right token', async () => {
    const r = await fetch(`${base}/api/call/exportJournal`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://127.0.0.1:9999' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('calls from http://127.0.0.1:9999 are refused');
    const own = await fetch(`${base}/api/call/health`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, origin: base }, body: '{}' });
    expect(own.status).toBe(200);
    expect(originAllowed('http://localhost:' + port, port)).toBe(true);
    expect(originAllowed('null', port)).toBe(false);
  });

  it('the page cookie is named for this port, HttpOnly and SameSite=Strict', async () => {
    const r = await fetch(`${base}/?token=${TOKEN}`);
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${cookieName(port)}=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // Another instance's cookie (another port) does not open this one.
    const other = await fetch(`${base}/`, { headers: { cookie: `${cookieName(port + 1)}=${TOKEN}` } });
    expect(other.status).toBe(401);
    const same = await fetch(`${base}/`, { headers: { cookie: `${cookieName(port)}=${TOKEN}` } });
    expect(same.status).toBe(200);
    expect(same.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('a malformed percent-encoded path is a 400, not a 500', async () => {
    const r = await fetch(`${base}/%E0%A4%A`, { headers: { cookie: `${cookieName(port)}=${TOKEN}` } });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('not valid percent-encoding');
  });
});
