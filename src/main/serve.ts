// Serve mode: the same app in plain Node, serving the built renderer and the API over
// HTTP + Server-Sent Events on 127.0.0.1 only, guarded by a random per-run token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, loadAppConfig, type App, type AppOptions } from './app';
import { parseDemoScale, type DemoScale } from './sources/demo';
import { CSP } from './csp';
import { preparedOf, type PreparedAnswer } from './api/prepared';
import { PACKED_MEDIA_TYPE } from '@shared/contract/alertsWire';
import { defaultDataDir, rendererDir, workerFiles } from './paths';
import { traceMemory } from './workers/memory-trace';
import { traceStartup } from './workers/trace';

traceStartup('serve.js loaded');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface ServeOptions {
  port: number;
  dataDir: string;
  demoOutage: boolean;
  configFile?: string;
  clockOffsetMs?: number;
  demoScale?: DemoScale;
  rendererDir: string;
  workers: { sync: string; demo: string; slo: string; journal?: string; capacity?: string; metrics?: string };
}

export class UsageError extends Error {}

export function parseServeArgs(argv: string[]): Omit<ServeOptions, 'rendererDir' | 'workers'> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'demo-outage': { type: 'boolean' },
        config: { type: 'string' },
        'demo-clock': { type: 'string' },
        'demo-scale': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. Usage: npm run serve -- [--port <n>] [--data-dir <dir>] [--config <opsdeck.yaml>] [--demo-outage] [--demo-clock <ISO time>] [--demo-scale small|large]`);
  }
  const port = values.port === undefined ? 5183 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0–65535, got "${values.port}"`);
  return {
    port,
    dataDir: resolve(values['data-dir'] ?? process.env.OPSDECK_DATA_DIR ?? defaultDataDir()),
    demoOutage: values['demo-outage'] ?? false,
    ...(values.config ? { configFile: resolve(values.config) } : {}),
    ...(values['demo-clock'] === undefined ? {} : { clockOffsetMs: demoClockOffset(values['demo-clock']) }),
    ...(values['demo-scale'] === undefined ? {} : { demoScale: demoScaleArg(values['demo-scale']) }),
  };
}

function demoScaleArg(value: string): DemoScale {
  const scale = parseDemoScale(value);
  if (!scale) throw new UsageError(`--demo-scale must be small or large; got "${value}"`);
  return scale;
}

/** `--demo-clock 2026-11-14T14:20:00Z` → how far to shift the demo's clock from now. */
export function demoClockOffset(value: string, now: number = Date.now()): number {
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(at)) {
    throw new UsageError(`--demo-clock must be an ISO time with its zone, like 2026-11-14T14:20:00Z; got "${value}"`);
  }
  return Math.round(at - now);
}

