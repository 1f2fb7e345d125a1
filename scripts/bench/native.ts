/**
 * Native measurements: the CLI engine (`@duckdb/node-api`), each run in its own child process
 * (scripts/bench/native-child.ts) so that the run's peak memory is the child's max RSS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NativeEngine } from '../../bin/lib/native';
import { runPathAttribution, pathAttributionRows } from '../../src/lib/report/paths';
import { markovFromTransitions } from '../../src/lib/attribution/markov';
import { median, medianViews, type NativeRun, type PeerCounts } from './common';
import { ROOT } from './data';

/** One child run; rejects with the child's stderr tail when it fails. */
function child(args: { file: string; threads: number; views: boolean; counts: boolean }) {
  return new Promise<NativeRun>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/bench/native-child.ts'), JSON.stringify(args)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as NativeRun);
      else
        reject(
          new Error(`native child exited ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`),
        );
    });
  });
}

/**
 * `runs` runs on `threads` threads: medians of read, prepare and (views) each view; the peak RSS
 * over the runs; the peer-check counts of the first run when asked for.
 */
export async function nativeRuns(
  file: string,
  threads: number,
  runs: number,
  opts: { views: boolean; counts?: boolean },
) {
  const all: NativeRun[] = [];
  for (let i = 0; i < runs; i++)
    all.push(await child({ file, threads, views: opts.views, counts: !!opts.counts && i === 0 }));
  const read = median(all.map((r) => r.read));
  const prepare = median(all.map((r) => r.prepare));
  return {
    read,
    prepare,
    load: median(all.map((r) => r.read + r.prepare)),
    views: opts.views ? medianViews(all.map((r) => r.views!)) : undefined,
    counts: all[0].counts as PeerCounts | undefined,
    peakMB: Math.max(...all.map((r) => r.maxRssMB)),
  };
}

/** The peer-check counts on `file` (one untimed child run, 2 threads). */
export async function nativeCounts(file: string): Promise<PeerCounts> {
  const r = await child({ file, threads: 2, views: false, counts: true });
  return r.counts as PeerCounts;
}

/** Path-table attribution: native (1 thread) total and the Markov solve alone (in process). */
export async function nativePaths(file: string, runs: number) {
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
  for (let i = 0; i < runs; i++) {
    const s0 = performance.now();
    markovFromTransitions(rows.transitions, res.report.attributed);
    solves.push(performance.now() - s0);
  }
  return { channels: res.report.channels.length, nativeMs, solveMs: median(solves) };
}
