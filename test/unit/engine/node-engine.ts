/** The EngineApi on DuckDB-WASM's Node bundle and parquet-wasm's Node build, for unit tests. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEngineApi, type SyncDb } from '../../../workers/engine/api';
import { parquetSource } from '../../../workers/engine/files';
import type { EngineApi } from '../../../src/lib/engine/types';

const require = createRequire(import.meta.url);

/**
 * A fresh engine backed by the wasm engine in Node. `onOpen` gets the opened database (its `mod`
 * is the emscripten module: `npm run bench:heap` reads the wasm heap's size from it).
 */
export async function nodeEngine(
  onOpen?: (db: SyncDb & { mod: { HEAPU8: Uint8Array } }) => void,
): Promise<EngineApi> {
  const duckdb = require('@duckdb/duckdb-wasm/blocking');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/blocking'));
  const pq = require('parquet-wasm/node');
  const api = createEngineApi({
    open: async () => {
      const db = await duckdb.createDuckDB(
        {
          mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
          eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
        },
        new duckdb.VoidLogger(),
        duckdb.NODE_RUNTIME,
      );
      await db.instantiate();
      db.open({
        query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true },
      });
      onOpen?.(db);
      return { db: db as SyncDb, bundle: 'node' };
    },
    registerFile: async (db, name, file) =>
      db.registerFileBuffer(name, new Uint8Array(await file.arrayBuffer())),
    openParquet: async (file) =>
      parquetSource(
        await pq.ParquetFile.fromFile(new Blob([new Uint8Array(await file.arrayBuffer())])),
      ),
    writeParquet: (ipc) => pq.writeParquet(pq.Table.fromIPCStream(ipc)),
  });
  const r = await api.init();
  if (!r.ok) throw new Error(r.error.message);
  return api;
}

/** A File from a path on disk. */
export function fileFrom(p: string, name = path.basename(p)): File {
  return new File([readFileSync(p)], name);
}
