/**
 * Reliability in the tab (issue #7 items 1, 3, 4): opt-in persistence in OPFS across a reload and
 * its deletion; cancelling a running analysis from its progress bar; running the wasm engine out of
 * memory, then restarting it with the files read again; a broken config file.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { SavedDataset } from '../../src/lib/state/saved';
import {
  test,
  expect,
  openApp,
  chooseFiles,
  expectRows,
  shot,
  demoFile,
  demoSpendFile,
} from './fixtures';

/** The names in the app's OPFS folder (null when the folder does not exist). */
async function opfsEntries(page: Page): Promise<string[] | null> {
  return page.evaluate(async () => {
    const top = await navigator.storage.getDirectory();
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await top.getDirectoryHandle('assetflow');
    } catch {
      return null;
    }
    const names: string[] = [];
    for await (const k of dir.keys()) names.push(k);
    return names;
  });
}

/** The one kept dataset's folder: its file names and its manifest (null when there is none). */
async function keptFolder(page: Page): Promise<{ names: string[]; manifest: SavedDataset } | null> {
  return page.evaluate(async () => {
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('assetflow');
      for await (const sub of dir.values()) {
        if (sub.kind !== 'directory') continue;
        const names: string[] = [];
        for await (const k of (sub as FileSystemDirectoryHandle).keys()) names.push(k);
        const fh = await (sub as FileSystemDirectoryHandle).getFileHandle('manifest.json');
        return { names: names.sort(), manifest: JSON.parse(await (await fh.getFile()).text()) };
      }
    } catch {
      // no folder, or no manifest yet
    }
    return null;
  });
}

/** The Attribution view's spend total for Stride over (2024-05-31, 2024-06-30]. */
async function spendTotal(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Attribution' }).click();
  await page.getByTestId('att-from').fill('2024-05-31');
  await page.getByTestId('att-to').fill('2024-06-30');
  await expect(page.getByTestId('spend-table')).toBeVisible({ timeout: 120_000 });
  const total = page.getByTestId('spend-total');
  await expect(total).toContainText('Total spend in the period');
  return (await total.textContent())?.trim() ?? '';
}

test('a kept dataset is there after a reload, with its config and spend file, and can be deleted', async ({
  page,
  offOrigin,
}) => {
  const spendFile = demoSpendFile(); // writes demoFile()'s events too
  const file = demoFile();
  await openApp(page, offOrigin);
  await expect(page.getByTestId('saved')).toBeHidden();
  await chooseFiles(page, [file]);
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await page.getByTestId('open-other').click();
  await chooseFiles(page, [spendFile]);
  await expect(page.getByTestId('spend-chip')).toContainText('demo-e2e-spend.csv');
  const chip = (await page.getByTestId('spend-chip').textContent())?.trim();
  const total = await spendTotal(page);
  expect(total).toMatch(/Total spend in the period: [\d,]+\.\d\d/);
  // Nothing is stored until the user asks.
  expect(await opfsEntries(page)).toBeNull();
  await page.getByTestId('keep').check();
  await expect(page.getByTestId('keep-label')).toContainText('Kept on this device');
  await expect.poll(() => opfsEntries(page)).toHaveLength(1);
  // The spend file is copied beside the events; the manifest names it.
  const kept = await keptFolder(page);
  const key = kept?.manifest.spend?.key;
  expect(kept?.names).toEqual(['0', 'manifest.json', `spend-${key}-0`]);
  expect(kept?.manifest).toMatchObject({
    version: 2,
    files: [{ name: 'demo-e2e.csv' }],
    spend: { files: [{ name: 'demo-e2e-spend.csv' }], csv: null },
  });

  // A reload without the URL's config: the list shows the kept copy with its spend file; opening
  // it restores the files, the config (brand Stride, not the default biggest brand) and the spend.
  await page.goto('/');
  await expect(page.getByTestId('saved-item')).toHaveCount(1);
  await expect(page.getByTestId('saved-item')).toContainText('demo-e2e.csv');
  await expect(page.getByTestId('saved-spend')).toContainText(
    'with the spend file demo-e2e-spend.csv',
  );
  await shot(page, '60-kept-dataset');
  await page.getByTestId('saved-open').click();
  await expectRows(page, 500_000);
  await expect(page.getByTestId('brand')).toHaveValue('Stride');
  await expect(page.getByTestId('keep')).toBeChecked();
  await expect(page.getByTestId('spend-chip')).toHaveText(chip ?? '');
  expect(await spendTotal(page)).toBe(total);

  // Removing the spend removes it from the kept copy; adding it again while kept copies it in.
  await page.getByRole('button', { name: 'Remove the spend file' }).click();
  await expect(page.getByTestId('spend-chip')).toBeHidden();
  await expect.poll(async () => (await keptFolder(page))?.names).toEqual(['0', 'manifest.json']);
  expect((await keptFolder(page))?.manifest.spend).toBeNull();
  await page.getByTestId('open-other').click();
  await chooseFiles(page, [spendFile]);
  await expect(page.getByTestId('spend-chip')).toContainText('demo-e2e-spend.csv');
  await expect
    .poll(async () => (await keptFolder(page))?.manifest.spend?.files[0].name)
    .toBe('demo-e2e-spend.csv');
  expect((await keptFolder(page))?.names).toHaveLength(3);

  // Unticking deletes the copy, spend file and all; the data in force stays loaded.
  await page.getByTestId('keep').uncheck();
  await expect.poll(() => opfsEntries(page)).toBeNull();
  await expect(page.getByTestId('dataset-rows')).toHaveText('500,000');
  await page.goto('/');
  await expect(page.getByTestId('demo')).toBeVisible();
  await expect(page.getByTestId('saved')).toBeHidden();
});

