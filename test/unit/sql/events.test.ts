/**
 * Hand-worked tests of the DOMAIN.md §1 cleaning rules (src/lib/sql/analysis/staging.ts and events.ts,
 * src/lib/report/prepare.ts, src/lib/report/overview.ts).
 *
 * Every expected number below was worked out by hand from the fixture next to it; the reasoning is
 * in the comment beside the assertion. Nothing here was copied from what the code prints.
 *
 * Conventions: `row_no` is the 0-based position of the data row in the file (the dataset table's
 * rowid; the header line is not a row). Timestamps are read back with strftime so that no JS Date
 * or local time zone is involved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import { runOverview } from '../../../src/lib/report/overview';
import type { Row, SqlRunner } from '../../../src/lib/report/runner';
import { buildOrderNetSql } from '../../../src/lib/sql/analysis/events';
import {
  buildDeleteDuplicatesSql,
  buildDropDuplicatesSql,
  buildDuplicateRowsSql,
  duplicateSlices,
  buildEventsInPlaceSql,
  buildStagedEventsSql,
  buildStatusCountsSql,
} from '../../../src/lib/sql/analysis/staging';
import type { EngineApi, DatasetInfo, IngestOptions } from '../../../src/lib/engine/types';
import { loadCsv, makeRunner, rows } from './runner';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, '../../fixtures/events', name));

let api: EngineApi;
let runner: SqlRunner;

beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

/** A mapping built by hand: emptyMapping() plus the given fields. */
const mapping = (m: Partial<Mapping>): Mapping => ({ ...emptyMapping(), ...m });

/** Loads CSV text and runs the cleaning; returns the dataset and the report. */
async function prep(
  csv: string | Uint8Array,
  m: Mapping,
  opts: IngestOptions = {},
): Promise<{ ds: DatasetInfo; rep: CleaningReport }> {
  const ds = await loadCsv(api, csv, 'x.csv', opts);
  const rep = await prepareEvents(runner, ds.table, ds.columns, m);
  return { ds, rep };
}

/** The events table, timestamps as UTC text. */
const events = () =>
  rows(
    runner,
    `SELECT row_no::INTEGER AS row_no, user_id, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts_ms,
       strftime(date, '%Y-%m-%d') AS date, action, brand, category, CAST(amount AS DOUBLE) AS amount, order_id
     FROM events ORDER BY row_no`,
  );

/** The orders table, amounts as doubles, sorted by user and order key. */
const orders = () =>
  rows(
    runner,
    `SELECT brand, user_id, order_key, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, strftime(date, '%Y-%m-%d') AS date,
       CAST(amount AS DOUBLE) AS amount, lines
     FROM af_orders ORDER BY user_id, order_key, brand`,
  );

/** The refund links. */
const refunds = () =>
  rows(
    runner,
    `SELECT row_no::INTEGER AS row_no, brand, user_id, order_key, strftime(effective_date, '%Y-%m-%d') AS effective_date,
       CAST(amount AS DOUBLE) AS amount, whole_order
     FROM af_refunds ORDER BY user_id, order_key, brand`,
  );

