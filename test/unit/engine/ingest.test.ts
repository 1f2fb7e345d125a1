/**
 * Ingestion of awkward files (test/fixtures/csv, test/fixtures/parquet; regenerate them with
 * `node test/fixtures/csv/make-fixtures.mjs`) and of the public data in ../shared/data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileFrom, nodeEngine } from './node-engine';
import { toRows } from '../../../src/lib/engine/rows';
import type { EngineErrorCode, EngineErrorData } from '../../../src/lib/engine/errors';
import type { DatasetInfo, EngineApi, IngestOptions } from '../../../src/lib/engine/types';
import { quoteIdent } from '../../../src/lib/sql/ident';
import { classifyFile } from '../../../workers/engine/files';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CSV = path.join(ROOT, 'test/fixtures/csv');
const PARQUET = path.join(ROOT, 'test/fixtures/parquet');
const DATA = path.resolve(ROOT, '../shared/data');
const HAS_DATA = existsSync(DATA);
const NO_DATA = HAS_DATA ? '' : ' [SKIPPED: ../shared/data is absent]';

const csv = (name: string) => fileFrom(path.join(CSV, name));
const parquet = (name: string, as?: string) => fileFrom(path.join(PARQUET, name), as);
const data = (name: string) => fileFrom(path.join(DATA, name));

let api: EngineApi;
beforeAll(async () => {
  api = await nodeEngine();
});

async function load(files: File[], opts?: IngestOptions, engine = api): Promise<DatasetInfo> {
  const r = await engine.registerFiles(files, opts);
  if (!r.ok)
    throw new Error(
      `expected a load, got ${r.error.code}: ${r.error.message} (${r.error.detail ?? ''})`,
    );
  return r.value;
}

/** Asserts a failed load: the code, a message naming the file, a non-empty hint. */
async function fails(
  files: File[],
  code: EngineErrorCode,
  named: string,
  engine = api,
): Promise<EngineErrorData> {
  const r = await engine.registerFiles(files);
  if (r.ok)
    throw new Error(
      `expected ${code}, but it loaded ${r.value.rows} rows, columns ${JSON.stringify(
        r.value.columns,
      )}, warnings ${JSON.stringify(r.value.warnings)}`,
    );
  expect(r.error.code, `${r.error.message} | ${r.error.detail ?? ''}`).toBe(code);
  expect(r.error.message).toContain(named);
  expect(r.error.hint.trim()).not.toBe('');
  return r.error;
}

const names = (d: DatasetInfo) => d.columns.map((c) => c.name);
const types = (d: DatasetInfo) => Object.fromEntries(d.detectedTypes.map((c) => [c.name, c.type]));

async function all(sql: string, engine = api): Promise<Record<string, unknown>[]> {
  const r = await engine.query({ id: 'test', sql });
  if (!r.ok) throw new Error(`${r.error.message}: ${r.error.detail}`);
  return toRows(r.value);
}
const column = async (d: DatasetInfo, col: string, engine = api) =>
  (
    await all(`SELECT ${quoteIdent(col)} AS v FROM ${quoteIdent(d.table)} ORDER BY rowid`, engine)
  ).map((r) => r.v);
