/**
 * Journeys, attribution and frequency (issue #4): the views render the demo data as the CLI computes
 * it (native DuckDB, same SQL builders; their figures are tested by hand in the unit tests), an
 * aggregated path table opens straight into attribution, and exports re-open.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
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
  ROOT,
  analyzeCli,
  demoFile,
  csvRows,
  STRIDE_JUNE,
} from './fixtures';

const PATHS = path.join(DATA, 'channelattribution_demo_paths.csv');
const en = (n: number) => n.toLocaleString('en');

/** The demo loaded in the tab with brand Stride. */
async function demoStride(page: Page, offOrigin: string[]) {
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
}

test('Attribution shows the CLI’s conversions and every model per channel; exports re-open (demo)', async ({
  page,
  offOrigin,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  const att = cli.attribution;
  expect(att.conversions).toBeGreaterThan(0);
  await demoStride(page, offOrigin);
  await page.getByRole('button', { name: 'Attribution' }).click();
  await page.getByTestId('att-from').fill('2024-05-31');
  await page.getByTestId('att-to').fill('2024-06-30');
  await expect(page.getByTestId('att-conversions')).toHaveText(en(att.conversions), {
    timeout: 120_000,
  });
  await expect(page.getByTestId('att-unattributed')).toHaveText(en(att.unattributed));
  // One table row per channel, with the CLI's reach.
  const channels = Object.keys(att.models.lastTouch).sort();
  const rows = page.getByTestId('att-table').locator('tbody tr');
  await expect(rows).toHaveCount(channels.length);
  for (let i = 0; i < channels.length; i++) {
    await expect(rows.nth(i).locator('td').nth(0)).toHaveText(channels[i]);
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(
      en(att.models.lastTouch[channels[i]].reach),
    );
  }
  // The comparison chart draws one bar per channel and model (legend swatches are 10 px tall).
  await expect(
    page.getByTestId('att-compare-chart').locator('rect[rx="2"][height="8"]'),
  ).toHaveCount(channels.length * 6);
  await page.getByTestId('att-model').selectOption('markov');
  await expect(page.getByTestId('att-table').locator('th').nth(2)).toContainText('Markov');
  await shot(page, '40-attribution-demo');

  const out = test.info().outputDir;
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('att-table-csv').click(),
  ]);
  await csv.saveAs(path.join(out, 'attribution.csv'));
  expect(await csvRows(path.join(out, 'attribution.csv'))).toBe(channels.length);
  const card = page.locator('figure', { has: page.getByTestId('att-compare-chart') });
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'SVG' }).click(),
  ]);
  await svg.saveAs(path.join(out, 'models.svg'));
  expect(readFileSync(path.join(out, 'models.svg'), 'utf8')).toContain('<svg');
  // A from-stage group: its own models, and the transitions table lists every transition.
  await expect(page.getByTestId('att-transitions').locator('tbody tr')).toHaveCount(
    att.transitions.length,
  );
  // A bad half-life is refused with a message and the last result stays.
  await page.getByTestId('att-half-life').fill('0');
  await expect(page.getByRole('alert').filter({ hasText: 'half-life' })).toBeVisible();
  await expect(page.getByTestId('att-conversions')).toHaveText(en(att.conversions));
});

test('an aggregated path table opens straight into attribution, as `attribute` computes it', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, '../shared/data is absent');
  const cli = JSON.parse(
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'bin/assetflow.mjs'), 'attribute', PATHS, '--json'],
      {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    ),
  );
  expect(cli.conversions).toBe(19_785);
  await openApp(page, offOrigin);
  await chooseFiles(page, [PATHS]);
  await expect(page.getByTestId('layout')).toHaveText('Aggregated path table', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('att-conversions')).toHaveText(en(19_785));
  const channels = Object.keys(cli.models.markov).sort();
  const rows = page.getByTestId('att-markov').locator('tbody tr');
  await expect(rows).toHaveCount(channels.length);
  // The Markov credit of each channel as the CLI computes it (2 decimals on screen).
  for (let i = 0; i < channels.length; i++)
    await expect(rows.nth(i).locator('td').nth(2)).toHaveText(
      cli.models.markov[channels[i]].conversions.toLocaleString('en', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
    );
  // Views that need events are disabled; attribution is the one that works.
  await expect(page.getByRole('button', { name: 'Stages' })).toBeDisabled();
  await shot(page, '41-attribution-paths');
});

