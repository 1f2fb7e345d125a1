/**
 * `npm run bench`: on the same files in the tab (DuckDB-WASM in headless Chromium, files chosen
 * through the file input) and natively (the CLI engine, 1 and 2 threads):
 * 1. load + clean + overview;
 * 2. the analysis views (DOMAIN.md §2–§9) for the biggest brand: Stages, Flow, Benchmark, RFM,
 *    Journeys, Attribution, Frequency;
 * 3. attribution of a 1M-path, 50-channel path table (the Markov solve timed alone).
 * Median of RUNS runs (BENCH_RUNS_10M for 10M events); writes bench/RESULTS.md. Timings are
 * indicative: this machine is shared. BENCH_10M=0 skips the 10M-event case.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './chromium';
import { NativeEngine } from '../bin/lib/native';
import { inspectDataset } from '../src/lib/report/inspect';
import { runStages } from '../src/lib/report/stages';
import { runFlow } from '../src/lib/report/flow';
import { runMindshare } from '../src/lib/report/mindshare';
import { runBenchmark } from '../src/lib/report/benchmark';
import { runRfm } from '../src/lib/report/rfm';
import { DEFAULT_RFM } from '../src/lib/sql/analysis/rfm';
import { runJourneys } from '../src/lib/report/journeys';
import { runAttribution } from '../src/lib/report/attribution';
import { runFrequency } from '../src/lib/report/frequency';
import { frequencyDate } from '../src/lib/sql/analysis/frequency';
import { pathAttributionRows, runPathAttribution } from '../src/lib/report/paths';
import { markovFromTransitions } from '../src/lib/attribution/markov';
import { DEFAULT_RULES } from '../src/lib/sql/analysis/rules';
import { shiftDays } from '../src/lib/state/dates';
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

/**
 * A synthetic interchange path table: `n` paths over 50 channels (c01…c50), 1–8 touches each,
 * 0–1 conversions with a value and 0–3 nulls; seeded, so every run reads the same file.
 */
async function pathTableFile(n: number): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const p = path.join(OUT, `paths-50ch-${n}.csv`);
  if (existsSync(p)) return p;
  let seed = 20241111;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 2 ** 31) / 2 ** 31;
  const w = createWriteStream(p);
  w.write('path,total_conversions,total_conversion_value,total_null\n');
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(rnd() * 8);
    const ch = Array.from(
      { length: k },
      () => `c${String(1 + Math.floor(rnd() * 50)).padStart(2, '0')}`,
    );
    const conv = rnd() < 0.3 ? 1 : 0;
    const line = `${ch.join(' > ')},${conv},${conv ? (10 + rnd() * 90).toFixed(2) : 0},${Math.floor(rnd() * 4)}\n`;
    if (!w.write(line)) await new Promise<void>((r) => w.once('drain', () => r()));
  }
  await new Promise<void>((r) => w.end(() => r()));
  return p;
}

/** Path-table attribution: native (1 thread) total, the Markov solve alone, and the tab. */
async function pathBench(file: string) {
  const e = await NativeEngine.open({ threads: 1 });
  const r = e.runner();
  const ds = await e.loadFiles([file]);
  const t0 = performance.now();
  const res = await runPathAttribution(r, { table: ds.table, columns: ds.columns });
  const nativeMs = performance.now() - t0;
  // The solve alone, on the transition counts SQL aggregated (what the tab runs in JS too).
  const { rows } = await pathAttributionRows(r, {
    table: ds.table,
    columns: ds.columns,
    halfLife: 1,
  });
  e.close();
  const solves: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s0 = performance.now();
    markovFromTransitions(rows.transitions, res.report.attributed);
    solves.push(performance.now() - s0);
  }
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const tabs: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.getByText('DuckDB-WASM ✓').waitFor({ timeout: 120_000 });
      const s0 = performance.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await ready(page, 'att-markov');
      tabs.push(performance.now() - s0);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    channels: res.report.channels.length,
    nativeMs,
    solveMs: median(solves),
    tabMs: median(tabs),
  };
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

/** Per-view analysis times (ms). Each view computes what the tab's view computes. */
const VIEW_NAMES = [
  'stages',
  'flow',
  'benchmark',
  'rfm',
  'journeys',
  'attribution',
  'frequency',
] as const;
type ViewName = (typeof VIEW_NAMES)[number];
type ViewTimes = Record<ViewName | 'load', number>;
const sumViews = (v: ViewTimes) => VIEW_NAMES.reduce((a, k) => a + v[k], 0);

