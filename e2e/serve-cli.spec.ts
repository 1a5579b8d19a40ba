// The serve-mode contract at its edges: bad flags, a port in use, an unwritable data dir —
// one clear line on stderr and a non-zero exit, before anything else happens.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const SERVE_JS = join(__dirname, '..', 'out', 'main', 'serve.js');
const run = (args: string[]) => spawnSync(process.execPath, [SERVE_JS, ...args], { encoding: 'utf8', timeout: 30_000 });

test('an unknown flag is one clear line and exit 2', () => {
  const r = run(['--prot', '5000']);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^opsdeck serve: Unknown option '--prot'/);
});

test('a port in use is one clear line and exit 1', async () => {
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', () => ok()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = run(['--port', String(port), '--data-dir', mkdtempSync(join(tmpdir(), 'opsdeck-port-'))]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`opsdeck serve: port ${port} is already in use on 127.0.0.1; pick another with --port`);
  } finally {
    blocker.close();
  }
});

test('an unwritable data dir is one clear line and exit 1', () => {
  test.skip(process.getuid?.() === 0, 'root can write anywhere, so an unwritable directory cannot be made');
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-ro-'));
  chmodSync(dir, 0o500);
  const r = run(['--port', '0', '--data-dir', join(dir, 'data')]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^opsdeck serve: data directory .* is not writable \(EACCES\)/);
});

test('a data dir that is a file is one clear line and exit 1', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'opsdeck-file-')), 'not-a-dir');
  writeFileSync(file, 'x');
  const r = run(['--port', '0', '--data-dir', file]);
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toMatch(/^opsdeck serve: data directory .*not-a-dir is not writable \((EEXIST|ENOTDIR)\)$/);
});