function sameSecret(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browsers scope cookies by host, not port: two Opsdeck instances on 127.0.0.1 would
 * overwrite each other's cookie. The name carries the port, so each instance has its own.
 */
export function cookieName(port: number): string {
  return `opsdeck_token_${port}`;
}

function cookieToken(req: IncomingMessage, port: number): string | null {
  const name = cookieName(port);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235). */
export function bearer(header: string | undefined): string | null {
  const m = /^bearer +(\S+)\s*$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

/**
 * A call from a page must come from our own origin: another site's page (even on
 * localhost, another port) cannot drive the API with a leaked cookie. Tools that send no
 * Origin (curl, the e2e runner's request API) still need the Bearer token.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** One representation of a frozen answer: its bytes, and those gzipped once when first asked for. */
interface Representation {
  bytes: Buffer;
  contentType: string;
  etag?: string;
  /** Worth gzipping when large (plain JSON); the packed form goes as it is (see PACKED_GZIP). */
  compressible: boolean;
  gzip?: Promise<Buffer>;
}

/**
 * The packed queue (1.03 MB for 5,000 groups) is sent uncompressed: on loopback the bytes cost
 * little, while gunzipping them cost each client more than twice the CPU of reading them
 * (Node's fetch: 5.7 ms against 2.2 ms a call); measured, see bench/alerts.bench.ts' notes.
 */
const PACKED_GZIP = false;

/** Serialised frozen answers (one memoised answer to many requests: the alert queue), by identity: plain JSON, and packed where the answer has that form. */
const serialised = new WeakMap<object, { json?: Representation; packed?: Representation }>();
/** Frozen answers above this size go gzipped to clients that accept it (compressed once, sent many times). */
const GZIP_FROM_BYTES = 256 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

/** What the request says about the answer it can take. */
interface AnswerRequest {
  acceptEncoding?: string | undefined;
  ifNoneMatch?: string | undefined;
  accept?: string | undefined;
}

function gzipped(json: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => gzip(json, { level: 1 }, (err, out) => (err ? reject(err) : resolve(out))));
}

/** The client's packed form (contract/alertsWire.ts) when it asks for it and the answer has one; else plain JSON. */
function representationOf(body: object, prepared: PreparedAnswer | undefined, request: AnswerRequest): Representation {
  let known = serialised.get(body);
  if (!known) {
    known = {};
    serialised.set(body, known);
  }
  if (prepared?.packed && (request.accept ?? '').includes(PACKED_MEDIA_TYPE)) {
    // Its own ETag: a client holding the plain form does not hold this one.
    known.packed ??= { bytes: prepared.packed(), contentType: PACKED_MEDIA_TYPE, etag: `${prepared.etag.slice(0, -1)}-packed"`, compressible: PACKED_GZIP };
    return known.packed;
  }
  known.json ??= { bytes: prepared ? prepared.bytes() : Buffer.from(JSON.stringify(body)), contentType: JSON_TYPE, compressible: true, ...(prepared ? { etag: prepared.etag } : {}) };
  return known.json;
}

function json(res: ServerResponse, status: number, body: unknown, request: AnswerRequest = {}): void {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'cache-control': 'no-store' };
  if (body === null || typeof body !== 'object' || !Object.isFrozen(body)) {
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
    return;
  }
  const prepared = status === 200 ? preparedOf(body) : undefined;
  const rep = representationOf(body, prepared, request);
  headers['content-type'] = rep.contentType;
  if (prepared?.packed) headers.vary = 'accept, accept-encoding';
  if (rep.etag !== undefined) {
    headers.etag = rep.etag;
    // The client holds this version already: nothing to send.
    if (request.ifNoneMatch !== undefined && request.ifNoneMatch.split(',').some((t) => t.trim() === rep.etag)) {
      res.writeHead(304, { etag: rep.etag, 'cache-control': 'no-store' });
      res.end();
      return;
    }
  }
  const plain = rep.bytes;
  if (rep.compressible && plain.length >= GZIP_FROM_BYTES && /\bgzip\b/.test(request.acceptEncoding ?? '')) {
    // Compressed once per answer on libuv's pool, not this thread; every request for it waits
    // for that one compression (sending 5 MB plain to each would cost this thread more).
    rep.gzip ??= gzipped(plain);
    rep.gzip.then(
      (zipped) => {
        if (res.destroyed) return;
        res.writeHead(status, { ...headers, 'content-encoding': 'gzip', vary: headers.vary ?? 'accept-encoding' });
        res.end(zipped);
      },
      () => {
        if (res.destroyed) return;
        res.writeHead(status, headers);
        res.end(plain);
      },
    );
    return;
  }
  res.writeHead(status, headers);
  res.end(plain);
}

// Large enough for a journal import (the contract caps it at 50 MB); loopback only, token required.
async function readBody(req: IncomingMessage, limit = 64_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

/**
 * `app` may still be starting (serve mode prints its URL before): the shell's files go out at
 * once, and API calls wait for the app.
 */
export function createRequestHandler(starting: App | Promise<App>, token: string, rendererDir: string, port: () => number) {
  const root = resolve(rendererDir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // DNS-rebinding guard: only our own loopback names may address this server.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port()}` && host !== `localhost:${port()}`) {
      json(res, 403, { error: { code: 'UNAUTHORIZED', message: 'unexpected Host header' } });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!originAllowed(req.headers.origin, port())) {
        json(res, 403, { error: { code: 'UNAUTHORIZED', message: `calls from ${req.headers.origin} are refused: only Opsdeck's own page may call its API` } });
        return;
      }
      const viaHeader = sameSecret(bearer(req.headers.authorization), token);
      // EventSource cannot set headers: the event stream also accepts the session cookie.
      const viaCookie = url.pathname === '/api/events' && sameSecret(cookieToken(req, port()), token);
      if (!viaHeader && !viaCookie) {
        json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'missing or wrong token: open the URL Opsdeck printed at start-up' } });
        return;
      }
      const app = await starting;
      if (url.pathname === '/api/health' && req.method === 'GET') {
        const r = await app.call('health', {});
        json(res, r.ok ? 200 : r.status, r.ok ? r.data : { error: r.error }, { acceptEncoding: req.headers['accept-encoding'] });
        return;
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write('retry: 2000\n\n');
        const unsubscribe = app.subscribe((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        req.on('close', () => {
          clearInterval(keepAlive);
          unsubscribe();
        });
        return;
      }
      const call = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
      if (call && req.method === 'POST') {
        let input: unknown;
        try {
          input = await readBody(req);
        } catch (err) {
          json(res, 400, { error: { code: 'BAD_INPUT', message: `request body: ${(err as Error).message}` } });
          return;
        }
        traceStartup(`api ${call[1]} start`);
        const r = await app.call(call[1] ?? '', input);
        traceStartup(`api ${call[1]} end`);
        json(res, r.ok ? 200 : r.status, r.ok ? r.data : { error: r.error }, { acceptEncoding: req.headers['accept-encoding'], ifNoneMatch: req.headers['if-none-match'], accept: req.headers.accept });
        return;
      }
      json(res, 404, { error: { code: 'NOT_FOUND', message: `no API route ${req.method} ${url.pathname}` } });
      return;
    }
    // Static renderer: the token comes once in the URL, then lives in a strict session cookie.
    const queryToken = url.searchParams.get('token');
    const authorised = sameSecret(queryToken, token) || sameSecret(cookieToken(req, port()), token);
    if (!authorised) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Opsdeck: open the URL with ?token=… that serve mode printed at start-up.\n');
      return;
    }
    let rel: string;
    try {
      rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Opsdeck: the path ${url.pathname} is not valid percent-encoding.\n`);
      return;
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    let path = file;
    try {
      body = await readFile(file);
    } catch {
      // Client-side routes fall back to the app shell.
      path = join(root, 'index.html');
      body = await readFile(path);
    }
    const headers: Record<string, string> = {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    };
    if (queryToken) headers['set-cookie'] = `${cookieName(port())}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(body);
  };
}

