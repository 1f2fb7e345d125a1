/**
 * `npm run bench`: for each size of demo data, on the same files in the tab (DuckDB-WASM in
 * headless Chromium, files chosen through the file input), natively (the CLI engine, 1 and 2
 * threads, each run in a child process) and with the pandas peer (bench/peers/):
 * 1. load + clean + overview, from CSV and from Parquet;
 * 2. the full analysis (DOMAIN.md §2–§9) on Parquet for the biggest brand: Stages, Flow,
 *    Benchmark, RFM, Journeys, Attribution, Frequency;
 * 3. the pandas peer (§2 stages + §9 RFM on the CSV), timed and checked against the engine;
 * 4. attribution of a 1M-path, 50-channel path table (the Markov solve timed alone).
 * Records medians, peak memory, ratios; writes bench/RESULTS.md and bench/time-vs-events.png.
 *
 * Environment:
 * - BENCH_SIZES=1000000,10000000   demo sizes in events (default 1M and 10M; BENCH_10M=0 drops 10M)
 * - BENCH_50M=1                    adds 50M events
 * - BENCH_RUNS=3                   runs per measurement; BENCH_RUNS_10M for sizes ≥ 10M
 * - BENCH_PATHS=0                  skips the path-table section
 * - BENCH_OUT=bench/out/RESULTS.md writes the results (and the chart, next to it) elsewhere
 * - BENCH_PYTHON=/usr/bin/python3  the Python with pandas (default: python3, then /usr/bin/python3)
 * - BENCH_PEER_MAX=10000000        the largest size the pandas peer runs on (it holds the whole
 *                                  CSV as Python strings: several GB at 10M events)
 * Timings are indicative: this machine is shared.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  fullMs,
  label,
  machine,
  resultsMd,
  type LoadRow,
  type PathResult,
  type SizeResult,
} from './bench/report';
import { demoCsv, demoParquet, pathTableFile, ROOT } from './bench/data';
import { nativeCounts, nativePaths, nativeRuns } from './bench/native';
import { PORT, tabAnalysis, tabLoad, tabPaths } from './bench/tab';
import { compareCounts, findPython, PANDAS_MISSING, runPeer } from './bench/peer';
import { chartSvg, writeChartPng, type Series } from './bench/chart';
import { shellSize, shellTiming, type ShellSize, type ShellTiming } from './bench/shell';

const DATA = path.resolve(ROOT, '../shared/data');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUNS_10M = Number(process.env.BENCH_RUNS_10M ?? RUNS);
const OUT_MD = path.resolve(ROOT, process.env.BENCH_OUT ?? 'bench/RESULTS.md');
const CHART = path.join(path.dirname(OUT_MD), 'time-vs-events.png');
const PEER_MAX = Number(process.env.BENCH_PEER_MAX ?? 10_000_000);

function sizes(): number[] {
  const env = process.env.BENCH_SIZES;
  let list = env
    ? env.split(',').map((s) => Number(s.trim()))
    : [1_000_000, ...(process.env.BENCH_10M === '0' ? [] : [10_000_000])];
  if (process.env.BENCH_50M === '1') list.push(50_000_000);
  list = [...new Set(list)].sort((a, b) => a - b);
  for (const n of list)
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_SIZES: "${n}" is not an event count`);
  return list;
}

const mbOf = (file: string) => statSync(file).size / 2 ** 20;
const firstLine = (e: unknown) => String((e as Error).message ?? e).split('\n')[0];

/** Load only (file → overview), native 1 and 2 threads and the tab. */
async function loadRow(name: string, file: string, runs: number) {
  const n1 = await nativeRuns(file, 1, runs, { views: false });
  const n2 = await nativeRuns(file, 2, runs, { views: false });
  const row: LoadRow = { name, fileMB: mbOf(file), n1, n2 };
  try {
    row.tab = await tabLoad(file, runs);
  } catch (e) {
    row.tabError = firstLine(e);
  }
  return row;
}

