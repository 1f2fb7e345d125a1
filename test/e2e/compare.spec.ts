/**
 * Issue #8 item 3: two periods side by side. Each figure equals the CLI's for that period (stage
 * counts at each end, deepening, first-time buyers, conversions); the change is B − A.
 */
import { test, expect, demoFile, analyzeCli, shot, openDemoStride } from './fixtures';

test('Compare shows both periods as the CLI computes them, with the change', async ({
  page,
  offOrigin,
}) => {
  const cli = (from: string, to: string) =>
    analyzeCli(demoFile(), ['--brand', 'Stride', '--as-of', to, '--from', from, '--to', to]);
  const A = cli('2024-05-01', '2024-05-31');
  const B = cli('2024-05-31', '2024-06-30');
  await openDemoStride(page, offOrigin);
  await page.getByRole('button', { name: 'Flow' }).click();
  await page.getByTestId('flow-from').fill('2024-05-31');
  await page.getByTestId('flow-to').fill('2024-06-30');
  await page.getByRole('button', { name: 'Compare' }).click();
  // A defaults to the 30 days just before B.
  await expect(page.getByTestId('cmp-a-from')).toHaveValue('2024-05-01');
  await expect(page.getByTestId('cmp-a-to')).toHaveValue('2024-05-31');
  const en = (v: number, d = 0) =>
    v.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  const cells = (section: string, key: string) =>
    page.getByTestId(`cmp-${section}`).locator(`tr[data-key="${key}"] td`);
  await expect(cells('scale', 'I').nth(1)).toHaveText(en(A.stages.counts.I), { timeout: 180_000 });
  await expect(cells('scale', 'I').nth(2)).toHaveText(en(B.stages.counts.I));
  const dI = B.stages.counts.I - A.stages.counts.I;
  await expect(cells('scale', 'I').nth(3)).toHaveText(`${dI > 0 ? '+' : ''}${en(dI)}`);
  await expect(cells('flow', 'deepeningRate').nth(1)).toHaveText(
    `${en(A.flow.deepeningRate * 100, 1)}%`,
  );
  await expect(cells('flow', 'deepeningRate').nth(2)).toHaveText(
    `${en(B.flow.deepeningRate * 100, 1)}%`,
  );
  await expect(cells('journeys', 'firstTimeBuyers').nth(1)).toHaveText(
    en(A.journeys.firstTimeBuyers),
  );
  await expect(cells('journeys', 'firstTimeBuyers').nth(2)).toHaveText(
    en(B.journeys.firstTimeBuyers),
  );
  await expect(cells('attribution', 'conversions').nth(2)).toHaveText(
    en(B.attribution.conversions),
  );
  await expect(page.locator('tr.notable').first()).toBeVisible();
  await shot(page, '76-compare');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('cmp-flow-csv').click(),
  ]);
  expect(dl.suggestedFilename()).toBe('compare-flow.csv');
});
