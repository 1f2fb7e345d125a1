import type {
  ColumnInfo,
  ColumnTable,
  EngineApi,
  EngineInfo,
  IngestOptions,
  IngestProgress,
  InitProgress,
  QueryRequest,
  Result,
} from '../../src/lib/engine/types';
import { EngineError, toEngineError } from '../../src/lib/engine/errors';
import { toRows } from '../../src/lib/engine/rows';
import { buildDescribeSql } from '../../src/lib/sql/csv';
import { quoteIdent, quoteLiteral } from '../../src/lib/sql/ident';
import { inlineParams } from '../../src/lib/sql/params';
import type { BuiltSql } from '../../src/lib/sql/types';
import { generateDemoCsv } from '../../src/lib/demo/generate';
import { ipcStream, runCancellable, runIpc, yieldNow, type SyncConnection } from './exec';
import { ingestFiles, type IngestContext } from './ingest';
import type { ParquetSource } from './files';

/** The synchronous duckdb-wasm connection surface used here. */
export interface SyncConn extends SyncConnection {
  query(sql: string): { toArray(): unknown[] };
  insertArrowFromIPCStream(buf: Uint8Array, opts: { name: string; create: boolean }): void;
  close(): void;
}

/** The synchronous duckdb-wasm database surface used here. */
export interface SyncDb {
  connect(): SyncConn;
  registerFileBuffer(name: string, buf: Uint8Array): void;
  dropFile(name: string): void;
  copyFileToBuffer(name: string): Uint8Array;
  getVersion(): string;
}

/** Platform pieces injected into the API: the tab and the Node tests differ only here. */
export interface EngineDeps {
  open(
    onProgress: (p: InitProgress) => void,
  ): Promise<{ db: SyncDb; bundle: EngineInfo['bundle'] }>;
  registerFile(db: SyncDb, name: string, file: Blob): Promise<void>;
  openParquet(file: Blob): Promise<ParquetSource>;
  writeParquet(arrowIpcStream: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

async function wrap<T>(f: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return { ok: false, error: toEngineError(e).toData() };
  }
}

/** Statements run at open: never fetch an extension (no network, and no broken instance). */
export const SAFE_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];

/**
 * The tab's tables live in an in-memory database with compression (DuckDB ≥ 1.4; the default
 * in-memory database keeps the tables that statements create uncompressed). The wasm heap cannot
 * pass 4 GB, and the raw table and `events` stay resident while the dataset is open: at 1M demo
 * events they took 44 + 130 MB uncompressed and 19 + 14 MB compressed (10M: 303 MB for every
 * table together). Scans of the compressed tables were no slower in the views. Unqualified names
 * resolve to this database after USE, so the SQL is the same everywhere. The CLI opens the same
 * database (bin/lib/native.ts): natively the time at 10M events was the same (45.6 s against 45.9 s),
 * and at 200M the uncompressed tables had spilled ≈ 50 GB before an 8 GB limit ran out. See
 * src/lib/report/prepare.ts for the whole load's numbers.
 */
export const MEMORY_SETTINGS = [`ATTACH ':memory:' AS af (COMPRESS)`, 'USE af'];

