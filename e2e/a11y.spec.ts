// Every page, both themes: no serious or critical axe violation, and nothing wider than the
// window at 1024 × 768. The pages come from the app's own navigation (drawn from
// app/routes.tsx) plus each page's tabs, its links to the Metrics families and its first detail
// link of each kind (SLO, alert, backup resource, incident), so a new page is covered without
// editing this file; then the dialogs (the ? help, the silence and action dialogs).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, startServe, test, waitReady, type ServeHandle } from './fixtures';

test.describe.configure({ mode: 'serial' });

let serve: ServeHandle | null = null;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // The incident clock: firing alerts, paging SLOs, dialogs' worth of content on every page.
  serve = await startServe(mkdtempSync(join(tmpdir(), 'opsdeck-a11y-')), ['--demo-clock', '2026-10-26T17:38:00Z']);
  // One incident, so the incident page is among the detail pages checked.
  const res = await fetch(`${serve.origin}/api/call/declareIncident`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${serve.token}` },
    body: JSON.stringify({ title: 'Checkout payments failing', severity: 'P1', services: ['payment-service'], author: 'a11y' }),
  });
  expect(res.status).toBe(200);
});
test.afterAll(async () => {
  await serve?.stop();
});

/** Every address worth checking: the sidebar's pages, their tabs, and one detail page each. */
async function addresses(page: Page): Promise<string[]> {
  // The detail links appear once the first sync's alarms and backup estate are in (slower than the first figures).
  await go(page, '#/overview');
  await expect(page.locator('main a[href^="#/alerts/g/"]').first()).toBeVisible({ timeout: 90_000 });
  await go(page, '#/backups');
  await expect(page.locator('main a[href^="#/backups/r/"]').first()).toBeVisible({ timeout: 90_000 });
  const found = new Set<string>();
  const top = await page.locator('nav.sidebar a[href^="#/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const hash of top) {
    found.add(hash);
    await go(page, hash);
    // Until the page's links stop changing (its data may take a while on a loaded machine).
    const links = page.locator('main nav.tabs a[href^="#/"], main a[href^="#/metrics/"], main a.slo-name[href^="#/slos/"], main a[href^="#/alerts/g/"], main a[href^="#/backups/r/"], main a[href^="#/incidents/"]');
    let more: string[] = [];
    for (let i = 0, steady = 0; i < 20 && steady < 2; i++) {
      await page.waitForTimeout(500);
      const now = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      steady = now.length > 0 && now.join() === more.join() ? steady + 1 : 0;
      more = now;
    }
    // One detail page of each kind is enough: they share their layout.
    const seen = new Set<string>();
    for (const h of more) {
      // "#/alerts/g/<key>", "#/slos/<id>", "#/backups/r/<arn>" and "#/incidents/<id>" are one kind
      // each; every tab and every Metrics family is its own.
      const detail = /^#\/(alerts\/g|slos|backups\/r)\//.exec(h) ?? /^#\/incidents\/(?!declare|kpis)/.exec(h);
      const kind = detail ? detail[0] : h;
      if (seen.has(kind)) continue;
      seen.add(kind);
      found.add(h);
    }
  }
  // Reached by a button, not a link.
  found.add('#/incidents/declare');
  return [...found];
}

/**
 * Opens each dialog in turn — the silence and acknowledge dialogs from the queue, the `?` help —
 * and runs `check` while it is open (dialogs are drawn over the page, outside the pages' walk).
 */
async function eachDialog(page: Page, check: (name: string) => Promise<void>): Promise<void> {
  await go(page, '#/alerts');
  await expect(page.getByTestId('alert-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('alert-grid').focus();
  await page.keyboard.press('Home');
  for (const [key, name] of [['m', 'the silence dialog'], ['a', 'the acknowledge dialog'], ['?', 'the ? help']] as const) {
    await page.keyboard.press(key);
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(name);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.getByTestId('alert-grid').focus();
  }
}

/** Elements reaching past the right edge of the content area or the window (a cut-off column is as bad as a scrollbar). */
async function overflow(page: Page): Promise<string[]> {
  // Runs in the page (the e2e typecheck has no DOM library, so it is sent as source text).
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push('the page scrolls sideways by ' + (doc.scrollWidth - doc.clientWidth) + ' px');
    const content = document.querySelector('main.content');
    if (!content) return out;
    if (content.scrollWidth > content.clientWidth + 1) out.push('the content area scrolls sideways by ' + (content.scrollWidth - content.clientWidth) + ' px');
    const right = content.getBoundingClientRect().left + content.clientWidth;
    for (const el of content.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.right > right + 1) {
        out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' "' + (el.textContent || '').trim().slice(0, 40) + '" ends ' + Math.round(r.right - right) + ' px past the edge');
        if (out.length > 5) break;
      }
    }
    return out;
  })()`);
}

/** Goes to an address inside the app. */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

for (const scheme of ['dark', 'light'] as const) {
  test(`every page passes axe (serious, critical) in the ${scheme} theme`, async ({ browser }) => {
    test.setTimeout(600_000);
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(serve!.url);
    await waitReady(page);
    await page.evaluate(`localStorage.setItem('opsdeck.theme', ${JSON.stringify(scheme)})`);
    await page.reload();
    await waitReady(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    // Let the first sync land so pages show rows, not "reading…".
    await expect(page.getByTestId('now')).not.toHaveAttribute('data-state', 'loading', { timeout: 60_000 });
    const problems: string[] = [];
    const audit = async (where: string): Promise<void> => {
      const result = await new AxeBuilder({ page }).include('#root').analyze();
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        problems.push(`${where}: ${v.id} (${v.impact}) ${v.nodes.length}× — e.g. ${v.nodes[0]?.target.join(' ')}: ${v.nodes[0]?.failureSummary?.split('\n')[1]?.trim() ?? ''}`);
      }
    };
    const walked = await addresses(page);
    const kinds = new Set(walked.filter((h) => /^#\/(slos|alerts\/g|backups\/r|incidents)\/[^/]/.test(h) && !/declare|kpis/.test(h)).map((h) => h.split('/')[1]));
    expect([...kinds].sort(), 'a detail page of each kind').toEqual(['alerts', 'backups', 'incidents', 'slos']);
    for (const hash of walked) {
      await go(page, hash);
      await page.waitForTimeout(700);
      await audit(hash);
    }
    await eachDialog(page, audit);
    expect(problems).toEqual([]);
    await context.close();
  });
}

test('no page is wider than a 1024 × 768 laptop', async ({ browser }) => {
  test.setTimeout(600_000);
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await page.goto(serve!.url);
  await waitReady(page);
  await expect(page.getByTestId('now')).not.toHaveAttribute('data-state', 'loading', { timeout: 60_000 });
  const problems: string[] = [];
  for (const hash of await addresses(page)) {
    await go(page, hash);
    await page.waitForTimeout(700);
    for (const p of await overflow(page)) problems.push(`${hash}: ${p}`);
  }
  await eachDialog(page, async (name) => {
    for (const p of await overflow(page)) problems.push(`${name}: ${p}`);
    // A dialog wider or taller than the window cuts off its own buttons.
    const box = await page.getByRole('dialog').boundingBox();
    if (box && (box.x < 0 || box.x + box.width > 1024 + 1)) problems.push(`${name}: ${Math.round(box.width)} px wide, past the window`);
  });
  expect(problems).toEqual([]);
  await context.close();
});
