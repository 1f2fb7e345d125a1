import * as duckdb from 'duckdb-blocking';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import initParquet, { ParquetFile, Table as PqTable, writeParquet } from 'parquet-wasm/esm';
import pqWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { EngineDeps, SyncDb } from './api';
import { parquetSource } from './files';

let parquetReady: Promise<unknown> | null = null;
const parquet = () => (parquetReady ??= initParquet({ module_or_path: pqWasm }));

/** The tab's platform pieces: self-hosted wasm bundles, File handles read lazily, parquet-wasm. */
export const browserDeps: EngineDeps = {
  open: async (onProgress) => {
    const db = await duckdb.createDuckDB(
      {
        mvp: { mainModule: mvpWasm, mainWorker: '' },
        eh: { mainModule: ehWasm, mainWorker: '' },
      },
      new duckdb.VoidLogger(),
      duckdb.BROWSER_RUNTIME,
    );
    await db.instantiate((p) =>
      onProgress({ phase: 'download', bytesLoaded: p.bytesLoaded, bytesTotal: p.bytesTotal }),
    );
    db.open({
      query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true },
    });
    const features = await duckdb.getPlatformFeatures();
    return { db: db as unknown as SyncDb, bundle: features.wasmExceptions ? 'eh' : 'mvp' };
  },
  registerFile: async (db, name, file) => {
    // BROWSER_FILEREADER reads slices on demand: the file is never copied whole into wasm memory.
    (db as unknown as duckdb.DuckDBBindings).registerFileHandle(
      name,
      file,
      duckdb.DuckDBDataProtocol.BROWSER_FILEREADER,
      true,
    );
  },
  openParquet: async (file) => {
    await parquet();
    return parquetSource(await ParquetFile.fromFile(file));
  },
  writeParquet: async (ipc) => {
    await parquet();
    return writeParquet(PqTable.fromIPCStream(ipc));
  },
};
