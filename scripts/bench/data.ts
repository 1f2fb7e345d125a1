/**
 * Benchmark inputs, generated once and cached in the git-ignored bench/data: the seeded demo event
 * log as CSV (re-generated when the generator's sources change) and as Parquet (written from that
 * CSV by native DuckDB), and a synthetic path table.
 */
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateDemoCsv } from '../../src/lib/demo/generate';
import { quoteLiteral } from '../../src/lib/sql/ident';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DATA_DIR = path.join(ROOT, 'bench/data');
const GENERATOR_DIR = path.join(ROOT, 'src/lib/demo');

/** A stamp of the demo generator's sources: a cached file made by other code is made again. */
function generatorStamp(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(GENERATOR_DIR).sort())
    h.update(f).update(readFileSync(path.join(GENERATOR_DIR, f)));
  return h.digest('hex').slice(0, 16);
}

async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${file}.tmp`;
  const w = createWriteStream(tmp);
  for (const chunk of chunks)
    if (!w.write(chunk)) await new Promise<void>((r) => w.once('drain', () => r()));
  await new Promise<void>((r) => w.end(() => r()));
  renameSync(tmp, file); // an interrupted run leaves no half file under the real name
}

/** The demo generator's CSV (seed 42) with `events` rows, cached. */
export async function demoCsv(events: number): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const p = path.join(DATA_DIR, `demo-${events}.csv`);
  const stampFile = `${p}.stamp`;
  const stamp = generatorStamp();
  if (existsSync(p) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return p;
  console.log(`bench: generating ${path.relative(ROOT, p)}`);
  await writeChunks(p, generateDemoCsv({ events }));
  writeFileSync(stampFile, stamp);
  return p;
}

/**
 * The same events as zstd Parquet (122,880-row groups, DuckDB's default), written from the CSV by
 * native DuckDB with typed columns: time as TIMESTAMPTZ (UTC), amount DOUBLE, duration INTEGER.
 */
export async function demoParquet(events: number): Promise<string> {
  const csv = await demoCsv(events);
  const p = path.join(DATA_DIR, `demo-${events}.parquet`);
  if (existsSync(p) && statSync(p).mtimeMs >= statSync(csv).mtimeMs) return p;
  console.log(`bench: writing ${path.relative(ROOT, p)}`);
  const tmp = `${p}.tmp`;
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await inst.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    const types = `{'user_id': 'VARCHAR', 'event_time': 'TIMESTAMPTZ', 'action': 'VARCHAR', 'brand': 'VARCHAR', 'category': 'VARCHAR', 'channel': 'VARCHAR', 'source': 'VARCHAR', 'amount': 'DOUBLE', 'order_id': 'VARCHAR', 'duration_s': 'INTEGER'}`;
    await conn.run(
      `COPY (SELECT * FROM read_csv(${quoteLiteral(csv)}, header = true, types = ${types}))
       TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
    );
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  renameSync(tmp, p);
  return p;
}

/**
 * A synthetic interchange path table: `n` paths over 50 channels (c01…c50), 1–8 touches each,
 * 0–1 conversions with a value and 0–3 nulls; seeded, so every run reads the same file.
 */
export async function pathTableFile(n: number): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const p = path.join(DATA_DIR, `paths-50ch-${n}.csv`);
  if (existsSync(p)) return p;
  let seed = 20241111;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 2 ** 31) / 2 ** 31;
  function* lines(): Generator<string> {
    yield 'path,total_conversions,total_conversion_value,total_null\n';
    for (let i = 0; i < n; i++) {
      const k = 1 + Math.floor(rnd() * 8);
      const ch = Array.from(
        { length: k },
        () => `c${String(1 + Math.floor(rnd() * 50)).padStart(2, '0')}`,
      );
      const conv = rnd() < 0.3 ? 1 : 0;
      yield `${ch.join(' > ')},${conv},${conv ? (10 + rnd() * 90).toFixed(2) : 0},${Math.floor(rnd() * 4)}\n`;
    }
  }
  await writeChunks(p, lines());
  return p;
}