const count = async (table: string, engine = api) =>
  Number((await all(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`, engine))[0].n);
const tables = async (engine = api) =>
  (
    await all(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`,
      engine,
    )
  ).map((r) => String(r.t));

describe('classifyFile', () => {
  const named = (p: string) => fileFrom(p);
  it('reads the kind from the first bytes, not from the name', async () => {
    expect(await classifyFile(named(path.join(CSV, 'semicolon.csv')))).toEqual({ kind: 'csv' });
    expect(await classifyFile(named(path.join(CSV, 'gz/events.csv.gz')))).toEqual({
      kind: 'csv.gz',
    });
    expect(await classifyFile(named(path.join(PARQUET, 'tiny.parquet')))).toEqual({
      kind: 'parquet',
    });
    expect(await classifyFile(named(path.join(CSV, 'utf16.csv')))).toEqual({
      kind: 'csv',
      encoding: 'utf-16',
    });
    await expect(classifyFile(named(path.join(CSV, 'zip-renamed.csv')))).rejects.toMatchObject({
      code: 'NOT_CSV',
    });
    await expect(classifyFile(named(path.join(CSV, 'empty.csv')))).rejects.toMatchObject({
      code: 'EMPTY_FILE',
    });
  });
});

describe('CSV files that load', () => {
  it('semicolon.csv: ";" delimiter, 3 rows, 4 columns', async () => {
    const d = await load([csv('semicolon.csv')]);
    expect(d.rows).toBe(3);
    expect(d.format).toBe('csv');
    expect(d.dialect?.delimiter).toBe(';');
    expect(d.dialect?.header).toBe(true);
    expect(types(d)).toEqual({
      user_id: 'VARCHAR',
      ts: 'VARCHAR',
      action: 'VARCHAR',
      price: 'DOUBLE',
    });
    expect(d.preview).toEqual([
      ['u1', '2024-01-01 10:00:00', 'view', '12.5'],
      ['u2', '2024-01-01 10:05:00', 'cart', '8.25'],
      ['u1', '2024-01-01 10:10:00', 'purchase', '12.5'],
    ]);
    expect(d.files).toEqual([{ name: 'semicolon.csv', bytes: 127, rows: 3 }]);
    expect(d.warnings).toEqual([]);
  });

  it('tab.tsv: tab delimiter, 4 rows', async () => {
    const d = await load([csv('tab.tsv')]);
    expect(d.rows).toBe(4);
    expect(d.dialect?.delimiter).toBe('\t');
    expect(names(d)).toEqual(['user_id', 'ts', 'action', 'brand']);
    expect(d.preview[1]).toEqual(['u2', '2024-01-01 10:05:00', 'cart', 'globex']);
    expect(await column(d, 'brand')).toEqual(['acme', 'globex', 'acme', 'initech']);
  });

  it('bom.csv: the UTF-8 BOM is not part of the first column name', async () => {
    const d = await load([csv('bom.csv')]);
    expect(d.rows).toBe(3);
    expect(names(d)).toEqual(['user_id', 'ts', 'action']);
    expect(d.columns[0].name.charCodeAt(0)).not.toBe(0xfeff);
    expect(await column(d, 'user_id')).toEqual(['u1', 'u2', 'u3']);
  });

  it('latin1.csv: ISO-8859-1 text is decoded (é, ü, £) with a warning', async () => {
    const d = await load([csv('latin1.csv')]);
    expect(d.rows).toBe(3);
    expect(names(d)).toEqual(['user_id', 'ts', 'action', 'brand', 'note']);
    expect(await column(d, 'brand')).toEqual(['Café Noir', 'Müller', 'Café Noir']);
    expect(await column(d, 'note')).toEqual(['price £5', 'crème brûlée', '£12.50 paid']);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/Latin-1/);
    expect(d.warnings[0]).toContain('latin1.csv');
  });

  it('utf16.csv: UTF-16LE with BOM and CRLF is decoded', async () => {
    const d = await load([csv('utf16.csv')]);
    expect(d.rows).toBe(3);
    expect(names(d)).toEqual(['user_id', 'ts', 'action', 'brand']);
    expect(await column(d, 'brand')).toEqual(['Café', 'Müller', 'Café']);
    expect(await column(d, 'user_id')).toEqual(['u1', 'u2', 'u3']);
  });

  it('crlf.csv: CRLF line endings give clean rows (no stray \\r)', async () => {
    const d = await load([csv('crlf.csv')]);
    expect(d.rows).toBe(3);
    expect(types(d)).toEqual({
      user_id: 'VARCHAR',
      ts: 'VARCHAR',
      action: 'VARCHAR',
      price: 'DOUBLE',
    });
    expect(d.preview).toEqual([
      ['u1', '2024-01-01 10:00:00', 'view', '1.5'],
      ['u2', '2024-01-01 10:05:00', 'cart', '2.5'],
      ['u3', '2024-01-01 10:10:00', 'purchase', '3.5'],
    ]);
    expect(d.preview.flat().some((v) => v?.includes('\r'))).toBe(false);
    expect(
      (await all(`SELECT sum(CAST(price AS DOUBLE)) AS s FROM ${quoteIdent(d.table)}`))[0].s,
    ).toBe(7.5);
  });

  it('leading-zeros.csv: ids and zips keep their zeros as text', async () => {
    const d = await load([csv('leading-zeros.csv')]);
    expect(d.rows).toBe(4);
    expect(types(d)).toEqual({
      user_id: 'VARCHAR',
      zip: 'VARCHAR',
      campaign: 'VARCHAR',
      ts: 'VARCHAR',
      action: 'VARCHAR',
      amount: 'DOUBLE',
    });
    expect(d.preview[0][0]).toBe('00123');
    expect(d.preview[0][1]).toBe('01234');
    expect(await column(d, 'user_id')).toEqual(['00123', '00456', '00789', '01000']);
    expect(await column(d, 'zip')).toEqual(['01234', '02139', '10001', '00501']);
    expect(await column(d, 'campaign')).toEqual(['7', '42', '0815', '12']);
  });

  it('leading zeros first seen after the sniffer sample are still kept as text, with a warning', async () => {
    let text = 'user_id,ts,action,campaign\n';
    for (let i = 0; i < 25_000; i++)
      text += `u${i % 97},2024-01-01 10:00:00,view,${1000 + (i % 50)}\n`;
    text += 'u1,2024-01-02 10:00:00,purchase,0815\n';
    const d = await load([new File([text], 'late-zeros.csv')]);
    expect(d.rows).toBe(25_001);
    expect(d.dialect?.sniffedTypes.find((c) => c.name === 'campaign')?.type).toBe('BIGINT');
    expect(types(d).campaign).toBe('VARCHAR');
    expect(
      await all(`SELECT campaign FROM ${quoteIdent(d.table)} WHERE action = 'purchase'`),
    ).toEqual([{ campaign: '0815' }]);
    expect(d.warnings.join(' ')).toMatch(/leading zeros: campaign/);
  });

  it('quoted-newlines.csv: embedded newline, comma and doubled quotes survive exactly', async () => {
    const d = await load([csv('quoted-newlines.csv')]);
    expect(d.rows).toBe(3);
    expect(names(d)).toEqual(['user_id', 'ts', 'action', 'comment']);
    expect(await column(d, 'comment')).toEqual([
      'Great, "really" great\nwould buy again',
      'plain',
      'a, b',
    ]);
    expect(d.preview[0][3]).toBe('Great, "really" great\nwould buy again');
    expect(await column(d, 'action')).toEqual(['review', 'view', 'purchase']);
  });

  it('mixed types (numeric for 30,000 rows, then "n/a"): all rows load, the column is text, with a warning', async () => {
    let text = 'user_id,ts,action,amount\n';
    for (let i = 0; i < 30_000; i++) text += `u${i % 97},2024-01-01 10:00:00,view,${i}\n`;
    for (let i = 0; i < 5; i++) text += `u${i},2024-01-02 10:00:00,purchase,n/a\n`;
    const d = await load([new File([text], 'mixed-types.csv')]);
    expect(d.rows).toBe(30_005);
    expect(names(d)).toEqual(['user_id', 'ts', 'action', 'amount']);
    expect(types(d).amount).toBe('VARCHAR');
    const t = quoteIdent(d.table);
    expect((await all(`SELECT count(*)::BIGINT AS n FROM ${t} WHERE amount = 'n/a'`))[0].n).toBe(5);
    expect(
      (await all(`SELECT amount FROM ${t} ORDER BY rowid LIMIT 2`)).map((r) => r.amount),
    ).toEqual(['0', '1']);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/text/);
  });

  it('gz/events.csv.gz: a gzipped CSV loads all 200 rows', async () => {
    const d = await load([csv('gz/events.csv.gz')]);
    expect(d.rows).toBe(200);
    expect(d.format).toBe('csv');
    expect(types(d)).toEqual({
      user_id: 'VARCHAR',
      ts: 'VARCHAR',
      action: 'VARCHAR',
      price: 'DOUBLE',
    });
    let sum = 0;
    for (let i = 0; i < 200; i++) sum += (i % 17) + 0.5;
    const t = quoteIdent(d.table);
    expect((await all(`SELECT sum(CAST(price AS DOUBLE)) AS s FROM ${t}`))[0].s).toBeCloseTo(
      sum,
      6,
    );
    expect(
      (await all(`SELECT count(*)::BIGINT AS n FROM ${t} WHERE action = 'purchase'`))[0].n,
    ).toBe(40);
    expect(d.preview[0]).toEqual(['u0', '2024-01-01 10:00:00', 'view', '0.5']);
  });

  it('ragged.csv: short rows are padded with NULL and the comma layout is still found', async () => {
    const d = await load([csv('ragged.csv')]);
    expect(d.dialect?.delimiter).toBe(',');
    expect(d.rows).toBe(5);
    expect(names(d).slice(0, 4)).toEqual(['user_id', 'ts', 'action', 'price']);
    expect(await column(d, 'user_id')).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(await column(d, 'action')).toEqual(['view', 'cart', 'purchase', 'view', 'view']);
    // stored as the text read; the detected type is DOUBLE
    expect(await column(d, 'price')).toEqual(['1.0', null, '3.0', '4.0', '5.0']);
    expect(types(d).price).toBe('DOUBLE');
  });

  it('duplicate-headers.csv: the second "id" is renamed and the user is warned', async () => {
    const d = await load([csv('duplicate-headers.csv')]);
    expect(d.rows).toBe(3);
    expect(names(d)).toEqual(['id', 'ts', 'action', 'id_1']);
    expect(await column(d, 'id')).toEqual(['u1', 'u2', 'u3']);
    expect(await column(d, 'id_1')).toEqual(['o1', 'o2', 'o3']);
    expect(d.warnings.join(' ')).toMatch(/repeat/);
  });
});