/** Net per order as of a date (or the whole file), as compact `brand/user/order` → [net, occasion]. */
async function net(
  asOf: string | null,
  moneyAvailable: boolean,
): Promise<Record<string, [number, boolean]>> {
  const q = buildOrderNetSql(asOf, moneyAvailable);
  const rs = await rows(
    runner,
    `SELECT brand, user_id, order_key, CAST(net AS DOUBLE) AS net, occasion FROM (${q.sql})`,
    q.params,
  );
  return Object.fromEntries(
    rs.map((r: Row) => [
      `${r.brand}/${r.user_id}/${r.order_key}`,
      [Number(r.net), Boolean(r.occasion)],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Exact duplicate source rows
// ---------------------------------------------------------------------------------------------
describe('1. exact duplicate rows', () => {
  const CSV = [
    'user_id,ts,action,product,amount,order_id',
    'u1,2024-03-01 10:00:00,view,p1,,', //            row 0: first copy of the view
    'u1,2024-03-01 10:00:00,purchase,p1,10,o1', //    row 1: order o1, line p1
    'u1,2024-03-01 10:00:00,view,p1,,', //            row 2: copy of row 0 -> dropped
    'u1,2024-03-01 10:00:00,purchase,p2,10,o1', //    row 3: same order, differs only in product -> kept
    'u2,2024-03-02 08:00:00,view,p3,,', //            row 4: kept
    'u1,2024-03-01 10:00:00,purchase,p1,10,o1', //    row 5: copy of row 1 -> dropped
    'u1,2024-03-01 10:00:00,view,p1,,', //            row 6: third copy of row 0 -> dropped
  ].join('\n');
  const M = mapping({
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      amount: 'amount',
      order_id: 'order_id',
    },
    actions: { view: 'view', purchase: 'purchase' },
  });

  it('drops later copies, keeps first copies and order lines that differ in one column', async () => {
    const { rep } = await prep(CSV, M);
    expect(rep.rows).toBe(7); // 7 data lines in the file
    expect(rep.droppedDuplicates).toBe(3); // rows 2 and 6 (copies of 0) and row 5 (copy of 1)
    expect(rep.droppedInvalid).toBe(0); // every row has user, ts and action
    expect(rep.events).toBe(4); // 7 − 3
    const ev = await events();
    // The kept rows are 0, 1, 3, 4: the earlier row_no of each duplicate group survives (0, not 2 or 6; 1, not 5).
    expect(ev.map((r) => r.row_no)).toEqual([0, 1, 3, 4]);
    expect(ev.map((r) => r.action)).toEqual(['view', 'purchase', 'purchase', 'view']);
  });

  it('the two lines of order o1 (p1, p2) form one order of 10 + 10 = 20', async () => {
    await prep(CSV, M);
    const o = await orders();
    // Only u1/o1 has purchase rows: rows 1 and 3 (row 5 was a duplicate, so not 30).
    expect(o).toEqual([
      {
        brand: 'All',
        user_id: 'u1',
        order_key: 'o1',
        ts: '2024-03-01 10:00:00',
        date: '2024-03-01',
        amount: 20,
        lines: 2,
      },
    ]);
  });

  it('rows that differ as text ("10" vs "10.0") are not duplicates (compared as text as read)', async () => {
    const csv = [
      'user_id,ts,action,amount,order_id',
      'u1,2024-03-01,purchase,10,o1',
      'u1,2024-03-01,purchase,10.0,o1',
    ].join('\n');
    // (The loader types `amount` as DOUBLE; the rule still compares the text as it was read.)
    const { rep } = await prep(csv, M);
    // The two lines differ in the amount text ("10" vs "10.0"), so neither is a whole-row copy.
    expect(rep.droppedDuplicates).toBe(0);
    expect(rep.events).toBe(2);
    const o = await orders();
    expect(o.map((r) => r.amount)).toEqual([20]); // 10 + 10.0
  });

  it('staged a few rows per statement: duplicates across ranges, statuses and file order hold', async () => {
    // prepareEvents stages STAGE_CHUNK_ROWS raw rows per statement (memory, see staging.ts); here
    // ranges of 2 rows, so that copies and their first rows fall in different statements.
    const csv = [
      'user_id,ts,action',
      'u1,2024-03-01 10:00:00,view', //  row 0: ok (first copy)
      'u2,2024-03-01 10:00:00,view', //  row 1: ok (first copy)
      'u1,2024-03-01 10:00:00,view', //  row 2: copy of row 0 (next range) -> duplicate
      ',2024-03-01 10:00:00,view', //    row 3: no user -> missing_user
      'u2,2024-03-01 10:00:00,view', //  row 4: copy of row 1 -> duplicate
      ',2024-03-01 10:00:00,view', //    row 5: copy of row 3: duplicate comes before missing_user
      'u3,2024-03-01 10:00:00,jump', //  row 6: unmapped action
    ].join('\n');
    const ds = await loadCsv(api, csv, 'x.csv');
    const spec = {
      table: ds.table,
      columns: ds.columns,
      mapping: mapping({
        columns: { user_id: 'user_id', ts: 'ts', action: 'action' },
        actions: { view: 'view' },
      }),
    };
    await runner.exec(buildDuplicateRowsSql(spec));
    for (let from = 0; from < 7; from += 2)
      await runner.exec(buildStagedEventsSql(spec, { from, to: from + 2 }));
    await runner.exec(buildDeleteDuplicatesSql());
    // No ORDER BY: the table's own order is the file order. The copies (2, 4, 5) are gone.
    const staged = await rows(runner, `SELECT row_no::INTEGER AS row_no, status FROM af_staged`);
    expect(staged.map((r) => `${r.row_no}:${r.status}`)).toEqual([
      '0:ok',
      '1:ok',
      '3:missing_user',
      '6:unmapped',
    ]);
    // ...and counted as duplicates: 3 copies, 1 missing user, 2 ok, 1 unmapped (7 rows).
    const counts = await runner.all(buildStatusCountsSql());
    expect(counts.map((r) => `${r.status}:${r.n}`)).toEqual([
      'duplicate:3',
      'missing_user:1',
      'ok:2',
      'unmapped:1',
    ]);
    await runner.exec(buildDropDuplicatesSql());
    for (const q of buildEventsInPlaceSql()) await runner.exec(q);
    // Rows 0 and 1 are the clean ones; `events` has the canonical columns, in order.
    expect(
      (await rows(runner, `SELECT row_no::INTEGER AS row_no FROM events`)).map((r) => r.row_no),
    ).toEqual([0, 1]);
    const cols = await rows(runner, `SELECT column_name FROM (DESCRIBE events)`);
    expect(cols.map((r) => r.column_name).join(',')).toBe(
      'row_no,user_id,ts,date,action,brand,category,channel,source,amount,order_id,duration_s',
    );
  });

  it('duplicate slices grow with the rows, and any number of slices finds the same copies', async () => {
    expect(duplicateSlices(0)).toBe(4);
    expect(duplicateSlices(10_000_000)).toBe(4); // 2.5M rows per slice
    expect(duplicateSlices(10_000_001)).toBe(5);
    expect(duplicateSlices(50_000_000)).toBe(20);
    const csv = ['a,b', '1,x', '2,y', '1,x', '3,', '3,', '1,x', '2,Y'].join('\n');
    const ds = await loadCsv(api, csv, 'slices.csv');
    for (const hint of [undefined, 25_000_000, 97_500_000]) {
      // 4, 10 and 39 slices: the copies are rows 2 and 5 (of row 0) and 4 (of row 3, NULLs equal).
      await runner.exec(
        buildDuplicateRowsSql({ table: ds.table, columns: ds.columns, rows: hint }),
      );
      const copies = await rows(runner, 'SELECT row_no::INTEGER AS r FROM af_dups ORDER BY r');
      expect(copies.map((r) => r.r)).toEqual([2, 4, 5]);
    }
    await runner.exec(buildDropDuplicatesSql());
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Invalid rows
// ---------------------------------------------------------------------------------------------
describe('2. invalid rows', () => {
  const CSV = [
    'user_id,ts,action',
    'u1,2024-03-01 10:00:00,view', //                    ok
    ',2024-03-01 10:00:00,view', //                      empty user
    '"   ",2024-03-01 10:00:00,view', //                 blank user (empty after trimming)
    'u2,,view', //                                       empty ts
    'u3,2024-13-45,view', //                             month 13, day 45: unparseable
    'u4,yesterday,view', //                              unparseable
    'u5,2024-02-30 10:00:00,view', //                    no such date: unparseable
    'u6,2024-03-01 10:00:00,', //                        empty action
    'u7,2024-03-01 10:00:00 Asia/Shanghai,view', //      named zone
    'u8,2024-03-01 10:00:00,"   "', //                   blank action (empty after trimming)
  ].join('\n');
  const M = mapping({
    columns: { user_id: 'user_id', ts: 'ts', action: 'action' },
    actions: { view: 'view' },
  });

  it('counts each reason', async () => {
    const { rep } = await prep(CSV, M);
    expect(rep.rows).toBe(10); // 10 data lines
    expect(rep.droppedDuplicates).toBe(0); // all lines differ
    expect(rep.invalid).toEqual({
      missingUser: 2, // '' and '   '
      missingTs: 1, // u2
      badTs: 3, // 2024-13-45, yesterday, 2024-02-30
      namedZone: 1, // Asia/Shanghai
      missingAction: 2, // u6 ('') and u8 ('   ')
    });
    expect(rep.droppedInvalid).toBe(9); // 2 + 1 + 3 + 1 + 2
    expect(rep.unmappedActions).toBe(0); // the only remaining row is a mapped view
    expect(rep.events).toBe(1); // 10 − 9: only u1
    const ev = await events();
    expect(ev.map((r) => r.user_id)).toEqual(['u1']);
  });

  it('warns about the named zone', async () => {
    const { rep } = await prep(CSV, M);
    const w = rep.warnings.filter((x) => /named (time )?zone/i.test(x));
    expect(w).toHaveLength(1); // one warning, for the one named-zone row
    expect(w[0]).toMatch(/1 row/); // it says how many rows
  });

  it('named zones of other IANA shapes (three parts, hyphens) are reported as named zones too', async () => {
    const csv = [
      'user_id,ts,action',
      'u1,2024-03-01 10:00:00 Europe/London,view', //                    Area/Location
      'u2,2024-03-01 10:00:00 America/Argentina/Buenos_Aires,view', //   Area/Region/Location (a real IANA zone)
      'u3,2024-03-01 10:00:00 America/Port-au-Prince,view', //           hyphens in the location (a real IANA zone)
    ].join('\n');
    const { rep } = await prep(csv, M);
    // All three are named zones: invalid, and "the message says so" (DOMAIN.md §1).
    expect(rep.invalid.namedZone).toBe(3);
    expect(rep.invalid.badTs).toBe(0);
    expect(rep.warnings.filter((x) => /named (time )?zone/i.test(x))).toHaveLength(1);
    expect(rep.warnings.find((x) => /named (time )?zone/i.test(x))).toMatch(/^3 rows/);
  });

  it('does not warn about named zones when there are none', async () => {
    const { rep } = await prep(
      ['user_id,ts,action', 'u1,2024-03-01 10:00:00 UTC,view'].join('\n'),
      M,
    );
    expect(rep.invalid.namedZone).toBe(0); // " UTC" is an explicit offset, not a named zone
    expect(rep.events).toBe(1);
    expect(rep.warnings.some((x) => /zone/i.test(x))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Timestamps
// ---------------------------------------------------------------------------------------------
describe('3. timestamps', () => {
  it('text timestamps: offsets to UTC, naive = UTC, date-only = midnight, fractions kept', async () => {
    const csv = [
      'user_id,ts,action',
      'a,2024-03-01T10:00:00+08:00,view', //      10:00 − 8 h = 02:00 UTC
      'b,2024-03-01T10:00:00+0800,view', //       same offset written ±hhmm
      'c,2024-03-01T10:00:00+08,view', //         same offset written ±hh
      'd,2024-03-01T10:00:00-05:30,view', //      10:00 + 5 h 30 = 15:30 UTC
      'e,2024-03-01T10:00:00Z,view', //           Z = UTC
      'f,2024-03-01 10:00:00 UTC,view', //        " UTC" = UTC
      'g,2024-03-01 10:00:00,view', //            naive = UTC
      'h,2024-03-01,view', //                     date only = midnight
      'i,2024-03-01T01:00:00+08:00,view', //      01:00 − 8 h = 17:00 the day before (2024 is a leap year: Feb 29)
      'j,2024-03-01 10:00:00.250,view', //        fractional seconds kept: .250
      'k,2024-03-01T10:00:00.5+01:00,view', //    10:00:00.5 − 1 h = 09:00:00.500
      'l,2024-02-29T22:00:00-05:00,view', //      22:00 + 5 h = 03:00 the next day, 2024-03-01
    ].join('\n');
    const { ds, rep } = await prep(
      csv,
      mapping({
        columns: { user_id: 'user_id', ts: 'ts', action: 'action' },
        actions: { view: 'view' },
      }),
    );
    expect(ds.columns.find((c) => c.name === 'ts')?.type).toBe('VARCHAR'); // text path
    expect(rep.droppedInvalid).toBe(0); // every form above is supported
    expect(rep.events).toBe(12);
    const got = Object.fromEntries((await events()).map((r) => [r.user_id, [r.ts_ms, r.date]]));
    expect(got).toEqual({
      a: ['2024-03-01 02:00:00.000', '2024-03-01'],
      b: ['2024-03-01 02:00:00.000', '2024-03-01'],
      c: ['2024-03-01 02:00:00.000', '2024-03-01'],
      d: ['2024-03-01 15:30:00.000', '2024-03-01'],
      e: ['2024-03-01 10:00:00.000', '2024-03-01'],
      f: ['2024-03-01 10:00:00.000', '2024-03-01'],
      g: ['2024-03-01 10:00:00.000', '2024-03-01'],
      h: ['2024-03-01 00:00:00.000', '2024-03-01'],
      i: ['2024-02-29 17:00:00.000', '2024-02-29'], // the offset moved the UTC date back a day
      j: ['2024-03-01 10:00:00.250', '2024-03-01'],
      k: ['2024-03-01 09:00:00.500', '2024-03-01'],
      l: ['2024-03-01 03:00:00.000', '2024-03-01'], // the offset moved the UTC date forward a day
    });
  });

  // Unix seconds worked out by hand: days 1970-01-01 → 2024-01-01 = 54 × 365 + 13 leap days
  // (1972 … 2020) = 19 723; + 31 (Jan) + 29 (Feb 2024) = 19 783 days to 2024-03-01;
  // 19 783 × 86 400 = 1 709 251 200 = 2024-03-01 00:00:00 UTC.
  const MIDNIGHT = 1_709_251_200;

  it('numeric Unix seconds in a BIGINT column are UTC', async () => {
    const csv = [
      'user_id,ts,action',
      `u1,${MIDNIGHT + 36_000},view`, //   + 10 h        = 2024-03-01 10:00:00
      `u2,${MIDNIGHT - 1},view`, //        − 1 s         = 2024-02-29 23:59:59
      `u3,${MIDNIGHT},view`, //                           = 2024-03-01 00:00:00
    ].join('\n');
    const M = mapping({
      columns: { user_id: 'user_id', ts: 'ts', action: 'action' },
      actions: { view: 'view' },
    });
    const { ds, rep } = await prep(csv, M, { csv: { types: { ts: 'BIGINT' } } });
    expect(ds.columns.find((c) => c.name === 'ts')?.type).toBe('BIGINT'); // the numeric path is the one under test
    expect(rep.events).toBe(3);
    const got = Object.fromEntries((await events()).map((r) => [r.user_id, [r.ts, r.date]]));
    expect(got).toEqual({
      u1: ['2024-03-01 10:00:00', '2024-03-01'],
      u2: ['2024-02-29 23:59:59', '2024-02-29'],
      u3: ['2024-03-01 00:00:00', '2024-03-01'],
    });
  });

  it('Unix seconds read as text give the same instants', async () => {
    const csv = [
      'user_id,ts,action',
      `u1,${MIDNIGHT + 36_000},view`,
      `u2,${MIDNIGHT - 1},view`,
    ].join('\n');
    const M = mapping({
      columns: { user_id: 'user_id', ts: 'ts', action: 'action' },
      actions: { view: 'view' },
    });
    const { ds } = await prep(csv, M, { csv: { allVarchar: true } });
    expect(ds.columns.find((c) => c.name === 'ts')?.type).toBe('VARCHAR');
    const got = Object.fromEntries((await events()).map((r) => [r.user_id, r.ts]));
    expect(got).toEqual({ u1: '2024-03-01 10:00:00', u2: '2024-02-29 23:59:59' }); // as in the BIGINT case
  });

  it("tsUnit 'ms': Unix milliseconds", async () => {
    const ms = MIDNIGHT * 1000;
    const csv = [
      'user_id,ts,action',
      `u1,${ms + 36_000_000},view`, //       + 10 h           = 2024-03-01 10:00:00.000
      `u2,${ms + 36_000_123},view`, //       + 10 h + 123 ms  = 2024-03-01 10:00:00.123
      `u3,${ms - 1},view`, //                − 1 ms           = 2024-02-29 23:59:59.999
    ].join('\n');
    const M = mapping({
      columns: { user_id: 'user_id', ts: 'ts', action: 'action' },
      actions: { view: 'view' },
      tsUnit: 'ms',
    });
    const { ds, rep } = await prep(csv, M, { csv: { types: { ts: 'BIGINT' } } });
    expect(ds.columns.find((c) => c.name === 'ts')?.type).toBe('BIGINT');
    expect(rep.events).toBe(3);
    const got = Object.fromEntries((await events()).map((r) => [r.user_id, [r.ts_ms, r.date]]));
    expect(got).toEqual({
      u1: ['2024-03-01 10:00:00.000', '2024-03-01'],
      u2: ['2024-03-01 10:00:00.123', '2024-03-01'],
      u3: ['2024-02-29 23:59:59.999', '2024-02-29'],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Unmapped actions and trimming
// ---------------------------------------------------------------------------------------------
describe('4. unmapped actions, trimming', () => {
  const CSV = [
    'user_id,ts,action,brand',
    'u1,2024-03-01,view,A', //                 view
    'u1,2024-03-01," view",A', //               " view" trims to view (and differs as text: no duplicate)
    'u1,2024-03-01,"  view  ",A', //            "  view  " trims to view
    'u2,2024-03-01,remove_from_cart,A', //     unmapped
    'u2,2024-03-02,remove_from_cart,A', //     unmapped
    'u3,2024-03-01,pv,A', //                   unmapped
    'u3,2024-03-01,VIEW,A', //                 unmapped: matching is exact (case-sensitive)
    'u3,2024-03-02," pv ",A', //                unmapped, listed as "pv" after trimming
    '" u3 ",2024-03-02,cart," A "', //          user " u3 " → u3, brand " A " → A, cart
    ',2024-03-01,pv,A', //                     invalid (no user): not counted as unmapped
  ].join('\n');
  const M = mapping({
    columns: { user_id: 'user_id', ts: 'ts', action: 'action', brand: 'brand' },
    actions: { view: 'view', cart: 'cart' },
  });

  it('counts unmapped rows among the valid ones and lists the values', async () => {
    const { rep } = await prep(CSV, M);
    expect(rep.rows).toBe(10);
    expect(rep.droppedDuplicates).toBe(0); // the three views differ as text
    expect(rep.droppedInvalid).toBe(1); // the row with no user
    expect(rep.unmappedActions).toBe(5); // remove_from_cart × 2, pv × 2 ("pv", " pv "; the invalid pv is not counted), VIEW × 1
    const vals = [...rep.unmappedValues].sort((a, b) => (a.value < b.value ? -1 : 1));
    expect(vals).toEqual([
      { value: 'VIEW', rows: 1 },
      { value: 'pv', rows: 2 },
      { value: 'remove_from_cart', rows: 2 },
    ]);
    expect(rep.events).toBe(4); // 10 − 1 invalid − 5 unmapped: 3 views + 1 cart
  });

  it('unmapped values never reach events; trimmed values match', async () => {
    await prep(CSV, M);
    const ev = await events();
    expect(ev.map((r) => `${r.user_id}:${r.action}:${r.brand}`)).toEqual([
      'u1:view:A',
      'u1:view:A',
      'u1:view:A',
      'u3:cart:A',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Orders (and 9. no brand column)
// ---------------------------------------------------------------------------------------------
describe('5. orders; 9. single brand', () => {
  const CSV = [
    'user_id,ts,action,amount,order_id',
    'u1,2024-03-02 12:00:00,purchase,10.5,o1', // u1/o1 line 1
    'u1,2024-03-01 09:00:00,purchase,4.5,o1', //  u1/o1 line 2: the earliest → order time
    'u1,2024-03-03 08:00:00,purchase,,o1', //     u1/o1 line 3: empty amount = 0
    'u2,2024-03-01 10:00:00,purchase,7,o1', //    same order id, other user → its own order
    'u1,2024-03-04 00:00:00,purchase,3,o2', //    u1/o2
    'u1,2024-03-04 00:00:00,view,99,o3', //       not a purchase: no order, amount dropped
    'u2,2024-03-05,refund,2,o1', //               refund of u2/o1 (amount kept on refund rows)
  ].join('\n');
  const M = mapping({
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      amount: 'amount',
      order_id: 'order_id',
    },
    actions: { view: 'view', purchase: 'purchase', refund: 'refund' },
    singleBrandName: 'Acme',
  });

  it('groups purchase rows by user and order id: amount = sum, time = earliest row', async () => {
    const { rep } = await prep(CSV, M);
    expect(rep.events).toBe(7);
    expect(rep.moneyAvailable).toBe(true); // amount mapped, 4 of 5 purchase rows priced
    expect(await orders()).toEqual([
      // 10.5 + 4.5 + 0 = 15; earliest of 03-02 12:00, 03-01 09:00, 03-03 08:00 is 03-01 09:00
      {
        brand: 'Acme',
        user_id: 'u1',
        order_key: 'o1',
        ts: '2024-03-01 09:00:00',
        date: '2024-03-01',
        amount: 15,
        lines: 3,
      },
      {
        brand: 'Acme',
        user_id: 'u1',
        order_key: 'o2',
        ts: '2024-03-04 00:00:00',
        date: '2024-03-04',
        amount: 3,
        lines: 1,
      },
      {
        brand: 'Acme',
        user_id: 'u2',
        order_key: 'o1',
        ts: '2024-03-01 10:00:00',
        date: '2024-03-01',
        amount: 7,
        lines: 1,
      },
    ]);
  });

  it('7. amount is kept on purchase and refund rows only', async () => {
    await prep(CSV, M);
    const ev = await events();
    expect(ev.map((r) => [r.action, r.amount])).toEqual([
      ['purchase', 10.5],
      ['purchase', 4.5],
      ['purchase', null], // empty in the file
      ['purchase', 7],
      ['purchase', 3],
      ['view', null], // 99 in the file, ignored on a view
      ['refund', 2],
    ]);
    // The refund links to Acme/u2/o1 and nets it to 7 − 2 = 5; the others are untouched.
    expect(await net(null, true)).toEqual({
      'Acme/u1/o1': [15, true],
      'Acme/u1/o2': [3, true],
      'Acme/u2/o1': [5, true],
    });
  });

  it('9. no brand column: every event has the single brand name', async () => {
    await prep(CSV, M);
    const brands = await rows(runner, 'SELECT DISTINCT brand FROM events');
    expect(brands).toEqual([{ brand: 'Acme' }]); // mapping.singleBrandName
    const ob = await rows(runner, 'SELECT DISTINCT brand FROM af_orders');
    expect(ob).toEqual([{ brand: 'Acme' }]);
  });

  it('no order_id column: one order per purchase row; empty amount = 0 and not an occasion', async () => {
    const csv = [
      'user_id,ts,action,amount',
      'u1,2024-03-01 10:00:00,purchase,5', //  order of 5
      'u1,2024-03-01 10:00:00,purchase,6', //  another order of 6 (same user, same time)
      'u1,2024-03-02 10:00:00,purchase,', //   order of 0
      'u2,2024-03-01 10:00:00,purchase,1', //  order of 1
    ].join('\n');
    const { rep } = await prep(
      csv,
      mapping({
        columns: { user_id: 'user_id', ts: 'ts', action: 'action', amount: 'amount' },
        actions: { purchase: 'purchase' },
      }),
    );
    expect(rep.moneyAvailable).toBe(true); // 3 of 4 purchase rows priced
    const o = await orders();
    expect(o).toHaveLength(4); // 4 purchase rows → 4 orders
    expect(o.map((r) => r.lines)).toEqual([1, 1, 1, 1]);
    expect(o.map((r) => r.amount).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 5, 6]);
    const n = Object.values(await net(null, true));
    // Occasions need net > 0: the 0 order is not one; 3 occasions.
    expect(n.filter(([, occ]) => occ)).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Refunds
// ---------------------------------------------------------------------------------------------
describe('6. refunds', () => {
  const CSV = [
    'user_id,ts,action,brand,amount,order_id',
    'u1,2024-03-01 10:00:00,purchase,A,100,o1', //  A/u1/o1 = 100
    'u1,2024-03-01 10:05:00,purchase,B,50,o1', //   B/u1/o1 = 50 (another brand's part of the same order)
    'u1,2024-03-05 10:00:00,refund,A,30,o1', //     partial refund of A's part, from 03-05
    'u2,2024-03-02 10:00:00,purchase,A,40,o2', //   A/u2/o2 = 40
    'u2,2024-03-06 10:00:00,refund,A,,o2', //       empty amount: whole order (40), from 03-06
    'u3,2024-03-02 10:00:00,purchase,A,20,o3', //   A/u3/o3 = 20
    'u3,2024-03-03 10:00:00,refund,B,5,o3', //      brand B, but o3 is A's: links to nothing
    'u4,2024-03-02 10:00:00,purchase,A,60,o4', //   A/u4/o4 = 60
    'u4,2024-03-02 10:00:00,purchase,B,40,o4', //   B/u4/o4 = 40
    'u4,2024-03-04 10:00:00,refund,,,o4', //        empty brand and amount: both parts refunded whole, from 03-04
    'u5,2024-03-01 10:00:00,refund,A,5,o5', //      refund dated before its order: effective from the order's date 03-03
    'u5,2024-03-03 10:00:00,purchase,A,25,o5', //   A/u5/o5 = 25
    'u6,2024-03-03 10:00:00,refund,A,5,o99', //     no such order: unlinked
    'u7,2024-03-03 10:00:00,refund,A,5,', //        no order id: unlinked
  ].join('\n');
  const M = mapping({
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      amount: 'amount',
      order_id: 'order_id',
    },
    actions: { purchase: 'purchase', refund: 'refund' },
  });

  it('links refunds by user, order id and brand; counts unlinked ones', async () => {
    const { rep } = await prep(CSV, M);
    expect(rep.events).toBe(14); // all 14 rows are valid and mapped
    expect(rep.moneyAvailable).toBe(true);
    expect(rep.unlinkedRefunds).toBe(3); // u3 (wrong brand), u6 (o99), u7 (no order id)
    expect((await refunds()).map(({ row_no: _r, ...x }) => x)).toEqual([
      {
        brand: 'A',
        user_id: 'u1',
        order_key: 'o1',
        effective_date: '2024-03-05',
        amount: 30,
        whole_order: false,
      }, // refund date 03-05 > order date 03-01
      {
        brand: 'A',
        user_id: 'u2',
        order_key: 'o2',
        effective_date: '2024-03-06',
        amount: 40,
        whole_order: true,
      }, // whole order = 40
      {
        brand: 'A',
        user_id: 'u4',
        order_key: 'o4',
        effective_date: '2024-03-04',
        amount: 60,
        whole_order: true,
      }, // empty brand → A's part, whole = 60
      {
        brand: 'B',
        user_id: 'u4',
        order_key: 'o4',
        effective_date: '2024-03-04',
        amount: 40,
        whole_order: true,
      }, // … and B's part, whole = 40
      {
        brand: 'A',
        user_id: 'u5',
        order_key: 'o5',
        effective_date: '2024-03-03',
        amount: 5,
        whole_order: false,
      }, // later of 03-01 (refund) and 03-03 (order)
    ]);
    // A row with an empty brand in a multi-brand file belongs to no brand.
    const nb = await rows(runner, 'SELECT user_id FROM events WHERE brand IS NULL');
    expect(nb).toEqual([{ user_id: 'u4' }]);
  });

  it('nets orders as of a date: refunds count from their effective date on', async () => {
    await prep(CSV, M);
    // As of 03-02: orders dated ≤ 03-02 (u5's order is 03-03: not yet); no refund effective yet
    // (earliest effective date is 03-03).
    expect(await net('2024-03-02', true)).toEqual({
      'A/u1/o1': [100, true],
      'B/u1/o1': [50, true],
      'A/u2/o2': [40, true],
      'A/u3/o3': [20, true],
      'A/u4/o4': [60, true],
      'B/u4/o4': [40, true],
    });
    // As of 03-04: u4's whole-order refund (03-04) nets both parts to 0 → not occasions; u5's
    // order (03-03) is in, minus its refund effective 03-03: 25 − 5 = 20; u1's refund (03-05) not yet.
    expect(await net('2024-03-04', true)).toEqual({
      'A/u1/o1': [100, true],
      'B/u1/o1': [50, true],
      'A/u2/o2': [40, true],
      'A/u3/o3': [20, true],
      'A/u4/o4': [0, false],
      'B/u4/o4': [0, false],
      'A/u5/o5': [20, true],
    });
    // As of 03-05 (the refund's own date, inclusive): A/u1/o1 = 100 − 30 = 70; B's part keeps 50.
    expect((await net('2024-03-05', true))['A/u1/o1']).toEqual([70, true]);
    expect((await net('2024-03-05', true))['B/u1/o1']).toEqual([50, true]);
    expect((await net('2024-03-05', true))['A/u2/o2']).toEqual([40, true]); // its refund is 03-06
    // As of 03-06: u2's full refund → 0, not an occasion; u3's order untouched by the brand-B refund.
    expect(await net('2024-03-06', true)).toEqual({
      'A/u1/o1': [70, true],
      'B/u1/o1': [50, true],
      'A/u2/o2': [0, false],
      'A/u3/o3': [20, true],
      'A/u4/o4': [0, false],
      'B/u4/o4': [0, false],
      'A/u5/o5': [20, true],
    });
  });

  it('without money every order is an occasion', async () => {
    await prep(CSV, M);
    const n = await net('2024-03-06', false);
    expect(Object.keys(n)).toHaveLength(7); // all 7 orders dated ≤ 03-06
    expect(Object.values(n).every(([, occ]) => occ)).toBe(true); // refunds cancel nothing
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Money availability
// ---------------------------------------------------------------------------------------------
describe('7. money availability', () => {
  it('no amount column mapped: moneyAvailable false, amounts null, every order an occasion', async () => {
    const csv = [
      'user_id,ts,action,amount,order_id',
      'u1,2024-03-01,purchase,10,o1', // u1/o1
      'u1,2024-03-02,purchase,5,o2', //  u1/o2
      'u2,2024-03-02,purchase,8,o3', //  u2/o3
      'u2,2024-03-03,refund,8,o3', //    would refund u2/o3 fully, but money is unavailable
    ].join('\n');
    const M = mapping({
      columns: { user_id: 'user_id', ts: 'ts', action: 'action', order_id: 'order_id' },
      actions: { purchase: 'purchase', refund: 'refund' },
    });
    const { rep } = await prep(csv, M);
    expect(rep.moneyAvailable).toBe(false); // no amount column in the mapping
    expect(rep.warnings.some((w) => /amount/i.test(w))).toBe(false); // not the "empty column" warning: nothing was mapped
    expect((await events()).every((r) => r.amount === null)).toBe(true);
    const n = await net(null, false);
    expect(Object.keys(n).sort()).toEqual(['All/u1/o1', 'All/u1/o2', 'All/u2/o3']); // 3 orders
    expect(Object.values(n).every(([, occ]) => occ)).toBe(true); // every order is an occasion
    const ov = await runOverview(runner, rep.moneyAvailable);
    expect(ov.money.orders).toBe(3);
    expect(ov.money.occasions).toBe(3); // all 3, the refunded one included
    expect(ov.money.buyers).toBe(2); // u1, u2
    expect(ov.money.gross).toBeNull();
    expect(ov.money.gmv).toBeNull();
    expect(ov.money.refunded).toBeNull();
  });

  it('amount column mapped but empty on every purchase row: moneyAvailable false, with a warning', async () => {
    const csv = [
      'user_id,ts,action,amount',
      'u1,2024-03-01,purchase,', // no amount
      'u1,2024-03-02,purchase,', // no amount
      'u2,2024-03-01,view,5', //    an amount on a view does not count
    ].join('\n');
    const M = mapping({
      columns: { user_id: 'user_id', ts: 'ts', action: 'action', amount: 'amount' },
      actions: { purchase: 'purchase', view: 'view' },
    });
    const { rep } = await prep(csv, M);
    expect(rep.moneyAvailable).toBe(false);
    const w = rep.warnings.filter((x) => /amount/i.test(x));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/empty/i);
    const ov = await runOverview(runner, rep.moneyAvailable);
    expect(ov.money.orders).toBe(2); // 2 purchase rows, no order id → 2 orders
    expect(ov.money.occasions).toBe(2); // money unavailable: every order is an occasion
    expect(ov.money.buyers).toBe(1); // u1
    expect(ov.money.gmv).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// 8. UCI-style returns
// ---------------------------------------------------------------------------------------------
describe('8. UCI Online Retail layout', () => {
  // test/fixtures/events/uci_returns.csv, data rows (0-based):
  //  0  536365  6 × 2.55  17850.0  ok            = 15.30
  //  1  536365  6 × 3.39  17850.0  ok            = 20.34
  //  2  copy of row 1                → duplicate (not a return)
  //  3  C536379 −1 × 27.5 14527.0   → return (C and qty ≤ 0)
  //  4  536380  −2 × 1.45 14527.0   → return (qty ≤ 0)
  //  5  C536381  2 × 1.45 14527.0   → return (C only)
  //  6  536382   0 × 2.95 14527.0   → return (qty = 0)
  //  7  C536383 −1 × 4.65 (no customer) → invalid (missing user), checked before returns
  //  8  copy of row 3                → duplicate, checked before returns
  //  9  536384  2 × 7.65  13047.0  ok            = 15.30
  // 10  536384  3 × 4.25  13047.0  ok            = 12.75
  const M = mapping({
    layout: 'uci-online-retail',
    columns: {
      user_id: 'CustomerID',
      ts: 'InvoiceDate',
      amount: 'Quantity',
      order_id: 'InvoiceNo',
    },
    amountTimes: 'UnitPrice',
    actionConstant: 'purchase',
    returns: { quantityColumn: 'Quantity', invoiceColumn: 'InvoiceNo', cancelPrefix: 'C' },
    singleBrandName: 'Online Retail',
  });

  for (const allVarchar of [false, true]) {
    it(`returns excluded after duplicates and invalid rows; ids lose ".0" (${allVarchar ? 'all text' : 'typed'} columns)`, async () => {
      const { ds, rep } = await prep(
        fixture('uci_returns.csv'),
        M,
        // CSV columns are stored as text; the typed variant forces types as a user would.
        allVarchar
          ? {}
          : { csv: { types: { CustomerID: 'DOUBLE', Quantity: 'BIGINT', UnitPrice: 'DOUBLE' } } },
      );
      // typed load: CustomerID is a DOUBLE column; text load: it is the string "17850.0"
      expect(ds.columns.find((c) => c.name === 'CustomerID')?.type).toBe(
        allVarchar ? 'VARCHAR' : 'DOUBLE',
      );
      expect(rep.rows).toBe(11);
      expect(rep.droppedDuplicates).toBe(2); // rows 2 and 8
      expect(rep.droppedInvalid).toBe(1); // row 7
      expect(rep.invalid.missingUser).toBe(1);
      expect(rep.excludedReturns).toBe(4); // rows 3, 4, 5, 6
      expect(rep.unmappedActions).toBe(0); // returns are not unmapped
      expect(rep.unlinkedRefunds).toBe(0); // … nor refunds
      expect(rep.events).toBe(4); // rows 0, 1, 9, 10
      expect(rep.moneyAvailable).toBe(true);
      const ev = await events();
      expect(ev.map((r) => r.row_no)).toEqual([0, 1, 9, 10]);
      expect(new Set(ev.map((r) => r.action))).toEqual(new Set(['purchase'])); // every row a purchase line
      expect(new Set(ev.map((r) => r.brand))).toEqual(new Set(['Online Retail']));
      expect(ev.map((r) => r.amount)).toEqual([15.3, 20.34, 15.3, 12.75]); // Quantity × UnitPrice
      expect(await rows(runner, 'SELECT count(*)::INTEGER AS n FROM af_refunds')).toEqual([
        { n: 0 },
      ]);
      expect(await orders()).toEqual([
        // 13047 / 536384: 15.30 + 12.75 = 28.05
        {
          brand: 'Online Retail',
          user_id: '13047',
          order_key: '536384',
          ts: '2010-12-02 10:05:00',
          date: '2010-12-02',
          amount: 28.05,
          lines: 2,
        },
        // 17850 / 536365: 15.30 + 20.34 = 35.64
        {
          brand: 'Online Retail',
          user_id: '17850',
          order_key: '536365',
          ts: '2010-12-01 08:26:00',
          date: '2010-12-01',
          amount: 35.64,
          lines: 2,
        },
      ]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 10. Overview
// ---------------------------------------------------------------------------------------------
describe('10. overview', () => {
  const CSV = [
    'user_id,ts,action,brand,category,amount,order_id',
    'u1,2024-03-01 08:00:00,view,A,shoes,,', //             03-01 view
    'u1,2024-03-01 09:00:00,cart,A,shoes,,', //             03-01 cart
    'u1,2024-03-01 10:00:00,purchase,A,shoes,30,o1', //     03-01 purchase, A/u1/o1 line 1
    'u1,2024-03-01 10:00:00,purchase,A,shoes,20,o1', //     03-01 purchase, A/u1/o1 line 2 → order 50
    'u2,2024-03-02T23:30:00-02:00,view,B,shoes,,', //       2024-03-03 01:30 UTC → 03-03 view
    'u2,2024-03-03 12:00:00,purchase,B,shoes,15,o2', //     03-03 purchase, B/u2/o2 = 15
    'u2,2024-03-04 12:00:00,refund,B,shoes,15,o2', //       03-04 refund of all 15 → net 0
    'u3,2024-03-04,view,A,bags,,', //                       03-04 view
    'u3,2024-03-05,purchase,A,bags,12.5,o3', //             03-05 purchase, A/u3/o3 = 12.5
    'u4,2024-03-05,noise,A,bags,,', //                      unmapped
    ',2024-03-05,view,A,bags,,', //                         invalid (no user)
    'u1,2024-03-01 08:00:00,view,A,shoes,,', //             duplicate of the first row
  ].join('\n');
  const M = mapping({
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      category: 'category',
      amount: 'amount',
      order_id: 'order_id',
    },
    actions: { view: 'view', cart: 'cart', purchase: 'purchase', refund: 'refund' },
  });

  it('totals, date range, actions, days, brands and money', async () => {
    const { rep } = await prep(CSV, M);
    expect(rep.rows).toBe(12);
    expect(rep.droppedDuplicates).toBe(1);
    expect(rep.droppedInvalid).toBe(1);
    expect(rep.unmappedActions).toBe(1);
    expect(rep.events).toBe(9); // 12 − 1 − 1 − 1
    const ov = await runOverview(runner, rep.moneyAvailable);
    expect(ov.events).toBe(9);
    expect(ov.users).toBe(3); // u1, u2, u3 (u4's only row was unmapped)
    expect(ov.brands).toBe(2); // A, B
    expect(ov.categories).toBe(2); // shoes, bags
    expect(ov.dateFrom).toBe('2024-03-01');
    expect(ov.dateTo).toBe('2024-03-05');
    const byAction = [...ov.byAction].sort((a, b) => (a.action < b.action ? -1 : 1));
    expect(byAction).toEqual([
      { action: 'cart', events: 1, users: 1 }, // u1
      { action: 'purchase', events: 4, users: 3 }, // u1 × 2, u2, u3
      { action: 'refund', events: 1, users: 1 }, // u2
      { action: 'view', events: 3, users: 3 }, // u1, u2, u3 (the duplicate u1 view dropped)
    ]);
    expect(ov.byDay).toEqual([
      { date: '2024-03-01', events: 4, purchases: 2 }, // u1 view, cart, 2 purchase lines
      { date: '2024-03-03', events: 2, purchases: 1 }, // u2 view (shifted from 03-02 by its offset), u2 purchase
      { date: '2024-03-04', events: 2, purchases: 0 }, // u2 refund, u3 view
      { date: '2024-03-05', events: 1, purchases: 1 }, // u3 purchase
    ]);
    expect(ov.brandList).toMatchObject([
      { brand: 'A', users: 2, events: 6, categories: ['bags', 'shoes'] }, // u1 (4 rows) + u3 (2 rows)
      { brand: 'B', users: 1, events: 3, categories: ['shoes'] }, // u2: view, purchase, refund
    ]);
    expect(ov.money).toMatchObject({
      orders: 3, // A/u1/o1, B/u2/o2, A/u3/o3
      occasions: 2, // B/u2/o2 nets to 0
      buyers: 2, // u1, u3
      gross: 77.5, // 50 + 15 + 12.5
      refunded: 15, // u2's refund
      gmv: 62.5, // 50 + 12.5
      refundLinks: 1,
    });
  });

  // Users are counted per user slice (hash of user_id), categories from distinct pairs: the
  // counts must still be exact, whichever slices the users fall in.
  it('brands: users across slices, the first 5 categories of 6, a brand without categories', async () => {
    const rows = ['user_id,ts,action,brand,category'];
    // Brand K: users k1..k10, each with 2 views (20 events), over categories c6, c5, … c1.
    for (let i = 1; i <= 10; i++)
      for (const h of ['08', '09'])
        rows.push(`k${i},2024-03-01 ${h}:00:00,view,K,c${7 - (((i - 1) % 6) + 1)}`);
    // Brand N: users n1, n2 (and k1) with no category: 3 events.
    rows.push('n1,2024-03-02,view,N,', 'n2,2024-03-02,view,N,', 'k1,2024-03-02,view,N,');
    const { rep } = await prep(
      rows.join('\n'),
      mapping({
        columns: {
          user_id: 'user_id',
          ts: 'ts',
          action: 'action',
          brand: 'brand',
          category: 'category',
        },
        actions: { view: 'view' },
      }),
    );
    expect(rep.events).toBe(23);
    const ov = await runOverview(runner, rep.moneyAvailable);
    expect(ov.users).toBe(12); // k1..k10, n1, n2
    expect(ov.byAction).toEqual([{ action: 'view', events: 23, users: 12 }]);
    expect(ov.brandList).toEqual([
      // c1..c6 all used (users k1..k6 take c6..c1); the first 5 alphabetically.
      {
        brand: 'K',
        users: 10,
        events: 20,
        categoryCount: 6,
        categories: ['c1', 'c2', 'c3', 'c4', 'c5'],
      },
      { brand: 'N', users: 3, events: 3, categoryCount: 0, categories: [] },
    ]);
  });
});
