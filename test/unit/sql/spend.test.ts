/**
 * Issue #8 item 1: the channel-spend file — layout detection, the row checks, af_spend and the
 * per-channel sums over (T1, T2] (src/lib/sql/analysis/spend.ts, src/lib/report/spend.ts), on
 * DuckDB-WASM. Every expected figure is worked out by hand from the fixture rows below.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeEngine } from '../engine/node-engine';
import { NativeEngine } from '../../../bin/lib/native';
import { loadCsv, makeRunner, rows } from './runner';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { EngineError } from '../../../src/lib/engine/errors';
import {
  buildSpendByChannelSql,
  buildSpendIssuesSql,
  isSpendTable,
  spendColumns,
  spendLayout,
  SPEND_TABLE,
} from '../../../src/lib/sql/analysis/spend';
import { loadSpend, runSpendByChannel, spendQueries } from '../../../src/lib/report/spend';
import { inlineParams } from '../../../src/lib/sql/params';
import { generateDemoSpendCsv } from '../../../src/lib/demo/spend';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

describe('spendColumns', () => {
  it('finds the required columns, with no optional ones', () => {
    expect(spendColumns(['channel', 'date', 'cost'])).toEqual({
      channel: 'channel',
      date: 'date',
      cost: 'cost',
      impressions: undefined,
      clicks: undefined,
    });
  });

  it('matches case-insensitively and trimmed, and returns the actual header names', () => {
    expect(spendColumns([' Channel ', 'DAY', 'Spend', 'Impressions', 'CLICKS', 'note'])).toEqual({
      channel: ' Channel ',
      date: 'DAY',
      cost: 'Spend',
      impressions: 'Impressions',
      clicks: 'CLICKS',
    });
  });

  it('prefers date to day and cost to spend, whatever the column order', () => {
    const c = spendColumns(['day', 'spend', 'date', 'cost', 'channel']);
    expect(c?.date).toBe('date');
    expect(c?.cost).toBe('cost');
  });

  it('takes the first of two headers equal but for case', () => {
    expect(spendColumns(['Cost', 'channel', 'cost', 'date'])?.cost).toBe('Cost');
  });

  it('rejects event files (a user id column), whatever it is called', () => {
    for (const user of ['user_id', 'UserID', ' user ', 'Customer_ID', 'customerid']) {
      expect(spendColumns(['channel', 'date', 'cost', user])).toBeNull();
      expect(isSpendTable(['channel', 'date', 'cost', user])).toBe(false);
      expect(spendLayout(['channel', 'date', 'cost', user]).userColumn).toBe(user);
    }
    const demoHeader =
      'user_id,event_time,action,brand,category,channel,source,amount,order_id,duration_s';
    expect(isSpendTable(demoHeader.split(','))).toBe(false);
  });

  it('rejects a header with a required column missing, and says which', () => {
    expect(isSpendTable(['channel', 'date'])).toBe(false);
    expect(spendLayout(['channel', 'date']).missing).toEqual(['cost']);
    expect(spendLayout(['cost', 'impressions']).missing).toEqual(['channel', 'date']);
    expect(isSpendTable(['path', 'total_conversions'])).toBe(false);
    expect(isSpendTable(['channel', 'date_of_spend', 'cost'])).toBe(false);
    expect(isSpendTable(['channel', 'date', 'cost'])).toBe(true);
  });
});

/*
 * The CSV below, row by row (data rows 1–15):
 *  1 search_ad 2024-03-01  100.50 1000 50   kept
 *  2 search_ad 2024-03-02  200    2000 —    kept (clicks empty → NULL)
 *  3 " display " 2024-03-02 50.25 abc  5    kept, channel trimmed to "display", impressions NULL
 *  4 display   2024-03-03  0      0    0    kept, zero cost
 *  5 kol       2024-02-30  -1               bad date (no Feb 30) AND bad cost (negative)
 *  6 kol       2024-03-02  -5               bad cost (negative)
 *  7 kol       2024-03-03  ten              bad cost (text)
 *  8 (empty)   2024-03-03  7                empty channel
 *  9 search_ad 2024-03-04T00:00:00+08:00 25 100 4   kept, dated 2024-03-04 as written
 * 10 organic   2024-3-5    0      —    —    kept (1-digit month and day), zero cost
 * 11 tv        03/06/2024  40               bad date (not year first)
 * 12 tv        2024-03-06  1e3    10.0 1    kept: cost 1000, impressions 10
 * 13 display   2024-03-05  NaN              bad cost (not a number)
 * 14 display   2024-03-05  1e400            bad cost (not finite)
 * 15 search_ad 2024-03-02  0.25   5    1    kept (a second row for the same channel and date)
 * rows 15; bad_dates 2 (5, 11); bad_costs 5 (5, 6, 7, 13, 14); empty_channels 1 (8);
 * rows with a problem: 5, 6, 7, 8, 11, 13, 14 = 7, so kept = 15 − 7 = 8 (1, 2, 3, 4, 9, 10, 12,
 * 15); zero_cost_rows 2 (4, 10).
 */
