/**
 * Issue #8 item 5: audiences of a stage, a flow cell/outcome and a journey class, downloaded from
 * the tab, have exactly the users the CLI counts for the same brand and dates; hashed ids are the
 * SHA-256 of the plain ones; the config travels beside each file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { test, expect, demoFile, analyzeCli, shot, STRIDE_JUNE, openDemoStride } from './fixtures';

/** Clicks a download button; returns the CSV's data lines and the config JSON saved with it. */
async function audience(page: Page, testid: string) {
  const downloads: Download[] = [];
  const done = new Promise<void>((resolve) => {
    page.on('download', function onDl(d) {
      downloads.push(d);
      if (downloads.length === 2) {
        page.off('download', onDl);
        resolve();
      }
    });
  });
  await page.getByTestId(testid).click();
  await done;
  const csv = downloads.find((d) => d.suggestedFilename().endsWith('.csv'));
  const json = downloads.find((d) => d.suggestedFilename().endsWith('.config.json'));
  if (!csv || !json) throw new Error('expected a CSV and its config');
  const lines = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\n');
  return {
    name: csv.suggestedFilename(),
    header: lines[0].split(','),
    rows: lines.slice(1),
    config: JSON.parse(readFileSync(await json.path(), 'utf8')),
  };
}

test('stage, flow and journey audiences hold the users the CLI counts; hashing is SHA-256', async ({
  page,
  offOrigin,
}) => {
  const cli = analyzeCli(demoFile(), STRIDE_JUNE);
  await openDemoStride(page, offOrigin);
  await page.getByTestId('asof').fill('2024-06-30');

  // Stages at T: the D users.
  await page.getByRole('button', { name: 'Stages' }).click();
  await expect(page.getByTestId('stage-table')).toBeVisible();
  const d = await audience(page, 'stage-aud-D');
  expect(d.header).toEqual(['user_id', 'stage']);
  expect(d.rows).toHaveLength(cli.stages.counts.D);
  expect(d.rows.every((r) => r.endsWith(',D'))).toBe(true);
  expect(d.config.audience).toEqual({
    kind: 'stage',
    brand: 'Stride',
    asOf: '2024-06-30',
    stage: 'D',
  });
  expect(d.config.config.mapping).toBeTruthy();

  // Flow: E1 at T1 who did not deepen = size − deepened (DOMAIN.md §4).
  await page.getByRole('button', { name: 'Flow' }).click();
  await page.getByTestId('flow-from').fill('2024-05-31');
  await page.getByTestId('flow-to').fill('2024-06-30');
  await expect(page.getByTestId('flow-table')).toBeVisible();
  const e1 = cli.flow.byStage.E1;
  const f = await audience(page, 'flow-aud-download');
  expect(f.header).toEqual(['user_id', 'stage_t1', 'stage_t2', 'purchased']);
  expect(f.rows).toHaveLength(e1.size - e1.deepened);
  expect(f.rows.every((r) => r.split(',')[1] === 'E1')).toBe(true);
  await shot(page, '73-flow-audience');

  // Journeys: the long-chain first-time buyers, plain and hashed.
  await page.getByRole('button', { name: 'Journeys' }).click();
  await expect(page.getByTestId('jny-table')).toBeVisible();
  const plain = await audience(page, 'jny-aud-longChain');
  expect(plain.rows).toHaveLength(cli.journeys.byType.longChain.buyers);
  await page.getByTestId('jny-aud-opt-hash').check();
  const hashed = await audience(page, 'jny-aud-longChain');
  expect(hashed.name).toContain('-sha256');
  expect(hashed.header[0]).toBe('user_id_sha256');
  expect(hashed.config.idsHashed).toMatch(/sha256/);
  const digests = hashed.rows.map((r) => r.split(',')[0]).sort();
  expect(digests.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  const expected = plain.rows
    .map((r) => createHash('sha256').update(r.split(',')[0], 'utf8').digest('hex'))
    .sort();
  expect(digests).toEqual(expected);
});
