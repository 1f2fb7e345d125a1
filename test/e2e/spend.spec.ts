/**
 * Issue #8 item 1: a channel spend file joins the events. Alone it is refused with a message;
 * added to the demo it gives cost per conversion per channel and model as the CLI computes it
 * (analyze --spend), says which channel has no spend and which spend has no events, and gives
 * the planner a budget at the cheapest measured cost per transition into each stage; with money
 * mapped, ROI (attributed GMV ÷ spend) per channel and the cost per transition into each stage
 * equal the CLI's.
 */
import {
  test,
  expect,
  openApp,
  chooseFiles,
  expectRows,
  demoFile,
  demoSpendFile,
  analyzeCli,
  shot,
  STRIDE_JUNE,
} from './fixtures';

test('spend joins the attribution and the planner; gaps in the join are named', async ({
  page,
  offOrigin,
}) => {
  const spendFile = demoSpendFile();
  const cli = analyzeCli(demoFile(), [...STRIDE_JUNE, '--spend', spendFile]);
  const cpc = cli.spend.costPerConversion;
  const en2 = (v: number) =>
    v.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  await openApp(page, offOrigin);
  // A spend file without events: a clear message, nothing loaded.
  await chooseFiles(page, [spendFile]);
  await expect(page.getByTestId('error')).toContainText('is a channel spend file');
  await expect(page.getByTestId('error')).toContainText('Load the brand’s event data first');
  await expect(page.getByTestId('databar')).toBeHidden();

  await chooseFiles(page, [demoFile()]);
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await page.getByTestId('open-other').click();
  await chooseFiles(page, [spendFile]);
  await expect(page.getByTestId('spend-chip')).toContainText(
    `${cli.spend.loaded.kept.toLocaleString('en')} rows`,
  );
  await expect(page.getByTestId('spend-zero')).toContainText('5 rows cost 0');
  await expect(page.getByTestId('spend-issues')).toBeHidden();
  await expect(page.getByTestId('dataset-rows')).toHaveText('500,000');

  await page.getByRole('button', { name: 'Attribution' }).click();
  await page.getByTestId('att-from').fill('2024-05-31');
  await page.getByTestId('att-to').fill('2024-06-30');
  const table = page.getByTestId('spend-table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  for (const r of cpc.rows as {
    channel: string;
    cost: number | null;
    byModel: Record<string, { costPer: number | null }>;
    status: string;
  }[]) {
    const row = table.locator('tbody tr', {
      has: page.locator('td', { hasText: new RegExp(`^${r.channel}$`) }),
    });
    await expect(row.locator('td').nth(1)).toHaveText(r.cost === null ? '–' : en2(r.cost));
    const markov = r.byModel.markov.costPer;
    await expect(row.locator('td').nth(7)).toHaveText(markov === null ? '–' : en2(markov));
  }
  // kol is in the events but not in the spend; tv is spend with no events.
  await expect(table.locator('tbody tr', { hasText: 'kol' })).toContainText('no spend in the file');
  await expect(page.getByTestId('spend-without')).toContainText('tv');
  type Row = {
    channel: string;
    byModel: Record<string, { costPer: number | null; value: number | null; roi: number | null }>;
  };
  const dash = (v: number | null) => (v === null ? '–' : en2(v));
  // ROI under the view's model (Markov): attributed GMV and GMV ÷ spend, as the CLI has them.
  await page.getByTestId('att-model').selectOption('markov');
  const roi = page.getByTestId('spend-roi');
  for (const r of cpc.rows as Row[]) {
    const row = roi.locator('tbody tr', {
      has: page.locator('td', { hasText: new RegExp(`^${r.channel}$`) }),
    });
    await expect(row.locator('td').nth(2)).toHaveText(dash(r.byModel.markov.value));
    await expect(row.locator('td').nth(3)).toHaveText(dash(r.byModel.markov.roi));
  }
  // Cost per transition into each stage, Markov: the column "Into I" for every channel.
  const stages = Object.keys(cpc.byToStage as Record<string, Row[]>);
  const stageTable = page.getByTestId('spend-stage');
  await expect(stageTable.locator('thead th').nth(2 + stages.indexOf('I'))).toHaveText('Into I');
  for (const r of cpc.byToStage.I as Row[]) {
    const row = stageTable.locator('tbody tr', {
      has: page.locator('td', { hasText: new RegExp(`^${r.channel}$`) }),
    });
    await expect(row.locator('td').nth(2 + stages.indexOf('I'))).toHaveText(
      dash(r.byModel.markov.costPer),
    );
  }
  await shot(page, '77-spend-attribution');

  // The planner's budget for D: the cheapest Markov cost per transition among the channels that
  // moved users into D (Markov credit > 0 in the model for target stage D).
  const intoD = new Set(
    (cpc.byToStage.D as (Row & { byModel: { markov: { credit: number } } })[])
      .filter((r) => r.byModel.markov.credit > 0)
      .map((r) => r.channel),
  );
  const cheapest = Math.min(
    ...(cpc.rows as Row[])
      .filter((r) => intoD.has(r.channel))
      .map((r) => r.byModel.markov.costPer)
      .filter((v): v is number => v !== null),
  );
  await page.getByRole('button', { name: 'Planner' }).click();
  await page.getByTestId('plan-target').fill('1000000');
  const budget = page.getByTestId('plan-budget-table');
  await expect(budget).toBeVisible({ timeout: 120_000 });
  await expect(budget.locator('tbody tr').first().locator('td').nth(3)).toHaveText(en2(cheapest));
  await expect(page.getByTestId('plan-budget-total')).toContainText('Total budget');
  await shot(page, '78-plan-budget');

  // Frequency: the cost of each bucket's impressions and the cost per conversion.
  await page.getByRole('button', { name: 'Frequency' }).click();
  const costRows = page.getByTestId('freq-cost-table').locator('tbody tr');
  await expect(costRows.first()).toBeVisible({ timeout: 120_000 });
  expect(await costRows.count()).toBeGreaterThan(3);
  await shot(page, '79-exposure-cost');

  await page.getByRole('button', { name: 'Remove the spend file' }).click();
  await expect(page.getByTestId('spend-chip')).toBeHidden();
  await expect(page.getByTestId('plan-budget')).toBeHidden();
});
