/**
 * Every e2e test runs on `page` guarded by a request listener: any request whose origin is not the
 * page's own (no CDN, no extension download, no telemetry) fails the test. This is the privacy
 * promise made testable; without it a regression that fetches e.g. a DuckDB extension would pass.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DATA = path.resolve(ROOT, '../shared/data');
export const HAS_DATA = existsSync(DATA);
export const SHOTS = path.join(ROOT, 'test-results/screenshots');

export const test = base.extend<{ offOrigin: string[] }>({
  offOrigin: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL ?? 'http://127.0.0.1:4173').origin;
    const seen: string[] = [];
    page.on('request', (r) => {
      const u = r.url();
      if (u.startsWith('data:') || u.startsWith('blob:')) return;
      if (new URL(u).origin !== origin) seen.push(u);
    });
    page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
    await use(seen);
    expect(seen, 'requests that left the page origin').toEqual([]);
  },
});
export { expect };

/** Opens the app with the privacy guard armed. */
export async function openApp(page: Page, offOrigin: string[], url = '/'): Promise<void> {
  void offOrigin;
  await page.goto(url);
  await expect(page.getByTestId('demo')).toBeVisible();
}

/** Chooses files through the file input exactly as a user would. */
export async function chooseFiles(page: Page, files: string[]): Promise<void> {
  await page.getByTestId('file-input').first().setInputFiles(files);
}

/** Waits until the overview shows a dataset with this many rows read. */
export async function expectRows(page: Page, rows: number): Promise<void> {
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('clean.rows')).toHaveText(rows.toLocaleString('en'));
  await expect(page.getByTestId('dataset-rows')).toHaveText(rows.toLocaleString('en'));
}

/** Saves a full-page screenshot under test-results/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** `assetflow analyze` (native DuckDB, the same SQL builders) on a file, parsed: the reference. */
export function analyzeCli(file: string, args: string[]) {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'bin/assetflow.mjs'), 'analyze', file, ...args],
      {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    ),
  );
}

const DEMO = path.join(ROOT, 'bench/data/demo-e2e.csv');

/** The demo file the tab's demo button generates, written by the CLI (same generator, same seed). */
export function demoFile(): string {
  mkdirSync(path.dirname(DEMO), { recursive: true });
  execFileSync(process.execPath, [path.join(ROOT, 'bin/assetflow.mjs'), 'demo', '--out', DEMO]);
  return DEMO;
}

const DEMO_SPEND = path.join(ROOT, 'bench/data/demo-e2e-spend.csv');

/** The demo's daily channel spend file (`assetflow demo --spend-out`), beside demoFile()'s events. */
export function demoSpendFile(): string {
  const events = demoFile();
  execFileSync(process.execPath, [
    path.join(ROOT, 'bin/assetflow.mjs'),
    'demo',
    '--out',
    events,
    '--spend-out',
    DEMO_SPEND,
  ]);
  return DEMO_SPEND;
}

/** The CLI arguments of the demo checks: Stride, T = T2 = 2024-06-30, T1 = 2024-05-31. */
export const STRIDE_JUNE = [
  '--brand',
  'Stride',
  '--as-of',
  '2024-06-30',
  '--from',
  '2024-05-31',
  '--to',
  '2024-06-30',
];

/** Opens the app, chooses demoFile() through the file input and selects the brand Stride. */
export async function openDemoStride(page: Page, offOrigin: string[]): Promise<void> {
  await openApp(page, offOrigin);
  await chooseFiles(page, [demoFile()]);
  await expectRows(page, 500_000);
  await page.getByTestId('brand').selectOption('Stride');
}

/** Rows of a CSV file read back by DuckDB (native), header included as column names. */
export async function csvRows(file: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM read_csv('${file.replace(/'/g, "''")}', header = true)`,
  );
  const n = Number(r.getRows()[0][0]);
  c.closeSync();
  return n;
}
