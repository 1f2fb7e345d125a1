import { execFileSync } from 'node:child_process';
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
  ROOT,
  analyzeCli,
} from './fixtures';

const NO_DATA = '../shared/data is absent';

test('empty page, then the demo data loads on the device', async ({ page, offOrigin }) => {
  await openApp(page, offOrigin);
  await shot(page, '01-empty');
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await expect(page.getByTestId('kpi-brands')).toContainText('14');
  await expect(page.getByTestId('kpi-categories')).toContainText('3');
  await expect(page.getByRole('img', { name: 'Events per day' })).toBeVisible();
  await expect(page.getByTestId('brand')).toHaveValue(/.+/);
  await shot(page, '02-overview-demo');
});

test('REES46 csv.gz: detected layout and 17,424 rows', async ({ page, offOrigin }) => {
  test.skip(!HAS_DATA, NO_DATA);
  await openApp(page, offOrigin);
  await chooseFiles(page, [path.join(DATA, 'rees46_multicategory_2019-10-01_0000-0250utc.csv.gz')]);
  await expectRows(page, 17_424);
  await expect(page.getByTestId('layout')).toHaveText('REES46 store events');
  await expect(page.getByTestId('brand')).toHaveValue('samsung');
  await page.getByTestId('open-import').click();
  await expect(page.getByTestId('preview')).toContainText('2019-10-01 00:00:00 UTC');
  await shot(page, '03-rees46-import');
  await page.getByTestId('open-mapping').click();
  await expect(page.getByTestId('map-ts')).toHaveValue('event_time');
  await expect(page.getByTestId('map-category')).toHaveValue('category_code');
  await shot(page, '04-rees46-mapping');
});

test('Taobao UserBehavior (no header, Unix seconds): detected and 84,287 rows', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  await openApp(page, offOrigin);
  await chooseFiles(page, [path.join(DATA, 'taobao_userbehavior_first814users.csv.gz')]);
  await expectRows(page, 84_287);
  await expect(page.getByTestId('layout')).toHaveText('Taobao UserBehavior');
  await expect(page.getByTestId('kpi-users')).toContainText('814');
  await shot(page, '05-taobao');
});

test('UCI Online Retail (Parquet): detected, 541,909 rows, returns and duplicates reported', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  await openApp(page, offOrigin);
  const t0 = Date.now();
  await chooseFiles(page, [path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet')]);
  await expectRows(page, 541_909);
  const ms = Date.now() - t0;
  test.info().annotations.push({ type: 'load-ms', description: String(ms) });
  console.log(`[measure] Online Retail parquet: file chosen → overview ready in ${ms} ms`);
  await expect(page.getByTestId('layout')).toHaveText('UCI Online Retail');
  // Well-known facts of this dataset: 5,268 exact duplicate rows; 4,339 customers after cleaning.
  await expect(page.getByTestId('clean.duplicates')).toHaveText('5,268');
  await expect(page.getByTestId('kpi-users')).toContainText('4,339');
  await shot(page, '06-online-retail');
});

test('the tab and the CLI give the identical overview JSON for REES46', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  const file = path.join(DATA, 'rees46_multicategory_2019-10-01_0000-0250utc.csv.gz');
  await openApp(page, offOrigin);
  await chooseFiles(page, [file]);
  await expectRows(page, 17_424);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-json').click(),
  ]);
  const tab = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const cli = JSON.parse(
    execFileSync(process.execPath, [path.join(ROOT, 'bin/assetflow.mjs'), 'inspect', file], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  );
  expect(tab.meta.rows).toBe(17_424);
  expect(tab).toEqual(cli);
});

test('a bad file gives a clear message and keeps the data already loaded', async ({
  page,
  offOrigin,
}) => {
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByTestId('open-other').click();
  await chooseFiles(page, [path.join(ROOT, 'test/fixtures/csv/not-csv.png')]);
  const err = page.getByTestId('error');
  await expect(err).toBeVisible();
  await expect(err).toHaveAttribute('data-code', 'NOT_CSV');
  await expect(err).toContainText('not-csv.png');
  await expect(err).toContainText('PNG image');
  await expect(page.getByTestId('dataset-rows')).toHaveText('500,000');
  await shot(page, '07-bad-file');
});

test('editing the mapping rebuilds the events', async ({ page, offOrigin }) => {
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  const before = Number((await page.getByTestId('clean.events').innerText()).replace(/,/g, ''));
  const unmapped = Number((await page.getByTestId('clean.unmapped').innerText()).replace(/,/g, ''));
  expect(unmapped).toBeGreaterThan(0);
  await page.getByTestId('open-mapping').click();
  await page
    .getByRole('row', { name: /remove_from_cart/ })
    .getByRole('combobox')
    .selectOption('cart');
  await page.getByTestId('apply-mapping').click();
  await expect(page.getByTestId('clean.unmapped')).toHaveText('0');
  await expect(page.getByTestId('clean.events')).toHaveText(
    (before + unmapped).toLocaleString('en'),
  );
  expect(page.url()).toContain('#config=');
});

