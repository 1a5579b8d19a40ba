// Incidents end to end in serve mode at a demo clock ten minutes into the payment 5xx spike:
// declare from the payment alert with `i`, write notes while the platform is unreachable,
// restart, export the Markdown review and check its timeline against the simulator's alarm
// history and the deployment that preceded the incident.
import { readFileSync } from 'node:fs';
import { DEMO_SEED } from '../src/main/sources/demo';
import { PAYMENT_DEPLOY_LEAD_SEC, changesBetween } from '../src/sim/platform/changes';
import { incidentsBetween } from '../src/sim/platform/scenario';
import { expect, startServe, test, waitReady } from './fixtures';

const utc = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

test('declare from the payment alert, write offline, restart, export the review', async ({ page, dataDir }) => {
  test.setTimeout(300_000);
  const spike = incidentsBetween(DEMO_SEED, Date.UTC(2026, 9, 26) / 1000, Date.UTC(2026, 9, 27) / 1000).find((i) => i.kind === 'payment-5xx-spike');
  if (!spike) throw new Error('the demo scenario has no payment incident on 2026-10-26');
  const at = new Date(spike.startSec * 1000 + 10 * 60_000).toISOString();
  let serve = await startServe(dataDir, ['--demo-clock', at]);
  try {
    await page.goto(`${serve.url}#/alerts`);
    await waitReady(page);
    // Firing or (once the first sync pass is slow on a busy machine) just resolved: still in the queue.
    const row = page.locator('[data-testid="alert-row"][data-name="payment-failure-rate-high"]');
    await expect(row).toBeVisible({ timeout: 200_000 });
    // Severity comes from the alarm's tags, synced by their own part right after the alarms.
    await expect(row).toContainText('P1', { timeout: 60_000 });
    await row.click();
    await page.keyboard.press('i');
    await expect(page.getByTestId('declare-from-alert')).toContainText('payment-failure-rate-high');
    await expect(page.getByTestId('declare-severity')).toHaveValue('P1');
    await page.getByTestId('declare-submit').click();
    await expect(page.getByTestId('incident-detail')).toBeVisible();
    const id = await page.getByTestId('incident-detail').getAttribute('data-id');
    await expect(page.getByTestId('incident-state')).toHaveText('Triage');
    await expect(page.getByTestId('milestone').filter({ hasText: 'Detected' }).getByTestId('milestone-time')).not.toHaveText('not yet');

    // The platform goes away: what people write must not depend on it.
    const outage = await page.request.post(`${serve.origin}/api/call/setDemoOutage`, { headers: { authorization: `Bearer ${serve.token}` }, data: { on: true } });
    expect(outage.ok()).toBe(true);
    await page.getByTestId('note-input').fill('Payment gateway timing out since the 17:21 deploy; rolling back');
    await page.getByTestId('note-save').click();
    await page.getByTestId('status-input').fill('Checkout degraded for ~6 % of payments; rollback under way; next update in 15 min');
    await page.getByTestId('status-save').click();
    await expect(page.getByTestId('note-list')).toContainText('rolling back');
    await expect(page.getByTestId('status-list')).toContainText('rollback under way');

    await serve.stop();
    serve = await startServe(dataDir, ['--demo-clock', at]);
    await page.goto(`${serve.url}#/incidents`);
    await waitReady(page);
    await expect(page.getByTestId('incident-row')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('incident-detail')).toHaveAttribute('data-id', id ?? '');
    await expect(page.getByTestId('note-list')).toContainText('rolling back');
    await expect(page.getByTestId('status-list')).toContainText('rollback under way');
    // The timeline is rebuilt from the cache: the deployment is on it.
    await expect(page.getByTestId('timeline-entry').filter({ hasText: 'CreateDeployment (codedeploy) payment-service' }).first()).toBeVisible({ timeout: 30_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
    const md = readFileSync((await download.path())!, 'utf8');
    expect(md).toMatch(/^# Post-incident review: /);
    // The alarm history: payment-failure-rate-high went to ALARM, as the simulator's history says.
    const history = await page.request.post(`${serve.origin}/api/call/alertQueue`, { headers: { authorization: `Bearer ${serve.token}` }, data: {} });
    const group = ((await history.json()) as { groups: { name: string; firedAt: number }[] }).groups.find((g) => g.name === 'payment-failure-rate-high')!;
    expect(md).toContain(`| ${utc(group.firedAt)} | alarm | payment-failure-rate-high → ALARM`);
    // The deployment that preceded it, 7 minutes before the spike, in the changes section.
    const deploy = changesBetween(DEMO_SEED, spike.startSec - PAYMENT_DEPLOY_LEAD_SEC, spike.startSec - PAYMENT_DEPLOY_LEAD_SEC + 1)[0]!;
    expect(deploy.requestParameters.applicationName).toBe('payment-service');
    const changes = md.slice(md.indexOf('## Changes in the'), md.indexOf('## Status updates'));
    expect(changes).toContain(`- ${utc(deploy.eventTime * 1000)} — CreateDeployment (codedeploy) payment-service: ${String(deploy.requestParameters.description)}`);
    expect(md).toContain('rolling back');
    expect(md).toContain('**Status update** by');

    // Impact: the budget the incident spent per SLO, on the page as in the API and the review.
    // Resolved 3 minutes after it fired, so the window's data is settled and the figures fixed.
    const resolve = await page.request.post(`${serve.origin}/api/call/setMilestone`, { headers: { authorization: `Bearer ${serve.token}` }, data: { id, milestone: 'resolved', at: group.firedAt + 3 * 60_000, author: 'e2e' } });
    expect(resolve.ok()).toBe(true);
    await expect(page.getByTestId('incident-state')).toHaveText('Resolved, review pending');
    const impactRes = await page.request.post(`${serve.origin}/api/call/incidentImpact`, { headers: { authorization: `Bearer ${serve.token}` }, data: { id } });
    const impact = (await impactRes.json()) as { slos: { sloId: string; name: string; spentPct: number | null; budgetMinutes: number }[] };
    const payment = impact.slos.find((s) => s.sloId === 'payment-availability')!;
    expect(payment.spentPct).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="impact-row"][data-slo="payment-availability"] [data-testid="impact-share"]')).toHaveText(`${payment.spentPct!.toFixed(1)} % of ${payment.budgetMinutes.toFixed(2)} min`);
    await expect(page.getByTestId('impact-formula')).toContainText('bad ÷ total × time with data');
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-review').click()]);
    const reviewed = readFileSync((await again.path())!, 'utf8');
    expect(reviewed).toMatch(new RegExp(`\\| Payment Service \\| 99\\.99 % \\| [\\d,]+ / [\\d,]+ \\| [\\d.]+ min \\| ${payment.spentPct!.toFixed(1).replace('.', '\\.')} % of 4\\.32 min \\|`));
    expect(reviewed).toContain('Formula: Budget spent during the incident = bad ÷ total × time with data');

    // The printed review on an A4-wide page: no app chrome or forms, black on white, nothing wider than the page.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('nav.sidebar')).toBeHidden();
    await expect(page.getByTestId('connectivity')).toBeHidden();
    await expect(page.getByTestId('print-review')).toBeHidden();
    await expect(page.getByTestId('note-input')).toBeHidden();
    await expect(page.getByTestId('note-list')).toContainText('rolling back');
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
    await expect(page.getByTestId('incident-title')).toHaveCSS('color', 'rgb(0, 0, 0)');
    await expect(page.getByTestId('timeline-entry').first()).toHaveCSS('color', 'rgb(0, 0, 0)');
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    const pageBox = (await page.getByTestId('incident-detail').boundingBox())!;
    for (const chart of await page.locator('.inc-chart svg').all()) {
      const box = (await chart.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(pageBox.x + pageBox.width + 1);
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(1);
  } finally {
    await serve.stop();
  }
});
