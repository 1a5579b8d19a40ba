// The demo platform's own process (sources/demo.ts) is never orphaned: serve mode (built)
// SIGKILLed, its child exits by itself; stopped with SIGTERM, the app stops it on the way out.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { childProcessesOf } from './fixtures/processes';

const ROOT = join(__dirname, '..', '..', '..');
const SERVE = join(ROOT, 'out', 'main', 'serve.js');

/** Running, as opposed to gone or a zombie nobody has reaped yet. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const started: { child: ChildProcess; dataDir: string }[] = [];

interface Serving {
  child: ChildProcess;
  /** The demo platform as health lists it. */
  demoState(): Promise<string | undefined>;
}

async function startServe(): Promise<Serving> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdeck-demoproc-'));
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push({ child, dataDir });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Opsdeck serving on (\S+)/.exec(out);
      if (m) resolve(new URL(m[1]!));
    });
    child.once('exit', (code) => reject(new Error(`serve mode exited with ${code}: ${err}`)));
  });
  const demoState = async (): Promise<string | undefined> => {
    const res = await fetch(`${url.origin}/api/health`, { headers: { authorization: `Bearer ${url.searchParams.get('token')}` } });
    const health = (await res.json()) as { workers?: { name: string; state: string }[] };
    return health.workers?.find((w) => w.name === 'demo platform')?.state;
  };
  return { child, demoState };
}

/** The demo platform's pid once serve mode has started it (after the first screen's stagger) and it is serving. */
async function demoPid(serve: Serving): Promise<number> {
  await expect.poll(serve.demoState, { timeout: 20_000 }).toBe('running');
  const pids = childProcessesOf(serve.child.pid!, 'demo-platform.js');
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}, 240_000);

afterEach(() => {
  for (const { child, dataDir } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe.runIf(process.platform === 'linux')("the demo platform's process", () => {
  it('exits by itself within a few seconds when the app is SIGKILLed', async () => {
    const serve = await startServe();
    const pid = await demoPid(serve);
    expect(alive(pid)).toBe(true);
    const t0 = Date.now();
    serve.child.kill('SIGKILL');
    await expect.poll(() => alive(pid), { timeout: 5_000, interval: 100 }).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 60_000);

  it('is stopped by the app when serve mode is stopped (SIGTERM → app.close())', async () => {
    const serve = await startServe();
    const pid = await demoPid(serve);
    const exited = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
    serve.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Gone by the time the app has exited, not only after its IPC channel closed.
    expect(alive(pid)).toBe(false);
  }, 60_000);
});
