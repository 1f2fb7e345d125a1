/**
 * Hand-worked tests of DOMAIN.md §8 "Frequency and channel mix" (src/lib/report/frequency.ts,
 * src/lib/sql/analysis/frequency.ts). Every expected number was worked out by hand from the rows
 * next to it (the reasoning is in the comments); nothing was copied from what the code prints.
 *
 * T = 2024-06-30, brand A. Windows (DOMAIN.md §2: "the N days before T" = T−N+1 … T):
 *   exposure / channel window, 15 d: 2024-06-16 … 2024-06-30 (T−15 = 06-15 out; 07-01 is after T)
 *   conversion period (T, T+15]:     2024-07-01 … 2024-07-15 (T itself and T+16 = 07-16 out)
 * A user converts when they have an A purchase occasion dated in that period, evaluated as of
 * T+15 = 2024-07-15: an order whose net (after refunds effective on or before 07-15) is > 0, or
 * any order when no amount column is mapped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import { runFrequency, type FrequencyCell } from '../../../src/lib/report/frequency';
import {
  CHANNEL_COUNT_BUCKETS,
  EXPOSURE_BUCKETS,
  frequencyDate,
} from '../../../src/lib/sql/analysis/frequency';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const T = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,channel,amount,order_id';

function mapping(opts: { amount?: boolean } = {}): Mapping {
  return {
    ...emptyMapping(),
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      channel: 'channel',
      ...(opts.amount === false ? {} : { amount: 'amount' }),
      order_id: 'order_id',
    },
    // canonical names only: `remove_from_cart` maps to nothing
    actions: IDENTITY_ACTIONS,
  };
}

/** One CSV line: user, timestamp, action, brand, channel ('' = empty), amount, order. */
const r = (u: string, ts: string, a: string, b: string, ch = '', amt = '', o = ''): string =>
  [u, ts, a, b, ch, amt, o].join(',');

/** n A impressions, one per day from 06-16 on (all inside the window when n ≤ 15). */
const impressions = (u: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    r(u, `2024-06-${String(16 + i).padStart(2, '0')} 10:00:00`, 'impression', 'A'),
  );

async function prep(lines: string[], m: Mapping, name: string): Promise<CleaningReport> {
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), name);
  return prepareEvents(runner, ds.table, ds.columns, m);
}

const cell = (users: number, converters: number): FrequencyCell => ({
  users,
  converters,
  rate: users ? converters / users : null,
});
const EMPTY = cell(0, 0); // { users: 0, converters: 0, rate: null }

