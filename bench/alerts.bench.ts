// Alert-queue benchmarks (issue 6), in serve mode with 5,000 alert groups in the cache:
// - alerts.render_ms: Chromium rendering the queue, from the data arriving in the page to the
//   rows painted (the page records it on the queue element); target < 200 ms.
// - alerts.action_p95_ms: p95 round trip of an acknowledge through the HTTP API, each a
//   journal write with synchronous=FULL; target < 50 ms. Baseline: p95 of `health` calls.
// - alerts.queue_api_p95_ms: p95 of the alertQueue API (5,000 groups), idle, one client; target
//   < 50 ms. Asked as the renderer asks (transport.ts): Accept names the packed form
//   (contract/alertsWire.ts), the full answer in a quarter of the bytes, which the check below
//   unpacks; the plain-JSON form's p95 goes in the note. alerts.queue_api_p95_ms_loaded: the queue
//   under 50 concurrent clients, with an acknowledgement written every 20 calls (each invalidates
//   the queue); target < 250 ms. Each client does what the renderer does (data/queueDeltas.ts):
//   holds its last answer, sends its version as `since`, merges the delta; rounds asking for the
//   full answer every call alternate with them, for comparison. The clients read over node:http (see `post`).
//   Baseline of both: p95 of `health` calls, same run. The loaded run also records the p95 of
//   `health` and of `slos` asked during it (heavy answers must not queue behind one another).
// The 5,000 groups are written straight into cache.db (alarms, tags, open occurrences), and
// serve mode runs with the demo outage on so the live sync leaves them alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../src/main/store/cache';
import { startServe } from '../e2e/serve-process';
import { findChromium } from '../scripts/find-chromium.mjs';
import type { AlertQueue, AlertQueueDelta } from '../src/shared/contract/alerts';
import { applyQueueDelta, isQueueDelta } from '../src/shared/contract/alertsDelta';
import { PACKED_MEDIA_TYPE, PACKED_ANSWERS, isPackedQueue, isPackedQueueDelta, unpackQueue } from '../src/shared/contract/alertsWire';
import { GROUPS, seedAlertGroups } from './alertGroups';
import { percentile, recordFigure } from './results';

/** The machine is shared: the 1-minute load average goes in the notes. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
  } catch {
    return '?';
  }
}

/** CPU milliseconds a process has used so far (user + system), from /proc; null where there is none. */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU per call while the machine is shared: the bench process's (the clients') and serve mode's, in ms. */
function cpuPerCall(client: NodeJS.CpuUsage, serverStart: number | null, serverEnd: number | null, calls: number): string {
  const clientMs = (client.user + client.system) / 1000 / calls;
  const server = serverStart !== null && serverEnd !== null ? `${((serverEnd - serverStart) / calls).toFixed(1)} ms` : '?';
  return `CPU per call: clients ${clientMs.toFixed(1)} ms, serve mode ${server}`;
}

const ROOT = join(__dirname, '..');

interface Seeded {
  occurrenceKeys: string[];
}

function seed(dataDir: string, now: number): Seeded {
  const { cache } = openCache(dataDir);
  const seeded = seedAlertGroups(cache, now);
  cache.close();
  return seeded;
}


