/**
 * The RFM view (issue #5): Online Retail and the demo; the thresholds follow the method and k;
 * audiences download with the right rows. Expected values come from the CLI on the same file.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  test,
  expect,
  openApp,
  chooseFiles,
  expectRows,
  shot,
  DATA,
  HAS_DATA,
  analyzeCli,
} from './fixtures';

const UCI = path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet');
const en = (n: number) => n.toLocaleString('en');

/** Data rows of a downloaded CSV (header excluded). */
const csvDataRows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length - 1;

test('RFM on Online Retail: tiers as the CLI computes them, method and k change the thresholds, audiences download', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, '../shared/data is absent');
  const cli = analyzeCli(UCI, ['--as-of', '2011-12-09']);
  await openApp(page, offOrigin);
  await chooseFiles(page, [UCI]);
  await expectRows(page, 541_909);
  await page.getByRole('button', { name: 'RFM' }).click();
  await expect(page.getByTestId('rfm-buyers')).toHaveText(en(cli.rfm.buyers));
  const tiers = page.getByTestId('rfm-tiers');
  for (const t of ['high', 'medium', 'low'])
    await expect(tiers).toContainText(en(cli.rfm.tiers[t].users));
  await expect(page.getByTestId('rfm-headline')).toContainText(
    `${(cli.rfm.tiers.high.revenueShare * 100).toFixed(1)}%`,
  );
  await expect(page.getByTestId('rfm-grid')).toBeVisible();
  await shot(page, '30-rfm-uci');

  // Thresholds follow the method and k: equal width with k = 3 gives three R bins, as the CLI.
  const thresholds = page.getByTestId('rfm-thresholds');
  const before = await thresholds.innerText();
  await page.getByTestId('rfm-method').selectOption('equal-width');
  await page.getByTestId('rfm-k').fill('3');
  await page.getByTestId('rfm-apply').click();
  const cli3 = analyzeCli(UCI, [
    '--as-of',
    '2011-12-09',
    '--rfm-method',
    'equal-width',
    '--rfm-k',
    '3',
  ]);
  await expect(page.getByTestId('rfm-buyers')).toHaveText(en(cli3.rfm.buyers));
  await expect(thresholds).not.toHaveText(before);
  for (const s of ['1', '2', '3'])
    await expect(thresholds).toContainText(en(cli3.rfm.thresholds.R[s].min));
  await expect(tiers).toContainText(en(cli3.rfm.tiers.high.users));

  // The high tier's audience: one row per user of the tier, and the config beside it.
  const out = test.info().outputDir;
  mkdirSync(out, { recursive: true });
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('rfm-aud-tier-high').click(),
  ]);
  const file = path.join(out, 'audience-high.csv');
  await dl.saveAs(file);
  expect(csvDataRows(file)).toBe(cli3.rfm.tiers.high.users);
  expect(readFileSync(file, 'utf8').split('\n')[0]).toContain('user_id');
});

test('RFM on the demo: segments and an R × F cell audience', async ({ page, offOrigin }) => {
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByRole('button', { name: 'RFM' }).click();
  await expect(page.getByTestId('rfm-segment-chart')).toBeVisible();
  const cell = page.locator('[data-testid="rfm-cell"]:not([data-users="0"])').first();
  const users = Number(await cell.getAttribute('data-users'));
  await cell.click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('rfm-aud-cell').click(),
  ]);
  const file = path.join(test.info().outputDir, 'audience-cell.csv');
  mkdirSync(path.dirname(file), { recursive: true });
  await dl.saveAs(file);
  expect(csvDataRows(file)).toBe(users);
  await shot(page, '31-rfm-demo');
});