test('a kept dataset can be deleted from the start screen', async ({ page, offOrigin }) => {
  const file = demoFile();
  await openApp(page, offOrigin);
  await chooseFiles(page, [file]);
  await expectRows(page, 500_000);
  await page.getByTestId('keep').check();
  await expect(page.getByTestId('keep-label')).toContainText('Kept on this device');
  await expect.poll(() => opfsEntries(page)).toHaveLength(1);
  await page.goto('/');
  await page.getByTestId('saved-delete').click();
  await expect(page.getByTestId('saved')).toBeHidden();
  expect(await opfsEntries(page)).toBeNull();
});

test('a running analysis can be cancelled from its progress bar, then run again', async ({
  page,
  offOrigin,
}) => {
  await openApp(page, offOrigin, '/?demo');
  await expectRows(page, 500_000);
  await page.getByRole('button', { name: 'Benchmark' }).click();
  await expect(page.getByTestId('view-progress')).toBeVisible();
  await page.getByTestId('view-cancel').click();
  await expect(page.getByTestId('view-cancelled')).toBeVisible();
  await expect(page.getByTestId('view-progress')).toBeHidden();
  // The stopped request's late answer is dropped: nothing appears until the user asks again.
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('bench-table')).toBeHidden();
  await shot(page, '61-cancelled');
  await page.getByTestId('view-retry').click();
  await expect(page.getByTestId('bench-table')).toBeVisible();
  await expect(page.getByTestId('view-cancelled')).toBeHidden();
});