// ------------------------------------------------------------------------- exposure frequency
const EXPOSURE_ROWS: string[] = [
  // e1a: A impression on 06-16 = T−14 (in); on 06-15 23:59:59 = T−15 (out); on 07-01 (after T,
  //   out); three B impressions (other brand, ignored) → count 1 → bucket "1".
  //   A order o1 on 07-15 = T+15 (in the period) → converts.
  r('e1a', '2024-06-16 00:00:00', 'impression', 'A'),
  r('e1a', '2024-06-15 23:59:59', 'impression', 'A'),
  r('e1a', '2024-07-01 00:00:00', 'impression', 'A'),
  r('e1a', '2024-06-20 10:00:00', 'impression', 'B'),
  r('e1a', '2024-06-20 11:00:00', 'impression', 'B'),
  r('e1a', '2024-06-20 12:00:00', 'impression', 'B'),
  r('e1a', '2024-07-15 23:00:00', 'purchase', 'A', '', '50', 'o1'),
  // e1b: A impression on T itself (in) → "1". A order o2 on T (not after T) and o3 on 07-16 = T+16
  //   (after the period) → does not convert.
  r('e1b', '2024-06-30 23:00:00', 'impression', 'A'),
  r('e1b', '2024-06-30 23:30:00', 'purchase', 'A', '', '20', 'o2'),
  r('e1b', '2024-07-16 00:00:00', 'purchase', 'A', '', '20', 'o3'),
  // e1c: one A impression → "1". A order o4 of 30 on 07-05, refunded 30 on 07-10 (≤ T+15) → net 0,
  //   no occasion → does not convert (with an amount column; without one, every order is an
  //   occasion and refunds cancel nothing → converts).
  r('e1c', '2024-06-20 10:00:00', 'impression', 'A'),
  r('e1c', '2024-07-05 10:00:00', 'purchase', 'A', '', '30', 'o4'),
  r('e1c', '2024-07-10 10:00:00', 'refund', 'A', '', '30', 'o4'),
  // e1d: one A impression → "1". Only a B order in the period → does not convert.
  r('e1d', '2024-06-25 10:00:00', 'impression', 'A'),
  r('e1d', '2024-07-03 10:00:00', 'purchase', 'B', '', '40', 'o5'),
  // bucket "1": e1a, e1b, e1c, e1d = 4 users, 1 converter (e1a) → 0.25.

  // e2a: A impressions 06-20, 06-21 → "2". A order o6 on 07-01 00:00 = T+1 → converts.
  r('e2a', '2024-06-20 10:00:00', 'impression', 'A'),
  r('e2a', '2024-06-21 10:00:00', 'impression', 'A'),
  r('e2a', '2024-07-01 00:00:00', 'purchase', 'A', '', '10', 'o6'),
  // e2b: two A impressions on one day (impressions are counted, not days) → "2". No order.
  r('e2b', '2024-06-22 09:00:00', 'impression', 'A'),
  r('e2b', '2024-06-22 10:00:00', 'impression', 'A'),
  // bucket "2": 2 users, 1 converter → 0.5.

  // e3a: three A impressions → "3". A order o7 on 07-10 → converts. Bucket "3": 1/1 → 1.
  ...impressions('e3a', 3),
  r('e3a', '2024-07-10 10:00:00', 'purchase', 'A', '', '15', 'o7'),
  // u9: nine A impressions (06-16 … 06-24) → "9", not "10+". No order → 1/0 → 0.
  ...impressions('u9', 9),
  // u10: ten A impressions (06-16 … 06-25) → "10+". A order o8 of 100 on 07-02, 40 refunded on
  //   07-05 → net 60 > 0 → converts.
  ...impressions('u10', 10),
  r('u10', '2024-07-02 10:00:00', 'purchase', 'A', '', '100', 'o8'),
  r('u10', '2024-07-05 10:00:00', 'refund', 'A', '', '40', 'o8'),
  // u12: twelve A impressions (06-16 … 06-27) → "10+". A order o9 of 20 on 07-08, refunded whole
  //   (empty amount) on 07-20: that refund is after T+15, so as of 07-15 the order is still an
  //   occasion → converts. Bucket "10+": 2/2 → 1.
  ...impressions('u12', 12),
  r('u12', '2024-07-08 10:00:00', 'purchase', 'A', '', '20', 'o9'),
  r('u12', '2024-07-20 10:00:00', 'refund', 'A', '', '', 'o9'),
  // x1: B impressions only and an A order in the period: an A converter with no A impression is
  //   in no bucket.
  r('x1', '2024-06-20 10:00:00', 'impression', 'B'),
  r('x1', '2024-07-05 10:00:00', 'purchase', 'A', '', '5', 'ox'),
];
// Buckets "4" … "8": no users → rate null. Best bucket: rates "1" 0.25, "2" 0.5, "3" 1, "9" 0,
// "10+" 1 → "3" and "10+" tie at 1 → the smaller bucket, "3".
// Last event date of the file: u12's refund on 07-20 ≥ T+15 = 07-15 → complete.

