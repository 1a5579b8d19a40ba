import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MEMORY_METHOD, RpcChannel, serveRpc, type Reply, type ThreadMemory } from './rpc';
import { sampleMemory, traceMemory } from './memory-trace';
import { SupervisedWorker } from './supervisor';

describe('per-thread memory', () => {
  it('every served worker answers the memory method, whatever its own methods are', async () => {
    const { port1, port2 } = new MessageChannel();
    serveRpc(port1, () => ({ ready: undefined, methods: { add: (a: number, b: number) => a + b } }));
    const channel = new RpcChannel('test', (m) => port2.postMessage(m));
    port2.on('message', (m: Reply | { kind: string }) => {
      if (m.kind === 'reply') channel.settle(m as Reply);
    });
    const before = (await channel.call(MEMORY_METHOD, [], 1_000)) as ThreadMemory;
    // 20 MB of live strings show in this thread's heap figure.
    const held = Array.from({ length: 200_000 }, (_, i) => `held string number ${i} ${'x'.repeat(60)}`);
    const after = (await channel.call(MEMORY_METHOD, [], 1_000)) as ThreadMemory;
    expect(held.length).toBe(200_000);
    expect(after.heapUsedMb - before.heapUsedMb).toBeGreaterThan(10);
    expect(after.heapLimitMb).toBeGreaterThan(after.heapTotalMb);
    port1.close();
  });

  it('a worker that does not answer in time, or is stopped, reads as null — the sample still comes', async () => {
    const silent = new SupervisedWorker({ name: 'silent', file: join(__dirname, 'fixtures', 'test-worker.mjs'), workerData: () => ({}) });
    await silent.whenReady();
    const t0 = Date.now();
    expect(await silent.memory(200)).toBeNull(); // the hand-written fixture knows no memory method
    expect(Date.now() - t0).toBeLessThan(1_000);
    await silent.stop();
    expect(await silent.memory(200)).toBeNull();
    const sample = await sampleMemory({ workers: new Map([['silent', silent]]) });
    expect(sample.threads.silent).toBeNull();
    expect(sample.threads.main?.heapUsedMb).toBeGreaterThan(0);
    expect(sample.rssMb).toBeGreaterThan(sample.threads.main!.heapUsedMb);
  });

  it('the trace appends one JSON line per interval until stopped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'opsdeck-memtrace-')), 'trace.jsonl');
    const stop = traceMemory({ workers: new Map() }, file, 50);
    await new Promise((r) => setTimeout(r, 400));
    stop();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBe(lines.length);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ rssMb: expect.any(Number), threads: { main: { heapUsedMb: expect.any(Number) } } });
  });
});