/**
 * Native: load + prepare, then the work of each view for the biggest brand at the last date,
 * with the flow over the 30 days before it (the tab's defaults):
 * Stages = stages + benchmark at T; Flow = flow; Benchmark = benchmark with the flow + mindshare.
 */
async function nativeAnalysis(file: string, threads: number, runs: number) {
  const acc: ViewTimes[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const e = await NativeEngine.open({ threads });
    const r = e.runner();
    const t0 = performance.now();
    const ds = await e.loadFiles([file]);
    const rep = await inspectDataset(r, ds.table, ds.columns);
    const t1 = performance.now();
    const brand = rep.overview.brandList[0].brand;
    const asOf = rep.overview.dateTo as string;
    const from = shiftDays(asOf, -30, rep.overview.dateFrom) as string;
    const spec = { brand, asOf, rules: DEFAULT_RULES, moneyAvailable: rep.meta.moneyAvailable };
    await runStages(r, spec);
    await runBenchmark(r, spec);
    const t2 = performance.now();
    await runFlow(r, { ...spec, from, to: asOf });
    const t3 = performance.now();
    await runBenchmark(r, { ...spec, from, to: asOf });
    await runMindshare(r, spec);
    const t4 = performance.now();
    await runRfm(r, { ...spec, rfm: DEFAULT_RFM });
    const t5 = performance.now();
    await runJourneys(r, { ...spec, from, to: asOf });
    const t6 = performance.now();
    await runAttribution(r, { ...spec, from, to: asOf });
    const t7 = performance.now();
    await runFrequency(r, {
      brand,
      at: frequencyDate(asOf, asOf, rep.overview.dateFrom as string),
      moneyAvailable: rep.meta.moneyAvailable,
    });
    const t8 = performance.now();
    rss = Math.max(rss, process.memoryUsage().rss);
    e.close();
    acc.push({
      load: t1 - t0,
      stages: t2 - t1,
      flow: t3 - t2,
      benchmark: t4 - t3,
      rfm: t5 - t4,
      journeys: t6 - t5,
      attribution: t7 - t6,
      frequency: t8 - t7,
    });
  }
  return { ...medianViews(acc), rssMB: rss / 2 ** 20 };
}

function medianViews(acc: ViewTimes[]): ViewTimes {
  return Object.fromEntries(
    (['load', ...VIEW_NAMES] as const).map((k) => [k, median(acc.map((a) => a[k]))]),
  ) as ViewTimes;
}

/**
 * Waits for a test id, or fails fast with the message of an error banner (say, out of memory)
 * instead of waiting for the timeout.
 */
async function ready(page: Page, testid: string): Promise<void> {
  const err = page.getByRole('alert').first();
  const which = await Promise.race([
    page
      .getByTestId(testid)
      .first()
      .waitFor({ timeout: 1_800_000 })
      .then(() => 'ok' as const),
    err.waitFor({ timeout: 1_800_000 }).then(() => 'error' as const),
  ]);
  if (which === 'error') {
    // The banner's text without its dismiss button and the folded technical detail.
    const text = (await err.innerText()).replace(/✕|Technical detail/g, ' ').replace(/\s+/g, ' ');
    throw new Error(`${testid}: ${text.trim()}`);
  }
}