describe('exposure frequency (DOMAIN.md §8)', () => {
  it('buckets by impression count, conversions in (T, T+15], best bucket, worked by hand', async () => {
    const rep = await prep(EXPOSURE_ROWS, mapping(), 'freq-exposure.csv');
    expect(rep.moneyAvailable).toBe(true);
    const f = await runFrequency(runner, { brand: 'A', at: T, moneyAvailable: true });
    expect([f.at, f.horizonEnd, f.complete]).toEqual([T, '2024-07-15', true]);
    expect(Object.keys(f.exposure)).toEqual([...EXPOSURE_BUCKETS]);
    expect(f.exposure).toEqual({
      '1': cell(4, 1),
      '2': cell(2, 1),
      '3': cell(1, 1),
      '4': EMPTY,
      '5': EMPTY,
      '6': EMPTY,
      '7': EMPTY,
      '8': EMPTY,
      '9': cell(1, 0),
      '10+': cell(2, 2),
    });
    expect(f.exposure['1'].rate).toBe(0.25);
    expect(f.exposure['9'].rate).toBe(0);
    expect(f.bestExposureBucket).toBe('3');
    // Every row has an empty channel → the channel mix is empty.
    expect(Object.values(f.channelCount).every((c) => c.users === 0 && c.rate === null)).toBe(true);
    expect(f.topCombos).toEqual([]);
  });

  it('without an amount column every order is an occasion: the refunded order converts', async () => {
    // Only e1c changes: its refunded order o4 now counts → bucket "1" 2/4 = 0.5. o1, o6, o7, o8,
    // o9 still convert; o2 (on T), o3 (T+16) and B's o5 still do not. Best is still "3" (tie).
    const rep = await prep(EXPOSURE_ROWS, mapping({ amount: false }), 'freq-exposure-nomoney.csv');
    expect(rep.moneyAvailable).toBe(false);
    const f = await runFrequency(runner, { brand: 'A', at: T, moneyAvailable: false });
    expect(f.exposure['1']).toEqual(cell(4, 2));
    expect(f.exposure['1'].rate).toBe(0.5);
    expect(f.exposure['2']).toEqual(cell(2, 1));
    expect(f.exposure['3']).toEqual(cell(1, 1));
    expect(f.exposure['9']).toEqual(cell(1, 0));
    expect(f.exposure['10+']).toEqual(cell(2, 2));
    expect(f.bestExposureBucket).toBe('3');
  });

  it('complete is true up to T+15 = the last event date and false after', async () => {
    await prep(EXPOSURE_ROWS, mapping(), 'freq-exposure-edge.csv');
    // Last event date 07-20. T = 07-05 → horizon 07-20 = last date → complete.
    const a = await runFrequency(runner, { brand: 'A', at: '2024-07-05', moneyAvailable: true });
    expect([a.at, a.horizonEnd, a.complete]).toEqual(['2024-07-05', '2024-07-20', true]);
    // T = 07-06 → horizon 07-21 > 07-20 → incomplete.
    const b = await runFrequency(runner, { brand: 'A', at: '2024-07-06', moneyAvailable: true });
    expect([b.horizonEnd, b.complete]).toEqual(['2024-07-21', false]);
  });

  it('a brand with no events: every bucket empty, no best bucket, no combos', async () => {
    await prep(EXPOSURE_ROWS, mapping(), 'freq-exposure-none.csv');
    const f = await runFrequency(runner, { brand: 'Nobody', at: T, moneyAvailable: true });
    for (const b of EXPOSURE_BUCKETS) expect([b, f.exposure[b]]).toEqual([b, EMPTY]);
    for (const b of CHANNEL_COUNT_BUCKETS) expect([b, f.channelCount[b]]).toEqual([b, EMPTY]);
    expect(f.bestExposureBucket).toBeNull();
    expect(f.topCombos).toEqual([]);
  });
});

// ------------------------------------------------------------------------------ channel mix
/** An A order of 10 on 07-05 (in the period, no channel) → the user converts. */
const buys = (u: string): string =>
  r(u, '2024-07-05 10:00:00', 'purchase', 'A', '', '10', `p-${u}`);
/** A view of A on a channel, on a June day inside the window. */
const v = (u: string, d: number, ch: string, h = 10): string =>
  r(u, `2024-06-${String(d).padStart(2, '0')} ${h}:00:00`, 'view', 'A', ch);