export interface Serving {
  url: string;
  /** Settles when the app behind the API has started; a rejection means the start failed after all. */
  ready: Promise<void>;
  close: () => Promise<void>;
}

/**
 * Listens, checks the data dir and opsdeck.yaml (their mistakes fail the start here, before any
 * URL), then answers with the URL while the rest of the app (cache, demo platform, workers)
 * starts: the browser loads the shell meanwhile, and its API calls wait for the app.
 */
export async function serve(o: ServeOptions): Promise<Serving> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer();
  // A keep-alive socket closed for idling while the event loop was busy (a queue rebuild) can
  // race a request already sent on it ("other side closed"); loopback sockets are cheap, keep them.
  server.keepAliveTimeout = 60_000;
  // Claim the port before starting anything else, so "port in use" fails fast and clean.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  traceStartup('listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const appOptions: AppOptions = {
    dataDir: o.dataDir,
    demoOutage: o.demoOutage,
    workers: o.workers,
    version: process.env.npm_package_version ?? '0.1.0',
    ...(o.configFile ? { configFile: o.configFile } : {}),
    ...(o.clockOffsetMs ? { clockOffsetMs: o.clockOffsetMs } : {}),
    ...(o.demoScale ? { demoScale: o.demoScale } : {}),
  };
  let loaded;
  try {
    loaded = await loadAppConfig(appOptions);
  } catch (err) {
    server.close();
    throw err;
  }
  traceStartup('config checked');
  // After this turn, so the caller prints the URL before the app's synchronous start-up (journal,
  // cache, handlers) holds the thread: the browser's first requests are on their way meanwhile.
  const starting = new Promise<void>((ok) => setImmediate(ok)).then(() => createApp(appOptions, loaded));
  // Requests that arrive after a failed start get a 500 naming the failure (the process exits on it).
  starting.catch(() => undefined);
  const handle = createRequestHandler(starting, token, o.rendererDir, () => port);
  server.on('request', (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 'INTERNAL', message: String(err) } });
      else res.end();
    });
  });
  let stopTrace: () => void = () => undefined;
  const ready = starting.then(
    async (app) => {
      traceStartup('app created');
      // The first screen's slowest answer, built while the browser loads the shell (its calls
      // arrive later and share this build: alerts/queueCache.ts).
      void app.call('alertQueue', {});
      for (const n of app.notices()) console.warn(`Opsdeck: ${n.title}. ${n.detail}`);
      if (process.env.OPSDECK_MEMORY_TRACE) stopTrace = traceMemory(app, process.env.OPSDECK_MEMORY_TRACE);
      // The demo platform failing to start fails the start (main exits non-zero with its message).
      await app.started;
    },
    (err: unknown) => {
      server.closeAllConnections();
      server.close();
      throw err;
    },
  );
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    ready,
    close: async () => {
      stopTrace();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      const app = await starting.catch(() => null);
      await app?.close();
    },
  };
}

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`opsdeck serve: ${(err as Error).message}`);
    process.exit(2);
  }
  try {
    const running = await serve({
      ...opts,
      rendererDir: rendererDir(__dirname),
      workers: workerFiles(__dirname),
    });
    console.log(`Opsdeck serving on ${running.url}`);
    const shutdown = (): void => void running.close().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    await running.ready;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = e.code === 'EADDRINUSE' ? `port ${opts.port} is already in use on 127.0.0.1; pick another with --port` : e.message;
    console.error(`opsdeck serve: ${message}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
