// The alert queue in serve mode, from the keyboard only: move, acknowledge with a note,
// silence (a bad silence first: an error at the field, nothing saved); then the outage
// switch, a restart on the same data directory, and the acknowledgement and note are there.
//
// The demo platform's incidents happen at fixed points in simulated time, so what fires at
// the moment the test runs is a matter of the calendar. The data directory is therefore
// prepared by the real sync engine against the simulator set to ten minutes into a payment
// incident — the same code path as the app, at a known instant — and serve mode runs with
// the demo outage on, so the live sync does not replace that incident with today's calm:
// an on-call laptop that went offline mid-incident.
import { type Page } from '@playwright/test';
import { incidentsBetween } from '../src/sim/platform/scenario';
import { startSimulator } from '../src/sim/server';
import { createCloudWatchClient } from '../src/main/sources/aws/cloudwatch';
import { DEMO_SEED } from '../src/main/sources/demo';
import { openCache } from '../src/main/store/cache';
import { SyncEngine } from '../src/main/sync/engine';
import { expect, startServe, test, waitReady, type ServeHandle } from './fixtures';

const HOUR = 3_600_000;
const NOTE = 'Gateway timeouts at the provider; failing over to the secondary (e2e)';
const AUTHOR = 'dana-e2e';

/** Ten minutes into the first demo payment incident of November 2026. */
async function prepareIncident(dataDir: string): Promise<void> {
  const spike = incidentsBetween(DEMO_SEED, Date.UTC(2026, 10, 1) / 1000, Date.UTC(2026, 11, 1) / 1000).find((i) => i.kind === 'payment-5xx-spike');
  if (!spike) throw new Error('the demo scenario has no payment incident in November 2026');
  const at = spike.startSec * 1000 + 10 * 60_000;
  const sim = await startSimulator({ seed: DEMO_SEED, now: () => at });
  const { cache } = openCache(dataDir);
  try {
    const client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' } });
    await new SyncEngine({ sourceId: 'demo', client, cache, now: () => at, presentMs: 4 * HOUR, backfillMs: 4 * HOUR }).runOnce();
  } finally {
    cache.close();
    await sim.close();
  }
}

const rows = (page: Page) => page.getByTestId('alert-row');
const row = (page: Page, name: string) => page.locator(`[data-testid="alert-row"][data-name="${name}"]`);
const selected = (page: Page) => page.locator('[data-testid="alert-row"][aria-selected="true"]');

async function openQueue(page: Page, serve: ServeHandle): Promise<void> {
  await page.goto(`${serve.url}#/alerts`);
  await waitReady(page);
  await expect(rows(page).first()).toBeVisible();
}