describe('Parquet files', () => {
  it('tiny.parquet: 5 rows in 2 row groups, types kept', async () => {
    const d = await load([parquet('tiny.parquet')]);
    expect(d.format).toBe('parquet');
    expect(d.dialect).toBeNull();
    expect(d.rows).toBe(5);
    expect(d.files).toEqual([{ name: 'tiny.parquet', bytes: d.bytes, rows: 5 }]);
    expect(types(d)).toEqual({
      user_id: 'VARCHAR',
      ts: 'VARCHAR',
      action: 'VARCHAR',
      price: 'DOUBLE',
      quantity: 'INTEGER',
    });
    expect(d.preview).toEqual([
      ['u1', '2024-01-01 10:00:00', 'view', '12.5', '1'],
      ['u2', '2024-01-01 10:05:00', 'cart', '8.25', '2'],
      ['u1', '2024-01-01 10:10:00', 'purchase', '12.5', '1'],
      ['u3', '2024-01-01 10:15:00', 'view', '3.0', '1'],
      ['u2', '2024-01-01 10:20:00', 'purchase', '8.25', '3'],
    ]);
  });
});

describe('files that fail', () => {
  it('empty.csv (0 bytes) → EMPTY_FILE', async () => {
    await fails([csv('empty.csv')], 'EMPTY_FILE', 'empty.csv');
  });

  it('header-only.csv → HEADER_ONLY', async () => {
    await fails([csv('header-only.csv')], 'HEADER_ONLY', 'header-only.csv');
  });

  it('not-csv.png (a real PNG) → NOT_CSV, says it is an image', async () => {
    const e = await fails([csv('not-csv.png')], 'NOT_CSV', 'not-csv.png');
    expect(e.message).toMatch(/PNG/);
  });

  it('zip-renamed.csv (a real zip) → NOT_CSV, says it is an archive', async () => {
    const e = await fails([csv('zip-renamed.csv')], 'NOT_CSV', 'zip-renamed.csv');
    expect(e.message).toMatch(/ZIP/);
  });

  it('binary.csv (random bytes with NULs) → NOT_CSV', async () => {
    const e = await fails([csv('binary.csv')], 'NOT_CSV', 'binary.csv');
    expect(e.message).toMatch(/binary/);
  });

  it('gz/truncated.csv.gz (gzip cut in half) → BAD_GZIP', async () => {
    await fails([csv('gz/truncated.csv.gz')], 'BAD_GZIP', 'truncated.csv.gz');
  });

  it('unterminated-quote.csv → CSV_PARSE (rows are not silently swallowed into one field)', async () => {
    await fails([csv('unterminated-quote.csv')], 'CSV_PARSE', 'unterminated-quote.csv');
  });

  it('truncated.parquet (cut in half) → BAD_PARQUET', async () => {
    await fails([parquet('truncated.parquet')], 'BAD_PARQUET', 'truncated.parquet');
  });

  it('a good file followed by an empty one → EMPTY_FILE naming the empty one', async () => {
    await fails([csv('multi/events-2024-01.csv'), csv('empty.csv')], 'EMPTY_FILE', 'empty.csv');
  });
});