const CSV = `Channel,Date,Cost,Impressions,Clicks
search_ad,2024-03-01,100.50,1000,50
search_ad,2024-03-02,200,2000,
 display ,2024-03-02,50.25,abc,5
display,2024-03-03,0,0,0
kol,2024-02-30,-1,1,1
kol,2024-03-02,-5,1,1
kol,2024-03-03,ten,1,1
,2024-03-03,7,1,1
search_ad,2024-03-04T00:00:00+08:00,25,100,4
organic,2024-3-5,0,,
tv,03/06/2024,40,10,1
tv,2024-03-06,1e3,10.0,1
display,2024-03-05,NaN,1,1
display,2024-03-05,1e400,1,1
search_ad,2024-03-02,0.25,5,1
`;

describe('loading a spend CSV', () => {
  it('counts each problem, keeps the valid rows and summarises them', async () => {
    const ds = await loadCsv(api, CSV, 'spend.csv');
    const cols = spendColumns(ds.columns.map((c) => c.name));
    expect(cols).not.toBeNull();
    const [issues] = await runner.all(buildSpendIssuesSql(ds.table, cols!));
    expect(issues).toEqual({
      rows: 15,
      bad_dates: 2,
      bad_costs: 5,
      empty_channels: 1,
      zero_cost_rows: 2,
      kept: 8,
    });

    const loaded = await loadSpend(
      runner,
      ds.table,
      ds.columns.map((c) => c.name),
    );
    expect(loaded).toEqual({
      columns: {
        channel: 'Channel',
        date: 'Date',
        cost: 'Cost',
        impressions: 'Impressions',
        clicks: 'Clicks',
      },
      rows: 15,
      kept: 8,
      issues: { badDates: 2, badCosts: 5, emptyChannels: 1, zeroCostRows: 2 },
      dateFrom: '2024-03-01',
      dateTo: '2024-03-06',
      channels: ['display', 'organic', 'search_ad', 'tv'],
    });

    const kept = await rows(
      runner,
      `SELECT channel, strftime(date, '%Y-%m-%d') AS date, cost::VARCHAR AS cost, impressions, clicks
       FROM ${SPEND_TABLE} ORDER BY date, channel, cost`,
    );
    expect(kept).toEqual([
      { channel: 'search_ad', date: '2024-03-01', cost: '100.5000', impressions: 1000, clicks: 50 },
      { channel: 'display', date: '2024-03-02', cost: '50.2500', impressions: null, clicks: 5 },
      { channel: 'search_ad', date: '2024-03-02', cost: '0.2500', impressions: 5, clicks: 1 },
      {
        channel: 'search_ad',
        date: '2024-03-02',
        cost: '200.0000',
        impressions: 2000,
        clicks: null,
      },
      { channel: 'display', date: '2024-03-03', cost: '0.0000', impressions: 0, clicks: 0 },
      { channel: 'search_ad', date: '2024-03-04', cost: '25.0000', impressions: 100, clicks: 4 },
      { channel: 'organic', date: '2024-03-05', cost: '0.0000', impressions: null, clicks: null },
      { channel: 'tv', date: '2024-03-06', cost: '1000.0000', impressions: 10, clicks: 1 },
    ]);
    const [types] = await rows(
      runner,
      `SELECT typeof(channel) AS channel, typeof(date) AS date, typeof(cost) AS cost,
         typeof(impressions) AS impressions, typeof(clicks) AS clicks FROM ${SPEND_TABLE} LIMIT 1`,
    );
    expect(types).toEqual({
      channel: 'VARCHAR',
      date: 'DATE',
      cost: 'DECIMAL(18,4)',
      impressions: 'BIGINT',
      clicks: 'BIGINT',
    });
  });

  it('sums per channel over (T1, T2]: T1 excluded, T2 included', async () => {
    // af_spend from the test above.
    // (2024-03-01, 2024-03-04]: dates 03-02, 03-03, 03-04.
    //   display:   row 3 (03-02, 50.25, —, 5) + row 4 (03-03, 0, 0, 0)
    //              → cost 50.25, impressions 0 (NULL + 0), clicks 5, days 2
    //   search_ad: row 2 (03-02, 200, 2000, —) + row 15 (03-02, 0.25, 5, 1) + row 9 (03-04, 25, 100, 4)
    //              → cost 225.25, impressions 2105, clicks 5, days 2 (03-02 twice, 03-04);
    //              row 1 (03-01 = T1) is out.
    expect(await runSpendByChannel(runner, '2024-03-01', '2024-03-04')).toEqual([
      { channel: 'display', cost: 50.25, impressions: 0, clicks: 5, days: 2 },
      { channel: 'search_ad', cost: 225.25, impressions: 2105, clicks: 5, days: 2 },
    ]);
    // (2024-02-29, 2024-03-01]: only row 1, on T2.
    expect(await runSpendByChannel(runner, '2024-02-29', '2024-03-01')).toEqual([
      { channel: 'search_ad', cost: 100.5, impressions: 1000, clicks: 50, days: 1 },
    ]);
    // (2024-03-04, 2024-03-06]: organic (no counts at all → NULL) and tv; 03-04 (T1) is out.
    expect(await runSpendByChannel(runner, '2024-03-04', '2024-03-06')).toEqual([
      { channel: 'organic', cost: 0, impressions: null, clicks: null, days: 1 },
      { channel: 'tv', cost: 1000, impressions: 10, clicks: 1, days: 1 },
    ]);
    // (2024-03-06, 2024-03-31]: nothing.
    expect(await runSpendByChannel(runner, '2024-03-06', '2024-03-31')).toEqual([]);
  });

  it('passes the period as params and rejects a bad bound', () => {
    const q = buildSpendByChannelSql('2024-03-01', '2024-03-04');
    expect(q.params).toEqual(['2024-03-01', '2024-03-04']);
    expect(inlineParams(q)).toContain(
      "WHERE date > CAST('2024-03-01' AS DATE) AND date <= CAST('2024-03-04' AS DATE)",
    );
    expect(() => buildSpendByChannelSql("2024-03-01' OR 1=1 --", '2024-03-04')).toThrow(
      EngineError,
    );
    expect(() => buildSpendByChannelSql('2024-03-01', '03/04/2024')).toThrow(/YYYY-MM-DD/);
    expect(spendQueries('2024-03-01', '2024-03-04').map((s) => s.name)).toEqual([
      'buildSpendByChannelSql (spend per channel over (T1, T2])',
    ]);
    expect(
      spendQueries('2024-03-01', '2024-03-04', {
        source: 't',
        columns: ['channel', 'date', 'cost'],
      }).map((s) => s.name.split(' ')[0]),
    ).toEqual([
      'buildSpendIssuesSql',
      'buildSpendTableSql',
      'buildSpendSummarySql',
      'buildSpendByChannelSql',
    ]);
  });
});