const CHANNEL_ROWS: string[] = [
  // [search] — s1 converts; s2 converts; s3 does not → 3 users, 2 converters.
  v('s1', 20, 'search'),
  buys('s1'),
  // s2: a click on search on 06-16 = T−14 (in); live on 06-15 = T−15 (out) and tv on 07-01 (after
  //   T, out) do not add channels → {search}.
  r('s2', '2024-06-16 00:00:00', 'click', 'A', 'search'),
  r('s2', '2024-06-15 23:00:00', 'view', 'A', 'live'),
  r('s2', '2024-07-01 10:00:00', 'view', 'A', 'tv'),
  buys('s2'),
  // s3: an impression counts as a channel event (any mapped action); B's kol event is ignored.
  r('s3', '2024-06-30 10:00:00', 'impression', 'A', 'search'),
  r('s3', '2024-06-25 10:00:00', 'view', 'B', 'kol'),
  // [ad, search] — as1, as2 both convert → 2/2. as2 repeats search and has an empty-channel view
  //   (ignored) → still {ad, search}.
  v('as1', 20, 'ad'),
  v('as1', 21, 'search'),
  buys('as1'),
  v('as2', 22, 'search'),
  v('as2', 23, 'ad'),
  v('as2', 24, 'search'),
  v('as2', 25, ''),
  buys('as2'),
  // [live] — l1, l2 convert; l3, l4 do not → 4/2.
  v('l1', 20, 'live'),
  buys('l1'),
  v('l2', 21, 'live'),
  buys('l2'),
  v('l3', 22, 'live'),
  v('l4', 23, 'live'),
  // [ad] 1/1, [ad, kol] 1/1, [kol] 1/1. k1's channel event is a purchase (a mapped action) on
  //   06-20, before T → a channel event but no conversion; k1 converts with the 07-05 order.
  v('a1', 20, 'ad'),
  buys('a1'),
  v('ak1', 20, 'kol'),
  v('ak1', 21, 'ad'),
  buys('ak1'),
  r('k1', '2024-06-20 10:00:00', 'purchase', 'A', 'kol', '10', 'k1-june'),
  buys('k1'),
  // [tv] — t1 converts; t2 has only a B order in the period → 2/1.
  v('t1', 20, 'tv'),
  buys('t1'),
  v('t2', 21, 'tv'),
  r('t2', '2024-07-05 10:00:00', 'purchase', 'B', '', '10', 'p-t2-b'),
  // Single channels, no conversion: [mail] 1/0, [sms] 1/0, [video] 2/0, [web] 1/0. w1's
  //   `remove_from_cart` on tv is unmapped → not an event → w1 stays {web}.
  v('m1', 20, 'mail'),
  v('sm1', 20, 'sms'),
  v('v1', 20, 'video'),
  v('v2', 21, 'video'),
  v('w1', 20, 'web'),
  r('w1', '2024-06-21 10:00:00', 'remove_from_cart', 'A', 'tv'),
  // Three, four, five channels, no conversion.
  v('th1', 20, 'live'),
  v('th1', 21, 'search'),
  v('th1', 22, 'tv'),
  v('f1', 20, 'web'),
  v('f1', 21, 'tv'),
  v('f1', 22, 'live'),
  v('f1', 23, 'ad'),
  v('fv1', 20, 'web'),
  v('fv1', 21, 'tv'),
  v('fv1', 22, 'live'),
  v('fv1', 23, 'kol'),
  v('fv1', 24, 'ad'),
  // six: 6 distinct channels (ad twice), no conversion → "6+".
  v('six', 20, 'tv'),
  v('six', 21, 'search'),
  v('six', 22, 'mail'),
  v('six', 23, 'live'),
  v('six', 24, 'kol'),
  v('six', 25, 'ad'),
  v('six', 26, 'ad'),
  // seven: 7 distinct channels, converts → "6+".
  v('seven', 20, 'tv'),
  v('seven', 21, 'sms'),
  v('seven', 22, 'search'),
  v('seven', 23, 'mail'),
  v('seven', 24, 'live'),
  v('seven', 25, 'kol'),
  v('seven', 26, 'ad'),
  buys('seven'),
  // e0: only A events with an empty or blank channel → in no channel bucket, although it converts.
  v('e0', 20, ''),
  v('e0', 21, '   '),
  buys('e0'),
];
// Channel count buckets:
//   "1": s1 s2 s3 (search) + l1…l4 (live) + a1 + k1 + t1 t2 + m1 + sm1 + v1 v2 + w1
//        = 3 + 4 + 1 + 1 + 2 + 1 + 1 + 2 + 1 = 16 users; converters s1 s2 l1 l2 a1 k1 t1 = 7.
//   "2": as1 as2 ak1 = 3 users, 3 converters.   "3": th1 1/0.   "4": f1 1/0.   "5": fv1 1/0.
//   "6+": six (0) and seven (1) = 2 users, 1 converter.
// Combinations (sorted sets), by converters desc, then rate desc, then the channel list:
//   converters 2: [ad,search] 2/2 (1) > [search] 3/2 (2/3) > [live] 4/2 (0.5)
//   converters 1, rate 1, by list: [ad] < [ad,kol] < [ad,kol,live,mail,search,sms,tv] < [kol]
//     (a list that is a prefix of another comes first; "ad,kol,…" < "kol")
//   converters 1, rate 0.5: [tv] 2/1
//   converters 0 (rate 0), by list: [ad,kol,live,mail,search,tv] (six) < [ad,kol,live,tv,web]
//     (fv1: "mail" < "tv" at the 4th channel) < [ad,live,tv,web] (f1) < [live,search,tv] < [mail]
//     < [sms] < [video] < [web]
//   16 combinations; the first 10 are kept: the 8 with converters and six, fv1.
// Last event date: the 07-05 orders → T+15 = 07-15 is past it → incomplete.

