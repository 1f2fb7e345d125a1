/**
 * `npm run bench:heap -- <file> [--analyze]`: the tab's engine (DuckDB-WASM's Node bundle with
 * parquet-wasm, the same EngineApi as the worker) loads a file, prepares `events` and runs the
 * overview, printing each statement's time and the wasm heap after it. DuckDB-WASM's heap only
 * grows and cannot pass 4 GB, so its size after a statement is the high-water mark so far: a
 * statement that raises it raised the tab's memory for good. `--analyze` adds the full analysis
 * (`assetflow analyze` for the largest brand at the last date, with the flow over the 30 days
 * before it; only statements that grew the heap or took over 0.5 s are listed). Used for the
 * memory figures of issue #6.
 */
import path from 'node:path';
import { fileFrom, nodeEngine } from '../test/unit/engine/node-engine';
import { inspectDataset } from '../src/lib/report/inspect';
import { analyzeDocument } from '../src/lib/report/analyze';
import { toRows } from '../src/lib/engine/rows';
import { shiftDays } from '../src/lib/state/dates';
import type { SqlRunner } from '../src/lib/report/runner';
import type { BuiltSql } from '../src/lib/sql/types';
import type { Result } from '../src/lib/engine/types';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:heap -- <events.csv|parquet> [--analyze]');
  process.exit(2);
}
let heapOf: () => number = () => 0;
// The unit tests' engine: DuckDB-WASM's Node bundle and parquet-wasm behind the worker's EngineApi.
const api = await nodeEngine((db) => {
  heapOf = () => Math.round(db.mod.HEAPU8.length / 2 ** 20);
});

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.message} ${r.error.detail ?? ''}`);
  return r.value;
}

const lines: { ms: number; mb: number; grew: number; sql: string }[] = [];
let seq = 0;
async function timed<T>(q: BuiltSql, f: () => Promise<Result<T>>): Promise<T> {
  const before = heapOf();
  const t0 = performance.now();
  const v = ok(await f());
  const mb = heapOf();
  lines.push({
    ms: performance.now() - t0,
    mb,
    grew: mb - before,
    sql: q.sql.replace(/\s+/g, ' ').slice(0, 90),
  });
  return v;
}
const runner: SqlRunner = {
  all: async (q) =>
    toRows(await timed(q, () => api.query({ sql: q.sql, params: q.params, id: `h${++seq}` }))),
  exec: async (q) => {
    await timed(q, () => api.exec({ sql: q.sql, params: q.params, id: `h${++seq}` }));
  },
};
const print = (only: (l: (typeof lines)[number]) => boolean = () => true) => {
  for (const l of lines.filter(only))
    console.log(
      `${Math.round(l.ms).toString().padStart(7)} ms ${String(l.mb).padStart(5)} MB ${(l.grew > 0 ? `+${l.grew}` : '').padStart(6)}  ${l.sql}`,
    );
  lines.length = 0;
};

const t0 = performance.now();
const ds = ok(await api.registerFiles([fileFrom(file)], {}));
console.log(
  `load ${path.basename(file)}: ${ds.rows.toLocaleString('en')} rows in ${Math.round(performance.now() - t0)} ms; heap ${heapOf()} MB`,
);
const report = await inspectDataset(runner, ds.table, ds.columns);
print();
console.log(
  `load + prepare + overview: ${Math.round(performance.now() - t0)} ms; ${report.meta.events.toLocaleString('en')} events; heap ${heapOf()} MB`,
);
if (process.argv.includes('--analyze')) {
  const t1 = performance.now();
  // The tab's defaults, as in the bench: the largest brand, T = the last date, flow over 30 days.
  const asOf = report.overview.dateTo as string;
  const from = shiftDays(asOf, -30, report.overview.dateFrom) as string;
  const brand = report.overview.brandList[0]?.brand;
  await analyzeDocument(runner, report, { brand, asOf, from, to: asOf });
  print((l) => l.grew > 0 || l.ms > 500);
  console.log(`analysis: ${Math.round(performance.now() - t1)} ms; heap ${heapOf()} MB`);
}
process.exit(0);
