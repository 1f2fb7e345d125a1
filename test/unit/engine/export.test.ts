/**
 * Exports must re-open with the same rows (duckdb-wasm#1987 once produced 1-byte files).
 * CSV goes through COPY … TO + copyFileToBuffer; Parquet through Arrow IPC + parquet-wasm,
 * because DuckDB-WASM has no Parquet writer without an extension.
 */
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from './node-engine';
import { toRows } from '../../../src/lib/engine/rows';
import type { EngineApi } from '../../../src/lib/engine/types';

let api: EngineApi;
const SQL = `SELECT i AS id, 'u' || lpad(CAST(i AS VARCHAR), 4, '0') AS user_id, i * 1.5 AS amount,
  CASE WHEN i % 3 = 0 THEN NULL ELSE 'a,"b"' END AS note FROM range(1, 1001) t(i)`;

beforeAll(async () => {
  api = await nodeEngine();
});

// In Node, DuckDB-WASM's COPY … TO writes a real file (and a tmp_ copy) into the working
// directory; the browser keeps it in memory. Leave the checkout as it was.
afterAll(() => {
  for (const f of readdirSync('.')) if (/^(tmp_)?export_\d+\.csv$/.test(f)) rmSync(f);
});

async function rows(sql: string) {
  const r = await api.query({ id: 't', sql });
  if (!r.ok) throw new Error(r.error.detail);
  return toRows(r.value);
}

describe('exportQuery', () => {
  it('CSV bytes re-open with the same 1,000 rows and values', async () => {
    const r = await api.exportQuery(SQL, 'csv');
    if (!r.ok) throw new Error(r.error.detail);
    const text = new TextDecoder().decode(r.value);
    expect(text.split('\n')[0]).toBe('id,user_id,amount,note');
    const ds = await api.registerFiles([new File([r.value as BlobPart], 'export.csv')]);
    if (!ds.ok) throw new Error(ds.error.message);
    expect(ds.value.rows).toBe(1000);
    // row 3: id 3, user u0003, amount 4.5, note NULL (3 % 3 = 0); row 4 keeps the quoted comma.
    const back = await rows(`SELECT * FROM "${ds.value.table}" WHERE id IN ('3', '4') ORDER BY id`);
    expect(back).toEqual([
      { id: '3', user_id: 'u0003', amount: '4.5', note: null },
      { id: '4', user_id: 'u0004', amount: '6.0', note: 'a,"b"' },
    ]);
  });

  it('Parquet bytes re-open with the same 1,000 rows and types', async () => {
    const r = await api.exportQuery(SQL, 'parquet');
    if (!r.ok) throw new Error(r.error.detail);
    expect([...r.value.slice(0, 4)]).toEqual([0x50, 0x41, 0x52, 0x31]);
    const ds = await api.registerFiles([new File([r.value as BlobPart], 'export.parquet')]);
    if (!ds.ok) throw new Error(ds.error.message);
    expect(ds.value.rows).toBe(1000);
    const back = await rows(
      `SELECT sum(id)::DOUBLE AS s, count(note)::INTEGER AS notes FROM "${ds.value.table}"`,
    );
    // 1 + … + 1000 = 500,500; notes are NULL for the 333 multiples of 3.
    expect(back).toEqual([{ s: 500500, notes: 667 }]);
  });
});
