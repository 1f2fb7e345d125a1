/**
 * `npm run bench`: load + clean + overview on the same files in the tab (DuckDB-WASM in headless
 * Chromium, files chosen through the file input) and natively (the CLI engine, 1 and 2 threads).
 * Median of RUNS runs; writes bench/RESULTS.md. Timings are indicative: this machine is shared.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './chromium';
import { NativeEngine } from '../bin/lib/native';
import { inspectDataset } from '../src/lib/report/inspect';
import { generateDemoCsv } from '../src/lib/demo/generate';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');
const OUT = path.join(ROOT, 'bench/data');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 4179;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function demoFile(events: number): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const p = path.join(OUT, `demo-${events}.csv`);
  if (!existsSync(p)) {
    const w = createWriteStream(p);
    for (const chunk of generateDemoCsv({ events }))
      if (!w.write(chunk)) await new Promise<void>((r) => w.once('drain', () => r()));
    await new Promise<void>((r) => w.end(() => r()));
  }
  return p;
}

async function native(file: string, threads: number) {
  const load: number[] = [];
  const prep: number[] = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const e = await NativeEngine.open({ threads });
    const t0 = performance.now();
    const ds = await e.loadFiles([file]);
    const t1 = performance.now();
    await inspectDataset(e.runner(), ds.table, ds.columns);
    const t2 = performance.now();
    rss = Math.max(rss, process.memoryUsage().rss);
    e.close();
    load.push(t1 - t0);
    prep.push(t2 - t1);
  }
  return {
    load: median(load),
    prep: median(prep),
    total: median(load) + median(prep),
    rssMB: rss / 2 ** 20,
  };
}

async function tab(file: string) {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const totals: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.getByText('DuckDB-WASM ✓').waitFor({ timeout: 120_000 });
      const t0 = performance.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await page.getByTestId('overview').waitFor({ timeout: 600_000 });
      totals.push(performance.now() - t0);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { total: median(totals) };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let chromiumVersion: string;
  try {
    chromiumVersion = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`, {
      encoding: 'utf8',
    }).trim();
  } catch {
    chromiumVersion = 'chromium not found';
  }
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, ${chromiumVersion}`;
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist/index.html')))
    execSync('npx vite build', { cwd: ROOT, stdio: 'inherit' });
  const server = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--strictPort',
    ],
    { cwd: ROOT, stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 2500));
  const files: { name: string; path: string }[] = [
    { name: 'demo 500k events (CSV)', path: await demoFile(500_000) },
    { name: 'demo 1M events (CSV)', path: await demoFile(1_000_000) },
  ];
  if (existsSync(DATA))
    files.push({
      name: 'UCI Online Retail (Parquet, 541,909 rows)',
      path: path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet'),
    });
  const rows: string[] = [];
  try {
    for (const f of files) {
      console.log(`bench: ${f.name}`);
      const n1 = await native(f.path, 1);
      const n2 = await native(f.path, 2);
      const tb = await tab(f.path);
      const mb = statSync(f.path).size / 2 ** 20;
      rows.push(
        `| ${f.name} | ${mb.toFixed(1)} | ${Math.round(n1.load)} + ${Math.round(n1.prep)} = ${Math.round(n1.total)} | ${Math.round(n2.total)} | ${Math.round(tb.total)} | ${(tb.total / n1.total).toFixed(2)} |`,
      );
      console.log(rows[rows.length - 1]);
    }
  } finally {
    server.kill();
  }
  const md = `# Benchmarks

Produced by \`npm run bench\` (median of ${RUNS} runs, ms; ${new Date().toISOString().slice(0, 10)}).

Task: load the file, detect the layout, build the canonical events with the DOMAIN.md §1 cleaning
rules, orders and refunds, and compute the overview — the path from "file chosen" to "overview ready".
Native = the CLI engine (\`@duckdb/node-api\`, in-process, load + prepare shown for 1 thread).
Tab = headless Chromium, DuckDB-WASM (eh bundle) in our worker, file given through the file input;
time from setInputFiles to the overview being on screen (includes rendering).

Machine: ${machine()}

| file | MB | native 1 thread (load + prepare = total) | native 2 threads | tab | tab ÷ native 1 thread |
|---|---|---|---|---|---|
${rows.join('\n')}

Absolute times vary by ±20% on this shared machine; ratios are more stable.
`;
  writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), md);
  console.log(md);
}

await main();
// Playwright and native DuckDB keep handles open; leave explicitly.
process.exit(0);
