/**
 * Issue #7 item 1: the bad-input corpus. One table-driven test per case; each asserts the exact
 * user-facing outcome (an EngineError's message and hint, the mapping issues the app shows, or the
 * cleaning counts and warnings of a load that succeeds) and then that the engine still loads and
 * inspects a good file. Small fixtures live in test/fixtures/bad (regenerate them with
 * `node test/fixtures/bad/make-fixtures.mjs`); big ones and Parquet are generated here.
 */
import {
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeEngine } from './node-engine';
import { toRows } from '../../../src/lib/engine/rows';
import { EngineError, toEngineError, type EngineErrorCode } from '../../../src/lib/engine/errors';
import type { DatasetInfo, EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { detectDataset, inspectDataset, type InspectReport } from '../../../src/lib/report/inspect';
import type { CleaningReport } from '../../../src/lib/report/prepare';
import { checkMappingAgainstColumns, validateConfig } from '../../../src/lib/mapping/config';
import { isPathTable } from '../../../src/lib/attribution/paths';
import { runPathAttribution } from '../../../src/lib/report/paths';
import { main } from '../../../bin/cli';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BAD = path.join(ROOT, 'test/fixtures/bad');
const fixture = (n: string) => new File([readFileSync(path.join(BAD, n))], n);

let api: EngineApi;
beforeAll(async () => {
  api = await nodeEngine();
});

/** The app's runner: failed statements surface as EngineErrors (src/lib/engine/client.ts). */
function runner(e: EngineApi): SqlRunner {
  return {
    all: async (q) => {
      const r = await e.query({ id: 'bad', sql: q.sql, params: q.params });
      if (!r.ok) throw toEngineError(r.error);
      return toRows(r.value);
    },
    exec: async (q) => {
      const r = await e.exec({ id: 'bad', sql: q.sql, params: q.params });
      if (!r.ok) throw toEngineError(r.error);
    },
  };
}

/** What the user sees after dropping files, following the app (src/lib/state/app.svelte.ts). */
type Outcome =
  | { kind: 'error'; code: EngineErrorCode; message: string; hint: string }
  | { kind: 'mapping'; ds: DatasetInfo; issues: string[] }
  | { kind: 'paths'; ds: DatasetInfo; issues: string[]; malformed: number; conversions: number }
  | { kind: 'ok'; ds: DatasetInfo; report: InspectReport };

async function pipeline(files: File[], engine = api): Promise<Outcome> {
  const r = await engine.registerFiles(files);
  if (!r.ok)
    return { kind: 'error', code: r.error.code, message: r.error.message, hint: r.error.hint };
  const ds = r.value;
  const run = runner(engine);
  try {
    if (isPathTable(ds.columns.map((c) => c.name))) {
      const p = await runPathAttribution(run, { table: ds.table, columns: ds.columns });
      return {
        kind: 'paths',
        ds,
        issues: p.issues.map((i) => i.message),
        malformed: p.malformed,
        conversions: p.report.conversions,
      };
    }
    const det = await detectDataset(run, ds.table, ds.columns);
    const issues = checkMappingAgainstColumns(
      det.mapping,
      ds.columns.map((c) => c.name),
    );
    if (issues.length) return { kind: 'mapping', ds, issues: issues.map((i) => i.message) };
    return {
      kind: 'ok',
      ds,
      report: await inspectDataset(run, ds.table, ds.columns, det.mapping, det),
    };
  } catch (e) {
    // Anything thrown after a load must still be a typed error with a message and a hint.
    expect(e).toBeInstanceOf(EngineError);
    const x = e as EngineError;
    return { kind: 'error', code: x.code, message: x.message, hint: x.hint };
  }
}

const NO_INVALID = { missingUser: 0, missingTs: 0, badTs: 0, namedZone: 0, missingAction: 0 };
const ASK_USER = 'Choose the column that identifies a person (user_id).';
const ASK_TS = 'Choose the column that says when the event happened (ts).';
const ASK_ACTION =
  'Choose the column that holds the behaviour (action), or treat every row as one action.';
const CSV_HINT =
  'Check that it has one header line and one delimiter throughout; set the delimiter and header by hand in the import options and try again.';
const NOT_TABLE_HINT =
  'Drop a CSV file (optionally gzipped, .csv.gz) or a Parquet file. Save spreadsheets as CSV and unpack archives first.';
const LATIN1 = (n: string) =>
  `"${n}" is not valid UTF-8; it was read as Latin-1. If characters look wrong, re-export the file as UTF-8.`;
const BAD_AMOUNT = (n: number, example: string) =>
  `${n} purchase or refund ${n === 1 ? 'row has' : 'rows have'} an amount that is not a readable number (e.g. "${example}"); they count as an empty amount. Write amounts as plain numbers like 12.50, below 100 trillion.`;
const ODD_DATES = (n: number, lo: string, hi: string) =>
  `${n} ${n === 1 ? 'event is' : 'events are'} dated before 1970 or after 2100 (${lo} to ${hi}): check the time column and, for Unix times, the unit (seconds or milliseconds).`;

/** The expected outcome of one case. */
type Expected =
  | { error: { code: EngineErrorCode; message: string | RegExp; hint: string } }
  | { mapping: string[]; warnings?: string[]; columns?: string[] }
  | { paths: { issues: string[]; malformed: number; conversions: number } }
  | {
      ok: {
        rows: number;
        warnings?: string[];
        meta: Partial<CleaningReport>;
        check?: (ds: DatasetInfo, r: InspectReport) => void | Promise<void>;
      };
    };

interface FileCase {
  name: string;
  files: () => File[] | Promise<File[]>;
  expected: Expected;
}

/** Parquet bytes from Arrow columns (parquet-wasm, as the fixture generator does). */
function parquetBytes(columns: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const { Table, tableToIPC } = require('apache-arrow');
  const pq = require('parquet-wasm/node');
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(new Table(columns), 'stream')));
}
function halfPrecisionParquet(): Uint8Array<ArrayBuffer> {
  const { Float16, Utf8, vectorFromArray } = require('apache-arrow');
  return parquetBytes({
    user_id: vectorFromArray(['u1', 'u2'], new Utf8()),
    ts: vectorFromArray(['2024-01-01', '2024-01-02'], new Utf8()),
    action: vectorFromArray(['view', 'cart'], new Utf8()),
    score: vectorFromArray([1.5, 2.5], new Float16()),
  });
}
function goodParquet(): Uint8Array<ArrayBuffer> {
  const { Float64, Utf8, vectorFromArray } = require('apache-arrow');
  const text = (xs: string[]) => vectorFromArray(xs, new Utf8());
  const n = 200;
  return parquetBytes({
    user_id: text(Array.from({ length: n }, (_, i) => `u${i % 17}`)),
    ts: text(
      Array.from({ length: n }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`),
    ),
    action: text(Array.from({ length: n }, (_, i) => (i % 5 === 4 ? 'purchase' : 'view'))),
    amount: vectorFromArray(
      Array.from({ length: n }, (_, i) => i + 0.5),
      new Float64(),
    ),
  });
}

const WIDE_COLUMNS = 2_000;
function wideCsv(): File {
  const extra = Array.from({ length: WIDE_COLUMNS - 3 }, (_, i) => `c${i}`);
  let text = ['user_id', 'ts', 'action', ...extra].join(',') + '\n';
  for (let r = 0; r < 3; r++)
    text +=
      [
        `u${r}`,
        '2024-01-01 10:00:00',
        'view',
        ...extra.map((_, i) => (i === extra.length - 1 ? `0${r + 1}` : String(i + r))),
      ].join(',') + '\n';
  return new File([text], 'wide-2000-columns.csv');
}
function manyActionsCsv(): File {
  let text = 'user_id,ts,action\n';
  for (let i = 0; i < 10_000; i++) text += `u${i % 50},2024-01-01 10:00:00,act_${i}\n`;
  return new File([text], 'ten-thousand-actions.csv');
}

const CASES: FileCase[] = [
  {
    name: 'empty file (0 bytes)',
    files: () => [fixture('empty.csv')],
    expected: {
      error: {
        code: 'EMPTY_FILE',
        message: '"empty.csv" is empty (0 bytes).',
        hint: 'Export the data again: a file needs a header line and at least one data row.',
      },
    },
  },
  {
    name: 'header only',
    files: () => [fixture('header-only.csv')],
    expected: {
      error: {
        code: 'HEADER_ONLY',
        message: '"header-only.csv" has column names but no data rows.',
        hint: 'Export the data again with its rows; Assetflow needs at least one event.',
      },
    },
  },
  {
    name: 'blank lines only: no column can be mapped',
    files: () => [fixture('blank-lines.csv')],
    expected: { mapping: [ASK_USER, ASK_TS, ASK_ACTION], columns: ['column0'] },
  },
  {
    name: 'binary bytes named .csv',
    files: () => [fixture('binary.csv')],
    expected: {
      error: {
        code: 'NOT_CSV',
        message: '"binary.csv" is not a text table: it contains binary data.',
        hint: 'Drop a CSV file (optionally gzipped, .csv.gz) or a Parquet file.',
      },
    },
  },
  {
    name: 'PNG image named .csv',
    files: () => [fixture('png-image.csv')],
    expected: {
      error: {
        code: 'NOT_CSV',
        message: '"png-image.csv" is not a data table: it looks like a PNG image.',
        hint: NOT_TABLE_HINT,
      },
    },
  },
  {
    name: 'zip archive named .csv',
    files: () => [fixture('zip-archive.csv')],
    expected: {
      error: {
        code: 'NOT_CSV',
        message:
          '"zip-archive.csv" is not a data table: it looks like a ZIP archive (or an Excel .xlsx workbook).',
        hint: NOT_TABLE_HINT,
      },
    },
  },
  ...(['semicolon', 'tab', 'pipe'] as const).map((d): FileCase => ({
    name: `${d} delimiter`,
    files: () => [fixture(`${d}.csv`)],
    expected: {
      ok: {
        rows: 3,
        warnings: [],
        meta: { events: 3, droppedInvalid: 0, unmappedActions: 0, warnings: [] },
        check: (ds, r) => {
          expect(ds.dialect?.delimiter).toBe({ semicolon: ';', tab: '\t', pipe: '|' }[d]);
          expect(r.overview.money.gmv).toBe(12.5);
        },
      },
    },
  })),
  {
    name: 'mixed delimiters (comma and semicolon rows)',
    files: () => [fixture('mixed-delimiters.csv')],
    expected: {
      mapping: [ASK_USER, ASK_ACTION],
      columns: ['column0', 'column1', 'column2', 'column3'],
      warnings: [
        '3 rows of "mixed-delimiters.csv" were not split on ";" (e.g. "u1,2024-01-01 10:00:00,view,"): the file seems to mix delimiters. Set the delimiter by hand in the import options, or export the file again with one delimiter.',
      ],
    },
  },
  {
    name: 'ragged rows (short, long, a lone id)',
    files: () => [fixture('ragged-rows.csv')],
    expected: {
      ok: {
        rows: 4,
        warnings: [],
        meta: {
          events: 3,
          droppedInvalid: 1,
          invalid: { ...NO_INVALID, missingTs: 1 },
          warnings: [],
        },
        check: (ds) =>
          expect(ds.columns.map((c) => c.name)).toEqual([
            'user_id',
            'ts',
            'action',
            'amount',
            'column4',
            'column5',
          ]),
      },
    },
  },
  {
    name: 'quoted newlines (in a comment and in an id)',
    files: () => [fixture('quoted-newlines.csv')],
    expected: {
      ok: {
        rows: 2,
        warnings: [],
        meta: { events: 2, droppedInvalid: 0, warnings: [] },
        check: (ds) => {
          expect(ds.preview[0][3]).toBe('line one\nline two, with a comma');
          expect(ds.preview[1][0]).toBe('u2\n');
        },
      },
    },
  },
  {
    name: 'unterminated quote',
    files: () => [fixture('unterminated-quote.csv')],
    expected: {
      error: {
        code: 'CSV_PARSE',
        message: '"unterminated-quote.csv" could not be read as a CSV table.',
        hint: CSV_HINT,
      },
    },
  },
  {
    name: 'UTF-8 BOM',
    files: () => [fixture('utf8-bom.csv')],
    expected: {
      ok: {
        rows: 2,
        warnings: [],
        meta: { events: 2, warnings: [] },
        check: (ds) => expect(ds.columns[0].name).toBe('user_id'),
      },
    },
  },
  {
    name: 'UTF-16 LE with BOM',
    files: () => [fixture('utf16le-bom.csv')],
    expected: {
      ok: {
        rows: 2,
        warnings: [],
        meta: { events: 2, warnings: [] },
        check: (_ds, r) =>
          expect(r.overview.brandList.map((b) => b.brand).sort()).toEqual(['Café', 'Müller']),
      },
    },
  },
  {
    name: 'Latin-1 bytes',
    files: () => [fixture('latin1.csv')],
    expected: {
      ok: {
        rows: 2,
        warnings: [LATIN1('latin1.csv')],
        meta: { events: 2, warnings: [] },
        check: (_ds, r) =>
          expect(r.overview.brandList.map((b) => b.brand).sort()).toEqual(['Café', 'Müller']),
      },
    },
  },
  {
    name: 'duplicate column names',
    files: () => [fixture('duplicate-columns.csv')],
    expected: {
      ok: {
        rows: 2,
        warnings: ['Some column names repeat; the copies were renamed: user_id_1, ts_1.'],
        meta: { events: 2, warnings: [] },
        check: (_ds, r) =>
          expect(r.mapping.columns).toMatchObject({ user_id: 'user_id', ts: 'ts' }),
      },
    },
  },
  {
    name: 'no column that can be a user id',
    files: () => [fixture('no-user-column.csv')],
    expected: { mapping: [ASK_USER] },
  },
  {
    name: 'no column that can be a time',
    files: () => [fixture('no-time-column.csv')],
    expected: { mapping: [ASK_TS] },
  },
  {
    name: 'no column that can be an action',
    files: () => [fixture('no-action-column.csv')],
    expected: { mapping: [ASK_ACTION] },
  },
  {
    name: 'a single column',
    files: () => [fixture('single-column.csv')],
    expected: { mapping: [ASK_TS, ASK_ACTION] },
  },
  {
    name: 'unparseable dates',
    files: () => [fixture('unparseable-dates.csv')],
    expected: {
      ok: {
        rows: 5,
        meta: {
          events: 1,
          droppedInvalid: 4,
          invalid: { ...NO_INVALID, badTs: 3, missingTs: 1 },
          warnings: [],
        },
      },
    },
  },
  {
    name: 'every date unparseable: no events left',
    files: () => [fixture('only-bad-dates.csv')],
    expected: {
      ok: {
        rows: 2,
        meta: { events: 0, droppedInvalid: 2, invalid: { ...NO_INVALID, badTs: 2 } },
        check: (_ds, r) => expect([r.overview.dateFrom, r.overview.dateTo]).toEqual([null, null]),
      },
    },
  },
  {
    name: 'dates in the future (2150, 9999)',
    files: () => [fixture('future-dates.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: {
          events: 3,
          droppedInvalid: 0,
          warnings: [ODD_DATES(2, '2150-06-01', '9999-12-31')],
        },
        check: (_ds, r) => expect(r.overview.dateTo).toBe('9999-12-31'),
      },
    },
  },
  {
    name: 'dates before 1970',
    files: () => [fixture('before-1970.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: {
          events: 3,
          droppedInvalid: 0,
          warnings: [ODD_DATES(2, '1900-01-01', '1969-12-31')],
        },
        check: (_ds, r) => expect(r.overview.dateFrom).toBe('1900-01-01'),
      },
    },
  },
  {
    name: 'Unix seconds',
    files: () => [fixture('unix-seconds.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, warnings: [] },
        check: (_ds, r) => {
          expect(r.mapping.tsUnit).toBe('s');
          expect([r.overview.dateFrom, r.overview.dateTo]).toEqual(['2024-01-01', '2024-01-01']);
        },
      },
    },
  },
  {
    name: 'Unix milliseconds',
    files: () => [fixture('unix-milliseconds.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, warnings: [] },
        check: (_ds, r) => {
          expect(r.mapping.tsUnit).toBe('ms');
          expect([r.overview.dateFrom, r.overview.dateTo]).toEqual(['2024-01-01', '2024-01-01']);
        },
      },
    },
  },
  {
    name: 'mixed time zones (Z, +08:00, naive, Asia/Shanghai)',
    files: () => [fixture('mixed-time-zones.csv')],
    expected: {
      ok: {
        rows: 4,
        meta: {
          events: 3,
          droppedInvalid: 1,
          invalid: { ...NO_INVALID, namedZone: 1 },
          warnings: [
            '1 rows use a named time zone (like Asia/Shanghai), which is not supported: write times in UTC or with an offset such as +08:00.',
          ],
        },
        check: async () => {
          // Z, +08:00 and naive all mean 10:00 UTC.
          const ts = toRows(
            await expectOk(
              api.query({ id: 't', sql: `SELECT DISTINCT CAST(ts AS VARCHAR) AS t FROM events` }),
            ),
          );
          expect(ts).toEqual([{ t: '2024-01-01 10:00:00' }]);
        },
      },
    },
  },
  {
    name: 'named time zones only',
    files: () => [fixture('named-time-zone.csv')],
    expected: {
      ok: {
        rows: 2,
        meta: {
          events: 0,
          droppedInvalid: 2,
          invalid: { ...NO_INVALID, namedZone: 2 },
          warnings: [
            '2 rows use a named time zone (like Asia/Shanghai), which is not supported: write times in UTC or with an offset such as +08:00.',
          ],
        },
      },
    },
  },
  {
    name: 'negative amounts',
    files: () => [fixture('negative-amounts.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, moneyAvailable: true, warnings: [] },
        check: (_ds, r) =>
          // orders with a net amount ≤ 0 are no purchase occasions (DOMAIN.md §1)
          expect(r.overview.money).toMatchObject({ orders: 3, occasions: 1, gmv: 10 }),
      },
    },
  },
  {
    name: 'NaN amounts',
    files: () => [fixture('nan-amounts.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, moneyAvailable: true, warnings: [BAD_AMOUNT(2, 'NaN')] },
        check: (_ds, r) => expect(r.overview.money).toMatchObject({ orders: 3, gmv: 10 }),
      },
    },
  },
  {
    name: 'text amounts',
    files: () => [fixture('text-amounts.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, moneyAvailable: true, warnings: [BAD_AMOUNT(2, '$5')] },
        check: (_ds, r) => expect(r.overview.money).toMatchObject({ orders: 3, gmv: 10 }),
      },
    },
  },
  {
    name: 'huge amounts (1e30, 20 digits)',
    files: () => [fixture('huge-amounts.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, moneyAvailable: true, warnings: [BAD_AMOUNT(2, '1e30')] },
        check: (_ds, r) => expect(r.overview.money).toMatchObject({ orders: 3, gmv: 10 }),
      },
    },
  },
  {
    name: 'ids as floats (17850.0)',
    files: () => [fixture('float-ids.csv')],
    expected: {
      ok: {
        rows: 3,
        meta: { events: 3, warnings: [] },
        check: async (_ds, r) => {
          expect(r.overview.users).toBe(2);
          const ids = toRows(
            await expectOk(
              api.query({
                id: 't',
                sql: `SELECT DISTINCT user_id, order_id FROM events ORDER BY 1, 2`,
              }),
            ),
          );
          expect(ids).toEqual([
            { user_id: '13047.5', order_id: null },
            { user_id: '17850', order_id: '536365' },
            { user_id: '17850', order_id: '536366' },
          ]);
        },
      },
    },
  },
  {
    name: 'empty user, time and action cells',
    files: () => [fixture('empty-cells.csv')],
    expected: {
      ok: {
        rows: 4,
        meta: {
          events: 1,
          droppedInvalid: 3,
          invalid: { ...NO_INVALID, missingUser: 1, missingTs: 1, missingAction: 1 },
        },
      },
    },
  },
  {
    name: 'exact duplicate rows',
    files: () => [fixture('duplicate-rows.csv')],
    expected: { ok: { rows: 4, meta: { droppedDuplicates: 2, events: 2 } } },
  },
  {
    name: 'no action value maps to a canonical action',
    files: () => [fixture('only-unmapped-actions.csv')],
    expected: {
      ok: {
        rows: 2,
        meta: {
          events: 0,
          unmappedActions: 2,
          unmappedValues: [
            { value: 'smile', rows: 1 },
            { value: 'wave', rows: 1 },
          ],
        },
      },
    },
  },
  {
    name: '10,000 distinct action values (generated)',
    files: () => [manyActionsCsv()],
    expected: {
      ok: {
        rows: 10_000,
        meta: { events: 0, unmappedActions: 10_000, droppedInvalid: 0 },
        check: (_ds, r) => {
          expect(r.meta.unmappedValues.length).toBeGreaterThan(0);
          expect(r.mapping.actions).toEqual({});
        },
      },
    },
  },
  {
    name: `${WIDE_COLUMNS} columns (generated)`,
    files: () => [wideCsv()],
    expected: {
      ok: {
        rows: 3,
        warnings: [],
        meta: { events: 3, warnings: [] },
        check: (ds) => {
          expect(ds.columns).toHaveLength(WIDE_COLUMNS);
          const types = ds.detectedTypes.map((c) => c.type);
          expect(types.slice(3, -1).every((t) => t === 'BIGINT')).toBe(true);
          expect(types.at(-1)).toBe('VARCHAR');
        },
      },
    },
  },
  {
    name: 'truncated gzip',
    files: () => [fixture('truncated.csv.gz')],
    expected: {
      error: {
        code: 'BAD_GZIP',
        message:
          '"truncated.csv.gz" could not be decompressed: the gzip data is truncated or corrupt.',
        hint: 'Download or compress the file again, or load the uncompressed CSV.',
      },
    },
  },
  {
    name: 'Parquet with an unsupported type (half-precision float, generated)',
    files: () => [new File([halfPrecisionParquet()], 'float16.parquet')],
    expected: {
      error: {
        code: 'BAD_PARQUET',
        message: '"float16.parquet" has a column type Assetflow cannot read.',
        hint: 'Convert that column to text or a plain number (for example, half-precision floats to double) and export again, or save the file as CSV.',
      },
    },
  },
  {
    name: 'truncated Parquet (first half of the bytes, generated)',
    files: () => {
      const b = goodParquet();
      return [new File([b.subarray(0, Math.floor(b.length / 2))], 'truncated.parquet')];
    },
    expected: {
      error: {
        code: 'BAD_PARQUET',
        message: '"truncated.parquet" could not be read as Parquet: it looks truncated or corrupt.',
        hint: 'Export the file again, or save it as CSV.',
      },
    },
  },
  {
    name: 'path table with malformed paths',
    files: () => [fixture('malformed-paths.csv')],
    expected: {
      paths: {
        issues: [
          'Row 2: the path "a >  > b" has an empty step.',
          'Row 3: the path is empty.',
          'Row 4: total_conversions "-1" is negative.',
          'Row 5: total_conversions "two" is not a number.',
        ],
        malformed: 4,
        conversions: 2,
      },
    },
  },
];

async function expectOk<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const GOOD =
  'user_id,ts,action,amount\n' +
  'g1,2024-02-01 10:00:00,view,\n' +
  'g2,2024-02-01 11:00:00,cart,\n' +
  'g1,2024-02-02 10:00:00,purchase,9.5\n';

/** "The app stays usable": a good small CSV registers and inspects after the case. */
async function engineStillWorks(engine = api): Promise<void> {
  const o = await pipeline([new File([GOOD], 'good.csv')], engine);
  expect(o.kind).toBe('ok');
  if (o.kind !== 'ok') return;
  expect(o.report.meta.events).toBe(3);
  expect(o.report.overview.money.gmv).toBe(9.5);
}

describe('bad input files', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const o = await pipeline(await c.files());
    const e = c.expected;
    if ('error' in e) {
      expect(o.kind, JSON.stringify(o)).toBe('error');
      if (o.kind !== 'error') return;
      expect(o.code).toBe(e.error.code);
      if (typeof e.error.message === 'string') expect(o.message).toBe(e.error.message);
      else expect(o.message).toMatch(e.error.message);
      expect(o.hint).toBe(e.error.hint);
    } else if ('mapping' in e) {
      expect(o.kind, JSON.stringify(o)).toBe('mapping');
      if (o.kind !== 'mapping') return;
      expect(o.issues).toEqual(e.mapping);
      expect(o.ds.warnings).toEqual(e.warnings ?? []);
      if (e.columns) expect(o.ds.columns.map((x) => x.name)).toEqual(e.columns);
    } else if ('paths' in e) {
      expect(o.kind, JSON.stringify(o)).toBe('paths');
      if (o.kind !== 'paths') return;
      expect({ issues: o.issues, malformed: o.malformed, conversions: o.conversions }).toEqual(
        e.paths,
      );
    } else {
      expect(o.kind, JSON.stringify(o)).toBe('ok');
      if (o.kind !== 'ok') return;
      expect(o.ds.rows).toBe(e.ok.rows);
      expect(o.ds.warnings).toEqual(e.ok.warnings ?? []);
      expect(o.report.meta).toMatchObject(e.ok.meta);
      await e.ok.check?.(o.ds, o.report);
    }
    await engineStillWorks();
  });
});

// ---- configs: what the app (validateConfig) and the CLI (--config) say -------------------------

interface ConfigCase {
  name: string;
  file: string;
  /** The config issues the app lists; null when the text is not JSON at all. */
  issues: string[] | null;
  /** The CLI's stderr for `inspect good.csv --config <file>`. */
  cli: (p: string) => string;
}

const CONFIG_CASES: ConfigCase[] = [
  {
    name: 'config that is not valid JSON',
    file: 'config-invalid-json.json',
    issues: null,
    cli: (p) =>
      `assetflow: The config "${p}" is not valid JSON.\n  Export the config again from the app, or fix the JSON syntax.\n`,
  },
  {
    name: 'config from a newer version (version 2)',
    file: 'config-version-2.json',
    issues: [
      'This config is version 2, newer than this Assetflow (version 1). Update Assetflow or export the config again from a matching version.',
    ],
    cli: (p) =>
      `assetflow: The config "${p}" is not valid: version: This config is version 2, newer than this Assetflow (version 1). Update Assetflow or export the config again from a matching version.\n  Fix the listed fields, or export the config again from the app.\n`,
  },
  {
    name: 'config with a rule on an unknown action',
    file: 'config-unknown-action-rule.json',
    issues: [
      'Stage E2, condition 1: "teleport" is not a canonical action (impression, click, view, search, video, like, follow, member, comment, share, sample, favorite, cart, coupon, deposit, purchase, review, refund).',
    ],
    cli: (p) =>
      `assetflow: The config "${p}" is not valid: rules.E2.any[0].actions: Stage E2, condition 1: "teleport" is not a canonical action (impression, click, view, search, video, like, follow, member, comment, share, sample, favorite, cart, coupon, deposit, purchase, review, refund).\n  Fix the listed fields, or export the config again from the app.\n`,
  },
];

describe('bad configs', () => {
  let err: MockInstance;
  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it.each(CONFIG_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const p = path.join(BAD, c.file);
    const text = readFileSync(p, 'utf8');
    if (c.issues === null) expect(() => JSON.parse(text)).toThrow(SyntaxError);
    else {
      const v = validateConfig(JSON.parse(text));
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.issues.map((i) => i.message)).toEqual(c.issues);
    }
    expect(await main(['inspect', path.join(BAD, 'semicolon.csv'), '--config', p])).toBe(2);
    expect(err.mock.calls.map((x) => String(x[0])).join('')).toBe(c.cli(p));
    await engineStillWorks();
  });

  it('config mapping a column the file does not have', async () => {
    const v = validateConfig(
      JSON.parse(readFileSync(path.join(BAD, 'config-missing-column.json'), 'utf8')),
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const o = await pipeline([fixture('semicolon.csv')]);
    if (o.kind !== 'ok') throw new Error(o.kind);
    expect(
      checkMappingAgainstColumns(
        v.config.mapping,
        o.ds.columns.map((x) => x.name),
      ).map((i) => i.message),
    ).toEqual([
      'Column "customer" (mapped to user_id) is not in the file. Columns are: user_id, ts, action, amount.',
    ]);
    await engineStillWorks();
  });
});

describe('after every failing case in a row', () => {
  it('one engine keeps its first dataset and still loads a good file', async () => {
    const engine = await nodeEngine();
    const first = await expectOk(engine.registerFiles([new File([GOOD], 'first.csv')]));
    for (const c of CASES) {
      if (!('error' in c.expected)) continue;
      const r = await engine.registerFiles(await c.files());
      expect(r.ok, c.name).toBe(false);
      const n = toRows(
        await expectOk(
          engine.query({ id: 'n', sql: `SELECT count(*)::BIGINT AS n FROM "${first.table}"` }),
        ),
      )[0].n;
      expect(Number(n), `after ${c.name}`).toBe(3);
    }
    await engineStillWorks(engine);
  });
});

it('the corpus has at least 40 cases', () => {
  expect(CASES.length + CONFIG_CASES.length + 1).toBeGreaterThanOrEqual(40);
});