describe('native DuckDB (the CLI engine)', () => {
  it('gives the same issues, summary and sums for the same CSV', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assetflow-spend-'));
    const engine = await NativeEngine.open({ threads: 1 });
    try {
      const file = path.join(dir, 'spend.csv');
      writeFileSync(file, CSV);
      const ds = await engine.loadFiles([file]);
      const native = engine.runner();
      const loaded = await loadSpend(
        native,
        ds.table,
        ds.columns.map((c) => c.name),
      );
      expect([loaded.rows, loaded.kept, loaded.dateFrom, loaded.dateTo]).toEqual([
        15,
        8,
        '2024-03-01',
        '2024-03-06',
      ]);
      expect(loaded.issues).toEqual({
        badDates: 2,
        badCosts: 5,
        emptyChannels: 1,
        zeroCostRows: 2,
      });
      expect(loaded.channels).toEqual(['display', 'organic', 'search_ad', 'tv']);
      expect(await runSpendByChannel(native, '2024-03-01', '2024-03-04')).toEqual([
        { channel: 'display', cost: 50.25, impressions: 0, clicks: 5, days: 2 },
        { channel: 'search_ad', cost: 225.25, impressions: 2105, clicks: 5, days: 2 },
      ]);
    } finally {
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a typed source (Parquet-like)', () => {
  it('reads DATE, TIMESTAMP, DOUBLE and DECIMAL columns through the same checks', async () => {
    /*
     * typed_spend (channel VARCHAR, day DATE, spend DOUBLE, impressions DOUBLE, clicks INTEGER):
     *  search_ad 2024-03-02 12.5  1200.0 30   kept (1200.0 is a whole count)
     *  search_ad 2024-03-03 0.1   10.5   1    kept, impressions NULL (not whole)
     *  display   2024-03-03 NaN   1      1    bad cost
     *  display   NULL       5     1      1    bad date
     *  display   2024-03-04 1e20  1      1    bad cost (does not fit DECIMAL(18,4))
     *  display   2024-03-04 0.2   NULL   NULL kept
     * rows 6, bad_dates 1, bad_costs 2, empty 0, zero 0, kept 3.
     * (2024-03-01, 2024-03-04]: display 0.2 (—, —, 1 day); search_ad 12.5 + 0.1 = 12.6,
     * impressions 1200 (+ NULL), clicks 31, days 2.
     */
    await runner.exec({
      sql: `CREATE OR REPLACE TABLE typed_spend AS SELECT * FROM (VALUES
        ('search_ad', DATE '2024-03-02', 12.5::DOUBLE, 1200.0::DOUBLE, 30::INTEGER),
        ('search_ad', DATE '2024-03-03', 0.1::DOUBLE, 10.5::DOUBLE, 1::INTEGER),
        ('display', DATE '2024-03-03', 'nan'::DOUBLE, 1::DOUBLE, 1::INTEGER),
        ('display', NULL::DATE, 5::DOUBLE, 1::DOUBLE, 1::INTEGER),
        ('display', DATE '2024-03-04', 1e20::DOUBLE, 1::DOUBLE, 1::INTEGER),
        ('display', DATE '2024-03-04', 0.2::DOUBLE, NULL::DOUBLE, NULL::INTEGER)
      ) AS t(channel, day, spend, impressions, clicks)`,
      params: [],
    });
    const loaded = await loadSpend(runner, 'typed_spend', [
      'channel',
      'day',
      'spend',
      'impressions',
      'clicks',
    ]);
    expect(loaded.rows).toBe(6);
    expect(loaded.kept).toBe(3);
    expect(loaded.issues).toEqual({ badDates: 1, badCosts: 2, emptyChannels: 0, zeroCostRows: 0 });
    expect([loaded.dateFrom, loaded.dateTo]).toEqual(['2024-03-02', '2024-03-04']);
    expect(await runSpendByChannel(runner, '2024-03-01', '2024-03-04')).toEqual([
      { channel: 'display', cost: 0.2, impressions: null, clicks: null, days: 1 },
      { channel: 'search_ad', cost: 12.6, impressions: 1200, clicks: 31, days: 2 },
    ]);
  });

  it('keeps the calendar date of a TIMESTAMP and a DECIMAL cost', async () => {
    // 23:30 on 2024-03-04 is still 2024-03-04; 19.99 + 0.01 = 20 in (03-03, 03-04].
    await runner.exec({
      sql: `CREATE OR REPLACE TABLE typed_ts AS SELECT * FROM (VALUES
        ('tv', TIMESTAMP '2024-03-04 23:30:00', 19.99::DECIMAL(10,2)),
        ('tv', TIMESTAMP '2024-03-04 00:00:00', 0.01::DECIMAL(10,2))
      ) AS t(channel, date, cost)`,
      params: [],
    });
    const loaded = await loadSpend(runner, 'typed_ts', ['channel', 'date', 'cost']);
    expect([loaded.kept, loaded.dateFrom, loaded.dateTo]).toEqual([2, '2024-03-04', '2024-03-04']);
    expect(await runSpendByChannel(runner, '2024-03-03', '2024-03-04')).toEqual([
      { channel: 'tv', cost: 20, impressions: null, clicks: null, days: 1 },
    ]);
  });
});

describe('loadSpend errors', () => {
  it('refuses an event file and a header without cost, with a MAPPING error', async () => {
    const ev = loadSpend(runner, 'x', ['user_id', 'channel', 'date', 'cost']);
    await expect(ev).rejects.toBeInstanceOf(EngineError);
    await expect(ev).rejects.toMatchObject({ code: 'MAPPING', message: /event file.*"user_id"/ });
    await expect(loadSpend(runner, 'x', ['channel', 'day'])).rejects.toMatchObject({
      code: 'MAPPING',
      message: 'The spend file has no column "cost" or "spend".',
    });
    await expect(loadSpend(runner, 'x', ['channel'])).rejects.toMatchObject({
      message: 'The spend file has no column "date" or "day" and no column "cost" or "spend".',
    });
  });

  it('refuses a file with no valid row and leaves af_spend as it was', async () => {
    // af_spend holds the 2 rows of typed_ts (the test above).
    const ds = await loadCsv(
      api,
      'channel,date,cost\ntv,2024-13-01,5\n,2024-03-01,5\ntv,2024-03-01,-1\n',
      'bad-spend.csv',
    );
    // 3 rows: a bad date (month 13), an empty channel, a negative cost.
    await expect(
      loadSpend(
        runner,
        ds.table,
        ds.columns.map((c) => c.name),
      ),
    ).rejects.toMatchObject({
      code: 'MAPPING',
      message:
        'No spend row is usable: of 3 rows, 1 have a bad date, 1 a bad cost and 1 an empty channel.',
    });
    const [n] = await rows(runner, `SELECT count(*) AS n FROM ${SPEND_TABLE}`);
    expect(n.n).toBe(2);
  });
});

describe('the demo spend file', () => {
  it('loads whole: 365 days × 7 channels, 5 zero-cost organic days', async () => {
    // 2024-01-01 + 364 days = 2024-12-30 (2024 has 366 days); channels: the 7 demo channels
    // without kol, plus tv.
    const ds = await loadCsv(api, generateDemoSpendCsv(), 'demo-spend.csv');
    const loaded = await loadSpend(
      runner,
      ds.table,
      ds.columns.map((c) => c.name),
    );
    expect(loaded).toMatchObject({
      rows: 365 * 7,
      kept: 365 * 7,
      issues: { badDates: 0, badCosts: 0, emptyChannels: 0, zeroCostRows: 5 },
      dateFrom: '2024-01-01',
      dateTo: '2024-12-30',
      channels: [
        'display',
        'livestream',
        'offsite_media',
        'organic',
        'search_ad',
        'short_video',
        'tv',
      ],
    });
  });
});