test('Journeys: classes, repeat buying and the journey Sankey as the CLI computes them (demo)', async ({
  page,
  offOrigin,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  const j = cli.journeys;
  expect(j.firstTimeBuyers).toBeGreaterThan(0);
  await demoStride(page, offOrigin);
  await page.getByRole('button', { name: 'Journeys' }).click();
  await page.getByTestId('jny-from').fill('2024-05-31');
  await page.getByTestId('jny-to').fill('2024-06-30');
  await expect(page.getByTestId('jny-first-time')).toHaveText(en(j.firstTimeBuyers), {
    timeout: 120_000,
  });
  await expect(page.getByTestId('jny-repeat')).toHaveText(en(j.repeat.buyers));
  const types = ['instant', 'longChain', 'shortChain', 'penetrative', 'other'];
  const rows = page.getByTestId('jny-table').locator('tbody tr');
  await expect(rows).toHaveCount(types.length + 1);
  for (let i = 0; i < types.length; i++)
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(en(j.byType[types[i]].buyers));
  await expect(rows.nth(types.length).locator('td').nth(1)).toHaveText(en(j.repeat.buyers));
  // The Sankey's totals equal the table's: O holds every buyer, I the first-time buyers, and
  // N + K the repeat buyers.
  const nodes = Object.fromEntries(
    await page
      .getByTestId('jny-node')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-id') ?? '', Number(e.getAttribute('data-value'))]),
      ),
  ) as Record<string, number>;
  expect(nodes['0:O']).toBe(j.firstTimeBuyers + j.repeat.buyers);
  expect(nodes['end:I']).toBe(j.firstTimeBuyers);
  expect((nodes['end:N'] ?? 0) + (nodes['end:K'] ?? 0)).toBe(j.repeat.buyers);
  await shot(page, '42-journeys-demo');
  // A class lists example users; one opens "why is this user here".
  await page.getByTestId('jny-class-longChain').click();
  await page.getByTestId('jny-example').first().click();
  await expect(page.getByText('Why is this user here?')).toBeVisible();
  await shot(page, '43-journeys-why');
  const out = test.info().outputDir;
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('jny-table-csv').click(),
  ]);
  await csv.saveAs(path.join(out, 'journeys.csv'));
  expect(await csvRows(path.join(out, 'journeys.csv'))).toBe(types.length + 1);
});

test('Frequency: exposure buckets, the best bucket and channel mix as the CLI computes them (demo)', async ({
  page,
  offOrigin,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  const f = cli.frequency;
  expect(f.at).toBe('2024-06-30');
  await demoStride(page, offOrigin);
  await page.getByTestId('asof').fill('2024-06-30');
  await page.getByRole('button', { name: 'Frequency' }).click();
  await expect(page.getByTestId('freq-at')).toHaveValue(f.at);
  const buckets = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10+'];
  const rows = page.getByTestId('freq-exposure').locator('tbody tr');
  await expect(rows).toHaveCount(buckets.length, { timeout: 120_000 });
  for (let i = 0; i < buckets.length; i++)
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(en(f.exposure[buckets[i]].users));
  if (f.bestExposureBucket) await expect(page.getByTestId('freq-best')).toBeVisible();
  const ch = page.getByTestId('freq-channels').locator('tbody tr');
  await expect(ch).toHaveCount(6);
  await expect(ch.nth(0).locator('td').nth(1)).toHaveText(en(f.channelCount['1'].users));
  await expect(page.getByTestId('freq-combos').locator('tbody tr')).toHaveCount(f.topCombos.length);
  await shot(page, '44-frequency-demo');
  const out = test.info().outputDir;
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('freq-exposure-csv').click(),
  ]);
  await csv.saveAs(path.join(out, 'exposure.csv'));
  expect(await csvRows(path.join(out, 'exposure.csv'))).toBe(buckets.length);
});
