// Starts serve mode (the built app) as a child process and waits for its "serving on"
// line. Shared by the e2e fixtures and the benchmarks; no Playwright in here.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServeHandle {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export const SERVE_JS = join(__dirname, '..', 'out', 'main', 'serve.js');

export function startServe(dataDir: string, extra: string[] = []): Promise<ServeHandle> {
  // The environment `npm run serve` gives it (scripts/serve.mjs, serveEnv: MALLOC_ARENA_MAX), so e2e and benchmarks measure that.
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  const child = spawn(process.execPath, [SERVE_JS, '--port', '0', '--data-dir', dataDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve mode did not start in 60 s: ${stderr}`)), 60_000);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Opsdeck serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=([\w-]+))/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const url = m[1] as string;
      resolve({
        url,
        origin: new URL(url).origin,
        token: m[2] as string,
        dataDir,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve mode exited with ${code}: ${stderr}`));
    });
  });
}
