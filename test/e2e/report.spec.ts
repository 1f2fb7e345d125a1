/**
 * Issue #8 item 6: one click in the tab downloads the shareable HTML report; opened in Chromium
 * with every request blocked it shows every chart and the CLI's numbers; the same in 简体中文; the
 * print view shows the same report inside the app and prints it from its own frame.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  test,
  expect,
  demoFile,
  analyzeCli,
  shot,
  SHOTS,
  STRIDE_JUNE,
  openDemoStride,
} from './fixtures';

test('the HTML report opens with no network and shows every chart and the CLI numbers', async ({
  page,
  offOrigin,
  browser,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  await openDemoStride(page, offOrigin);
  await page.getByTestId('asof').fill('2024-06-30');
  await page.getByRole('button', { name: 'Flow' }).click();
  await page.getByTestId('flow-from').fill('2024-05-31');
  await page.getByTestId('flow-to').fill('2024-06-30');
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    page.getByTestId('report-download').click(),
  ]);
  expect(dl.suggestedFilename()).toBe('assetflow-report-Stride-2024-06-30.html');
  // Saved with its name (a download's temporary path has no .html, so it would show as text).
  mkdirSync('test-results/report', { recursive: true });
  const file = path.resolve('test-results/report', dl.suggestedFilename());
  copyFileSync(await dl.path(), file);
  const html = readFileSync(file, 'utf8');
  expect(html).not.toMatch(/<script/i);

  // A separate context with every request refused: the file needs nothing but itself.
  const ctx = await browser.newContext({ offline: true });
  const requests: string[] = [];
  ctx.on('request', (r) => requests.push(r.url()));
  await ctx.route('**/*', (r) =>
    r.request().url().startsWith('file:') ? r.continue() : r.abort(),
  );
  const view = await ctx.newPage();
  await view.goto(`file://${file}`);
  await expect(view.locator('h1')).toHaveText('Stride: DEEPLINK consumer assets');
  const charts = view.locator('svg');
  await expect(charts).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await expect(charts.nth(i)).toBeVisible();
    expect(await charts.nth(i).locator('rect').count()).toBeGreaterThan(0);
  }
  const en = (v: number) => v.toLocaleString('en');
  const stageRow = view.locator('table').first().locator('tr', { hasText: /^I/ });
  await expect(stageRow.locator('td').nth(1)).toHaveText(en(cli.stages.counts.I));
  await expect(view.getByText(en(cli.attribution.conversions), { exact: true })).toBeVisible();
  expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  await view.screenshot({ path: path.join(SHOTS, '74-report.png'), fullPage: true });
  await ctx.close();

  await page.getByTestId('lang').selectOption('zh-CN');
  const [dlZh] = await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    page.getByTestId('report-download').click(),
  ]);
  const zh = readFileSync(await dlZh.path(), 'utf8');
  expect(zh).toContain('<html lang="zh-CN">');
  expect(zh).toContain('Stride：DEEPLINK 消费者资产');
  await shot(page, '75-report-button');

  // The print view: the same report inside the app (in the UI's language), printed from its frame.
  await page.getByTestId('report-print').click();
  const frame = page.frameLocator('[data-testid="print-frame"]');
  await expect(frame.locator('h1')).toHaveText('Stride：DEEPLINK 消费者资产', { timeout: 180_000 });
  await expect(frame.locator('svg')).toHaveCount(5);
  await page.evaluate(() => {
    const w = document.querySelector<HTMLIFrameElement>('[data-testid="print-frame"]')
      ?.contentWindow as (Window & { printed?: boolean }) | null;
    if (w) w.print = () => void (w.printed = true);
  });
  await page.getByTestId('print-go').click();
  expect(
    await page.evaluate(
      () =>
        (
          document.querySelector<HTMLIFrameElement>('[data-testid="print-frame"]')
            ?.contentWindow as (Window & { printed?: boolean }) | null
        )?.printed === true,
    ),
  ).toBe(true);
  await shot(page, '79-print-view');
  await page.getByTestId('print-close').click();
  await expect(page.getByTestId('print-view')).toBeHidden();
});
