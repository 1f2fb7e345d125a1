/**
 * Privacy, proven (issue #7 item 3): a file is loaded and every view, export and "Show SQL" is
 * visited while every request is recorded. Any request off the page's origin fails the test (the
 * shared `offOrigin` guard), every request must be a GET of our own static files, the
 * Content-Security-Policy must be in force with no violation, and nothing may be left in any
 * browser storage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openApp, chooseFiles, expectRows, shot, ROOT, demoFile } from './fixtures';

/** Every view, with a test id that is on screen once its data is. */
const VIEWS = [
  ['Overview', 'overview'],
  ['Stages', 'stage-table'],
  ['Flow', 'flow-table'],
  ['Journeys', 'jny-table'],
  ['Attribution', 'att-table'],
  ['Frequency', 'freq-exposure'],
  ['RFM', 'rfm-tiers'],
  ['Benchmark', 'bench-table'],
  ['Compare', 'cmp-scale'],
  ['Planner', 'plan-table'],
] as const;

/** Clicks every CSV / SVG / PNG export of the view and waits for each download. */
async function exportEverything(page: Page): Promise<number> {
  const buttons = page.getByRole('button', { name: /^(\S*\s*CSV|SVG|PNG)$/ });
  const n = await buttons.count();
  for (let i = 0; i < n; i++) {
    const b = buttons.nth(i);
    if (!(await b.isVisible()) || !(await b.isEnabled())) continue;
    const [dl] = await Promise.all([page.waitForEvent('download'), b.click()]);
    expect(dl.url().startsWith('blob:') || dl.url().startsWith('data:')).toBe(true);
  }
  return n;
}

test('every view and export runs with no request off the device, under the CSP, storing nothing', async ({
  page,
  offOrigin,
}) => {
  test.setTimeout(420_000);
  const requests: { method: string; url: string }[] = [];
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __csp: string[] }).__csp.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  await openApp(page, offOrigin);
  await chooseFiles(page, [demoFile()]);
  await expectRows(page, 500_000);

  let exports = 0;
  for (const [view, ready] of VIEWS) {
    await page.getByRole('button', { name: view, exact: true }).click();
    await expect(page.getByTestId(ready).first()).toBeVisible({ timeout: 120_000 });
    await page.getByTestId('show-sql').first().locator('summary').click();
    exports += await exportEverything(page);
  }
  expect(exports).toBeGreaterThan(15);
  await shot(page, '50-privacy-tour');

  // Only GETs of our own static files (the page, its bundles, the wasm and the worker).
  const origin = new URL(page.url()).origin;
  for (const r of requests.filter((x) => !/^(blob|data):/.test(x.url))) {
    expect(r.method, r.url).toBe('GET');
    expect(new URL(r.url).origin).toBe(origin);
    expect(new URL(r.url).pathname, r.url).toMatch(/^\/(\?.*)?$|^\/(assets\/|favicon\.svg)/);
  }

  // The CSP is in force and nothing was blocked during the tour; an injected inline script is
  // refused (and reported), which shows the policy is enforced, not merely present.
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self' blob:");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  const ran = await page.evaluate(() => {
    const el = document.createElement('script');
    el.textContent = 'window.__inlineRan = true;';
    document.head.append(el);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))
    .toEqual([expect.stringMatching(/^script-src/)]);
  // The built page has no inline script.
  const html = readFileSync(path.join(ROOT, 'dist/index.html'), 'utf8');
  expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);

  // Nothing was stored: no cookies, web storage, IndexedDB, Cache Storage or OPFS entries.
  const stored = await page.evaluate(async () => {
    const opfs: string[] = [];
    const root = await navigator.storage.getDirectory();
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
      opfs.push(name);
    return {
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      idb: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
      opfs,
    };
  });
  expect(stored).toEqual({ cookie: '', local: 0, session: 0, idb: 0, caches: 0, opfs: [] });

  // A reload forgets the data: the empty page again.
  await page.reload();
  await expect(page.getByTestId('demo')).toBeVisible();
  await expect(page.getByTestId('databar')).toHaveCount(0);
});

test('brand, channel and category names with markup render as text in every view', async ({
  page,
  offOrigin,
}) => {
  test.setTimeout(300_000);
  const EVIL = '<img src=x onerror=alert(1)>';
  const lines = ['user_id,ts,action,brand,category,channel,amount,order_id'];
  const actions = ['impression', 'view', 'search', 'cart', 'purchase'];
  for (let u = 0; u < 60; u++)
    for (let d = 0; d < 5; d++) {
      const a = actions[(u + d) % actions.length];
      const day = String(1 + ((u * 3 + d * 5) % 28)).padStart(2, '0');
      lines.push(
        [
          `u${u}`,
          `2024-06-${day} 1${d}:00:00`,
          a,
          u % 2 ? `"${EVIL}"` : 'Plain',
          '<i>cat</i>',
          `<b>ch${u % 3}</b>`,
          a === 'purchase' ? '10' : '',
          a === 'purchase' ? `o${u}-${d}` : '',
        ].join(','),
      );
    }
  const file = path.join(test.info().outputDir, 'markup.csv');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  await openApp(page, offOrigin);
  await chooseFiles(page, [file]);
  await expectRows(page, lines.length - 1);
  await page.getByTestId('brand').selectOption(EVIL);
  await expect(page.getByTestId('brand')).toHaveValue(EVIL);
  for (const [view, ready] of VIEWS) {
    await page.getByRole('button', { name: view, exact: true }).click();
    // Two brands of 30 users: the benchmark says why there is none instead of a table.
    const shown =
      view === 'Benchmark'
        ? page.getByTestId('bench-table').or(page.getByTestId('bench-empty'))
        : view === 'Planner'
          ? page
              .getByTestId('plan-table')
              .or(page.getByTestId('plan-no-money'))
              .or(page.getByTestId('plan-unavailable'))
          : page.getByTestId(ready);
    await expect(shown.first()).toBeVisible({ timeout: 120_000 });
    // No element was made from the values; the text shows as typed.
    expect(await page.locator('img[src="x"], b, i').count(), view).toBe(0);
  }
  await page.getByRole('button', { name: 'Attribution', exact: true }).click();
  await expect(page.getByTestId('att-table')).toContainText('<b>ch1</b>');
  await shot(page, '51-markup-as-text');
});