test('the zh-CN switch changes the UI text', async ({ page, offOrigin }) => {
  await openApp(page, offOrigin);
  await expect(page.getByRole('button', { name: 'Overview' })).toBeVisible();
  await page.getByTestId('lang').selectOption('zh-CN');
  await expect(page.getByRole('button', { name: '概览' })).toBeVisible();
  await expect(page.getByTestId('demo')).toHaveText('加载演示数据');
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await expect(page.getByText('清洗报告')).toBeVisible();
  await shot(page, '08-zh-CN');
});

test('a shared URL carries the config to the next file', async ({ page, offOrigin }) => {
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await expect.poll(() => page.url()).toContain('#config=');
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByText('A shared config is ready')).toBeVisible();
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await expect(page.getByTestId('brand')).toHaveValue('Stride');
});

test('cancel stops a load and the app stays usable', async ({ page, offOrigin }) => {
  await openApp(page, offOrigin);
  // 1. while the engine is still starting
  await page.getByTestId('demo').click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('progress')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('databar')).toBeHidden();
  // 2. once the engine is ready, in the middle of generating and loading
  await expect(page.getByText('DuckDB-WASM ✓')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('demo').click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await page.waitForTimeout(300);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('progress')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'CANCELLED');
  await expect(page.getByTestId('databar')).toBeHidden();
  // 3. and it still works
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
});

test('the clean events export as Parquet and CSV and re-import with the same rows', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  await openApp(page, offOrigin);
  await chooseFiles(page, [path.join(DATA, 'rees46_multicategory_2019-10-01_0000-0250utc.csv.gz')]);
  await expectRows(page, 17_424);
  // 17,424 rows − 5 exact duplicates = 17,419 clean events (no invalid or unmapped rows here).
  await expect(page.getByTestId('clean.events')).toHaveText('17,419');
  for (const format of ['parquet', 'csv'] as const) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`export-${format}`).click(),
    ]);
    const file = path.join(test.info().outputDir, `events.${format}`);
    await download.saveAs(file);
    await page.getByTestId('open-other').click();
    await chooseFiles(page, [file]);
    await expect(page.getByTestId('dataset-rows')).toHaveText('17,419');
    // The export is canonical: re-imported, it maps by name and keeps every event.
    await expect(page.getByTestId('clean.events')).toHaveText('17,419');
    await expect(page.getByTestId('kpi-users')).toContainText('4,501');
  }
});

test('the Stages view shows the asset scale the CLI computes (REES46, samsung)', async ({
  page,
  offOrigin,
}) => {
  test.skip(!HAS_DATA, NO_DATA);
  const file = path.join(DATA, 'rees46_multicategory_2019-10-01_0000-0250utc.csv.gz');
  const cli = analyzeCli(file, ['--brand', 'samsung', '--as-of', '2019-10-01']);
  await openApp(page, offOrigin);
  await chooseFiles(page, [file]);
  await expectRows(page, 17_424);
  await page.getByRole('button', { name: 'Stages' }).click();
  await expect(page.getByTestId('stages')).toBeVisible();
  const c = cli.stages.counts;
  const staged = c.D + c.E1 + c.E2 + c.P + c.I + c.N + c.K;
  // samsung has 767 users with events; every one is at D or deeper on the day of the file.
  expect(staged).toBeGreaterThan(0);
  await expect(page.getByTestId('staged-users')).toHaveText(staged.toLocaleString('en'));
  await expect(page.getByTestId('stage-O')).toHaveText(c.O.toLocaleString('en'));
  await expect(page.getByRole('img', { name: 'Pre-sales funnel' })).toBeVisible();
  await shot(page, '09-stages-rees46');
  await page.getByTestId('aipl-toggle').click();
  await expect(page.getByRole('img', { name: 'AIPL' })).toBeVisible();
});

// Setting T1 then T2 fires two overlapping flow requests: this also guards the worker's
// one-statement-at-a-time lock (without it the second pending query broke the first).
test('the Flow view agrees with the CLI on the demo data', async ({ page, offOrigin }) => {
  mkdirSync(path.join(ROOT, 'bench/data'), { recursive: true });
  execFileSync(process.execPath, [
    path.join(ROOT, 'bin/assetflow.mjs'),
    'demo',
    '--out',
    path.join(ROOT, 'bench/data/demo-e2e.csv'),
  ]);
  await openApp(page, offOrigin);
  await page.getByTestId('demo').click();
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await page.getByRole('button', { name: 'Flow' }).click();
  await page.getByTestId('flow-from').fill('2024-05-31');
  await page.getByTestId('flow-to').fill('2024-06-30');
  await expect(page.getByTestId('flow')).toBeVisible();
  const cli = analyzeCli(path.join(ROOT, 'bench/data/demo-e2e.csv'), [
    '--brand',
    'Stride',
    '--from',
    '2024-05-31',
    '--to',
    '2024-06-30',
    '--as-of',
    '2024-06-30',
  ]);
  await expect(page.getByTestId('new-entrants')).toHaveText(
    cli.flow.newEntrants.toLocaleString('en'),
  );
  await expect(page.getByTestId('cell-I-K')).toHaveText(
    cli.flow.matrix.I.K ? cli.flow.matrix.I.K.toLocaleString('en') : '·',
  );
  await shot(page, '10-flow-demo');
});