describe('alert queue benchmarks', () => {
  let serve: Awaited<ReturnType<typeof startServe>>;
  let seeded: Seeded;
  let browser: Browser | null = null;

  /** Reads retried because a reused keep-alive socket was closed under them (as a browser retries them). */
  let socketRetries = 0;
  // The clients speak node:http (its C parser, one keep-alive socket per concurrent call), not
  // Node's fetch: undici's JS streams cost ~2× the client CPU per 1 MB answer, and 50 clients
  // share this one thread — with fetch the loaded figure measured mostly this process queueing
  // its own reads (5.3 ms of client CPU per call against serve mode's 2.2 ms). A renderer reads
  // through Chromium's native network stack, off its JS thread.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const post = (method: string, body: unknown, accept: string): Promise<{ status: number; body: Buffer; reusedSocket: boolean }> =>
    new Promise((resolve, reject) => {
      const url = new URL(`${serve.origin}/api/call/${method}`);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${serve.token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), reusedSocket: req.reusedSocket }));
          res.on('error', reject);
        },
      );
      req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
      req.end(JSON.stringify(body));
    });
  const send = async (method: string, body: unknown, accept = `${PACKED_MEDIA_TYPE}, application/json`): Promise<{ status: number; body: Buffer }> => {
    try {
      return await post(method, body, accept);
    } catch (err) {
      // Only reads, and only a reused socket the server closed before the answer began; writes are never re-sent.
      const e = err as { code?: string; reusedSocket?: boolean };
      if (method === 'alertAction' || !e.reusedSocket || e.code !== 'ECONNRESET') throw err;
      socketRetries += 1;
      return post(method, body, accept);
    }
  };
  /** `accept`: the renderer's (packed where the method has that form) unless told. */
  const call = async (method: string, body: unknown, accept?: string): Promise<{ ms: number; status: number; bytes: number; json: unknown }> => {
    const t0 = performance.now();
    const res = await send(method, body, accept);
    // The answer's latency: until its last byte is here. Parsing 5 MB in this (shared) process is the client's cost, not the API's:
    // parsed only when read, so 1,000 parses do not take the two cores from the server being measured.
    const bytes = res.body;
    const ms = performance.now() - t0;
    let parsed: { value: unknown } | null = null;
    return {
      ms,
      status: res.status,
      bytes: bytes.byteLength,
      // The answer in the contract's shape, unpacked as the renderer unpacks it.
      get json(): unknown {
        if (!parsed) {
          const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
          parsed = { value: isPackedQueue(value) ? unpackQueue(value) : isPackedQueueDelta(value) ? PACKED_ANSWERS.alertQueue!(value) : value };
        }
        return parsed.value;
      },
    };
  };

  beforeAll(async () => {
    // The benchmark drives the built app, as a user would.
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
    const dataDir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-alerts-'));
    seeded = seed(dataDir, Date.now());
    serve = await startServe(dataDir, ['--demo-outage']);
    // What serve mode says while it is measured (an exception, a crash) goes to this run's log.
    serve.child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[serve] ${d.toString()}`));
    serve.child.once('exit', (code, signal) => process.stderr.write(`[serve] exited: ${code ?? signal}\n`));
  });

  afterAll(async () => {
    agent.destroy();
    await browser?.close();
    await serve?.stop();
  });

  it('alerts.render_ms: Chromium renders the queue of 5,000 alert groups', async () => {
    const executablePath = findChromium();
    browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const queueTimes: number[] = [];
    for (let i = 0; i < 3; i++) queueTimes.push((await call('alertQueue', {})).ms);
    const samples: number[] = [];
    await page.goto(`${serve.url}#/alerts`);
    for (let run = 0; run < 7; run++) {
      if (run > 0) await page.reload();
      const queue = page.locator(`[data-testid="alert-queue"][data-rendered-rows="${GROUPS}"][data-render-ms]`);
      await queue.waitFor({ timeout: 60_000 });
      samples.push(Number(await queue.getAttribute('data-render-ms')));
    }
    // The first load also compiles the bundle's code paths: report the median of the reloads.
    const reloads = samples.slice(1).sort((a, b) => a - b);
    const median = reloads[Math.floor(reloads.length / 2)]!;
    // Baseline, same run and page: the two animation frames the figure ends on, with nothing to
    // render (the floor of this measure on this machine now; frames stretch under load).
    const frames: number[] = [];
    for (let i = 0; i < 7; i++) {
      frames.push(await page.evaluate<number>(`new Promise((done) => { const t0 = Date.now(); requestAnimationFrame(() => requestAnimationFrame(() => done(Date.now() - t0))); })`));
    }
    const floor = [...frames].sort((a, b) => a - b)[Math.floor(frames.length / 2)]!;
    recordFigure('alerts.render_ms', {
      value: median,
      unit: 'ms',
      baseline: floor,
      ratio: Number((median / Math.max(1, floor)).toFixed(2)),
      note: `median of ${reloads.length} page loads: from the 5,000-group queue arriving in the page to its rows painted (virtualised list; two animation frames after commit); runs ${samples.join(', ')} ms; baseline = median of 7 idle double animation frames on the same page (${frames.join(', ')} ms); the alertQueue API itself answered in ${queueTimes.map((t) => t.toFixed(0)).join(', ')} ms; load average ${loadAverage()}; target < 200 ms`,
    });
    expect(median).toBeGreaterThan(0);
    await browser.close();
    browser = null;
  });

  it('alerts.queue_api_p95_ms(_loaded): the queue API with 5,000 groups, idle and under 50 concurrent clients', async () => {
    const baseline: number[] = [];
    for (let i = 0; i < 100; i++) baseline.push((await call('health', {})).ms);
    const first = await call('alertQueue', {});
    expect(first.status).toBe(200);
    expect((first.json as { groups: unknown[] }).groups.length).toBeGreaterThanOrEqual(GROUPS);
    const idle: number[] = [];
    const idleCpu = process.cpuUsage();
    const idleServer = processCpuMs(serve.child.pid);
    for (let i = 0; i < 100; i++) idle.push((await call('alertQueue', {})).ms);
    const idleCpuText = cpuPerCall(process.cpuUsage(idleCpu), idleServer, processCpuMs(serve.child.pid), 100);
    // The plain-JSON form (what a client not asking for the packed one gets), for comparison in the note.
    const plainIdle: number[] = [];
    let plainBytes = 0;
    for (let i = 0; i < 20; i++) {
      const plain = await call('alertQueue', {}, 'application/json');
      plainIdle.push(plain.ms);
      plainBytes = plain.bytes;
    }
    process.stderr.write(`[bench] idle phase done: p95 ${percentile(idle, 95).toFixed(1)} ms, health p95 ${percentile(baseline, 95).toFixed(1)} ms, load ${loadAverage()}\n`);

    // 50 clients, 20 calls each; client 0 acknowledges a group before each of its calls, so the
    // queue changes under the others and every acknowledgement must show in the next answer.
    // 'delta': each client does what the renderer does (queueDeltas.ts) — it holds its last
    // answer (all start holding one, as open windows do), sends its version as `since` and
    // merges what comes back. 'full': every call asks for the whole queue (no `since`), the
    // figure before deltas. Rounds alternate, so both see the same machine.
    type Held = AlertQueue;
    const loadedRound = async (mode: 'delta' | 'full', round: number) => {
      // The answer every window holds when the round starts (asked before it, not timed).
      const start = (await call('alertQueue', {})).json as Held;
      const loaded: number[] = [];
      const bytes: number[] = [];
      const healthDuring: number[] = [];
      const slosDuring: number[] = [];
      let acks = 0;
      let fullAnswers = 0;
      const held: Held[] = Array.from({ length: 50 }, () => start);
      const ask = async (c: number): Promise<{ ms: number; queue: () => Held }> => {
        const since = held[c]!.version;
        const r = await call('alertQueue', mode === 'delta' ? { since } : {});
        expect(r.status).toBe(200);
        loaded.push(r.ms);
        bytes.push(r.bytes);
        if (mode === 'full') return { ms: r.ms, queue: () => r.json as Held };
        // Read and merged at once (the next call sends the version it gives), as the renderer does.
        const answer = r.json as Held | AlertQueueDelta;
        if (isQueueDelta(answer)) held[c] = applyQueueDelta(held[c]!, answer);
        else {
          fullAnswers += 1;
          held[c] = answer;
        }
        return { ms: r.ms, queue: () => held[c]! };
      };
      const cpu = process.cpuUsage();
      const server = processCpuMs(serve.child.pid);
      const clients = Array.from({ length: 50 }, async (_, c) => {
        for (let i = 0; i < 20; i++) {
          if (c === 0) {
            const key = seeded.occurrenceKeys[(7 + round * 1009 + i * 131) % seeded.occurrenceKeys.length]!;
            const ack = await call('alertAction', { kind: 'ack', occurrenceKeys: [key], author: 'bench-loaded', note: `loaded ${round}.${i}` });
            expect(ack.status).toBe(200);
            acks++;
            const r = await ask(c);
            const acked = r.queue().groups.find((g) => g.occurrenceKeys.includes(key));
            expect(acked?.acknowledgement, `an acknowledgement shows in the next answer (${mode})`).not.toBeNull();
          } else if (c === 1) {
            healthDuring.push((await call('health', {})).ms);
          } else if (c === 2) {
            slosDuring.push((await call('slos', {})).ms);
          } else {
            await ask(c);
          }
        }
      });
      await Promise.all(clients);
      const cpuText = cpuPerCall(process.cpuUsage(cpu), server, processCpuMs(serve.child.pid), loaded.length);
      process.stderr.write(`[bench] loaded round ${round} (${mode}): p95 ${percentile(loaded, 95).toFixed(1)} ms over ${loaded.length} queue calls, ${acks} acknowledgements, ${fullAnswers} full answers; ${cpuText}; load ${loadAverage()}\n`);
      return { mode, loaded, bytes, healthDuring, slosDuring, acks, fullAnswers, cpuText, load: loadAverage() };
    };
    const rounds: Awaited<ReturnType<typeof loadedRound>>[] = [];
    // Eight rounds (~20 s): the queue's rebuild every 15 s lands in some of each mode, not only in the first round (delta's).
    for (const [round, mode] of (['delta', 'full', 'delta', 'full', 'delta', 'full', 'delta', 'full'] as const).entries()) rounds.push(await loadedRound(mode, round));
    const of = (mode: 'delta' | 'full') => rounds.filter((r) => r.mode === mode);
    const pooled = (mode: 'delta' | 'full', pick: (r: (typeof rounds)[number]) => number[]) => of(mode).flatMap(pick);
    const loaded = pooled('delta', (r) => r.loaded);
    const loadedFull = pooled('full', (r) => r.loaded);
    const deltaBytes = pooled('delta', (r) => r.bytes);
    const acks = rounds.reduce((n, r) => n + r.acks, 0);
    const base = percentile(baseline, 95);
    const p95 = percentile(idle, 95);
    const p95Loaded = percentile(loaded, 95);
    recordFigure('alerts.queue_api_p95_ms', {
      value: Number(p95.toFixed(2)),
      unit: 'ms',
      baseline: Number(base.toFixed(2)),
      ratio: Number((p95 / base).toFixed(3)),
      note: `p95 of 100 sequential alertQueue calls (${GROUPS} groups) over HTTP, each the full answer (no since) in the packed form the renderer asks for (${(first.bytes / 1e6).toFixed(2)} MB uncompressed, the full answer: unpacked and checked), after a first call of ${first.ms.toFixed(0)} ms; the plain-JSON form (${(plainBytes / 1e6).toFixed(2)} MB before gzip): p95 ${percentile(plainIdle, 95).toFixed(1)} ms over 20 calls; ${idleCpuText}; baseline = p95 of 100 health calls, same run; target < 50 ms; load average ${loadAverage()}`,
    });
    const roundText = rounds.map((r, i) => `round ${i} ${r.mode}: p95 ${percentile(r.loaded, 95).toFixed(1)} ms, ${r.cpuText}, health p95 ${percentile(r.healthDuring, 95).toFixed(1)} ms, slos p95 ${percentile(r.slosDuring, 95).toFixed(1)} ms${r.mode === 'delta' ? `, ${r.fullAnswers} full answers (a since no longer held)` : ''}, load ${r.load}`).join('; ');
    recordFigure('alerts.queue_api_p95_ms_loaded', {
      value: Number(p95Loaded.toFixed(2)),
      unit: 'ms',
      baseline: Number(base.toFixed(2)),
      ratio: Number((p95Loaded / base).toFixed(3)),
      note: `p95 of ${loaded.length} alertQueue calls from 50 concurrent clients in this one thread over node:http, each doing what the renderer does (queueDeltas.ts): holding its last answer, sending its version as since, merging the delta (packed form); ${acks} acknowledgements written meanwhile across the rounds, each visible in client 0's next merged answer; bytes per answer median ${percentile(deltaBytes, 50).toFixed(0)} (p95 ${percentile(deltaBytes, 95).toFixed(0)}), the first full one ${first.bytes}; the same load asking for the full answer every call: p95 ${percentile(loadedFull, 95).toFixed(1)} ms over ${loadedFull.length} calls; rounds alternate delta/full: ${roundText}; max ${Math.max(...loaded).toFixed(0)} ms; ${socketRetries} reads re-sent after a reused keep-alive socket closed; CPU per call = the round's CPU over its queue calls (its acknowledgements, health and slos calls included; clients' includes reading and merging every answer); baseline = p95 of idle health calls; target < 250 ms; load average ${loadAverage()}`,
    });
    expect(p95).toBeGreaterThan(0);
  }, 1_200_000);

  it('alerts.action_p95_ms: acknowledge round trip through the HTTP API with 5,000 groups present', async () => {
    const baseline: number[] = [];
    for (let i = 0; i < 200; i++) baseline.push((await call('health', {})).ms);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const key = seeded.occurrenceKeys[(i * 37) % seeded.occurrenceKeys.length]!;
      const r = await call('alertAction', { kind: 'ack', occurrenceKeys: [key], author: 'bench', note: `ack ${i}` });
      expect(r.status).toBe(200);
      expect((r.json as { recorded: number }).recorded).toBe(1);
      times.push(r.ms);
    }
    const p95 = percentile(times, 95);
    const base = percentile(baseline, 95);
    recordFigure('alerts.action_p95_ms', {
      value: Number(p95.toFixed(2)),
      unit: 'ms',
      baseline: Number(base.toFixed(2)),
      ratio: Number((p95 / base).toFixed(3)),
      note: `p95 of 200 acknowledgements (each one journal transaction, synchronous=FULL, then a push) via POST /api/call/alertAction with ${GROUPS} groups in the cache; baseline = p95 of 200 health calls; target < 50 ms`,
    });
    expect(p95).toBeGreaterThan(0);
  });
});
