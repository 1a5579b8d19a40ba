// Incident-first: with the incident clock, a reload shows the P1/P2 alerts and the paging
// SLOs within 5 s, with the demo clock and a fresh data age; keyboard triage keeps its place.
import type { Page } from '@playwright/test';
import { expect, startServe, test, waitReady } from './fixtures';

const AT = '2026-10-26T17:38:00Z';
const selected = (page: Page) => page.locator('[data-testid="alert-row"][aria-selected="true"]');

test('the incident is obvious within 5 s, and triage by keyboard keeps its place', async ({ page, dataDir }) => {
  test.setTimeout(180_000);
  const serve = await startServe(dataDir, ['--demo-clock', AT]);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    // Cold cache: never "0 of 0 alarms" — either syncing, or the real count.
    await expect(page.getByTestId('alarm-count')).not.toHaveText(/^0 of 0/);
    // Let the first pass land, then time a reload as the on-call engineer opening the app.
    await expect(page.getByTestId('now')).toHaveAttribute('data-state', 'active', { timeout: 90_000 });
    await expect(page.getByTestId('alarm-count')).not.toHaveAttribute('data-state', 'syncing', { timeout: 90_000 });
    await page.reload();
    const started = Date.now();
    await expect(page.getByTestId('now')).toHaveAttribute('data-state', 'active', { timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(page.getByTestId('now-alert').first()).toBeVisible();
    await expect(page.getByTestId('now-slo').first()).toContainText('PAGE');
    const banner = page.getByTestId('connectivity');
    await expect(banner).toContainText(`DEMO CLOCK ${AT.slice(0, 10)}`);
    await expect(banner).toContainText(/\((\d+ s|\d+ min|just now)( old)?\)|just now/);
    await expect(page.getByTestId('overview-asof')).not.toContainText('STALE');
    // Every row is a link to its page.
    await expect(page.getByTestId('now-slo').first().locator('a')).toHaveAttribute('href', /^#\/slos\//);

    // The queue: the cursor stays on the same row position after an acknowledgement.
    await page.goto(`${serve.url}#/alerts`);
    await waitReady(page);
    const firing = page.locator('[data-testid="alert-row"][data-state="firing"]');
    await expect.poll(() => firing.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Home');
    await page.keyboard.press('j');
    await expect(selected(page)).toHaveAttribute('aria-rowindex', '2');
    const acked = (await selected(page).getAttribute('data-key')) ?? '';
    const nextUp = (await page.getByTestId('alert-row').nth(2).getAttribute('data-key')) ?? '';
    await page.keyboard.press('a');
    await expect(page.getByTestId('dialog-ack')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('dialog-ack')).toHaveCount(0);
    await expect(page.locator(`[data-testid="alert-row"][data-key="${acked.replace(/"/g, '\\"')}"]`)).toHaveAttribute('data-state', 'acknowledged');
    // Same position. Acknowledged alerts sort with the firing ones by severity (domain/alerts/queue.ts),
    // so an acknowledged P1 may stay above a firing P2; then the acked row keeps the place, else the
    // next alert moved up into it. Either way the cursor never jumps to another part of the list.
    await expect(selected(page)).toHaveAttribute('aria-rowindex', '2');
    const nowAt2 = (await page.getByTestId('alert-row').nth(1).getAttribute('data-key')) ?? '';
    expect([acked, nextUp]).toContain(nowAt2);
    await expect(selected(page)).toHaveAttribute('data-key', nowAt2);

    // n: the note dialog names the alert selected when n was pressed.
    const name = (await selected(page).getAttribute('data-name')) ?? '';
    await page.keyboard.press('n');
    await expect(page.getByTestId('dialog-note')).toHaveAttribute('aria-label', `Add a note: ${name}`);
    await page.keyboard.press('Escape');

    // Snoozing keeps the place too: the row at position 2 is no longer the snoozed one, or it is
    // the same row now marked snoozed (held-back rows sort below the firing ones).
    const snoozed = (await selected(page).getAttribute('data-key')) ?? '';
    await page.keyboard.press('s');
    await expect(page.getByTestId('dialog-snooze')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('dialog-snooze')).toHaveCount(0);
    await expect(page.locator(`[data-testid="alert-row"][data-key="${snoozed.replace(/"/g, '\\"')}"]`)).toHaveAttribute('data-state', 'snoozed');
    await expect(selected(page)).toHaveAttribute('aria-rowindex', '2');

    // Enter opens the alert; Backspace (as Esc) goes back to the queue. The page says once that
    // acknowledging is local (the page's note), not again under the alert's buttons.
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/alerts\/g\//);
    await expect(page.getByText(/local to this laptop/)).toHaveCount(1);
    await page.keyboard.press('Backspace');
    await expect(page).toHaveURL(/#\/alerts$/);

    // Tab reaches the grid; ? takes focus and gives it back.
    await page.getByTestId('alert-grid').focus();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('alert-grid')).toBeFocused();

    // j/k on the SLO list, Esc back from an SLO.
    await page.goto(`${serve.url}#/slos`);
    await waitReady(page);
    await expect(page.getByTestId('slo-list-row').first()).toBeVisible();
    await page.keyboard.press('j');
    const first = (await page.getByTestId('slo-list-row').first().getAttribute('data-slo')) ?? '';
    await expect(page.getByTestId('slo-list-row').first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/slos/${encodeURIComponent(first)}$`));
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/#\/slos$/);
  } finally {
    await serve.stop();
  }
});