describe('several files at once', () => {
  it('two CSVs of one layout become one dataset with the summed row count', async () => {
    const d = await load([csv('multi/events-2024-01.csv'), csv('multi/events-2024-02.csv')]);
    expect(d.rows).toBe(7);
    expect(await count(d.table)).toBe(7);
    expect(names(d)).toEqual(['user_id', 'ts', 'action', 'price']);
    expect(await column(d, 'user_id')).toEqual(['u1', 'u2', 'u3', 'u1', 'u4', 'u4', 'u5']);
    expect(d.files.map((f) => f.name)).toEqual(['events-2024-01.csv', 'events-2024-02.csv']);
    expect(d.bytes).toBe(d.files.reduce((a, f) => a + f.bytes, 0));
    expect(d.files.map((f) => f.rows)).toEqual([3, 4]);
  });

  it('two Parquet files of one layout become one dataset with the summed row count', async () => {
    const d = await load([parquet('tiny.parquet'), parquet('tiny.parquet', 'tiny-copy.parquet')]);
    expect(d.rows).toBe(10);
    expect(await count(d.table)).toBe(10);
    expect(d.files.map((f) => [f.name, f.rows])).toEqual([
      ['tiny.parquet', 5],
      ['tiny-copy.parquet', 5],
    ]);
  });

  it('two CSVs with different columns → LAYOUT_MISMATCH', async () => {
    await fails(
      [csv('multi/events-2024-01.csv'), csv('multi/other-layout.csv')],
      'LAYOUT_MISMATCH',
      'other-layout.csv',
    );
  });

  it('a CSV with a Parquet file → LAYOUT_MISMATCH', async () => {
    const r = await api.registerFiles([csv('multi/events-2024-01.csv'), parquet('tiny.parquet')]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('LAYOUT_MISMATCH');
    expect(r.error.hint.trim()).not.toBe('');
  });
});

describe('after a failure', () => {
  const bad: [string, () => File[], EngineErrorCode][] = [
    ['empty.csv', () => [csv('empty.csv')], 'EMPTY_FILE'],
    ['header-only.csv', () => [csv('header-only.csv')], 'HEADER_ONLY'],
    ['not-csv.png', () => [csv('not-csv.png')], 'NOT_CSV'],
    ['zip-renamed.csv', () => [csv('zip-renamed.csv')], 'NOT_CSV'],
    ['binary.csv', () => [csv('binary.csv')], 'NOT_CSV'],
    ['truncated.csv.gz', () => [csv('gz/truncated.csv.gz')], 'BAD_GZIP'],
    ['unterminated-quote.csv', () => [csv('unterminated-quote.csv')], 'CSV_PARSE'],
    ['truncated.parquet', () => [parquet('truncated.parquet')], 'BAD_PARQUET'],
    [
      'tiny.parquet + truncated.parquet',
      () => [parquet('tiny.parquet'), parquet('truncated.parquet')],
      'BAD_PARQUET',
    ],
    [
      'csv + other layout',
      () => [csv('multi/events-2024-01.csv'), csv('multi/other-layout.csv')],
      'LAYOUT_MISMATCH',
    ],
  ];

  it('the engine still works: earlier tables answer and the next good load succeeds', async () => {
    const engine = await nodeEngine();
    const first = await load([csv('semicolon.csv')], undefined, engine);
    for (const [label, files] of bad) {
      await engine.registerFiles(files());
      expect(await count(first.table, engine), `after ${label}`).toBe(3);
      const next = await load([csv('crlf.csv')], undefined, engine);
      expect(next.rows, `load after ${label}`).toBe(3);
      expect(await count(next.table, engine)).toBe(3);
    }
    expect(await count(first.table, engine)).toBe(3);
  });

  describe('no partial dataset table is left behind', () => {
    let engine: EngineApi;
    beforeAll(async () => {
      engine = await nodeEngine();
      await load([csv('semicolon.csv')], undefined, engine);
    });
    // Whether each file fails at all is asserted above; here only what a failure leaves behind.
    it.each(bad)('%s', async (_label, files) => {
      const before = await tables(engine);
      const r = await engine.registerFiles(files());
      const expected = r.ok ? [...before, r.value.table].sort() : before;
      expect(await tables(engine)).toEqual(expected);
    });
  });
});

describe('public data (../shared/data)', () => {
  it.skipIf(!HAS_DATA)(`REES46 csv.gz: 17,424 rows${NO_DATA}`, async () => {
    const d = await load([data('rees46_multicategory_2019-10-01_0000-0250utc.csv.gz')]);
    expect(d.rows).toBe(17_424);
    expect(types(d)).toEqual({
      event_time: 'VARCHAR',
      event_type: 'VARCHAR',
      product_id: 'BIGINT',
      category_id: 'BIGINT',
      category_code: 'VARCHAR',
      brand: 'VARCHAR',
      price: 'DOUBLE',
      user_id: 'BIGINT',
      user_session: 'VARCHAR',
    });
    // 19-digit category ids survive exactly (BIGINT, previewed as text).
    expect(d.preview[0][3]).toBe('2103807459595387724');
    expect(d.preview[0][0]).toBe('2019-10-01 00:00:00 UTC');
  });

  it.skipIf(!HAS_DATA)(
    `Taobao csv.gz (no header): 84,287 rows, columns column0..column4${NO_DATA}`,
    async () => {
      const d = await load([data('taobao_userbehavior_first814users.csv.gz')]);
      expect(d.rows).toBe(84_287);
      expect(d.dialect?.header).toBe(false);
      expect(names(d)).toEqual(['column0', 'column1', 'column2', 'column3', 'column4']);
      expect(d.preview[0]).toEqual(['1', '2268318', '2520377', 'pv', '1511544070']);
    },
  );

  it.skipIf(!HAS_DATA)(`UCI Online Retail parquet: 541,909 rows${NO_DATA}`, async () => {
    const d = await load([data('uci_online_retail_2010-12_2011-12.parquet')]);
    expect(d.rows).toBe(541_909);
    expect(d.format).toBe('parquet');
    expect(types(d)).toEqual({
      InvoiceNo: 'VARCHAR',
      StockCode: 'VARCHAR',
      Description: 'VARCHAR',
      Quantity: 'BIGINT',
      InvoiceDate: 'VARCHAR',
      UnitPrice: 'DOUBLE',
      CustomerID: 'DOUBLE',
      Country: 'VARCHAR',
    });
  });

  it.skipIf(!HAS_DATA)(`UCI Online Retail II parquet: 525,461 rows${NO_DATA}`, async () => {
    const d = await load([data('uci_online_retail_ii_2009-12_2010-12.parquet')]);
    expect(d.rows).toBe(525_461);
    expect(names(d)).toEqual([
      'Invoice',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'Price',
      'Customer ID',
      'Country',
    ]);
  });
});