/** Implements EngineApi over an injected DuckDB; used by the worker and by Node tests. */
export function createEngineApi(deps: EngineDeps): EngineApi {
  let db: SyncDb | null = null;
  let conn: SyncConn | null = null;
  let info: EngineInfo | null = null;
  let seq = 0;
  // Table and file names use their own counter so that a restarted worker replaying the same
  // files gets the same names back.
  let nameSeq = 0;
  const cancelled = new Set<string>();
  /** Cancel marks kept (a Set iterates oldest first). */
  const MAX_MARKS = 1000;
  /** The statement executing now, and the long task (a load) it belongs to. */
  let running: string | null = null;
  let task: string | null = null;
  // One connection runs one statement at a time: overlapping pending queries on a connection
  // break each other, and views do fire overlapping requests.
  let lock: Promise<void> = Promise.resolve();
  async function serial<T>(f: () => Promise<T>): Promise<T> {
    const prev = lock;
    let release!: () => void;
    lock = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await f();
    } finally {
      release();
    }
  }
  const stopped = (what = 'The query') =>
    new EngineError('CANCELLED', `${what} was cancelled.`, 'Run it again when you are ready.');

  const need = (): SyncConn => {
    if (!conn)
      throw new EngineError(
        'INIT',
        'The engine is not ready yet.',
        'Wait for the engine to start, or reload the page.',
      );
    return conn;
  };

  function run(q: BuiltSql, id = `q${++seq}`): Promise<ColumnTable> {
    return serial(async () => {
      const c = need();
      if (cancelled.has(id)) throw stopped();
      running = id;
      try {
        return await runCancellable(c, inlineParams(q), () => cancelled.has(id));
      } finally {
        running = null;
      }
    });
  }

  /**
   * One statement of a request. A view's request sends several statements under one id, so a
   * cancel mark stays: every later statement of a cancelled request fails as CANCELLED too (a
   * stale run's clean-up must not drop the tables of the run that replaced it). Ids are never
   * reused; the oldest marks are forgotten past {@link MAX_MARKS}.
   */
  async function request(q: BuiltSql, id: string): Promise<ColumnTable> {
    return run(q, id);
  }

  const ctx = (id: string): IngestContext => ({
    run: (q) => run(q, id),
    registerFile: async (name, file) => {
      await deps.registerFile(db as SyncDb, name, file);
      return name;
    },
    dropFile: (name) => db?.dropFile(name),
    insertArrow: (ipc, table, create) =>
      need().insertArrowFromIPCStream(ipc, { name: table, create }),
    openParquet: (file) => deps.openParquet(file),
    nextId: () => ++nameSeq,
    isCancelled: () => cancelled.has(id),
  });

  const ingest = (
    files: (Blob & { name: string })[],
    opts: IngestOptions | undefined,
    onProgress?: (p: IngestProgress) => void,
    id = `ingest${++seq}`,
  ) => {
    task = id;
    return ingestFiles(ctx(id), files, opts, onProgress).finally(() => {
      cancelled.delete(id);
      task = null;
    });
  };

  /** The demo CSV, generated in chunks so that a cancel gets in between them. */
  async function demoFile(
    id: string,
    opts: { seed?: number; events?: number } | undefined,
  ): Promise<File> {
    const enc = new TextEncoder();
    const parts: Uint8Array[] = [];
    for (const chunk of generateDemoCsv({
      seed: opts?.seed ?? 42,
      events: opts?.events ?? 500_000,
    })) {
      parts.push(enc.encode(chunk));
      await yieldNow();
      if (cancelled.has(id)) {
        throw new EngineError(
          'CANCELLED',
          'Generating the demo data was cancelled.',
          'Load it again when you are ready.',
        );
      }
    }
    return new File(parts as BlobPart[], 'assetflow-demo.csv', { type: 'text/csv' });
  }

  return {
    init: (onProgress) =>
      wrap(async () => {
        if (info) return info;
        const t0 = performance.now();
        const opened = await deps.open(onProgress ?? (() => {}));
        db = opened.db;
        conn = db.connect();
        for (const s of [...SAFE_SETTINGS, ...MEMORY_SETTINGS]) conn.query(s);
        info = {
          duckdbVersion: db.getVersion(),
          bundle: opened.bundle,
          initMs: Math.round(performance.now() - t0),
        };
        onProgress?.({ phase: 'ready', bytesLoaded: 1, bytesTotal: 1 });
        return info;
      }),
    registerFiles: (files, opts, onProgress) =>
      wrap(() => ingest(files as (File & { name: string })[], opts, onProgress)),
    loadDemo: (opts, onProgress) =>
      wrap(async () => {
        const id = `demo${++seq}`;
        task = id;
        onProgress?.({
          phase: 'sniff',
          file: 'assetflow-demo.csv',
          fileIndex: 0,
          fileCount: 1,
          fraction: null,
          rows: null,
          elapsedMs: 0,
        });
        let file: File;
        try {
          file = await demoFile(id, opts);
        } catch (e) {
          cancelled.delete(id);
          task = null;
          throw e;
        }
        return ingest([file], { label: 'Assetflow demo' }, onProgress, id);
      }),
    describe: (table) =>
      wrap(async (): Promise<ColumnInfo[]> =>
        toRows(await run(buildDescribeSql(table))).map((r) => ({
          name: String(r.name),
          type: String(r.type),
        })),
      ),
    query: (req: QueryRequest) =>
      wrap(() => request({ sql: req.sql, params: req.params ?? [] }, req.id)),
    exec: (req: QueryRequest) =>
      wrap(async () => {
        await request({ sql: req.sql, params: req.params ?? [] }, req.id);
        return null;
      }),
    cancel: async (id) => {
      const targets = id === '*' ? [task, running].filter((x): x is string => x !== null) : [id];
      for (const x of targets) cancelled.add(x);
      for (const old of cancelled) {
        if (cancelled.size <= MAX_MARKS) break;
        cancelled.delete(old);
      }
      return id === '*' ? targets.length > 0 : running === id || task === id;
    },
    exportQuery: (sql, format) =>
      wrap(() =>
        serial(async () => {
          const c = need();
          if (format === 'parquet')
            return deps.writeParquet(ipcStream(await runIpc(c, sql, () => false)));
          const name = `export_${++seq}.csv`;
          c.query(`COPY (${sql}) TO ${quoteLiteral(name)} (HEADER, DELIMITER ',')`);
          try {
            return (db as SyncDb).copyFileToBuffer(name);
          } finally {
            db?.dropFile(name);
          }
        }),
      ),
    dropDataset: (table) =>
      wrap(() =>
        serial(async () => {
          need().query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
          return null;
        }),
      ),
    reset: () =>
      wrap(async () => {
        const c = need();
        const tables = c
          .query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)
          .toArray();
        for (const t of tables)
          c.query(
            `DROP TABLE IF EXISTS ${quoteIdent(String((t as { table_name: string }).table_name))}`,
          );
        return null;
      }),
  };
}