async function benchSize(events: number, py: ReturnType<typeof findPython>, loadRows: LoadRow[]) {
  const runs = events >= 10_000_000 ? RUNS_10M : RUNS;
  const csv = await demoCsv(events);
  const parquet = await demoParquet(events);
  const tag = label(events);
  console.log(`bench: ${tag} events, CSV load`);
  const csvLoad = await loadRow(`demo ${tag} events (CSV)`, csv, runs);
  loadRows.push(csvLoad);
  console.log(`bench: ${tag} events, full analysis on Parquet`);
  const n1 = await nativeRuns(parquet, 1, runs, { views: true, counts: true });
  const n2 = await nativeRuns(parquet, 2, runs, { views: true });
  const z: SizeResult = {
    events,
    runs,
    csvMB: mbOf(csv),
    parquetMB: mbOf(parquet),
    n1: { views: n1.views!, peakMB: n1.peakMB },
    n2: { views: n2.views!, peakMB: n2.peakMB },
    tabCsvLoad: csvLoad.tab?.total,
    peerCheck: '',
  };
  try {
    z.tab = await tabAnalysis(parquet, runs);
  } catch (e) {
    z.tabError = firstLine(e);
  }
  loadRows.push({
    name: `demo ${tag} events (Parquet)`,
    fileMB: z.parquetMB,
    n1: { read: n1.read, prepare: n1.prepare, load: n1.load, peakMB: n1.peakMB },
    n2: { load: n2.load, peakMB: n2.peakMB },
    tab: z.tab && { total: z.tab.views.load, peakMB: z.tab.peakMB },
    tabError: z.tabError,
    fromAnalysis: true,
  });
  const engine = await nativeCounts(csv); // the engine's numbers on the peer's own file
  const notes: string[] = [];
  const formats = compareCounts(engine, n1.counts!);
  if (formats.length) notes.push(`engine CSV vs Parquet differ: ${formats.join('; ')}`);
  if (!py) z.peerCheck = PANDAS_MISSING;
  else if (events > PEER_MAX)
    z.peerCheck = `not run above ${label(PEER_MAX)} events (BENCH_PEER_MAX): pandas would hold the whole CSV in memory`;
  else {
    console.log(`bench: ${tag} events, pandas peer`);
    try {
      const peer = runPeer(py.python, csv, engine.brand, engine.asOf, runs);
      z.peer = peer;
      const d = compareCounts(engine, peer.counts);
      const n = Object.keys(engine.rfm.segments).length;
      z.peerCheck = d.length
        ? `differs: ${d.join('; ')}`
        : `agrees (${engine.brand}, T = ${engine.asOf}: 8 stage counts, ${engine.rfm.buyers} RFM buyers, users and revenue of 3 tiers and ${n} segments)`;
    } catch (e) {
      z.peerCheck = `peer failed: ${firstLine(e)}`;
    }
  }
  z.peerCheck = [z.peerCheck, ...notes].join('; ');
  console.log(JSON.stringify(z, null, 1));
  return z;
}

function chartSeries(results: SizeResult[]): Series[] {
  const pts = (f: (z: SizeResult) => number | undefined) =>
    results.flatMap((z) => {
      const ms = f(z);
      return ms === undefined ? [] : [{ events: z.events, ms }];
    });
  return [
    {
      name: 'tab (DuckDB-WASM)',
      color: '#d62728',
      points: pts((z) => z.tab && fullMs(z.tab.views)),
    },
    { name: 'native, 1 thread', color: '#1f77b4', points: pts((z) => z.n1 && fullMs(z.n1.views)) },
    { name: 'native, 2 threads', color: '#2ca02c', points: pts((z) => z.n2 && fullMs(z.n2.views)) },
    {
      name: 'pandas: CSV load + stages + RFM',
      color: '#9467bd',
      dashed: true,
      points: pts((z) => z.peer?.total),
    },
    {
      name: 'tab: CSV load + Stages + RFM',
      color: '#d62728',
      dashed: true,
      points: pts((z) =>
        z.tab && z.tabCsvLoad !== undefined
          ? z.tabCsvLoad + z.tab.views.stages + z.tab.views.rfm
          : undefined,
      ),
    },
  ];
}

async function main() {
  const list = sizes();
  const py = findPython();
  console.log(
    `bench: sizes ${list.join(', ')}; ${py ? `pandas ${py.version} (${py.python})` : PANDAS_MISSING}`,
  );
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
  const shell: { size: ShellSize; timing?: ShellTiming; error?: string } = {
    size: shellSize(path.join(ROOT, 'dist')),
  };
  console.log('bench: app shell');
  try {
    shell.timing = await shellTiming(`http://127.0.0.1:${PORT}/`, Math.max(5, RUNS));
  } catch (e) {
    shell.error = firstLine(e);
  }
  const loadRows: LoadRow[] = [];
  const results: SizeResult[] = [];
  let paths: PathResult | undefined;
  try {
    for (const n of list) results.push(await benchSize(n, py, loadRows));
    const uci = path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet');
    if (existsSync(uci)) {
      console.log('bench: UCI Online Retail');
      loadRows.push(await loadRow('UCI Online Retail (Parquet, 541,909 rows)', uci, RUNS));
    }
    if (process.env.BENCH_PATHS !== '0') {
      console.log('bench: path table, 50 channels, 1M paths');
      const file = await pathTableFile(1_000_000);
      try {
        paths = { ...(await nativePaths(file, RUNS)), tabMs: await tabPaths(file, RUNS) };
      } catch (e) {
        console.log(`bench: path table failed: ${firstLine(e)}`);
      }
    }
  } finally {
    server.kill();
  }
  mkdirSync(path.dirname(OUT_MD), { recursive: true });
  await writeChartPng(
    chartSvg('Full analysis time vs events (demo data)', chartSeries(results)),
    CHART,
  );
  const md = resultsMd({
    runs: RUNS,
    runs10M: RUNS_10M,
    machine: machine(py ? `pandas ${py.version}` : PANDAS_MISSING),
    loadRows,
    sizes: results,
    paths,
    chart: path.relative(path.dirname(OUT_MD), CHART),
    shell,
  });
  writeFileSync(OUT_MD, md);
  console.log(md);
  console.log(`bench: wrote ${path.relative(ROOT, OUT_MD)} and ${path.relative(ROOT, CHART)}`);
}

await main();
// Playwright and native DuckDB keep handles open; leave explicitly.
process.exit(0);
