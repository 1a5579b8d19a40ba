// Serve mode prints its URL once the data dir and opsdeck.yaml are checked, before the rest of
// the app (cache, demo platform, workers) has started: a mistake in either still fails the start
// with no URL, and a call made the moment the URL appears waits for the app instead of failing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startServe, test } from './fixtures';

const SERVE_JS = join(__dirname, '..', 'out', 'main', 'serve.js');

test('a bad opsdeck.yaml fails the start with its file:line:column and field, and prints no URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-badyaml-'));
  writeFileSync(join(dir, 'opsdeck.yaml'), 'sources:\n  - kind: demoo\n');
  const r = spawnSync(process.execPath, [SERVE_JS, '--port', '0', '--data-dir', dir], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(1);
  expect(r.stdout).not.toContain('serving on');
  expect(r.stderr.trim()).toMatch(/^opsdeck serve: .*opsdeck\.yaml:2:\d+: sources\[0\]\.kind: /);
});

test('--demo-clock with AWS sources in opsdeck.yaml fails the start before any URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-clockaws-'));
  writeFileSync(join(dir, 'opsdeck.yaml'), 'sources:\n  - kind: aws\n    alias: prod\n    regions: [eu-west-1]\n');
  const r = spawnSync(process.execPath, [SERVE_JS, '--port', '0', '--data-dir', dir, '--demo-clock', '2026-10-26T17:38:00Z'], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(1);
  expect(r.stdout).not.toContain('serving on');
  expect(r.stderr).toContain('--demo-clock only applies to the demo platform');
});

test('calls made the moment the URL is printed are answered once the app is up', async ({ dataDir }) => {
  const serve = await startServe(dataDir, ['--demo-outage']);
  try {
    const auth = { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' };
    const [shell, sources, queue] = await Promise.all([
      fetch(serve.url),
      fetch(`${serve.origin}/api/call/sources`, { method: 'POST', headers: auth, body: '{}' }),
      fetch(`${serve.origin}/api/call/alertQueue`, { method: 'POST', headers: auth, body: '{}' }),
    ]);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<div id="root">');
    expect(sources.status).toBe(200);
    const list = (await sources.json()) as { id: string; demoOutage: boolean }[];
    // The outage switch is right while the demo platform is still starting.
    expect(list).toEqual([expect.objectContaining({ id: 'demo', demoOutage: true })]);
    expect(queue.status).toBe(200);
    expect(await queue.json()).toHaveProperty('groups');
  } finally {
    await serve.stop();
  }
});