test('running out of wasm memory gives a clear message; a restart re-reads the files', async ({
  page,
  offOrigin,
}) => {
  await openApp(page, offOrigin, '/?demo');
  await expectRows(page, 500_000);
  const cleaned = (await page.getByTestId('clean.events').textContent())?.trim() ?? '';
  expect(cleaned).toMatch(/^\d{3},\d{3}$/);
  await page.getByTestId('open-sql').click();
  const sql = page.getByTestId('sql-text');
  const run = async (text: string) => {
    await sql.fill(text);
    await page.getByTestId('sql-run').click();
    await expect(page.getByTestId('view-progress')).toBeHidden({ timeout: 120_000 });
  };
  // Let DuckDB ask for more than wasm32 can ever give, then build a 5 GB string.
  await run("SET memory_limit = '16GB'");
  await run("SELECT length(string_agg(repeat('x', 1000000), '')) AS n FROM range(5000)");
  const err = page.getByTestId('error');
  await expect(err).toHaveAttribute('data-code', 'OOM');
  await expect(err).toContainText('The browser ran out of memory for this analysis.');
  await expect(err).toContainText('Restart the engine');
  await shot(page, '62-out-of-memory');
  await page.getByTestId('restart-engine').click();
  await expect(page.getByTestId('progress')).toBeHidden({ timeout: 120_000 });
  // The files were read again into a fresh engine: the data and the console work.
  await expect(page.getByTestId('dataset-rows')).toHaveText('500,000');
  // The cleaned events were rebuilt: as many as the overview reported before the restart.
  await run('SELECT count(*) AS n FROM events');
  await expect(page.getByTestId('sql-result')).toContainText(cleaned);
  await run("SELECT current_setting('memory_limit') AS m");
  await expect(page.getByTestId('sql-result')).not.toContainText('16');
  await page.getByRole('button', { name: 'Stages' }).click();
  await expect(page.getByTestId('stage-table')).toBeVisible();
});

test('a config file that is not JSON, or from a newer version, is refused; the data stays', async ({
  page,
  offOrigin,
}) => {
  await openApp(page, offOrigin, '/?demo');
  await expectRows(page, 500_000);
  const input = page.getByTestId('config-input');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"version": 1, "mapping": '),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible();
  await expect(page.getByTestId('dataset-rows')).toHaveText('500,000');
  await input.setInputFiles({
    name: 'newer.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 99, mapping: {} })),
  });
  await expect(page.getByRole('alert').filter({ hasText: /version/i })).toBeVisible();
  await expect(page.getByTestId('overview')).toBeVisible();
  await expect(page.getByTestId('brand')).not.toHaveValue('');
});

test('a saved workspace keeps the config and the last report; it opens, survives a reload and deletes', async ({
  page,
  offOrigin,
}) => {
  const entries = () =>
    page.evaluate(async () => {
      try {
        const dir = await (
          await navigator.storage.getDirectory()
        ).getDirectoryHandle('assetflow-workspaces');
        const names: string[] = [];
        for await (const k of dir.keys()) names.push(k);
        return names.length;
      } catch {
        return null;
      }
    });
  await openApp(page, offOrigin);
  await chooseFiles(page, [demoFile()]);
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
  await page.getByRole('button', { name: 'Flow' }).click();
  await page.getByTestId('flow-from').fill('2024-05-31');
  await page.getByTestId('flow-to').fill('2024-06-30');
  await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    page.getByTestId('report-download').click(),
  ]);
  expect(await entries()).toBeNull();
  await page.getByTestId('open-workspaces').click();
  await page.getByTestId('ws-name').fill('June review');
  await page.getByTestId('ws-save').click();
  await expect(page.getByTestId('ws-item')).toHaveCount(1);
  expect(await entries()).toBe(1);

  // Another brand and period, then Open: the workspace's come back.
  await page.getByTestId('brand').selectOption('Lumière');
  await page.getByTestId('flow-from').fill('2024-03-01');
  await page.getByTestId('ws-open').click();
  await expect(page.getByTestId('brand')).toHaveValue('Stride');
  await expect(page.getByTestId('flow-from')).toHaveValue('2024-05-31');

  // After a reload the start screen lists it, with its report.
  await page.goto('/');
  await expect(page.getByTestId('ws-item')).toContainText('June review');
  await shot(page, '63-workspaces');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('ws-report').click(),
  ]);
  expect(readFileSync(await dl.path(), 'utf8')).toContain('Stride: DEEPLINK consumer assets');
  await page.getByTestId('ws-delete').click();
  await expect(page.getByTestId('workspaces')).toBeHidden();
  expect(await entries()).toBeNull();
});
