// Unknown ids through the whole app (createApp → dispatch): each a 404 NOT_FOUND naming the
// id, never a 500.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';

describe('unknown ids answer 404', () => {
  let dir: string;
  let app: App;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-known-ids-'));
    app = await createApp({ dataDir: dir, workers: 'inline', liveIntervalMs: 60_000 });
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, unknown, RegExp][] = [
    ['sloDetail', { id: 'no-such-slo' }, /^no SLO with id "no-such-slo" \(known: [a-z0-9-]+(, [a-z0-9-]+)+/],
    ['alertDetail', { key: 'no-such-group' }, /^no alert group "no-such-group" in the queue/],
    ['expireSilence', { id: 'no-such-silence', author: 'dana' }, /^no silence with id "no-such-silence"$/],
    ['retireMaintenance', { id: 'no-such-plan', author: 'dana' }, /^no maintenance plan with id "no-such-plan"$/],
    ['syncNow', { sourceId: 'prod-eu' }, /^no source "prod-eu" \(configured: demo\)$/],
    ['backupResource', { arn: 'arn:aws:rds:us-east-1:123456789012:db:nope' }, /^no backup resource with ARN "arn:aws:rds:us-east-1:123456789012:db:nope"/],
    ['capacityChart', { id: 'no-such/target' }, /^no capacity target "no-such\/target"/],
    ['incidentDetail', { id: 'no-such-incident' }, /^no incident with id "no-such-incident"$/],
  ];

  for (const [method, input, message] of cases) {
    it(`${method} for an unknown id`, async () => {
      const r = await app.call(method, input);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect([r.status, r.error.code]).toEqual([404, 'NOT_FOUND']);
      expect(r.error.message).toMatch(message);
    });
  }

  it('syncNow for the configured source, or every source, still starts', async () => {
    for (const input of [{ sourceId: 'demo' }, {}]) {
      const r = await app.call('syncNow', input);
      expect(r.ok).toBe(true);
    }
  });
});