/** Tab: file chosen → overview, then each view from its click to its data on screen. */
async function tabAnalysis(file: string, runs: number): Promise<ViewTimes> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const acc: ViewTimes[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.getByText('DuckDB-WASM ✓').waitFor({ timeout: 120_000 });
      const t0 = performance.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await ready(page, 'overview');
      const t1 = performance.now();
      await page.getByRole('button', { name: 'Stages' }).click();
      await ready(page, 'stage-table');
      await ready(page, 'stages-vs-avg');
      const t2 = performance.now();
      await page.getByRole('button', { name: 'Flow' }).click();
      await ready(page, 'flow-table');
      const t3 = performance.now();
      await page.getByRole('button', { name: 'Benchmark' }).click();
      await ready(page, 'bench-table');
      await ready(page, 'mindshare-table');
      const t4 = performance.now();
      await page.getByRole('button', { name: 'RFM' }).click();
      await ready(page, 'rfm-tiers');
      const t5 = performance.now();
      await page.getByRole('button', { name: 'Journeys' }).click();
      await ready(page, 'jny-table');
      const t6 = performance.now();
      await page.getByRole('button', { name: 'Attribution' }).click();
      await ready(page, 'att-table');
      const t7 = performance.now();
      await page.getByRole('button', { name: 'Frequency' }).click();
      await ready(page, 'freq-exposure');
      const t8 = performance.now();
      acc.push({
        load: t1 - t0,
        stages: t2 - t1,
        flow: t3 - t2,
        benchmark: t4 - t3,
        rfm: t5 - t4,
        journeys: t6 - t5,
        attribution: t7 - t6,
        frequency: t8 - t7,
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return medianViews(acc);
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
  // Always build: a stale dist would time yesterday's code.
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
  const analysis: string[] = [];
  let pathRow: Awaited<ReturnType<typeof pathBench>> | undefined;
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
    const sizes: { events: number; runs: number }[] = [{ events: 1_000_000, runs: RUNS }];
    if (process.env.BENCH_10M !== '0')
      sizes.push({ events: 10_000_000, runs: Number(process.env.BENCH_RUNS_10M ?? 1) });
    for (const z of sizes) {
      const file = await demoFile(z.events);
      const label = `${z.events / 1e6}M`;
      console.log(`bench: analysis, demo ${label} events`);
      const n1 = await nativeAnalysis(file, 1, z.runs);
      const n2 = await nativeAnalysis(file, 2, z.runs);
      let tb: ViewTimes | null = null;
      let tabError = '';
      try {
        tb = await tabAnalysis(file, z.runs);
      } catch (e) {
        tabError = String((e as Error).message ?? e).split('\n')[0];
      }
      const cells = (v: ViewTimes) =>
        [v.load, ...VIEW_NAMES.map((k) => v[k]), sumViews(v)].map((x) => Math.round(x)).join(' | ');
      analysis.push(
        `| ${label} (${z.runs} run${z.runs > 1 ? 's' : ''}) | native 1 thread | ${cells(n1)} | |`,
      );
      analysis.push(`| | native 2 threads | ${cells(n2)} | |`);
      analysis.push(
        tb
          ? `| | tab | ${cells(tb)} | ${(sumViews(tb) / sumViews(n1)).toFixed(2)} |`
          : `| | tab | failed: ${tabError.replace(/\|/g, '/')} |${' |'.repeat(VIEW_NAMES.length + 2)}`,
      );
      console.log(analysis.slice(-3).join('\n'));
    }
    console.log('bench: path table, 50 channels, 1M paths');
    pathRow = await pathBench(await pathTableFile(1_000_000));
    console.log(pathRow);
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

## Analysis views (DOMAIN.md §2–§9)

Demo data, the biggest brand, T = the last date, flow over the 30 days before T (the tab's
defaults). Each column is the work of one view: **Stages** = asset scale (§2–§3) + brand vs
category average at T (§5); **Flow** = the §4 flow (matrix, per stage, GMV contribution);
**Benchmark** = the §5 benchmark with the flow of every averaged brand + mindshare and DeEP;
**RFM** = §9 with the defaults (scores, thresholds, tiers, segments, R × F grid);
**Journeys** = §6 over the period and the previous one, with the journey Sankey paths;
**Attribution** = §7 conversions, triggers, touchpoints and all six models (overall and per
from-stage); **Frequency** = §8 exposure buckets, channel counts and top combinations.
Tab: from the click on the view to its data on screen; "all views" is their sum; the ratio is
tab ÷ native 1 thread over all views. Load = file chosen → overview (ms).

| events | engine | load | Stages | Flow | Benchmark | RFM | Journeys | Attribution | Frequency | all views | tab ÷ native 1 thread |
|---|---|---|---|---|---|---|---|---|---|---|---|
${analysis.join('\n')}

## Attribution on an aggregated path table (DOMAIN.md §7)

A synthetic interchange path table (\`bench/data/paths-50ch-1000000.csv\`, seeded): 1,000,000
paths over 50 channels, 1–8 touches each. Native = \`runPathAttribution\` on 1 thread (checks,
heuristic credits, transitions, reach in SQL + the Markov solve); solve = the exact Markov
removal-effect solve alone on the aggregated transitions (JS, the code the tab runs); tab = file
chosen → attribution tables on screen (load included).

| channels | native 1 thread | Markov solve | tab (load + all models) |
|---|---|---|---|
${pathRow ? `| ${pathRow.channels} | ${Math.round(pathRow.nativeMs)} | ${pathRow.solveMs.toFixed(1)} | ${Math.round(pathRow.tabMs)} |` : '| failed | | | |'}

Absolute times vary by ±20% on this shared machine; ratios are more stable.
`;
  writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), md);
  console.log(md);
}

await main();
// Playwright and native DuckDB keep handles open; leave explicitly.
process.exit(0);
