/**
 * Issue #8 in the tab: the planner on the demo, checked against the CLI's measured flow and
 * journeys for the same brand and base period; festival presets and saved periods in every
 * period picker, carried by the config.
 */
import {
  test,
  expect,
  chooseFiles,
  expectRows,
  shot,
  demoFile,
  analyzeCli,
  STRIDE_JUNE,
  openDemoStride,
} from './fixtures';

const en = (v: number, digits = 0) =>
  v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

test('the planner works back from a GMV target through the measured base period', async ({
  page,
  offOrigin,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  const j = cli.journeys;
  const firstGmv = Object.values(j.byType as Record<string, { gmv: number }>).reduce(
    (t, x) => t + x.gmv,
    0,
  );
  const g1 = firstGmv / j.firstTimeBuyers;
  await openDemoStride(page, offOrigin);
  await page.getByRole('button', { name: 'Planner' }).click();
  await page.getByTestId('plan-from').fill('2024-05-31');
  await page.getByTestId('plan-to').fill('2024-06-30');
  // The measured base period is the CLI's: first-time and repeat buyers, GMV.
  await expect(page.getByTestId('plan-kpis')).toContainText(
    `base period: ${en(j.firstTimeBuyers)}`,
    {
      timeout: 120_000,
    },
  );
  await expect(page.getByTestId('plan-kpis')).toContainText(`base period: ${en(j.repeat.buyers)}`);
  await expect(page.getByTestId('plan-base-gmv')).toHaveText(en(firstGmv + j.repeat.gmv, 2));

  // All of a 1,000,000 target from first-time buyers: B1 = G ÷ g1; no repeat buyers needed.
  await page.getByTestId('plan-target').fill('1000000');
  await page.getByTestId('plan-mix').fill('100');
  await expect(page.getByTestId('plan-b1')).toHaveText(en(Math.ceil(1_000_000 / g1)));
  await expect(page.getByTestId('plan-b2')).toHaveText('0');
  await expect(page.getByTestId('plan-check')).toContainText('1,000,000.00');
  await expect(page.getByTestId('plan-table').locator('tbody tr')).toHaveCount(7);
  await expect(page.getByTestId('plan-sensitivity').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('plan-chart').locator('rect').first()).toBeVisible();

  // An edited assumption changes the plan, which still reaches the target; back to measured.
  await page.getByTestId('plan-mix').fill('');
  const before = await page.getByTestId('plan-table').locator('tbody tr').nth(3).textContent();
  await page.getByText('Assumptions (measured; edit to explore)').click();
  const pConv = page.getByTestId('plan-a-conversion-P');
  const measuredP = Number(await pConv.inputValue());
  await pConv.fill(String(Math.min(100, measuredP * 2 || 10)));
  await pConv.blur();
  await expect(page.getByTestId('plan-table').locator('tbody tr').nth(3)).not.toHaveText(
    before ?? '',
  );
  await expect(page.getByTestId('plan-check')).toContainText('1,000,000.00');
  await shot(page, '70-planner');
  await page.getByTestId('plan-a-reset').click();
  await expect(page.getByTestId('plan-table').locator('tbody tr').nth(3)).toHaveText(before ?? '');
  await page.getByTestId('lang').selectOption('zh-CN');
  await expect(page.getByText('从 GMV 目标到 DEEPLINK 资产')).toBeVisible();
  await shot(page, '71-planner-zh');
});

test('festival presets and saved periods fill every period picker and travel in the config', async ({
  page,
  offOrigin,
}) => {
  await openDemoStride(page, offOrigin);
  await page.getByRole('button', { name: 'Flow' }).click();
  const preset = page.getByTestId('flow-preset');
  // The demo covers 2024: Double 11's peak is (Nov 9, Nov 11] by definition.
  await preset.selectOption({ label: 'Double 11 peak (Nov 10–11) 2024 (2024-11-09 – 2024-11-11]' });
  await expect(page.getByTestId('flow-from')).toHaveValue('2024-11-09');
  await expect(page.getByTestId('flow-to')).toHaveValue('2024-11-11');
  await page.getByTestId('flow-from').fill('2024-03-31');
  await page.getByTestId('flow-to').fill('2024-04-07');
  await page.getByTestId('flow-period-new').click();
  await page.getByTestId('flow-period-name').fill('Spring test week');
  await page.getByTestId('flow-period-save').click();
  await shot(page, '72-period-presets');
  // Another view's picker offers it; the config (URL) carries it to a reload.
  await page.getByRole('button', { name: 'Journeys' }).click();
  await page
    .getByTestId('jny-preset')
    .selectOption({ label: 'Double 11 peak (Nov 10–11) 2024 (2024-11-09 – 2024-11-11]' });
  await expect(page.getByTestId('jny-from')).toHaveValue('2024-11-09');
  await page
    .getByTestId('jny-preset')
    .selectOption({ label: 'Spring test week (2024-03-31 – 2024-04-07]' });
  await expect(page.getByTestId('jny-from')).toHaveValue('2024-03-31');
  await expect(page.getByTestId('jny-to')).toHaveValue('2024-04-07');
  await expect.poll(() => page.url()).toContain('#config=');
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await chooseFiles(page, [demoFile()]);
  await expectRows(page, 500_000);
  await page.getByRole('button', { name: 'Flow' }).click();
  await expect(
    page.getByTestId('flow-preset').locator('option', { hasText: 'Spring test week' }),
  ).toHaveCount(1);
});
