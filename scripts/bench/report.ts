/** bench/RESULTS.md: the tables, the machine, the peer check and the chart link. */
import type { ShellSize, ShellTiming } from './shell';
import { execSync } from 'node:child_process';
import os from 'node:os';
import { mb, ms, sumViews, VIEW_NAMES, type ViewTimes } from './common';

/** One row of the load table (file chosen → overview). */
export interface LoadRow {
  name: string;
  fileMB: number;
  n1?: { read: number; prepare: number; load: number; peakMB: number };
  n2?: { load: number; peakMB: number };
  tab?: { total: number; peakMB: number };
  tabError?: string;
  /** The numbers come from the full-analysis runs (peaks over the whole analysis). */
  fromAnalysis?: boolean;
}

/** Everything measured for one demo size. */
export interface SizeResult {
  events: number;
  runs: number;
  csvMB: number;
  parquetMB: number;
  n1?: { views: ViewTimes; peakMB: number };
  n2?: { views: ViewTimes; peakMB: number };
  tab?: { views: ViewTimes; peakMB: number; idleMB: number };
  tabError?: string;
  /** Tab: CSV chosen → overview (ms), the pandas peer's comparison point with Stages + RFM. */
  tabCsvLoad?: number;
  peer?: { load: number; stages: number; rfm: number; total: number; peakMB: number };
  /** "agrees …", the differences, or why the peer did not run. */
  peerCheck: string;
}

export interface PathResult {
  channels: number;
  nativeMs: number;
  solveMs: number;
  tabMs: number;
}

export const label = (events: number) =>
  events >= 1e6 ? `${events / 1e6}M` : events >= 1e3 ? `${events / 1e3}k` : String(events);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '' : (a / b).toFixed(2);
const cell = (s: string) => s.replace(/\|/g, '/').replace(/\n/g, ' ');
/** Full analysis = load + every view (ms). */
export const fullMs = (v: ViewTimes) => v.load + sumViews(v);