describe('channel mix (DOMAIN.md §8)', () => {
  it('distinct-channel buckets and top combinations, worked by hand', async () => {
    const rep = await prep(CHANNEL_ROWS, mapping(), 'freq-channels.csv');
    expect(rep.unmappedActions).toBe(1); // w1's remove_from_cart
    const f = await runFrequency(runner, { brand: 'A', at: T, moneyAvailable: true });
    expect([f.at, f.horizonEnd, f.complete]).toEqual([T, '2024-07-15', false]);
    expect(Object.keys(f.channelCount)).toEqual([...CHANNEL_COUNT_BUCKETS]);
    expect(f.channelCount).toEqual({
      '1': cell(16, 7),
      '2': cell(3, 3),
      '3': cell(1, 0),
      '4': cell(1, 0),
      '5': cell(1, 0),
      '6+': cell(2, 1),
    });
    const combo = (channels: string[], users: number, converters: number) => ({
      channels,
      users,
      converters,
      rate: converters / users,
    });
    expect(f.topCombos).toEqual([
      combo(['ad', 'search'], 2, 2),
      combo(['search'], 3, 2),
      combo(['live'], 4, 2),
      combo(['ad'], 1, 1),
      combo(['ad', 'kol'], 1, 1),
      combo(['ad', 'kol', 'live', 'mail', 'search', 'sms', 'tv'], 1, 1),
      combo(['kol'], 1, 1),
      combo(['tv'], 2, 1),
      combo(['ad', 'kol', 'live', 'mail', 'search', 'tv'], 1, 0),
      combo(['ad', 'kol', 'live', 'tv', 'web'], 1, 0),
    ]);
    expect(f.topCombos[1].rate).toBe(2 / 3);
    // Exposure: s3 is the only user with an A impression (06-30, on T) and does not convert →
    // "1" 1/0, rate 0; it is the best (only) bucket with users.
    expect(f.exposure['1']).toEqual(cell(1, 0));
    expect(f.bestExposureBucket).toBe('1');
  });
});

// ---------------------------------------------------------------------------- frequencyDate
describe('frequencyDate', () => {
  it('keeps asOf while asOf + 15 ≤ the data end, else steps back to dataEnd − 15, not before the start', () => {
    // 06-30 + 15 = 07-15 = the end → kept.
    expect(frequencyDate('2024-06-30', '2024-07-15', '2024-01-01')).toBe('2024-06-30');
    // well inside the data → kept.
    expect(frequencyDate('2024-03-01', '2024-07-15', '2024-01-01')).toBe('2024-03-01');
    // 07-01 + 15 = 07-16 > 07-15 → 07-15 − 15 = 06-30.
    expect(frequencyDate('2024-07-01', '2024-07-15', '2024-01-01')).toBe('2024-06-30');
    // across a leap February: 2024-03-10 − 15 = 02-24 (03-10 − 10 = 02-29, − 5 = 02-24).
    expect(frequencyDate('2024-03-10', '2024-03-10', '2024-01-01')).toBe('2024-02-24');
    // across a year end: 2025-01-10 − 15 = 2024-12-26.
    expect(frequencyDate('2025-01-10', '2025-01-10', '2024-01-01')).toBe('2024-12-26');
    // a file of 10 days: 07-10 − 15 = 06-25 is before the first date 07-01 → 07-01.
    expect(frequencyDate('2024-07-10', '2024-07-10', '2024-07-01')).toBe('2024-07-01');
    // exactly 16 days of data: 07-16 − 15 = 07-01 = the start.
    expect(frequencyDate('2024-07-16', '2024-07-16', '2024-07-01')).toBe('2024-07-01');
  });
});
