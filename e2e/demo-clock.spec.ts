// --demo-clock: serve mode runs the demo platform (and the app with it) at a chosen instant,
// so a past incident can be shown live — here ten minutes into a payment 5xx spike.
import { DEMO_SEED } from '../src/main/sources/demo';
import { incidentsBetween } from '../src/sim/platform/scenario';
import { expect, startServe, test, waitReady } from './fixtures';

test('serve mode at a demo clock shows the incident firing, and says the clock is shifted', async ({ page, dataDir }) => {
  test.setTimeout(180_000);
  const spike = incidentsBetween(DEMO_SEED, Date.UTC(2026, 10, 1) / 1000, Date.UTC(2026, 11, 1) / 1000).find((i) => i.kind === 'payment-5xx-spike');
  if (!spike) throw new Error('the demo scenario has no payment incident in November 2026');
  const at = new Date(spike.startSec * 1000 + 10 * 60_000).toISOString();
  const serve = await startServe(dataDir, ['--demo-clock', at]);
  try {
    await page.goto(`${serve.url}#/alerts`);
    await waitReady(page);
    await expect(page.getByTestId('connectivity')).toContainText(`DEMO CLOCK ${at.slice(0, 10)}`);
    // The first pass ends with the alarms: the payment alarm fires at P1, among the P1s at the
    // top (the payment SLOs' burns are P1 too, and started earlier).
    const alarm = page.locator('[data-testid="alert-row"][data-name="payment-failure-rate-high"]');
    await expect(alarm).toHaveAttribute('data-state', 'firing', { timeout: 90_000 });
    await expect(alarm).toContainText('P1');
    await expect(page.getByTestId('alert-row').first()).toContainText('P1');
    // Ages are measured on the demo clock, not the laptop's: minutes, not days.
    await expect(page.getByTestId('connectivity')).toContainText(/data as of .* \((\d+ s|\d+ min) old\)/);
  } finally {
    await serve.stop();
  }
});

test('--demo-clock needs an ISO time with its zone', async ({ dataDir }) => {
  const { spawnSync } = await import('node:child_process');
  const { SERVE_JS } = await import('./serve-process');
  const r = spawnSync(process.execPath, [SERVE_JS, '--port', '0', '--data-dir', dataDir, '--demo-clock', 'last tuesday'], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe('opsdeck serve: --demo-clock must be an ISO time with its zone, like 2026-11-14T14:20:00Z; got "last tuesday"');
});
