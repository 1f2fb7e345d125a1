/**
 * The analysis views (issue #3): Stages with the rule editor, Flow with the Sankey, Benchmark,
 * "why is this user here", and exports that re-open. Expected values come from the CLI on the same
 * file (native DuckDB, same SQL builders), whose own figures are tested by hand in the unit tests.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeConfigHash } from '../../src/lib/mapping/config';
import {
  STRIDE_JUNE,
  test,
  expect,
  openApp,
  chooseFiles,
  expectRows,
  shot,
  DATA,
  HAS_DATA,
  analyzeCli,
  demoFile,
  csvRows,
} from './fixtures';

const NO_DATA = '../shared/data is absent';
const REES = path.join(DATA, 'rees46_multicategory_2019-10-01_0000-0250utc.csv.gz');
const en = (n: number) => n.toLocaleString('en');

test('the rule editor changes the counts, and the CLI agrees with the shared config (REES46)', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  await openApp(page, offOrigin);
  await chooseFiles(page, [REES]);
  await expectRows(page, 17_424);
  await page.getByTestId('brand').selectOption('samsung');
  await page.getByRole('button', { name: 'Stages' }).click();
  const before = analyzeCli(REES, ['--brand', 'samsung', '--as-of', '2019-10-01']);
  const b = before.stages.counts;
  await expect(page.getByTestId('stage-O')).toHaveText(en(b.O));
  await page.getByTestId('edit-rules').click();
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  // D needs 2 events instead of 1: users with a single D event fall back to O (or no stage).
  await page.getByTestId('rule-min-D-0').fill('2');
  await page.getByTestId('rule-apply').click();
  await shot(page, '20-rule-editor');
  await expect.poll(() => page.url()).toContain('#config=');
  const config = decodeConfigHash(new URL(page.url()).hash) as { rules: { D: { any: unknown[] } } };
  expect(config.rules.D.any[0]).toMatchObject({ min: 2 });
  const cfgFile = path.join(test.info().outputDir, 'config.json');
  mkdirSync(path.dirname(cfgFile), { recursive: true });
  writeFileSync(cfgFile, JSON.stringify(config));
  const after = analyzeCli(REES, [
    '--config',
    cfgFile,
    '--brand',
    'samsung',
    '--as-of',
    '2019-10-01',
  ]);
  const a = after.stages.counts;
  expect(a.D).toBeLessThan(b.D);
  const staged = (c: Record<string, number>) => c.D + c.E1 + c.E2 + c.P + c.I + c.N + c.K;
  await expect(page.getByTestId('staged-users')).toHaveText(en(staged(a)));
  await expect(page.getByTestId('stage-O')).toHaveText(en(a.O));
  // An invalid edit is refused with a message naming the rule; the applied rules stay in force.
  await page.getByTestId('rule-window-P').fill('0');
  await expect(page.getByTestId('rule-issues')).toContainText('Stage P');
  await expect(page.getByTestId('rule-apply')).toBeDisabled();
  await expect(page.getByTestId('staged-users')).toHaveText(en(staged(a)));
  // Reset restores the §2 defaults.
  await page.getByTestId('rule-reset').click();
  await expect(page.getByTestId('staged-users')).toHaveText(en(staged(b)));
});

test('the Sankey draws every move of the flow matrix, and chart and table exports re-open', async ({
  page,
  offOrigin,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await page.getByRole('button', { name: 'Flow' }).click();
  await page.getByTestId('flow-from').fill('2024-05-31');
  await page.getByTestId('flow-to').fill('2024-06-30');
  await expect(page.getByTestId('flow')).toBeVisible();
  await expect(page.getByTestId('new-entrants')).toHaveText(en(cli.flow.newEntrants));
  // One band per non-empty cell of the matrix except none → none, with the cell's users; O is
  // left out until asked for.
  await page.getByTestId('sankey-show-o').check();
  const cells: [string, string, number][] = [];
  for (const [from, row] of Object.entries(
    cli.flow.matrix as Record<string, Record<string, number>>,
  ))
    for (const [to, n] of Object.entries(row))
      if (n > 0 && !(from === 'none' && to === 'none')) cells.push([from, to, n]);
  const links = page.getByTestId('sankey-link');
  await expect(links).toHaveCount(cells.length);
  const drawn = await links.evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-value'))).reduce((x, y) => x + y, 0),
  );
  expect(drawn).toBe(cells.reduce((x, [, , n]) => x + n, 0));
  await page.getByTestId('sankey-show-o').uncheck();
  await expect(links).toHaveCount(cells.filter(([a, b]) => a !== 'O' && b !== 'O').length);
  await shot(page, '21-flow-sankey');

  const out = test.info().outputDir;
  // The Sankey exports as SVG and PNG.
  const sankeyCard = page.locator('figure', { has: page.getByTestId('flow-sankey') });
  const [svgDl] = await Promise.all([
    page.waitForEvent('download'),
    sankeyCard.getByRole('button', { name: 'SVG' }).click(),
  ]);
  await svgDl.saveAs(path.join(out, 'sankey.svg'));
  const svg = readFileSync(path.join(out, 'sankey.svg'), 'utf8');
  expect(svg).toContain('<svg');
  expect(svg.match(/data-testid="sankey-link"/g)?.length).toBe(
    cells.filter(([a, b]) => a !== 'O' && b !== 'O').length,
  );
  const [pngDl] = await Promise.all([
    page.waitForEvent('download'),
    sankeyCard.getByRole('button', { name: 'PNG' }).click(),
  ]);
  await pngDl.saveAs(path.join(out, 'sankey.png'));
  expect([...readFileSync(path.join(out, 'sankey.png')).subarray(0, 4)]).toEqual([
    0x89, 0x50, 0x4e, 0x47,
  ]);
  // The per-stage table exports as CSV that DuckDB reads back with one row per stage.
  const [csvDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('flow-table-csv').click(),
  ]);
  await csvDl.saveAs(path.join(out, 'flow-by-stage.csv'));
  expect(await csvRows(path.join(out, 'flow-by-stage.csv'))).toBe(8);
  // The matrix exports as CSV: one row per T1 stage and none, the cells as numbers.
  const [mDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('flow-matrix-csv').click(),
  ]);
  await mDl.saveAs(path.join(out, 'flow-matrix.csv'));
  expect(await csvRows(path.join(out, 'flow-matrix.csv'))).toBe(9);
  expect(readFileSync(path.join(out, 'flow-matrix.csv'), 'utf8')).toContain(
    `I,${['none', 'O', 'D', 'E1', 'E2', 'P', 'I', 'N', 'K'].map((c) => cli.flow.matrix.I[c]).join(',')}`,
  );

  // The Benchmark view on the demo at T = T2 shows the CLI's §5 figures.
  await page.getByTestId('asof').fill('2024-06-30');
  await page.getByRole('button', { name: 'Benchmark' }).click();
  await expect(page.getByTestId('bench-share-chart')).toBeVisible();
  await expect(page.getByTestId('bench-brands')).toContainText(cli.benchmark.brands.join(', '));
  await expect(page.getByTestId('deep-value')).toHaveText(
    cli.mindshare.deepAssetValue.toLocaleString('en', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
  );
  await shot(page, '26-benchmark-demo');
});

test('the Benchmark view shows REES46 samsung against its category as the CLI computes it', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  const cli = analyzeCli(REES, ['--brand', 'samsung', '--as-of', '2019-10-01']);
  await openApp(page, offOrigin);
  await chooseFiles(page, [REES]);
  await expectRows(page, 17_424);
  await page.getByTestId('brand').selectOption('samsung');
  await page.getByRole('button', { name: 'Benchmark' }).click();
  for (const b of cli.benchmark.brands as string[])
    await expect(page.getByTestId('bench-brands')).toContainText(b);
  expect(cli.benchmark.brands).toEqual(expect.arrayContaining(['apple', 'samsung', 'xiaomi']));
  await expect(page.getByTestId('bench-share-chart')).toBeVisible();
  await expect(page.getByTestId('bench-index-chart')).toBeVisible();
  await expect(page.getByTestId('deep-value')).toHaveText(
    cli.mindshare.deepAssetValue.toLocaleString('en', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
  );
  await shot(page, '22-benchmark-rees46');
  // The Flow view of a one-day file compares it with the day before (everyone is new).
  await page.getByRole('button', { name: 'Flow' }).click();
  await expect(page.getByTestId('flow-from')).toHaveValue('2019-09-30');
  await expect(page.getByTestId('flow-sankey')).toBeVisible();
  await expect(page.getByTestId('new-entrants')).toHaveText(
    en(
      Object.values(
        analyzeCli(REES, [
          '--brand',
          'samsung',
          '--as-of',
          '2019-10-01',
          '--from',
          '2019-09-30',
          '--to',
          '2019-10-01',
        ]).flow.matrix.none as Record<string, number>,
      ).reduce((a, b) => a + b, 0),
    ),
  );
  await page.getByRole('button', { name: 'Benchmark' }).click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('bench-table-csv').click(),
  ]);
  const file = path.join(test.info().outputDir, 'benchmark.csv');
  await dl.saveAs(file);
  expect(await csvRows(file)).toBe(7); // D, E1, E2, P, I, N, K
});

test('the Benchmark view says why it is empty when the data has no category (Online Retail)', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  await openApp(page, offOrigin);
  await chooseFiles(page, [path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet')]);
  await expectRows(page, 541_909);
  await page.getByRole('button', { name: 'Benchmark' }).click();
  await expect(page.getByTestId('bench-empty')).toBeVisible();
  await expect(page.getByTestId('bench-empty')).toContainText('category');
  await shot(page, '23-benchmark-empty');
});

test('why is this user here: an example user, the rule and the events that placed them (demo)', async ({
  page,
  offOrigin,
}) => {
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await page.getByRole('button', { name: 'Stages' }).click();
  await expect(page.getByTestId('stages')).toBeVisible();
  // Brand vs category average, side by side (the DEEPLINK report's exhibit).
  await expect(page.getByTestId('stages-vs-avg')).toBeVisible();
  await shot(page, '25-stages-demo');
  await page.getByTestId('why-stage-pick').selectOption('E1');
  await page.getByTestId('why-example').first().click();
  await expect(page.getByTestId('why-stage')).toContainText('E1');
  await expect(page.getByTestId('why-reason')).toBeVisible();
  // The events that satisfied E1's rule are marked: a search/like, or views on two dates.
  const hits = page.locator('[data-testid="why-event"][data-hit="true"]');
  await expect(hits.first()).toBeVisible();
  const actions = await hits.evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
  expect(actions.every((t) => /search|like|view/.test(t))).toBe(true);
  await expect(page.getByTestId('why-flow')).toBeVisible();
  await page.getByTestId('why-result').scrollIntoViewIfNeeded();
  await shot(page, '24-why-user');
  // An unknown id gets a clear message; the rest of the view stays.
  await page.getByTestId('why-input').fill('no-such-user');
  await page.getByTestId('why-go').click();
  await expect(page.getByTestId('why-error')).toContainText('no-such-user');
  await expect(page.getByTestId('stage-table')).toBeVisible();
});