export function machine(pandas: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let chromiumVersion: string;
  try {
    chromiumVersion = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`, {
      encoding: 'utf8',
    }).trim();
  } catch {
    chromiumVersion = 'chromium not found';
  }
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, ${chromiumVersion}, ${pandas}. The machine is shared with other work: absolute times vary by ±20%.`;
}

function loadTable(rows: LoadRow[]): string {
  const lines = rows.map((r) => {
    const n1 = r.n1 ? `${ms(r.n1.read)} + ${ms(r.n1.prepare)} = ${ms(r.n1.load)}` : '';
    const tab = r.tab ? ms(r.tab.total) : `failed: ${cell(r.tabError ?? '')}`;
    return `| ${r.name}${r.fromAnalysis ? ' ¹' : ''} | ${r.fileMB.toFixed(1)} | ${n1} | ${ms(r.n2?.load)} | ${tab} | ${ratio(r.tab?.total, r.n1?.load)} | ${mb(r.n1?.peakMB)} | ${mb(r.n2?.peakMB)} | ${mb(r.tab?.peakMB)} |`;
  });
  return `| file | MB | native 1 thread (read + prepare = total) | native 2 threads | tab | tab ÷ native 1 thread | peak MB native 1 | peak MB native 2 | peak MB tab |
|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}`;
}

function analysisTable(sizes: SizeResult[]): string {
  const lines: string[] = [];
  for (const z of sizes) {
    const cells = (v: ViewTimes) =>
      [v.load, ...VIEW_NAMES.map((k) => v[k]), sumViews(v), fullMs(v)].map(ms).join(' | ');
    const head = `${label(z.events)} (${z.runs} run${z.runs > 1 ? 's' : ''}; Parquet ${z.parquetMB.toFixed(1)} MB)`;
    lines.push(
      z.n1 ? `| ${head} | native 1 thread | ${cells(z.n1.views)} | | ${mb(z.n1.peakMB)} |` : '',
    );
    lines.push(z.n2 ? `| | native 2 threads | ${cells(z.n2.views)} | | ${mb(z.n2.peakMB)} |` : '');
    const r =
      z.tab && z.n1
        ? `${ratio(sumViews(z.tab.views), sumViews(z.n1.views))} / ${ratio(fullMs(z.tab.views), fullMs(z.n1.views))}`
        : '';
    lines.push(
      z.tab
        ? `| | tab | ${cells(z.tab.views)} | ${r} | ${mb(z.tab.peakMB)} |`
        : `| | tab | failed: ${cell(z.tabError ?? '')} |${' |'.repeat(VIEW_NAMES.length + 4)}`,
    );
  }
  return `| events | engine | load | Stages | Flow | Benchmark | RFM | Journeys | Attribution | Frequency | all views | load + views | tab ÷ native 1 thread (views / load + views) | peak MB |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${lines.filter(Boolean).join('\n')}`;
}

function memoryTarget(sizes: SizeResult[]): string {
  return sizes
    .map((z) => {
      const target = 1.5 * z.parquetMB + 500;
      const peak = z.tab?.peakMB;
      const verdict = peak === undefined ? 'tab failed' : peak <= target ? 'within' : 'over';
      const idle = z.tab
        ? `, ${z.tab.idleMB.toFixed(0)} MB of it with the app open before the file is chosen`
        : '';
      return `- ${label(z.events)}: Parquet ${z.parquetMB.toFixed(1)} MB → target ${target.toFixed(0)} MB; tab peak ${peak === undefined ? '—' : `${peak.toFixed(0)} MB`} (${verdict}${idle}${z.events === 10_000_000 ? ', the size the target is set for' : ''}).`;
    })
    .join('\n');
}

function peerTable(sizes: SizeResult[]): string {
  const lines = sizes.map((z) => {
    const tabSub =
      z.tab && z.tabCsvLoad !== undefined
        ? z.tabCsvLoad + z.tab.views.stages + z.tab.views.rfm
        : undefined;
    const p = z.peer;
    return `| ${label(z.events)} | ${ms(p?.load)} | ${ms(p?.stages)} | ${ms(p?.rfm)} | ${ms(p?.total)} | ${ms(tabSub)} | ${ratio(p?.total, tabSub)} | ${mb(p?.peakMB)} | ${cell(z.peerCheck)} |`;
  });
  return `| events | pandas: read CSV + clean | stages | RFM | pandas total | tab: CSV load + Stages + RFM | pandas ÷ tab | peak MB pandas | check against the engine |
|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}`;
}

export function resultsMd(o: {
  runs: number;
  runs10M: number;
  machine: string;
  loadRows: LoadRow[];
  sizes: SizeResult[];
  paths?: PathResult;
  chart: string;
  shell?: { size: ShellSize; timing?: ShellTiming; error?: string };
}): string {
  const date = new Date().toISOString().slice(0, 10);
  return `# Benchmarks

Produced by \`npm run bench\` (median of ${o.runs} run${o.runs > 1 ? 's' : ''}${o.runs10M !== o.runs ? `, ${o.runs10M} from 10M events on` : ''}, ms; ${date}).
Sizes: ${o.sizes.map((z) => label(z.events)).join(', ')} demo events (the demo generator, seed 42),
cached as CSV and zstd Parquet in the git-ignored \`bench/data\`.

Machine: ${o.machine}

Peak memory: native = max RSS of the child process that ran the measurement (each run is a
fresh \`node\` process: Node + DuckDB); tab = the sum of PSS over all of Chromium's processes
(browser, renderers, GPU, utilities), sampled every 0.5 s during the run, a fresh browser per
run; pandas = max RSS of the Python process. The peak is the highest over the runs.

${shellMd(o.shell)}
## Load: file chosen → overview

Task: load the file, detect the layout, build the canonical events with the DOMAIN.md §1 cleaning
rules, orders and refunds, and compute the overview — the path from "file chosen" to "overview ready".
Native = the CLI engine (\`@duckdb/node-api\`; read = the file into a table, prepare = the rest).
Tab = headless Chromium, DuckDB-WASM (eh bundle) in our worker, file given through the file input;
time from setInputFiles to the overview being on screen (includes rendering).
¹ Parquet rows come from the full-analysis runs below: the same load, and peaks over the whole analysis.

${loadTable(o.loadRows)}

## Analysis views (DOMAIN.md §2–§9)

Demo data as Parquet, the biggest brand, T = the last date, flow over the 30 days before T (the
tab's defaults). Each column is the work of one view: **Stages** = asset scale (§2–§3) + brand vs
category average at T (§5); **Flow** = the §4 flow (matrix, per stage, GMV contribution);
**Benchmark** = the §5 benchmark with the flow of every averaged brand + mindshare and DeEP;
**RFM** = §9 with the defaults (scores, thresholds, tiers, segments, R × F grid);
**Journeys** = §6 over the period and the previous one, with the journey Sankey paths;
**Attribution** = §7 conversions, triggers, touchpoints and all six models (overall and per
from-stage); **Frequency** = §8 exposure buckets, channel counts and top combinations.
Tab: from the click on the view to its data on screen; "all views" is their sum; "load + views"
is the full analysis. Load = file chosen → overview (ms).

${analysisTable(o.sizes)}

Tab memory target: peak ≤ 1.5 × Parquet size + 500 MB (set for 10M events):

${memoryTarget(o.sizes)}

## Peer: pandas (§2 stages and §9 RFM)

\`bench/peers/deeplink_pandas.py\` is what an analyst would otherwise script with pandas
(Debian's python3-pandas): read the demo CSV, apply the §1 cleaning that stages and RFM need,
then the §2 stage counts and the §9 RFM tiers and segments with the defaults, for the same
brand and T. It is a peer for comparison, not product code. The check compares its stage
counts, RFM buyers, and users and revenue per tier and per segment with the engine's
(\`runStages\` / \`runRfm\`, native, on the same CSV). The tab side of the ratio is the same
work in the app: CSV chosen → overview, plus the Stages and RFM views (the Stages view also
computes per-source counts and the category average, so the tab does a little more).

${peerTable(o.sizes)}

## Time vs events

![Full analysis time vs events](${o.chart})

Solid: the full analysis (load + all views) on Parquet. Dashed: CSV load + stages + RFM only
(pandas, and the tab doing the same).

## Attribution on an aggregated path table (DOMAIN.md §7)

A synthetic interchange path table (\`bench/data/paths-50ch-1000000.csv\`, seeded): 1,000,000
paths over 50 channels, 1–8 touches each. Native = \`runPathAttribution\` on 1 thread (checks,
heuristic credits, transitions, reach in SQL + the Markov solve); solve = the exact Markov
removal-effect solve alone on the aggregated transitions (JS, the code the tab runs); tab = file
chosen → attribution tables on screen (load included).

| channels | native 1 thread | Markov solve | tab (load + all models) |
|---|---|---|---|
${o.paths ? `| ${o.paths.channels} | ${ms(o.paths.nativeMs)} | ${o.paths.solveMs.toFixed(1)} | ${ms(o.paths.tabMs)} |` : '| not run (BENCH_PATHS=0) or failed | | | |'}

Absolute times vary by ±20% on this shared machine; ratios are more stable.
`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** The app shell: JS size gzipped and the time to interactive (issue #6 targets). */
function shellMd(shell?: { size: ShellSize; timing?: ShellTiming; error?: string }): string {
  if (!shell) return '';
  const { size, timing } = shell;
  return `## App shell

The built app's JavaScript, gzipped at level 9 as a static server sends it (the .wasm binaries,
${(size.wasmRaw / 2 ** 20).toFixed(1)} MB raw, left out as the target says), and the time from navigation
to the start screen taking a click, in a fresh headless Chromium on localhost (median of
${timing?.runs ?? 0} runs). The engine keeps starting in its worker after that.

| | measured | target |
|---|---|---|
| main-thread JS (the app) | ${kb(size.mainGz)} | ≤ 250 KB gzipped: ${size.mainGz <= 250 * 1024 ? 'met' : 'missed'} |
| engine worker JS (our worker + DuckDB-WASM's and parquet-wasm's JS glue) | ${kb(size.workerGz)} | |
| all JS | ${kb(size.totalGz)} (${(size.totalRaw / 2 ** 20).toFixed(2)} MB raw) | ≤ 250 KB gzipped: ${size.totalGz <= 250 * 1024 ? 'met' : 'missed'} |
| start screen interactive | ${timing ? `${timing.interactiveMs.toFixed(0)} ms` : `not measured: ${shell.error ?? ''}`} | < 1.5 s: ${timing ? (timing.interactiveMs < 1500 ? 'met' : 'missed') : '–'} |
| engine ready ("DuckDB-WASM ✓") | ${timing ? `${timing.engineMs.toFixed(0)} ms` : ''} | |
`;
}
