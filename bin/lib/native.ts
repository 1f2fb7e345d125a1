import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { openAsBlob } from 'node:fs';
import { resolve, basename } from 'node:path';
import { tmpdir } from 'node:os';
import type { ColumnTable, DatasetInfo, IngestOptions } from '../../src/lib/engine/types';
import { EngineError } from '../../src/lib/engine/errors';
import { inlineParams } from '../../src/lib/sql/params';
import { quoteIdent, quoteLiteral } from '../../src/lib/sql/ident';
import type { BuiltSql } from '../../src/lib/sql/types';
import { normalizeValue, type Row, type SqlRunner } from '../../src/lib/report/runner';
import { ingestFiles } from '../../workers/engine/ingest';
import { MEMORY_SETTINGS, SAFE_SETTINGS } from '../../workers/engine/api';

/** Options for the native engine. */
export interface NativeOptions {
  threads?: number;
  memoryLimit?: string;
  tempDir?: string;
}

/** Native DuckDB behind the same SqlRunner as the tab; SQL text is inlined exactly as in the worker. */
export class NativeEngine {
  private seq = 0;
  private constructor(
    private readonly inst: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Closes the connection and the database. */
  close(): void {
    this.conn.closeSync();
    this.inst.closeSync();
  }

  /** Opens an in-memory database that may spill to `tempDir`. */
  static async open(opts: NativeOptions = {}): Promise<NativeEngine> {
    const config: Record<string, string> = { threads: String(opts.threads ?? 2) };
    if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
    config.temp_directory = opts.tempDir ?? resolve(tmpdir(), 'assetflow-duckdb');
    const inst = await DuckDBInstance.create(':memory:', config);
    const conn = await inst.connect();
    // The tab's compressed in-memory database here too: at 200M events the uncompressed tables
    // alone were ≈ 50 GB of spill, and an 8 GB limit ran out of memory (issue #6).
    for (const s of [...SAFE_SETTINGS, ...MEMORY_SETTINGS]) await conn.run(s);
    // Native DuckDB ships ICU: pin the session zone so TIMESTAMPTZ → TIMESTAMP is UTC, as in the tab.
    await conn.run(`SET TimeZone = 'UTC'`);
    return new NativeEngine(inst, conn);
  }

  /** Runs one statement and returns plain rows. */
  async rows(q: BuiltSql): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(inlineParams(q));
    return reader.getRowObjectsJS().map((r) => {
      const o: Row = {};
      for (const [k, v] of Object.entries(r)) o[k] = normalizeValue(v);
      return o;
    });
  }

  /** Runs one statement and returns a column-major table. */
  async table(q: BuiltSql): Promise<ColumnTable> {
    const reader = await this.conn.runAndReadAll(inlineParams(q));
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const rows = reader.getRowObjectsJS();
    const data: ColumnTable['data'] = {};
    for (const n of names) data[n] = rows.map((r) => normalizeValue(r[n]));
    return {
      columns: names.map((n, i) => ({ name: n, type: String(types[i]) })),
      data,
      rowCount: rows.length,
    };
  }

  /** The shared-report runner. */
  runner(): SqlRunner {
    return {
      all: (q) => this.rows(q),
      exec: async (q) => void (await this.conn.run(inlineParams(q))),
    };
  }

  /** Loads files from disk into one dataset with the tab's ingestion logic (native Parquet reader). */
  async loadFiles(paths: string[], opts: IngestOptions = {}): Promise<DatasetInfo> {
    const files = await Promise.all(
      paths.map(async (p) => {
        let blob: Blob;
        try {
          blob = await openAsBlob(p);
        } catch {
          throw new EngineError(
            'EMPTY_FILE',
            `Cannot open "${p}".`,
            'Check the path and that the file is readable.',
          );
        }
        return Object.assign(blob, { name: basename(p), path: resolve(p) });
      }),
    );
    const byName = new Map<string, string>();
    return ingestFiles(
      {
        run: (q) => this.table(q),
        registerFile: async (name, file) => {
          const path = (file as Blob & { path: string }).path;
          byName.set(name, path);
          return path;
        },
        dropFile: () => {},
        insertArrow: () => {
          throw new Error('not used natively');
        },
        openParquet: () => Promise.reject(new Error('not used natively')),
        loadParquetNative: async (path, table, create) => {
          const src = `read_parquet(${quoteLiteral(path)})`;
          await this.conn.run(
            create
              ? `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${src}`
              : `INSERT INTO ${quoteIdent(table)} SELECT * FROM ${src}`,
          );
          const r = await this.rows({ sql: `SELECT count(*) AS n FROM ${src}`, params: [] });
          return Number(r[0]?.n ?? 0);
        },
        nextId: () => ++this.seq,
      },
      files,
      { label: opts.label ?? basename(paths[0]), ...opts },
    );
  }
}