test('keyboard triage: acknowledge with a note and silence; both survive the outage and a restart', async ({ page, dataDir }) => {
  test.setTimeout(180_000);
  await prepareIncident(dataDir);
  // Who is acting, as the "Acting as" field would remember it on this laptop.
  await page.addInitScript({ content: `localStorage.setItem('opsdeck.author', ${JSON.stringify(AUTHOR)})` });

  const serve = await startServe(dataDir, ['--demo-outage']);
  try {
    await openQueue(page, serve);
    await expect(page.getByTestId('local-note')).toContainText('local to this laptop');
    // Worst first: the P1s — the two P1 alarms and the payment SLOs' burns (one alert per SLO
    // however many burn rules fire) — then the P2s; oldest first within a severity.
    await expect(rows(page).nth(0)).toContainText('P1');
    const severities = await rows(page).evaluateAll((els) => els.map((e) => e.querySelector('.sev')?.textContent ?? ''));
    const names = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
    const p1 = names.filter((_, i) => severities[i] === 'P1');
    expect(p1).toEqual(expect.arrayContaining(['payment-failure-rate-high', 'payment-degraded', 'Payment Service: error budget burn']));
    expect(severities.slice(0, p1.length).every((s) => s === 'P1') && severities[p1.length]).toBe('P2');
    const total = names.length;
    expect(total).toBeGreaterThanOrEqual(p1.length + 1);
    const high = names.indexOf('payment-failure-rate-high');
    expect(names.indexOf('payment-degraded')).toBe(high + 1);
    await expect(selected(page)).toHaveAttribute('data-name', names[0]!);

    // Move with j/k.
    await page.keyboard.press('Home');
    for (let i = 0; i < high; i++) await page.keyboard.press('j');
    await expect(selected(page)).toHaveAttribute('data-name', 'payment-failure-rate-high');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(selected(page)).toHaveAttribute('data-key', (await rows(page).nth(high + 2).getAttribute('data-key')) ?? '');
    await page.keyboard.press('k');
    await expect(selected(page)).toHaveAttribute('data-name', 'payment-degraded');

    // The queue as the page asks for it: after its first answer, each call names the version it
    // holds and gets what changed (data/queueDeltas.ts).
    const queueAnswers: { since: string | undefined; format: string; names: string[] }[] = [];
    page.on('response', (res) => {
      if (!res.url().endsWith('/api/call/alertQueue') || res.status() !== 200) return;
      const since = (JSON.parse(res.request().postData() ?? '{}') as { since?: string }).since;
      void res.json().then(
        (body: { packed?: string; rows?: unknown[][]; strings?: string[] }) => queueAnswers.push({ since, format: body.packed ?? 'plain', names: (body.rows ?? []).map((r) => body.strings?.[r[1] as number] ?? '') }),
        () => undefined,
      );
    });
    const answersBeforeAck = queueAnswers.length;

    // a: acknowledge with a note; Enter saves.
    await page.keyboard.press('a');
    const ack = page.getByTestId('dialog-ack');
    await expect(ack).toContainText('local to this laptop');
    await page.keyboard.type(NOTE);
    await page.keyboard.press('Enter');
    await expect(ack).toHaveCount(0);
    await expect(row(page, 'payment-degraded')).toHaveAttribute('data-state', 'acknowledged');
    await expect(row(page, 'payment-degraded').getByTestId('row-note')).toContainText(NOTE);
    await expect(page.getByTestId('alerts-status')).toContainText('Acknowledged payment-degraded');
    // It came as a delta against the answer the page held: the acknowledged row, not the whole queue.
    await expect
      .poll(() => queueAnswers.slice(answersBeforeAck).find((a) => a.format === 'alertQueueDelta/1' && a.names.includes('payment-degraded')), { message: 'the acknowledgement arrived in a delta' })
      .toMatchObject({ since: expect.any(String) });

    // m: silence the other P1. Matchers are prefilled from the row; an empty reason is
    // refused at its field and nothing is saved.
    await page.keyboard.press('k');
    await expect(selected(page)).toHaveAttribute('data-name', 'payment-failure-rate-high');
    await page.keyboard.press('m');
    const silence = page.getByTestId('dialog-silence');
    await expect(silence.locator('input[name="matchers"]')).toHaveValue('name="payment-failure-rate-high", service="payment-service"');
    await expect(silence.getByTestId('silence-preview')).toContainText('Covers 1 alert group');
    await page.keyboard.press('Enter');
    await expect(silence.getByRole('alert').filter({ hasText: 'reason is required' })).toBeVisible();
    await expect(row(page, 'payment-failure-rate-high')).toHaveAttribute('data-state', 'firing');
    await page.keyboard.type('Provider incident, tracked in INC-42');
    await page.keyboard.press('Enter');
    await expect(silence).toHaveCount(0);
    await expect(row(page, 'payment-failure-rate-high')).toHaveAttribute('data-state', 'silenced');

    // /: filter, Enter back to the list.
    await page.keyboard.press('/');
    await page.keyboard.type('customer-service-memory');
    await page.keyboard.press('Enter');
    await expect(rows(page)).toHaveCount(1);
    await page.keyboard.press('/');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await expect(rows(page)).toHaveCount(total);

    // Enter opens the selected alert: the action, who and when, with the note.
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('alert-detail')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('alert-queue')).toBeVisible();

    // The demo outage switch (already on, as the laptop lost the network mid-incident).
    const outage = await page.request.post(`${serve.origin}/api/call/setDemoOutage`, { headers: { authorization: `Bearer ${serve.token}` }, data: { on: true } });
    expect(outage.status()).toBe(200);
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  } finally {
    await serve.stop();
  }

  const again = await startServe(dataDir, ['--demo-outage']);
  try {
    await openQueue(page, again);
    await expect(page.getByTestId('connectivity')).toContainText('OFFLINE');
    await expect(row(page, 'payment-degraded')).toHaveAttribute('data-state', 'acknowledged');
    await expect(row(page, 'payment-degraded').getByTestId('row-note')).toContainText(NOTE);
    await expect(row(page, 'payment-failure-rate-high')).toHaveAttribute('data-state', 'silenced');

    // Select the acknowledged row with the keyboard and open it.
    const names = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    await page.keyboard.press('Home');
    for (let i = 0; i < names.indexOf('payment-degraded'); i++) await page.keyboard.press('j');
    await expect(selected(page)).toHaveAttribute('data-name', 'payment-degraded');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('alert-detail');
    await expect(detail).toHaveAttribute('data-state', 'acknowledged');
    await expect(page.getByTestId('detail-ack')).toContainText(`by ${AUTHOR}`);
    const actions = page.getByTestId('alert-actions');
    await expect(actions).toContainText(AUTHOR);
    await expect(actions).toContainText('acknowledged');
    await expect(actions).toContainText(NOTE);
    await expect(page.getByText(/Could not read/)).toHaveCount(0);
  } finally {
    await again.stop();
  }
});
